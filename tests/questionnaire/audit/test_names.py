"""The audit log names what its events point to — questions, replies, States, people, questionnaires,
meetings — never their ids; says so where the thing is gone; reads old records; and loads the names for the
whole page in a fixed number of queries."""
from __future__ import annotations

from datetime import date, datetime, timedelta


from questionnaire import lifecycle
from questionnaire.builder.question_fields import QuestionFields
from questionnaire.builder.questions import add_question, delete_question, edit_question, move_question
from questionnaire.builder.versions import delete_draft, new_version
from questionnaire.consultation import consultations, dispositions, proposals, revisions
from questionnaire.consultation.meetings import create_meeting
from questionnaire.definitions.document import import_document
from questionnaire.models import AuditEvent, Response, utcnow
from questionnaire.models.audit import record
from questionnaire.people.service import create_user, update_user
from tests.factories import q_of, set_party, small_document


def _log(client, url: str = "/audit/") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True).split("</form>", 1)[1]  # the events, after the filters


def _draft(db, slug: str = "draft", **changes):
    document = small_document(slug)
    document.update(changes)
    return import_document(db, document)


def test_the_builders_question_events_name_the_question_by_number_and_text(client, db, make_user, login, states):
    me = make_user("secretariat", name="A. Secretariat")
    draft = _draft(db)
    cluster = draft.clusters[0]
    add_question(db, cluster, me, QuestionFields(key="routes", number="8", kind="long_text",
                                                 text="Which routes do the smugglers use to reach your country, "
                                                      "and how have they changed since the last review?"))
    crim = q_of(draft, "crim")
    fields = QuestionFields.of(crim)
    fields.text = "Is the smuggling of migrants a criminal offence?"
    edit_question(db, crim, me, fields)
    move_question(db, q_of(draft, "cases"), me, 1)
    delete_question(db, q_of(draft, "authority"), me)
    db.commit()
    login(me)
    log = _log(client)
    title = "“Small questionnaire draft”, version 1"
    # the text cut after a whole word within 60 characters, the number before it
    assert (f"A. Secretariat added question 8 “Which routes do the smugglers use to reach your country…” "
            f"to {title}") in log
    assert f"A. Secretariat changed question 1 “Is the smuggling of migrants a criminal offence?” of {title}" in log
    assert f"A. Secretariat moved question 2 “How many cases?” of {title}" in log
    assert f"A. Secretariat deleted question 3 “Which authority?” of {title}" in log  # as the deletion kept it
    assert "a question of" not in log


def test_a_question_no_longer_under_its_key_is_said_to_be_gone(client, db, make_user, login, states):
    me = make_user("secretariat", name="A. Secretariat")
    draft = _draft(db)
    record(db, me, "questionnaire.question.move", f"questionnaire:{draft.id}", key="gone",
           before={"cluster": "A", "position": 2}, after={"cluster": "A", "position": 1})
    record(db, me, "questionnaire.question.edit", f"questionnaire:{draft.id}")  # a record naming no question
    db.commit()
    login(me)
    log = _log(client)
    assert "A. Secretariat moved a question no longer under the key “gone” of “Small questionnaire draft”" in log
    assert "A. Secretariat changed a question of “Small questionnaire draft”, version 1" in log


def test_reply_events_name_the_state_and_the_questionnaire_in_sentence_and_details(client, db, make_user, login,
                                                                                   small, states):
    me = make_user("secretariat", name="A. Secretariat")
    response = Response(questionnaire_id=small.id, state_id=states["MEX"].id)
    db.add(response)
    db.flush()
    record(db, me, "response.deadline_extended", f"response:{response.id}", reason="Elections",
           before={"deadline": None}, after={"deadline": "2027-01-31T23:59:00"}, state="MEX", questionnaire=small.id)
    record(db, me, "response.ready", "state:NGA", questionnaire=small.id)
    record(db, None, "demo.answers", f"questionnaire:{small.id}", states=["MEX", "NGA"], submitted=True)
    db.commit()
    login(me)
    log = _log(client)
    title = "“Small questionnaire small”, version 1"
    assert f"A. Secretariat extended the deadline of Mexico for {title}" in log
    assert f"<li>Questionnaire: <bdi>{title}</bdi></li>" in log and "<li>State: <bdi>Mexico</bdi></li>" in log
    assert f"<li>Questionnaire: <bdi>{small.id}</bdi></li>" not in log and "<bdi>MEX</bdi>" not in log
    assert "<li>States: <bdi>Mexico, Nigeria</bdi></li>" in log
    assert f"marked the reply of Nigeria to {title} as ready to submit" in log


