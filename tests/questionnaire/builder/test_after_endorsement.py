"""From the Working Group's endorsement on, the builder keeps the endorsed text's structure: adding, deleting,
moving, re-keying or reshaping a question or cluster is refused through the pages with the stage and its day,
nothing changes (read back through a fresh session), the pages offer none of it, and wording corrections go
through, each recorded as a correction. A draft still allows everything."""
from __future__ import annotations

import io
import json
from datetime import date, datetime
from typing import Any, Callable

import pytest
from sqlalchemy import func, select

from questionnaire import lifecycle
from questionnaire.builder.question_fields import QuestionFields, format_choices, split_provisions
from questionnaire.builder.questions import add_question
from questionnaire.builder.structure import StructureFrozen, add_cluster, create_blank, require_unfrozen
from questionnaire.consultation.consultations import endorsed_on
from questionnaire.definitions.document import export_document
from questionnaire.models import AuditEvent, Meeting, Question, Questionnaire, QuestionnaireStatus

ENDORSED = ("The Working Group endorsed this draft on Sep 13, 2017: its structure no longer changes; correct the "
            "wording, or start a new version.")
ADOPTED = ("The Conference of the Parties adopted this questionnaire on Oct 19, 2018: its structure no longer "
           "changes; correct the wording, or start a new version.")
REASONS = {"endorsed": ENDORSED, "adopted": ADOPTED}
FROZEN = ["endorsed", "adopted"]


@pytest.fixture
def stage_of(db) -> Callable[[str], dict[str, int]]:
    """``stage_of(stage)``: a questionnaire taken to ``stage`` ("draft", "endorsed" or "adopted"); returns its
    ids. Cluster I: q1 (Yes / Yes, in part / No, required), q2 (single choice law | policy), q3 (follow-up of
    q1); cluster II: q4 (short text, at most 20 characters). Endorsed at the Working Group's session on
    13 September 2017, adopted by the Conference on 19 October 2018."""

    def make(stage: str) -> dict[str, int]:
        questionnaire = create_blank(db, None, "frozen", "Frozen questionnaire")
        first = add_cluster(db, questionnaire, None, "I", "Criminalization")
        second = add_cluster(db, questionnaire, None, "II", "Cooperation")
        made = [
            add_question(db, first, None, QuestionFields(
                key="q1", number="1", text="Is smuggling a crime?", kind="yes_partly_no", required=True,
                provisions=["art. 6 (1) (a)"])),
            add_question(db, first, None, QuestionFields(
                key="q2", number="2", text="Which instrument?", kind="single_choice",
                options={"choices": [{"value": "law", "label": "Law"}, {"value": "policy", "label": "Policy"}]})),
            add_question(db, first, None, QuestionFields(
                key="q3", number="1.1", text="Please explain.", kind="long_text",
                show_if={"question": "q1", "in": ["no"]})),
            add_question(db, second, None, QuestionFields(
                key="q4", number="3", text="Which authority?", kind="short_text", options={"max_length": 20})),
        ]
        if stage != "draft":
            wg = Meeting(body="working_group", session=4, starts_on=date(2017, 9, 11), ends_on=date(2017, 9, 13),
                         place="Vienna")
            cop = Meeting(body="conference", session=9, starts_on=date(2018, 10, 15), ends_on=date(2018, 10, 19),
                          place="Vienna")
            db.add_all([wg, cop])
            lifecycle.endorse(db, questionnaire, None, wg, at=date(2017, 9, 13))
            if stage == "adopted":
                lifecycle.adopt(db, questionnaire, None, at=date(2018, 10, 19), meeting=cop, resolution="9/3")
        db.commit()
        assert questionnaire.status == stage
        ids = {f"q{n}": question.id for n, question in enumerate(made, start=1)}
        return {"id": questionnaire.id, "I": first.id, "II": second.id, **ids}

    return make


def form_data(question: Question, **changes: Any) -> dict[str, Any]:
    """What the builder's question form sends for ``question`` as stored, with ``changes`` (None drops a field)."""
    articles, precise = split_provisions(question.provisions or [])
    options = question.options or {}
    data: dict[str, Any] = {
        "key": question.key, "number": question.number, "text": question.text, "guidance": question.guidance,
        "kind": question.kind, "choices": format_choices(options.get("choices")), "articles": articles,
        "precise": precise, "parent": question.show_if["question"] if question.show_if else "",
        "values": list(question.show_if["in"]) if question.show_if else [],
        **{name: str(options[name]) for name in ("min", "max", "max_length") if name in options},
    }
    if question.required:
        data["required"] = "y"
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def edit(q: dict[str, int], which: str, **changes: Any) -> Callable:
    """The question form of ``which`` ("q4") sent with ``changes``."""
    def send(client, db):
        question = db.get(Question, q[which])
        return client.post(f"/builder/{q['id']}/questions/{q[which]}", data=form_data(question, **changes),
                           follow_redirects=True)
    return send


