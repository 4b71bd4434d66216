"""Every kind of event the platform records, recorded through the services and pages that record it, reads on
the audit log in words — no JSON, no lists in brackets, no codes, no detail without a name of its own — and
records of an older shape read as the same events are recorded now."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pyotp
from sqlalchemy import select

from exports.demo_answers import fill_demo_answers
from forms.language import choose_reply_language
from questionnaire import lifecycle
from questionnaire.audit.older_records import as_recorded_now
from questionnaire.audit.sentences import action_labels
from questionnaire.auth import passwords, second_factor
from questionnaire.auth.password_links import Purpose
from questionnaire.auth.service import Throttle, check_password, complete_sign_in, unlock
from questionnaire.builder.importing import replace_draft_content
from questionnaire.builder.question_fields import QuestionFields
from questionnaire.builder.questions import add_question, delete_question, edit_question, move_question
from questionnaire.builder.structure import (add_cluster, create_blank, delete_cluster, edit_cluster, edit_metadata,
                                             move_cluster)
from questionnaire.builder.versions import delete_draft, new_version
from questionnaire.consultation import consultations, dispositions, proposals, revisions
from questionnaire.consultation.meetings import create_meeting
from questionnaire.definitions.document import import_document
from questionnaire.models import AuditEvent, Questionnaire, Response, utcnow
from questionnaire.models.audit import record
from questionnaire.monitoring.deadlines import change_deadline, grant_extension
from questionnaire.people.service import create_user, reset_password, set_active, update_user
from questionnaire.replies.reopening import reopen_response
from questionnaire.states import parties
from questionnaire.states.service import add_participant, set_parties
from questionnaire.texts import set_translation, text_states
from questionnaire.translation import service as translations
from questionnaire.translation.batch import fingerprint
from questionnaire.translation.roundtrip import apply_import, export_file, plan_import
from tests.factories import (
    audit_change_line, audit_value_line, fill_required, q_of, set_party, small_document, translated_xliff,
)

#: A detail line: its name, then its value or its change.
LINE = re.compile(r"<li>(.*?): (.*?)</li>", re.S)


def _details(client) -> list[tuple[str, str]]:
    """Each event of the log, every page of it: its sentence and its details cell (as the page shows them)."""
    events, url = [], "/audit/"
    while url:
        page = client.get(url).get_data(as_text=True)
        for row in page.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr>")[1:]:
            cells = row.split("<td>")
            events.append((re.sub(r"<[^>]+>", "", cells[2]).strip(), cells[3]))
        found = re.search(r'href="([^"]+)" rel="next"', page)
        url = found.group(1).replace("&amp;", "&") if found else None
    return events


def _event(events: list[tuple[str, str]], sentence: str) -> str:
    found = [details for said, details in events if sentence in said]
    assert len(found) == 1, sentence
    return found[0]




def _build_translate_and_draft(db, me, make_user) -> Questionnaire:
    """The builder's, the translators' and the drafting round's events, and a questionnaire taken through its
    stages to open for answers (returned, committed) with a decision to open with languages incomplete."""
    blank = create_blank(db, me, "blank", "Blank")
    edit_metadata(db, blank, me, "blank2", "Blank two")
    draft = import_document(db, small_document("draft"), me)
    cluster = add_cluster(db, draft, me, "C", "Extra", "About more")
    edit_cluster(db, cluster, me, "C", "Extra things", "About more")
    add_question(db, cluster, me, QuestionFields(key="extra", number="9", kind="short_text", text="Extra?"))
    add_question(db, cluster, me, QuestionFields(key="extra2", number="10", kind="short_text", text="Extra 2?"))
    move_question(db, q_of(draft, "extra2"), me, 1)
    move_question(db, q_of(draft, "since"), me, 1, draft.clusters[0])
    move_cluster(db, cluster, me, 1)
    delete_question(db, q_of(draft, "extra2"), me)
    delete_cluster(db, cluster, me)
    gone = import_document(db, small_document("gone"), me)
    delete_draft(db, gone, me)
    replace_draft_content(db, import_document(db, small_document("replaced"), me), small_document("replaced"), me,
                          filename="replaced.json")

    document = small_document("bilingual")
    document["languages"] = ["en", "fr"]
    bilingual = import_document(db, document, me)
    translations.add_language(db, bilingual, me, "es")
    translations.remove_language(db, bilingual, me, "es")
    set_translation(db, bilingual, "question.crim.guidance", "fr", "Pensez à la loi.")
    q_of(bilingual, "crim").guidance = "Think of the criminal law."
    db.flush()
    translations.confirm(db, bilingual, "fr", me, "question.crim.guidance")
    translations.change_status(db, bilingual, "fr", me, "reviewed")
    shown = {state.key: fingerprint(state.source.text) for state in text_states(db, bilingual, "fr")}
    translations.save_batch(db, bilingual, "fr", me, {"question.crim.text": "Crime ?"}, source_bases=shown)
    _name, data = export_file(db, bilingual, "fr", "xlf")
    apply_import(db, plan_import(db, translated_xliff(data, {"title": "Petit"})), me, "fr.xlf")
    translations.record_open_decision(db, bilingual, me, "Later")
    translations.withdraw_open_decision(db, bilingual, me)
    translations.record_open_decision(db, bilingual, me, "French follows.")

    revision = revisions.issue_revision(db, draft, me, "CTOC/COP/WG.7/2017/2", date(2017, 6, 1))
    today = utcnow().date()
    consultation = consultations.open_consultation(db, revision, me, today, today + timedelta(days=30), "parties")
    mexico, nigeria = make_user("delegate", state="MEX"), make_user("delegate", state="NGA")
    proposal = proposals.post(db, consultation, mexico, proposals.ProposalInput(
        "wording", "crim", field="text", wording="Is smuggling a crime?", justification="Shorter."))
    proposals.edit(db, proposal, mexico, proposals.ProposalInput(
        "wording", "crim", field="text", wording="Is smuggling an offence?", justification="Shorter."))
    comment = proposals.post(db, consultation, nigeria, proposals.ProposalInput("comment", cluster_code="B",
                                                                                justification="Fine."))
    proposals.withdraw(db, comment, nigeria)
    proposals.support(db, proposal, nigeria)
    consultations.close_consultation(db, consultation, me)
    dispositions.dispose(db, proposal, me, "accepted", "Agreed.", apply=True)

    meeting = create_meeting(db, me, "working_group", 9, date(2017, 9, 11), date(2017, 9, 13), "Vienna")
    lifecycle.endorse(db, bilingual, me, meeting)
    edit_cluster(db, bilingual.clusters[0], me, "A", "Criminalization of smuggling", "")
    crim = q_of(bilingual, "crim")
    fields = QuestionFields.of(crim)
    fields.text = "Is the smuggling of migrants a crime?"
    edit_question(db, crim, me, fields)
    lifecycle.adopt(db, bilingual, me)
    lifecycle.open_for_answers(db, bilingual, me, utcnow() + timedelta(days=30))
    db.commit()
    return bilingual


def _reply(app, client, db, me, login, make_user, states, questionnaire) -> None:
    """A reply's events: its language chosen, marked ready, submitted, deadlines moved, reopened; demonstration
    answers; the questionnaire closed and started again as a new version."""
    focal_point = make_user("focal_point", state="MEX")
    with app.test_request_context():
        choose_reply_language(db, questionnaire, states["MEX"], focal_point, "fr")
        change_deadline(db, questionnaire, me, utcnow() + timedelta(days=40), "Holidays")
        grant_extension(db, questionnaire, states["MEX"], me, utcnow() + timedelta(days=50), "Floods")
        db.commit()
    login(make_user("expert", state="MEX"))
    assert client.post(f"/answers/{questionnaire.id}/MEX/ready").status_code == 302
    login(focal_point)
    fill_required(client, questionnaire)
    assert client.post(f"/answers/{questionnaire.id}/MEX/submit").status_code == 302
    with app.test_request_context():
        reopen_response(db, db.scalar(select(Response).where(Response.questionnaire_id == questionnaire.id)), me,
                        "Cite the law.")
        fill_demo_answers(db, questionnaire, 1, submit=True)
        lifecycle.close(db, questionnaire, me)
        new_version(db, questionnaire, me)
        db.commit()


def _people_and_states(app, client, db, me, login, states) -> None:
    """Accounts, passwords, sign-ins, two-step sign-in, and the States and their parties."""
    with app.test_request_context():
        person = create_user(db, me, email="p@example.org", name="P. Person", role="expert", iso3="MEX")
        update_user(db, me, person, email=person.email, name="P. Renamed", role="focal_point", iso3="NGA")
        set_active(db, me, person, False)
        set_active(db, me, person, True)
        reset_password(db, me, person)
        passwords.queue_invitation(db, me, person)
        passwords.queue_reset(db, person.email)
        passwords.choose_password(db, person, Purpose.RESET, "a long new password", "a long new password")
        passwords.change_password(db, person, "a long new password", "another long one", "another long one")
        throttle = Throttle(free_attempts=1, lock_after=2, lock_minutes=15)
        for _attempt in range(3):
            check_password(db, person.email, "wrong", throttle)
        check_password(db, "nobody@example.org", "wrong", throttle)
        unlock(db, me, person)
        complete_sign_in(db, person)
        second_factor.start_enrolment(db, person)
        codes = second_factor.confirm_enrolment(db, person, pyotp.TOTP(person.totp_secret).now())
        assert second_factor.verify(db, person, codes[0]) == "recovery"
        second_factor.reset(db, me, person)
        set_parties(db, me, ["KEN"], [])
        set_parties(db, me, ["KEN"], ["KEN"])
        add_participant(db, me, code="XKQ", name="Somewhere", kind="organization", regional_group=None)
        instrument = parties.instrument_by_code(db, "som")
        table = b"Participant,Signature,Ratification\nBolivia (Plurinational State of),12 Dec 2000,\n"
        changes = parties.preview(db, instrument, parties.read_participants(db, table, "t.csv"))
        parties.apply(db, me, instrument, changes[:2], "UNTC", date(2026, 11, 29))
        db.commit()
    login(person)
    assert client.post("/account/sign-out-everywhere").status_code == 302
    login(person)
    assert client.post("/logout").status_code == 302


def test_every_kind_of_event_reads_in_words(app, client, db, make_user, login, states):
    me = make_user("secretariat", name="A. Secretariat")
    for iso3 in ("MEX", "NGA"):
        set_party(db, states[iso3])
    with app.test_request_context():
        questionnaire = _build_translate_and_draft(db, me, make_user)
    _reply(app, client, db, me, login, make_user, states, questionnaire)
    _people_and_states(app, client, db, me, login, states)
    assert set(action_labels()) <= set(db.scalars(select(AuditEvent.action)))  # every kind of event is here
    stored = {action: details for action, details in db.execute(select(AuditEvent.action, AuditEvent.details))}
    assert stored["questionnaire.cluster.move"] == {"code": "C", "before": {"position": 3}, "after": {"position": 1}}
    assert stored["questionnaire.cluster.delete"]["before"]["questions"] == [
        {"key": "extra", "number": "9", "text": "Extra?"}]
    login(me)
    events = _details(client)
    for sentence, details in events:
        for label, value in LINE.findall(details):
            assert not label[:1].islower(), (sentence, label)  # a name of its own, not the detail's code
            words = re.sub(r"<[^>]+>", "", value)
            assert not re.search(r"[{}\[\]]|&#34;|\b[a-z]+_[a-z_]+\b", words), (sentence, label, words)

    assert audit_change_line("Two-step sign-in set up", "yes", "no") in _event(events, "reset the two-step sign-in of")
    unlocked = _event(events, "unlocked the sign-in of")
    assert audit_change_line("Failed sign-ins", "2", "0") in unlocked and "Locked until" in unlocked
    assert audit_value_line("Questions deleted with it", "question 9 “Extra?”") in _event(events, "deleted a cluster")
    moved = _event(events, "moved a cluster")
    assert audit_value_line("Code", "C") in moved and audit_change_line("Position", "3", "1") in moved
    assert audit_change_line("Cluster", "B", "A") in _event(events, "moved question 7 “Since when?”")
    decisions = [details for said, details in events if "may open with languages incomplete" in said]
    assert len(decisions) == 3 and sum(audit_value_line("Français", "3 of 18 texts translated, 0 out of date, 15 missing.")
                                       in details for details in decisions) == 2  # not in the withdrawal
    assert audit_value_line("Wording", "Is smuggling an offence?") in _event(events, "applied a proposal")
    assert audit_value_line("Purpose", "replacing a forgotten password") in _event(events, "chose a password")
    endorsed = _event(events, "recorded the endorsement of")
    assert audit_value_line("Session", "9") in endorsed and audit_value_line("Decided on", "Sep 13, 2017") in endorsed
    replaced = _event(events, "replaced the content of the draft")  # by the same content: nothing changed
    assert audit_value_line("File", "replaced.json") in replaced and "<del>" not in replaced


def test_records_of_an_older_shape_read_as_the_events_are_recorded_now(client, db, make_user, login, states):
    me = make_user("secretariat", name="A. Secretariat")
    person = make_user("expert", name="C. Expert")
    draft = import_document(db, small_document("draft"))
    target = f"questionnaire:{draft.id}"
    record(db, me, "user.second_factor_reset", f"user:{person.id}", before={"enrolled": True})
    record(db, me, "user.unlock", f"user:{person.id}", before={"failed_logins": 5, "locked_until": None})
    record(db, me, "questionnaire.cluster.move", target, before={"code": "B", "position": 2}, after={"position": 1})
    record(db, me, "questionnaire.cluster.delete", target,
           before={"code": "Z", "title": "Gone", "questions": ["gone", "gone.why"]})
    record(db, me, "proposal.apply", "consultation:999", proposal=999, field="text", after="Is it an offence?")
    db.commit()
    login(me)
    events = _details(client)
    assert audit_change_line("Two-step sign-in set up", "yes", "no") in _event(events, "reset the two-step sign-in of")
    assert audit_change_line("Failed sign-ins", "5", "0") in _event(events, "unlocked the sign-in of")
    moved = _event(events, "moved a cluster")
    assert audit_value_line("Code", "B") in moved and audit_change_line("Position", "2", "1") in moved and "<del><bdi>B" not in moved
    deleted = _event(events, "deleted a cluster")
    assert audit_value_line("Questions deleted with it, by their keys", "gone, gone.why") in deleted
    applied = _event(events, "applied a proposal")
    assert audit_value_line("Wording", "Is it an offence?") in applied and "after" not in applied


def test_a_record_in_todays_shape_is_read_as_it_is_and_never_changed():
    recorded = {"before": {"enrolled": True}}
    assert as_recorded_now("user.second_factor_reset", recorded) == {"before": {"enrolled": True},
                                                                     "after": {"enrolled": False}}
    assert recorded == {"before": {"enrolled": True}}  # the event's own details stay as stored
    today = {"before": {"enrolled": True}, "after": {"enrolled": False}}
    assert as_recorded_now("user.second_factor_reset", today) == today
    discarded = {"discarded": "unfinished_enrolment"}
    assert as_recorded_now("user.second_factor_reset", discarded) == discarded
    moved = {"code": "B", "before": {"position": 2}, "after": {"position": 1}}
    assert as_recorded_now("questionnaire.cluster.move", moved) == moved
    assert as_recorded_now("proposal.apply", {"wording": "New"}) == {"wording": "New"}
    assert as_recorded_now("user.unlock", None) == {} and as_recorded_now("demo.event", {"n": 1}) == {"n": 1}
