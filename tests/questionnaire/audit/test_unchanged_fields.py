"""The audit log records and shows what changed and nothing else: a field an edit left as it was is neither
recorded nor shown as a change ("Code: C → C"), an event that changed nothing else still names what it is
about, an edit or move that changed nothing is not an event, and older records that kept unchanged fields read
the same way. A reset of a two-step sign-in set up and never finished says it discarded that set-up."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from questionnaire.audit.service import DetailLine, describe
from questionnaire.auth import second_factor
from questionnaire.builder.importing import replace_draft_content
from questionnaire.builder.question_fields import QuestionFields
from questionnaire.builder.questions import edit_question, move_question
from questionnaire.builder.structure import edit_cluster, edit_metadata, move_cluster
from questionnaire.consultation import consultations, dispositions, proposals, revisions
from questionnaire.definitions.document import import_document
from questionnaire.models import AuditEvent, User, utcnow
from questionnaire.models.audit import changed_only
from tests.conftest import fresh
from tests.factories import audit_change_line, audit_value_line, q_of, set_party, small_document
from tests.questionnaire.audit.test_every_event import _details, _event

DISCARDED = audit_value_line("Discarded", "a set-up of two-step sign-in that was begun and never finished")


def _stored(db, action: str) -> list[dict]:
    return [event.details for event in fresh(db).scalars(
        select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))]


def _no_change_of(details: str, label: str) -> bool:
    """Whether the details cell shows no change line for ``label``."""
    return f"<li>{label}: <span class=\"sr-only\">" not in details


def test_a_change_set_keeps_only_the_fields_that_changed():
    assert changed_only({"code": "C", "title": "Old", "gone": 1}, {"code": "C", "title": "New", "new": None}) == (
        {"title": "Old", "gone": 1}, {"title": "New"})


def test_nothing_and_an_empty_text_or_list_are_the_same_value_but_nought_is_a_count():
    assert changed_only({"description": None, "provisions": [], "guidance": ""},
                        {"description": "", "provisions": None}) == ({}, {})
    assert changed_only({"failed_logins": 3, "remaining": None}, {"failed_logins": 0, "remaining": 0}) == (
        {"failed_logins": 3, "remaining": None}, {"failed_logins": 0, "remaining": 0})


def test_a_count_or_text_one_side_never_recorded_reads_as_no_change_when_the_other_holds_none():
    lines = describe({"before": {"title": "Old", "clusters": 2},
                      "after": {"title": "New", "clusters": 2, "translations": 0, "guidance": ""}})
    assert lines == [DetailLine("Title", "Old", "New")]  # not "Translations: — → 0" nor "Guidance: — → —"
    assert describe({"before": {"title": "Old"}, "after": {"title": "Old", "translations": 4}}) == [
        DetailLine("Translations", "—", "4")]


def test_the_builders_edits_record_and_show_only_what_changed(app, client, db, make_user, login):
    me = make_user("secretariat", name="A. Secretariat")
    with app.test_request_context():
        draft = import_document(db, small_document("draft"), me)
        edit_metadata(db, draft, me, draft.slug, "A better title")
        cluster = draft.clusters[0]
        edit_cluster(db, cluster, me, cluster.code, "Criminal law", cluster.description or "")
        crim = q_of(draft, "crim")
        fields = QuestionFields.of(crim)
        fields.text = "Is the smuggling of migrants a crime?"
        edit_question(db, crim, me, fields)
        move_question(db, q_of(draft, "authority"), me, 4)  # within its cluster
        db.commit()
    stored = _stored(db, "questionnaire.cluster.edit")
    assert stored == [{"code": "A", "before": {"title": "Criminalization"}, "after": {"title": "Criminal law"}}]
    assert "slug" not in _stored(db, "questionnaire.edit")[0]["before"]
    assert "cluster" not in _stored(db, "questionnaire.question.move")[0]["after"]
    login(me)
    events = _details(client)
    edited = _event(events, "changed a cluster of")
    assert audit_value_line("Code", "A") in edited  # what it is about, not "A → A"
    assert audit_change_line("Title", "Criminalization", "Criminal law") in edited
    assert _no_change_of(edited, "Code") and _no_change_of(edited, "Description")
    retitled = _event(events, "changed the title of")
    assert audit_change_line("Title", "Small questionnaire draft", "A better title") in retitled
    assert "Short name" not in retitled
    question = _event(events, "changed question 1")
    assert audit_change_line("Text", "Is smuggling a crime?", "Is the smuggling of migrants a crime?") in question
    assert _no_change_of(question, "Key") and _no_change_of(question, "Kind")
    moved = _event(events, "moved question 3")
    assert audit_change_line("Position", "5", "4") in moved and _no_change_of(moved, "Cluster")


def test_an_edit_or_move_that_changes_nothing_is_not_recorded(app, db, make_user):
    me = make_user("secretariat")
    with app.test_request_context():
        draft = import_document(db, small_document("draft"), me)
        cluster = draft.clusters[0]
        edit_metadata(db, draft, me, draft.slug, draft.title)
        edit_cluster(db, cluster, me, cluster.code, cluster.title, cluster.description or "")
        move_cluster(db, cluster, me, cluster.position)
        question = cluster.questions[0]
        move_question(db, question, me, question.position)
        db.commit()
    assert fresh(db).scalars(select(AuditEvent.action).where(AuditEvent.action != "questionnaire.import")).all() == []


def test_a_draft_replaced_by_the_same_content_names_its_file_and_no_change(app, client, db, make_user, login):
    me = make_user("secretariat", name="A. Secretariat")
    with app.test_request_context():
        draft = import_document(db, small_document("replaced"), me)
        document = small_document("replaced")
        document["title"] = "Replaced, retitled"
        replace_draft_content(db, draft, document, me, filename="replaced.json")
        db.commit()
    assert _stored(db, "questionnaire.replace_draft") == [{
        "file": "replaced.json", "before": {"title": "Small questionnaire replaced"},
        "after": {"title": "Replaced, retitled"}}]
    login(me)
    replaced = _event(_details(client), "replaced the content of the draft")
    assert audit_change_line("Title", "Small questionnaire replaced", "Replaced, retitled") in replaced
    assert audit_value_line("File", "replaced.json") in replaced
    assert "Translations" not in replaced and "Clusters" not in replaced and "Questions" not in replaced


def test_a_proposal_changed_and_decided_again_shows_only_what_changed(app, client, db, make_user, login, states):
    me = make_user("secretariat", name="A. Secretariat")
    set_party(db, states["MEX"])
    mexico = make_user("delegate", state="MEX")
    with app.test_request_context():
        draft = import_document(db, small_document("draft"), me)
        revision = revisions.issue_revision(db, draft, me, "CTOC/COP/WG.7/2017/2", date(2017, 6, 1))
        today = utcnow().date()
        consultation = consultations.open_consultation(db, revision, me, today, today + timedelta(days=30),
                                                       "parties")
        proposal = proposals.post(db, consultation, mexico, proposals.ProposalInput(
            "wording", "crim", field="text", wording="Is smuggling a crime?", justification="Shorter."))
        proposals.edit(db, proposal, mexico, proposals.ProposalInput(
            "wording", "crim", field="text", wording="Is smuggling an offence?", justification="Shorter."))
        dispositions.dispose(db, proposal, me, "accepted", "Agreed.")
        dispositions.dispose(db, proposal, me, "accepted", "Agreed, with thanks.")
        db.commit()
    assert _stored(db, "proposal.edit")[0]["after"] == {"wording": "Is smuggling an offence?"}
    login(me)
    events = _details(client)
    edited = _event(events, "changed a proposal")
    assert audit_change_line("Wording", "Is smuggling a crime?", "Is smuggling an offence?") in edited
    assert "Field" not in edited and "Kind" not in edited and "Justification" not in edited
    assert "Proposal: <bdi>Mexico, on question 1" in edited  # what it is about
    decided_again = [details for said, details in events if "decided on a proposal" in said][0]  # newest first
    assert audit_change_line("Reply", "Agreed.", "Agreed, with thanks.") in decided_again
    assert "Disposition" not in decided_again


def test_a_reset_of_a_set_up_never_finished_says_it_was_discarded(app, client, db, make_user, login):
    me = make_user("secretariat", name="A. Secretariat")
    person = make_user("expert", name="C. Expert")
    second_factor.start_enrolment(db, person)  # the QR code shown, no code ever typed
    db.commit()
    login(me)
    assert client.post(f"/people/{person.id}/second-factor/reset").status_code == 302
    own = fresh(db)
    assert own.get(User, person.id).totp_secret is None
    assert _stored(db, "user.second_factor_reset") == [{"discarded": "unfinished_enrolment"}]
    reset = _event(_details(client), "reset the two-step sign-in of C. Expert")
    assert DISCARDED in reset
    assert "Two-step sign-in set up" not in reset and "<del><bdi>no</bdi></del>" not in reset


def test_older_records_that_kept_unchanged_fields_show_only_the_change(client, db, make_user, login, states):
    me = make_user("secretariat", name="A. Secretariat")
    person = make_user("expert", name="C. Expert")
    draft = import_document(db, small_document("draft"))
    target = f"questionnaire:{draft.id}"
    old = {"code": "A", "title": "Criminalization", "description": ""}
    # stored as these events were recorded before a change set kept only what changed
    db.add_all([AuditEvent(user=me, action=action, target=about, at=utcnow(), details=details)
                for action, about, details in (
        ("questionnaire.cluster.edit", target, {"before": old, "after": {**old, "title": "Criminal law"}}),
        ("questionnaire.edit", target, {"before": {"slug": "draft", "title": "Old"},
                                        "after": {"slug": "draft", "title": "New"}}),
        ("questionnaire.question.move", target, {"key": "crim", "before": {"cluster": "A", "position": 1},
                                                 "after": {"cluster": "A", "position": 2}}),
        ("user.second_factor_reset", f"user:{person.id}", {"before": {"enrolled": False},
                                                           "after": {"enrolled": False}}),
        ("questionnaire.replace_draft", target, {
            "before": {"title": "Small questionnaire draft", "clusters": 2},
            "after": {"title": "Small questionnaire draft", "clusters": 2, "translations": 0, "file": "d.json"}}),
        ("parties.import", "som", {"source": "UNTC", "as_at": "2026-11-29",
                                   "changes": [{"participant": "Mexico", "before": "party", "after": "party"}]}),
    )])
    db.commit()
    login(me)
    events = _details(client)
    cluster = _event(events, "changed a cluster of")
    assert audit_value_line("Code", "A") in cluster and _no_change_of(cluster, "Code")
    assert audit_change_line("Title", "Criminalization", "Criminal law") in cluster
    assert _no_change_of(cluster, "Description")
    retitled = _event(events, "changed the title of")
    assert audit_change_line("Title", "Old", "New") in retitled and "Short name" not in retitled
    moved = _event(events, "moved question 1")
    assert audit_change_line("Position", "1", "2") in moved and _no_change_of(moved, "Cluster")
    reset = _event(events, "reset the two-step sign-in of C. Expert")
    assert DISCARDED in reset and "Two-step sign-in set up" not in reset
    replaced = _event(events, "replaced the content of the draft")
    assert audit_value_line("Translations", "0") in replaced and audit_value_line("File", "d.json") in replaced
    assert "<del>" not in replaced  # no "Clusters: 2 → 2", no "Translations: — → 0"
    imported = _event(events, "imported the depositary")
    assert audit_value_line("Mexico", "Party") in imported and "<del>" not in imported