def test_accounts_name_their_state_and_a_new_version_names_both_questionnaires(client, db, make_user, login, small):
    me = make_user("secretariat", name="A. Secretariat")
    person = create_user(db, me, email="kenya@example.gov", name="B. Focal point", role="focal_point", iso3="KEN",
                         password="correct horse battery")
    update_user(db, me, person, email=person.email, name=person.name, role="focal_point", iso3="NGA")
    copy = new_version(db, small, me)
    db.commit()
    login(me)
    log = _log(client)
    assert "<li>State: <bdi>Kenya</bdi></li>" in log  # the new account
    assert "<del><bdi>Kenya</bdi></del> → <span class=\"sr-only\">now</span> <ins><bdi>Nigeria</bdi></ins>" in log
    assert f"A. Secretariat started “Small questionnaire small”, version {copy.version} as a new draft" in log
    assert ("Questionnaire: <span class=\"sr-only\">was</span> <del><bdi>“Small questionnaire small”, version 1"
            "</bdi></del> → <span class=\"sr-only\">now</span> <ins><bdi>“Small questionnaire small”, version 2"
            "</bdi></ins>") in log


def test_an_endorsement_at_a_session_names_the_meeting(client, db, make_user, login, states):
    me = make_user("secretariat", name="A. Secretariat")
    draft = _draft(db)
    meeting = create_meeting(db, me, "working_group", 4, date(2017, 9, 11), date(2017, 9, 13), "Vienna")
    lifecycle.endorse(db, draft, me, meeting, at=date(2017, 9, 13))
    db.commit()
    login(me)
    log = _log(client)
    assert ("<li>Meeting: <bdi>the Working Group on the Smuggling of Migrants, 4th session (Vienna, Sep 11\u2009"
            "–\u200913, 2017)</bdi></li>") in log
    assert f"<li>Meeting: <bdi>{meeting.id}</bdi></li>" not in log
    assert "Working Group on the Smuggling of Migrants, session 4" not in log  # the meeting says it, once
    in_french = _log(client, "/audit/?lang=fr")
    assert "Groupe de travail" in in_french and "Working Group" not in in_french  # the session in French words


def test_an_older_record_of_an_endorsement_at_a_session_no_longer_shows_its_english_body(client, db, make_user,
                                                                                         login, states):
    me = make_user("secretariat", name="A. Secretariat")
    draft = _draft(db)
    meeting = create_meeting(db, me, "working_group", 4, date(2017, 9, 11), date(2017, 9, 13), "Vienna")
    record(db, me, "questionnaire.endorsed", f"questionnaire:{draft.id}", before={"status": "draft"},
           after={"status": "endorsed"}, body="Working Group on the Smuggling of Migrants, session 4",
           meeting=meeting.id, session_number=4, date="2017-09-13")
    record(db, me, "questionnaire.endorsed", "questionnaire:77777", body="Ad hoc committee")
    db.commit()
    login(me)
    log = _log(client)
    assert "Working Group on the Smuggling of Migrants, session 4" not in log
    assert "<li>Body: <bdi>Ad hoc committee</bdi></li>" in log  # a body named in words keeps its words