def post(path: str, **data: str) -> Callable[[dict[str, int]], Callable]:
    """A POST to ``path`` with ``data``, where "{II}" or "{q4}" stand for the ids of the cluster or question."""
    def bind(q: dict[str, int]) -> Callable:
        filled = {name: value.format(**q) for name, value in data.items()}
        return lambda client, db: client.post(f"/builder/{q['id']}" + path.format(**q), data=filled,
                                              follow_redirects=True)
    return bind


#: Each structural change the builder offers on a draft, as the page sends it.
STRUCTURAL_CHANGES: dict[str, Callable[[dict[str, int]], Callable]] = {
    "add a cluster": post("/clusters/new", code="III", title="Return"),
    "delete a cluster": post("/clusters/{II}/delete", confirmed="yes"),
    "move a cluster": post("/clusters/{II}/move", position="1"),
    "change a cluster's code": post("/clusters/{II}", code="IIa", title="Cooperation", description=""),
    "add a question": post("/clusters/{II}/questions/new", key="q5", text="Any agreement?", kind="yes_no"),
    "delete a question": post("/questions/{q4}/delete", confirmed="yes"),
    "move a question within its cluster": post("/questions/{q2}/move", position="1"),
    "move a question to another cluster": post("/questions/{q2}/move", position="1", cluster="{II}"),
    "change a question's kind": lambda q: edit(q, "q4", kind="long_text"),
    "change a question's options": lambda q: edit(q, "q4", max_length="40"),
    "change a choice's code": lambda q: edit(q, "q2", choices="statute | Law\npolicy | Policy"),
    "change a question's key": lambda q: edit(q, "q4", key="authority"),
    "make a question optional": lambda q: edit(q, "q1", required=None),
    "change a follow-up rule": lambda q: edit(q, "q3", values=["no", "partly"]),
    "change the provisions a question cites": lambda q: edit(q, "q1", precise="art. 6 (1) (b)"),
}


def snapshot(session, questionnaire_id: int) -> tuple[dict, int]:
    """The questionnaire's definition as stored, and how many questionnaire changes are recorded."""
    definition = export_document(session.get(Questionnaire, questionnaire_id))
    recorded = session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.action.like("questionnaire.%")))
    return definition, recorded


def _send(name: str, q: dict[str, int], client, db) -> str:
    return STRUCTURAL_CHANGES[name](q)(client, db).get_data(as_text=True)


def refused_with(page: str, reason: str) -> bool:
    """``reason`` shown as the refusal: flashed on the questionnaire's page, or in the form's summary."""
    return any(shown in page for shown in (f'<p class="flash flash-error">{reason}</p>', f"<li>{reason}</li>",
                                           f'">Code: {reason}</a></li>'))


def nothing_refused(page: str) -> bool:
    return all(mark not in page for mark in ('class="flash flash-error"', 'class="error-summary"'))


@pytest.mark.parametrize("stage", FROZEN)
@pytest.mark.parametrize("name", list(STRUCTURAL_CHANGES))
def test_a_structural_change_after_the_endorsement_is_refused_with_the_stage_and_day(
        client, login, make_user, stage_of, db, fresh_db, stage, name):
    q = stage_of(stage)
    login(make_user("secretariat"))
    before = snapshot(fresh_db(), q["id"])
    assert refused_with(_send(name, q, client, db), REASONS[stage])
    assert snapshot(fresh_db(), q["id"]) == before


@pytest.mark.parametrize("name", list(STRUCTURAL_CHANGES))
def test_a_draft_still_allows_every_structural_change(client, login, make_user, stage_of, db, fresh_db, name):
    q = stage_of("draft")
    login(make_user("secretariat"))
    definition, recorded = snapshot(fresh_db(), q["id"])
    assert nothing_refused(_send(name, q, client, db))
    changed, recorded_after = snapshot(fresh_db(), q["id"])
    assert changed != definition and recorded_after > recorded


