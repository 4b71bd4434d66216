"""Drafting a questionnaire with the structure services: every edit, and every refusal changing nothing."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from questionnaire import lifecycle
from questionnaire.models import AuditEvent, Questionnaire, utcnow
from questionnaire.builder.question_fields import (
    FieldInvalid,
    QuestionFields,
    options_from_form,
    parse_choices,
    provisions_from_form,
    split_provisions,
)
from questionnaire.instruments import SOM_PROTOCOL
from questionnaire.builder.structure import (
    StructureError,
    StructureFrozen,
    add_cluster,
    create_blank,
    delete_cluster,
    edit_cluster,
    edit_metadata,
    move_cluster,
)
from questionnaire.builder.questions import (
    add_question,
    delete_question,
    edit_question,
    move_question,
    possible_parents,
)
from questionnaire.builder.versions import new_version


@pytest.fixture
def draft(db, make_user):
    """A draft with two clusters: I (q1 yes_partly_no, q2 long_text shown when q1 is "no") and II (empty)."""
    user = make_user("secretariat")
    questionnaire = create_blank(db, user, "border-review", "Border measures review")
    first = add_cluster(db, questionnaire, user, "I", "Criminalization")
    add_cluster(db, questionnaire, user, "II", "Prevention")
    add_question(db, first, user, QuestionFields(key="q1", text="Is smuggling a crime?", kind="yes_partly_no",
                                                 number="1", provisions=["art. 6 (1) (a)"], required=True))
    add_question(db, first, user, QuestionFields(key="q2", text="Please explain.", kind="long_text",
                                                 number="1.1", show_if={"question": "q1", "in": ["no"]}))
    db.commit()
    return questionnaire


def keys(questionnaire: Questionnaire) -> list[tuple[str, list[str]]]:
    return [(c.code, [q.key for q in c.questions]) for c in questionnaire.clusters]


def reload(db, questionnaire: Questionnaire) -> Questionnaire:
    db.expire_all()
    return db.get(Questionnaire, questionnaire.id)


def open_it(db, questionnaire: Questionnaire) -> None:
    lifecycle.endorse(db, questionnaire, None, "Working group")
    lifecycle.adopt(db, questionnaire, None)
    lifecycle.open_for_answers(db, questionnaire, None, utcnow() + timedelta(days=30))
    db.commit()


# --- pure helpers ---------------------------------------------------------------------------------


def test_choices_are_read_one_a_line_with_codes_made_from_bare_labels():
    assert parse_choices("law | A law\n\nPolicy paper\n") == [
        {"value": "law", "label": "A law"}, {"value": "policy_paper", "label": "Policy paper"}]
    with pytest.raises(FieldInvalid, match="Line 2"):
        parse_choices("a | A\nb |  ")


def test_options_keep_only_what_the_kind_understands_and_name_the_bad_field():
    assert options_from_form("number", {"min": "0", "max": "12.5", "integer": True, "max_length": "9"}) == {
        "min": 0, "max": 12.5, "integer": True}
    with pytest.raises(FieldInvalid) as error:
        options_from_form("long_text", {"max_length": "many"})
    assert error.value.field == "max_length"


def test_provisions_combine_whole_articles_and_precise_references():
    provisions = provisions_from_form(SOM_PROTOCOL, ["16", "6"], "art. 6 (1) (a); art. 16 (4)")
    assert provisions == ["art. 6 (1) (a)", "art. 16 (4)"]
    assert provisions_from_form(SOM_PROTOCOL, ["11"], "") == ["art. 11"]
    assert split_provisions(["art. 11", "art. 6 (1) (a)"]) == (["11"], "art. 6 (1) (a)")
    with pytest.raises(FieldInvalid, match="no article 99"):
        provisions_from_form(SOM_PROTOCOL, [], "art. 99")


# --- edits ------------------------------------------------------------------------------------------


def test_a_drafted_questionnaire_is_a_valid_definition_with_its_follow_up(db, draft):
    draft = reload(db, draft)
    assert draft.instrument == "Smuggling of Migrants Protocol" and draft.status == "draft"
    assert keys(draft) == [("I", ["q1", "q2"]), ("II", [])]
    assert draft.questions_in_order()[1].show_if == {"question": "q1", "in": ["no"]}
    assert [q.key for q in possible_parents(draft)] == ["q1"]


def test_metadata_and_cluster_edits_are_saved_and_audited(db, draft):
    edit_metadata(db, draft, None, "border-review", "Border review, 2025")
    edit_cluster(db, draft.clusters[1], None, "II", "Prevention and protection", "Art. 14-16")
    db.commit()
    draft = reload(db, draft)
    assert draft.title == "Border review, 2025"
    assert (draft.clusters[1].title, draft.clusters[1].description) == ("Prevention and protection", "Art. 14-16")
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "questionnaire.cluster.edit")).one()
    assert event.details["before"]["title"] == "Prevention" and event.details["after"]["title"] == "Prevention and protection"


def test_clusters_and_questions_reorder_and_move(db, draft):
    move_cluster(db, draft.clusters[1], None, 1)
    extra = add_question(db, draft.clusters[0], None, QuestionFields(key="q3", text="How many cases?", kind="number"))
    move_question(db, extra, None, 1)
    db.commit()
    draft = reload(db, draft)
    assert keys(draft) == [("II", ["q3"]), ("I", ["q1", "q2"])]
    move_question(db, draft.clusters[0].questions[0], None, 3, cluster=draft.clusters[1])
    db.commit()
    draft = reload(db, draft)
    assert keys(draft) == [("II", []), ("I", ["q1", "q2", "q3"])]
    assert [q.position for q in draft.clusters[1].questions] == [1, 2, 3]


def test_edit_and_delete_a_question(db, draft):
    follow_up = draft.questions_in_order()[1]
    fields = QuestionFields.of(follow_up)
    fields.text, fields.kind, fields.options = "Which reason?", "single_choice", {
        "choices": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]}
    edit_question(db, follow_up, None, fields)
    delete_question(db, draft.clusters[0].questions[1], None)
    db.commit()
    assert keys(reload(db, draft)) == [("I", ["q1"]), ("II", [])]


# --- refusals: nothing changes -----------------------------------------------------------------------


def test_a_follow_up_pointing_forward_or_at_itself_is_refused(db, draft):
    first = draft.questions_in_order()[0]
    fields = QuestionFields.of(first)
    fields.show_if = {"question": "q2", "in": ["no"]}
    with pytest.raises(StructureError) as error:
        edit_question(db, first, None, fields)
    assert "is not a question before this one" in "\n".join(error.value.problems)
    assert error.value.problems[0].startswith("Cluster I, question 1 “")
    assert "follow-up rule" in error.value.problems[0] and "clusters[" not in error.value.problems[0]
    fields.show_if = {"question": "q1", "in": ["yes"]}
    with pytest.raises(StructureError):
        edit_question(db, first, None, fields)
    db.commit()
    assert reload(db, draft).questions_in_order()[0].show_if is None


def test_moves_that_would_make_a_loop_or_a_forward_follow_up_are_refused(db, draft):
    parent = draft.questions_in_order()[0]
    with pytest.raises(StructureError, match="not made") as error:
        move_question(db, parent, None, 2)  # after its own follow-up
    assert "before this one" in "\n".join(error.value.problems)
    with pytest.raises(StructureError):
        move_question(db, parent, None, 1, cluster=draft.clusters[1])  # into the later cluster
    with pytest.raises(StructureError):
        delete_question(db, parent, None)  # the follow-up would depend on nothing
    db.commit()
    assert keys(reload(db, draft)) == [("I", ["q1", "q2"]), ("II", [])]


def test_follow_up_values_must_be_answers_the_parent_can_take(db, draft):
    follow_up = draft.questions_in_order()[1]
    fields = QuestionFields.of(follow_up)
    fields.show_if = {"question": "q1", "in": ["maybe"]}
    with pytest.raises(StructureError) as error:
        edit_question(db, follow_up, None, fields)
    assert '"maybe" is not an answer' in "\n".join(error.value.problems)


def test_impossible_positions_are_refused_with_the_possible_range(db, draft):
    with pytest.raises(StructureError, match="choose a position from 1 to 2"):
        move_cluster(db, draft.clusters[0], None, 3)
    with pytest.raises(StructureError, match="from 1 to 2"):
        move_question(db, draft.questions_in_order()[0], None, 0)
    with pytest.raises(StructureError, match="from 1 to 1"):
        move_question(db, draft.questions_in_order()[1], None, 4, cluster=draft.clusters[1])
    db.commit()
    assert keys(reload(db, draft)) == [("I", ["q1", "q2"]), ("II", [])]


def test_a_reused_key_or_cluster_code_is_refused(db, draft):
    with pytest.raises(StructureError, match="“q1” is used by another question"):
        add_question(db, draft.clusters[1], None, QuestionFields(key="q1", text="Again?", kind="yes_no"))
    with pytest.raises(StructureError) as error:
        add_cluster(db, draft, None, "I", "Twice")
    assert "used by another cluster" in error.value.problems[0]
    db.commit()
    assert keys(reload(db, draft)) == [("I", ["q1", "q2"]), ("II", [])]


def test_a_bad_kind_option_is_refused_and_nothing_is_added(db, draft):
    bad = QuestionFields(key="q9", text="Pick", kind="single_choice", options={"choices": [{"value": "x", "label": "X"}]})
    with pytest.raises(StructureError, match="not made") as error:
        add_question(db, draft.clusters[1], None, bad)
    assert "at least two" in "\n".join(error.value.problems)
    db.commit()
    assert keys(reload(db, draft))[1] == ("II", [])


def test_structure_is_frozen_once_open(app, db, draft):
    open_it(db, draft)
    first = draft.questions_in_order()[0]
    kind_change = QuestionFields.of(first)
    kind_change.kind = "yes_no"
    required_change = QuestionFields.of(first)
    required_change.required = False
    refusals = [
        lambda: add_cluster(db, draft, None, "III", "New"),
        lambda: delete_cluster(db, draft.clusters[1], None),
        lambda: move_cluster(db, draft.clusters[1], None, 1),
        lambda: add_question(db, draft.clusters[1], None, QuestionFields(key="q9", text="New?", kind="yes_no")),
        lambda: delete_question(db, draft.questions_in_order()[1], None),
        lambda: move_question(db, draft.questions_in_order()[1], None, 1, cluster=draft.clusters[1]),
        lambda: edit_question(db, first, None, kind_change),
        lambda: edit_question(db, first, None, required_change),
        lambda: edit_cluster(db, draft.clusters[0], None, "X", "Criminalization", ""),
    ]
    for refused in refusals:
        with app.app_context(), pytest.raises(StructureFrozen, match="opened for answers on .*: its structure no "
                                                                     "longer changes"):
            refused()
    db.commit()
    draft = reload(db, draft)
    assert keys(draft) == [("I", ["q1", "q2"]), ("II", [])]
    assert draft.questions_in_order()[0].kind == "yes_partly_no" and draft.questions_in_order()[0].required


def test_wording_corrections_stay_possible_when_open_and_are_audited(db, draft):
    open_it(db, draft)
    first = draft.questions_in_order()[0]
    fields = QuestionFields.of(first)
    fields.text, fields.guidance = "Is the smuggling of migrants a criminal offence?", "See art. 6."
    edit_question(db, first, None, fields)
    edit_cluster(db, draft.clusters[0], None, "I", "Criminalization and jurisdiction", "")
    db.commit()
    assert reload(db, draft).questions_in_order()[0].text == "Is the smuggling of migrants a criminal offence?"
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "questionnaire.question.correct")).one()
    assert event.details["before"] == {"text": "Is smuggling a crime?", "guidance": ""}
    assert event.details["after"]["text"] == "Is the smuggling of migrants a criminal offence?"


def test_choice_labels_are_wording_but_choice_codes_are_structure(app, db, draft):
    choices = {"choices": [{"value": "law", "label": "Law"}, {"value": "policy", "label": "Policy"}]}
    picked = add_question(db, draft.clusters[1], None, QuestionFields(key="q3", text="Which?", kind="single_choice", options=choices))
    db.commit()
    open_it(db, draft)
    relabel = QuestionFields.of(picked)
    relabel.options = {"choices": [{"value": "law", "label": "A law"}, {"value": "policy", "label": "Policy"}]}
    edit_question(db, picked, None, relabel)
    recode = QuestionFields.of(picked)
    recode.options = {"choices": [{"value": "statute", "label": "A law"}, {"value": "policy", "label": "Policy"}]}
    with app.app_context(), pytest.raises(StructureFrozen):
        edit_question(db, picked, None, recode)


# --- life cycle and versions ----------------------------------------------------------------------


def test_endorsing_a_questionnaire_with_errors_is_refused_with_the_errors(db, make_user):
    empty = create_blank(db, None, "empty-one", "Nothing yet")
    with pytest.raises(lifecycle.TransitionRefused) as error:
        lifecycle.endorse(db, empty, None, "Working group")
    assert "has no cluster yet" in "\n".join(error.value.problems)
    db.commit()
    assert reload(db, empty).status == "draft"


def test_opening_needs_a_deadline_in_the_future(db, draft):
    lifecycle.endorse(db, draft, None, "Working group")
    lifecycle.adopt(db, draft, None)
    with pytest.raises(lifecycle.TransitionRefused, match="deadline"):
        lifecycle.open_for_answers(db, draft, None, None)
    with pytest.raises(lifecycle.TransitionRefused, match="future"):
        lifecycle.open_for_answers(db, draft, None, utcnow() - timedelta(days=1))
    assert draft.status == "adopted"


def test_a_new_version_copies_keys_and_rules_into_a_draft(db, draft):
    open_it(db, draft)
    copy = new_version(db, draft, None)
    db.commit()
    copy = reload(db, copy)
    assert (copy.slug, copy.version, copy.status, copy.parent_id) == ("border-review", 2, "draft", draft.id)
    assert keys(copy) == [("I", ["q1", "q2"]), ("II", [])]
    assert copy.questions_in_order()[1].show_if == {"question": "q1", "in": ["no"]}
    assert db.get(Questionnaire, draft.id).status == "open"
    add_cluster(db, copy, None, "III", "Return")  # the copy is editable again
    assert keys(copy)[-1] == ("III", [])


def test_a_used_or_malformed_slug_is_refused(db, draft):
    with pytest.raises(StructureError, match="used by another"):
        create_blank(db, None, "border-review", "Again")
    with pytest.raises(StructureError, match="lowercase"):
        create_blank(db, None, "Border Review", "Again")