def test_questionnaires_are_named_by_their_title_in_the_readers_language(client, db, make_user, login, states):
    from questionnaire.texts import set_translation

    me = make_user("secretariat", name="A. Secretariat")
    draft = _draft(db, languages=["en", "fr"])
    set_translation(db, draft, "title", "fr", "Petit questionnaire")
    record(db, me, "questionnaire.replace_draft", f"questionnaire:{draft.id}")
    db.commit()
    login(me)
    in_french = client.get("/audit/?lang=fr").get_data(as_text=True)
    assert "«\u00a0Petit questionnaire\u00a0»" in in_french.split("</form>", 1)[1]
    assert ">Petit questionnaire — version 1</option>" in in_french  # the filter too
    assert f"“{draft.title}”" in _log(client, "/audit/?lang=en")


def test_a_deleted_questionnaire_is_named_as_its_deletion_recorded_it(client, db, make_user, login, states):
    me = make_user("secretariat", name="A. Secretariat")
    draft = _draft(db, "gone")
    record(db, me, "translation.language_add", f"questionnaire:{draft.id}", language="fr",
           before={"languages": ["en"]}, after={"languages": ["en", "fr"]})
    ident = draft.id
    delete_draft(db, draft, me)
    record(db, me, "response.reopened", "response:99999", before={"status": "submitted"},
           after={"status": "reopened"}, reason="Typo", state="FRA", questionnaire=ident)
    record(db, me, "questionnaire.open", "questionnaire:88888", before={"status": "adopted"}, after={"status": "open"})
    db.commit()
    login(me)
    log = _log(client)
    assert "A. Secretariat added the language Français to “Small questionnaire gone”, version 1 (deleted)" in log
    assert "A. Secretariat deleted the draft “Small questionnaire gone”, version 1" in log
    assert "A. Secretariat reopened the reply of France to “Small questionnaire gone”, version 1 (deleted)" in log
    assert "A. Secretariat opened a questionnaire no longer on record for answers" in log
    assert "88888" not in log and "99999" not in log and f"questionnaire {ident}" not in log


def test_old_and_unknown_records_read_without_ids(client, db, make_user, login, states):
    me = make_user("secretariat", name="A. Secretariat")
    person = make_user("expert", name="C. Expert")
    record(db, me, "user.unlock", "user:77777", before={"failed_logins": 5})
    record(db, None, "user.password_reset_requested", f"user:{person.id}")
    record(db, me, "questionnaire.replace_draft", "questionnaire:66666", before={"title": "Old"},
           after={"title": "New"})
    record(db, me, "demo.unknown", f"user:{person.id}")
    # a record holding neither the State nor the questionnaire
    record(db, me, "response.reopened", "response:55555", reason="Typo")
    record(db, me, "state.party", "state:XXQ", before={"som_party": False}, after={"som_party": True})
    db.commit()
    login(me)
    log = _log(client)
    assert "A. Secretariat unlocked the sign-in of an account no longer on record" in log
    assert "A link to choose a new password was sent to C. Expert (Mexico)" in log
    assert ("A. Secretariat replaced the content of the draft a questionnaire no longer on record with an "
            "uploaded definition") in log
    assert "A. Secretariat: demo.unknown (C. Expert (Mexico))" in log  # an action without words: its target named
    assert ("A. Secretariat reopened the reply of a State no longer on record to a questionnaire no longer on "
            "record") in log
    assert "A. Secretariat marked XXQ (no longer on record) as a State party" in log
    for ident in ("77777", "66666", "55555", f"user:{person.id}"):
        assert ident not in log


def _drafting_round(db, me, draft, delegates, symbol: str) -> None:
    """A revision of ``draft`` issued and consulted on: Mexico's wording proposal on question 1, supported by
    Nigeria and accepted once the consultation closed."""
    revision = revisions.issue_revision(db, draft, me, symbol, date(2017, 6, 1))
    today = utcnow().date()
    consultation = consultations.open_consultation(db, revision, me, today, today + timedelta(days=30), "parties")
    proposal = proposals.post(db, consultation, delegates["MEX"], proposals.ProposalInput(
        "wording", "crim", field="text", wording="Is smuggling an offence?", justification="Shorter."))
    proposals.support(db, proposal, delegates["NGA"])
    consultations.close_consultation(db, consultation, me)
    dispositions.dispose(db, proposal, me, "accepted", "Agreed.")