def test_the_form_as_stored_changes_nothing(client, login, make_user, stage_of, db, fresh_db):
    """The tests' form helper sends what the page would: unchanged, it saves no change (so a refusal above
    is the structure's, not a form that reads differently)."""
    q = stage_of("endorsed")
    login(make_user("secretariat"))
    before = snapshot(fresh_db(), q["id"])
    for key in ("q1", "q2", "q3", "q4"):
        assert nothing_refused(edit(q, key)(client, db).get_data(as_text=True)), key
    assert snapshot(fresh_db(), q["id"]) == before


@pytest.mark.parametrize("stage", FROZEN)
def test_a_wording_correction_goes_through_and_is_recorded_as_a_correction(
        client, login, make_user, stage_of, db, fresh_db, stage):
    q = stage_of(stage)
    login(make_user("secretariat"))
    question = db.get(Question, q["q1"])
    response = client.post(f"/builder/{q['id']}/questions/{q['q1']}", data=form_data(
        question, number="1.", text="Is the smuggling of migrants a criminal offence?", guidance="See art. 6."))
    assert response.status_code == 302
    relabel = form_data(db.get(Question, q["q2"]), choices="law | A law\npolicy | A policy")
    assert client.post(f"/builder/{q['id']}/questions/{q['q2']}", data=relabel).status_code == 302
    session = fresh_db()
    corrected = session.get(Question, q["q1"])
    assert (corrected.number, corrected.text, corrected.guidance) == (
        "1.", "Is the smuggling of migrants a criminal offence?", "See art. 6.")
    assert corrected.kind == "yes_partly_no" and corrected.required
    assert [c["label"] for c in session.get(Question, q["q2"]).options["choices"]] == ["A law", "A policy"]
    corrections = session.scalars(select(AuditEvent).where(AuditEvent.action == "questionnaire.question.correct")
                                  .order_by(AuditEvent.id)).all()
    assert [event.details["key"] for event in corrections] == ["q1", "q2"]
    assert corrections[0].details["before"] == {"number": "1", "text": "Is smuggling a crime?", "guidance": ""}
    assert corrections[0].details["after"]["text"] == "Is the smuggling of migrants a criminal offence?"
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "questionnaire.question.edit")) is None


def test_on_a_draft_the_same_rewording_is_an_ordinary_edit(client, login, make_user, stage_of, db, fresh_db):
    q = stage_of("draft")
    login(make_user("secretariat"))
    client.post(f"/builder/{q['id']}/questions/{q['q1']}", data=form_data(db.get(Question, q["q1"]), text="Reworded?"))
    session = fresh_db()
    assert session.get(Question, q["q1"]).text == "Reworded?"
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "questionnaire.question.edit")) is not None
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "questionnaire.question.correct")) is None


@pytest.mark.parametrize("stage", FROZEN)
def test_a_cluster_title_and_the_questionnaire_title_are_still_corrected(
        client, login, make_user, stage_of, db, fresh_db, stage):
    q = stage_of(stage)
    login(make_user("secretariat"))
    client.post(f"/builder/{q['id']}/clusters/{q['II']}",
                data={"code": "II", "title": "International cooperation", "description": "Art. 10"})
    client.post(f"/builder/{q['id']}/edit", data={"slug": "frozen", "title": "Frozen questionnaire, 2018"})
    session = fresh_db()
    questionnaire = session.get(Questionnaire, q["id"])
    assert questionnaire.title == "Frozen questionnaire, 2018"
    assert [(c.code, c.title, c.description) for c in questionnaire.clusters][1] == (
        "II", "International cooperation", "Art. 10")
    correction = session.scalars(select(AuditEvent).where(AuditEvent.action == "questionnaire.cluster.correct")).one()
    assert correction.details["after"]["title"] == "International cooperation"
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "questionnaire.cluster.edit")) is None
    assert "corrected the wording of a cluster of" in client.get("/audit/").get_data(as_text=True)


@pytest.mark.parametrize("stage", FROZEN)
def test_the_pages_offer_no_structural_change_after_the_endorsement(client, login, make_user, stage_of, stage):
    q = stage_of(stage)
    login(make_user("secretariat"))
    base = f"/builder/{q['id']}"
    page = client.get(base).get_data(as_text=True)
    assert REASONS[stage] in page and "Each correction is recorded." in page
    for offered in ("Add a cluster", "Delete cluster", "Move cluster", "Add a question to cluster", "/move\"",
                    f"{base}/questions/{q['q4']}/delete", f"{base}/clusters/{q['II']}/delete"):
        assert offered not in page, offered
    assert f'href="{base}/questions/{q["q1"]}"' in page and f'href="{base}/clusters/{q["II"]}"' in page
    form = client.get(f"{base}/questions/{q['q4']}").get_data(as_text=True)
    assert f"The questionnaire is {stage}: you can correct the number, text, guidance and choice labels" in form
    assert '<select id="kind"' not in form and 'type="hidden" name="kind" value="short_text"' in form
    cluster = client.get(f"{base}/clusters/{q['II']}").get_data(as_text=True)
    assert 'name="code" required type="hidden" value="II"' in cluster and 'type="text" value="II"' not in cluster
    for typed in (f"{base}/clusters/new", f"{base}/clusters/{q['I']}/questions/new",
                  f"{base}/clusters/{q['II']}/delete", f"{base}/questions/{q['q4']}/delete"):
        assert refused_with(client.get(typed, follow_redirects=True).get_data(as_text=True), REASONS[stage]), typed


def test_a_draft_page_offers_every_change(client, login, make_user, stage_of):
    q = stage_of("draft")
    login(make_user("secretariat"))
    base = f"/builder/{q['id']}"
    page = client.get(base).get_data(as_text=True)
    assert "its structure no longer changes" not in page
    for offered in ("Add a cluster", "Delete cluster II", "Move cluster II up", "Add a question to cluster I",
                    f"{base}/questions/{q['q4']}/move", f"{base}/questions/{q['q4']}/delete"):
        assert offered in page, offered
    assert '<select id="kind"' in client.get(f"{base}/questions/{q['q4']}").get_data(as_text=True)


def test_uploading_a_changed_definition_of_an_endorsed_questionnaire_makes_a_new_draft(
        client, login, make_user, stage_of, fresh_db):
    """An upload never writes onto an existing questionnaire: the endorsed one stays as it is."""
    q = stage_of("endorsed")
    login(make_user("secretariat"))
    before = export_document(fresh_db().get(Questionnaire, q["id"]))
    document = json.loads(client.get(f"/builder/{q['id']}/definition.json").data)
    document["clusters"][1]["questions"] = []
    response = client.post("/builder/upload", data={"file": (io.BytesIO(json.dumps(document).encode()), "f.json")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    session = fresh_db()
    assert export_document(session.get(Questionnaire, q["id"])) == before
    copy = session.scalar(select(Questionnaire).where(Questionnaire.slug == "frozen", Questionnaire.version == 2))
    assert copy.status == "draft" and [len(c.questions) for c in copy.clusters] == [3, 0]


# --- the one rule ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "frozen"), [
    ("draft", False), ("endorsed", True), ("adopted", True), ("open", True), ("closed", True)])
def test_one_rule_decides_from_the_endorsement_on_for_the_builder_and_the_drafting_round(app, status, frozen):
    questionnaire = Questionnaire(status=status, endorsed_at=datetime(2017, 9, 13, 12),
                                  adopted_at=datetime(2018, 10, 19, 12), opens_at=datetime(2019, 1, 2, 9),
                                  closed_at=datetime(2019, 6, 30, 9))
    assert questionnaire.structure_frozen is frozen
    with app.test_request_context():
        assert (lifecycle.structure_frozen_reason(questionnaire) is not None) is frozen
        assert (endorsed_on(questionnaire) is not None) is frozen
        if frozen:
            with pytest.raises(StructureFrozen, match="its structure no longer changes"):
                require_unfrozen(questionnaire)
        else:
            require_unfrozen(questionnaire)


def test_each_stage_is_named_with_its_day(app):
    reasons = {}
    with app.test_request_context():
        for status in ("endorsed", "adopted", "open", "closed"):
            reasons[status] = lifecycle.structure_frozen_reason(Questionnaire(
                status=status, endorsed_at=datetime(2017, 9, 13, 12), adopted_at=datetime(2018, 10, 19, 12),
                opens_at=datetime(2019, 1, 2, 9), closed_at=datetime(2019, 6, 30, 9)))
    assert reasons["endorsed"] == ENDORSED and reasons["adopted"] == ADOPTED
    assert reasons["open"].startswith("This questionnaire opened for answers on Jan 2, 2019: ")
    assert reasons["closed"].startswith("This questionnaire closed on Jun 30, 2019: ")


def test_a_questionnaire_back_in_draft_is_editable_again():
    """The life cycle has no step back to draft today; should one come, the structure follows the status
    alone, whatever dates the questionnaire keeps."""
    questionnaire = Questionnaire(status=QuestionnaireStatus.DRAFT, endorsed_at=datetime(2017, 9, 13, 12))
    assert not questionnaire.structure_frozen
    assert lifecycle.structure_frozen_reason(questionnaire) is None