def test_the_names_of_a_page_take_a_fixed_number_of_queries(client, db, make_user, login, states, count_queries):
    me = make_user("secretariat")
    for iso3 in ("MEX", "NGA"):
        set_party(db, states[iso3])
    delegates = {iso3: make_user("delegate", state=iso3) for iso3 in ("MEX", "NGA")}
    counts = []
    for round_number, copies in enumerate((1, 3)):  # three copies of every kind of event still fit one page
        for n in range(copies):
            draft = _draft(db, f"q{round_number}-{n}")
            _drafting_round(db, me, draft, delegates, f"CTOC/COP/WG.7/2017/{round_number}{n}")
            person = make_user("focal_point", state=("MEX", "NGA", "KEN", "FRA")[n])
            response = Response(questionnaire_id=draft.id, state_id=person.state_id)
            db.add(response)
            db.flush()
            meeting = create_meeting(db, me, "working_group", 10 * round_number + n + 1, date(2017, 9, 11),
                                     date(2017, 9, 13), f"Place {n}")
            at = datetime(2026, 3, 1) + timedelta(hours=round_number * 10 + n)
            target = f"questionnaire:{draft.id}"
            for event in (
                record(db, me, "user.update", f"user:{person.id}", before={"state": "MEX"}, after={"state": "NGA"}),
                record(db, me, "questionnaire.question.move", target, key="crim",
                       before={"cluster": "A", "position": 1}, after={"cluster": "A", "position": 2}),
                record(db, me, "questionnaire.question.edit", target, key="crim.why",
                       before={"show_if": None}, after={"show_if": {"question": "agree", "in": ["bi"]}}),
                record(db, me, "translation.save", target, language="fr", confirmed=["cluster.B.title"],
                       changes=[{"key": "question.crim.law.text", "before": None, "after": "Citez la loi."}]),
                record(db, me, "parties.import", "som", source="UNTC", as_at="2026-11-29",
                       changes=[{"participant": person.state.name, "before": "neither", "after": "party"}]),
                record(db, me, "response.reopened", f"response:{response.id}", state="MEX", questionnaire=draft.id),
                record(db, me, "questionnaire.endorsed", target, meeting=meeting.id),
                record(db, me, "response.ready", "state:KEN", questionnaire=draft.id + 1000),
            ):
                event.at = at
        db.commit()
        login(me)
        with count_queries() as counter:
            log = _log(client)
        assert log.count("opened the consultation on CTOC/COP/WG.7/2017/") == copies
        assert log.count("<li>Proposal: <bdi>Mexico, on question 1 “Is smuggling a crime?”</bdi></li>") == 3 * copies
        assert log.count("posted a proposal of Mexico") == copies and log.count("supported, for Nigeria") == copies
        assert log.count("decided on a proposal") == copies and log.count("closed the consultation") == copies
        assert log.count("moved question 1 “Is smuggling a crime?”") == copies
        assert log.count("<bdi>question 4 “Do you have agreements?” is answered “Bilateral”</bdi>") == copies
        assert log.count("Text of question 1.1 “Cite the law.”") == copies
        assert log.count("<li>Title of cluster B “Cooperation”: <bdi>confirmed as still right</bdi></li>") == copies
        assert log.count("<del><bdi>Neither party nor signatory</bdi></del>") == copies  # each participant
        assert "no longer on record" in log  # the questionnaire 1000 further on was never there
        assert "; page 1 of 1." in log  # every event on the one page
        assert "consultation:" not in log and "question.crim" not in log
        counts.append(counter.count)
        db.execute(AuditEvent.__table__.delete())
        db.commit()
    assert counts[0] == counts[1]
