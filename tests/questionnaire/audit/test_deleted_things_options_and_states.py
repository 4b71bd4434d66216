"""The audit log tells what a deleted question, cluster or draft held (as a new one's record tells what it
holds, said to be as it was when deleted), a question's options option by option ("Choices: Yes; No"), and a
State's kind in the States' own words — never as JSON or codes, and with user text escaped."""
from __future__ import annotations

import re

import pytest

from questionnaire.audit.question_options import option_parts
from questionnaire.audit.service import DetailLine, describe
from questionnaire.builder.question_fields import QuestionFields
from questionnaire.builder.questions import add_question, delete_question, edit_question
from questionnaire.builder.structure import delete_cluster
from questionnaire.builder.versions import delete_draft
from questionnaire.definitions.document import import_document
from questionnaire.models import AuditEvent
from questionnaire.models.audit import record
from questionnaire.states.service import add_participant
from tests.factories import audit_change_line, audit_value_line, q_of, small_document

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
HELD = "<p>As it was when deleted:</p>"


def _rows(client, url: str = "/audit/") -> list[str]:
    """The rows of the log's table, each event's sentence and details."""
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True).split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr>")[1:]


def _row(rows: list[str], sentence: str) -> str:
    found = [row for row in rows if sentence in row]
    assert len(found) == 1, sentence
    return found[0]




@pytest.fixture
def draft(db, states):
    return import_document(db, small_document("draft"))


def test_a_deleted_question_cluster_and_draft_read_as_what_they_held(client, db, make_user, login, draft):
    me = make_user("secretariat", name="A. Secretariat")
    crim_why = q_of(draft, "crim.why")
    fields = QuestionFields.of(crim_why)
    fields.text = f"Explain why not. {SCRIPT}"
    edit_question(db, crim_why, me, fields)
    delete_question(db, q_of(draft, "crim.why"), me)
    draft.clusters[1].title = f"Cooperation {SCRIPT}"
    q_of(draft, "agree").text = f"Do you have agreements? {SCRIPT}"
    delete_cluster(db, draft.clusters[1], me)
    other = import_document(db, small_document("gone"))
    delete_draft(db, other, me)
    record(db, me, "user.unlock", f"user:{me.id}", before={"failed_logins": 5})  # a reset, not a deletion
    db.commit()
    login(me)
    rows = _rows(client)
    question = _row(rows, "A. Secretariat deleted question 1.2 “Explain why not.")
    assert HELD in question
    for line in (audit_value_line("Key", "crim.why"), audit_value_line("Number", "1.2"), audit_value_line("Text", f"Explain why not. {ESCAPED}"),
                 audit_value_line("Kind", "Long text"), audit_value_line("Required", "yes"), audit_value_line("Guidance", "—"),
                 audit_value_line("Shown when", "question 1 “Is smuggling a crime?” is answered “No”")):
        assert line in question
    assert "<del>" not in question and "→" not in question and "{" not in question  # no change to nothing, no JSON
    cluster = _row(rows, "A. Secretariat deleted a cluster of")
    assert HELD in cluster and audit_value_line("Code", "B") in cluster and audit_value_line("Title", f"Cooperation {ESCAPED}") in cluster
    # the questions that went with it, by number and text as the builder had them, not by their keys
    assert audit_value_line("Questions deleted with it", f"question “Read this first.”; question 4 “Do you have agreements? "
                  f"{ESCAPED}”; question 5 “Sources”; question 6 “Topics”; question 7 “Since when?”") in cluster
    assert "<del>" not in cluster
    questionnaire = _row(rows, "A. Secretariat deleted the draft “Small questionnaire gone”, version 1")
    assert HELD in questionnaire and audit_value_line("Title", "Small questionnaire gone") in questionnaire
    assert audit_value_line("Version", "1") in questionnaire and "<del>" not in questionnaire
    unlock = _row(rows, "unlocked the sign-in of")
    assert HELD not in unlock and audit_change_line("Failed sign-ins", "5", "0") in unlock  # what the unlock left
    assert SCRIPT not in "".join(rows)


def test_a_new_question_is_not_said_to_be_deleted(client, db, make_user, login, draft):
    me = make_user("secretariat", name="A. Secretariat")
    add_question(db, draft.clusters[0], me, QuestionFields(key="routes", number="8", kind="long_text",
                                                           text="Which routes?"))
    db.commit()
    login(me)
    added = _row(_rows(client), "A. Secretariat added question 8 “Which routes?”")
    assert audit_value_line("Text", "Which routes?") in added and HELD not in added


def test_a_questions_options_read_option_by_option(client, db, make_user, login, draft):
    me = make_user("secretariat", name="A. Secretariat")
    choices = [{"value": "y", "label": "Yes"}, {"value": "n", "label": f"No {SCRIPT}"}]
    add_question(db, draft.clusters[0], me, QuestionFields(
        key="means", number="8", kind="multiple_choice", text="Which means?",
        options={"choices": choices, "max_selected": 2}))
    add_question(db, draft.clusters[0], me, QuestionFields(
        key="figures", number="9", kind="table", text="Cases by year",
        options={"table_rows": [{"value": "investigated", "label": "Investigated"},
                                {"value": "convicted", "label": "Convicted"}],
                 "table_columns": [{"value": "y2023", "label": "2023"}, {"value": "y2024", "label": "2024"}]}))
    add_question(db, draft.clusters[0], me, QuestionFields(key="plain", number="10", kind="short_text",
                                                           text="Anything else?"))
    means = q_of(draft, "means")
    fields = QuestionFields.of(means)
    fields.options = {"choices": [*choices, {"value": "p", "label": "Partly"}], "max_selected": 2}
    edit_question(db, means, me, fields)
    delete_question(db, q_of(draft, "figures"), me)
    db.commit()
    login(me)
    rows = _rows(client)
    added = _row(rows, "A. Secretariat added question 8 “Which means?”")
    assert audit_value_line("Choices", f"Yes; No {ESCAPED}") in added and audit_value_line("Most answers to tick", "2") in added
    changed = _row(rows, "A. Secretariat changed question 8 “Which means?”")
    assert audit_change_line("Choices", f"Yes; No {ESCAPED}", f"Yes; No {ESCAPED}; Partly") in changed
    assert "Most answers to tick" not in changed  # unchanged, so not told
    table = _row(rows, "A. Secretariat added question 9 “Cases by year”")
    assert audit_value_line("Rows", "Investigated; Convicted") in table and audit_value_line("Columns", "2023; 2024") in table
    deleted = _row(rows, "A. Secretariat deleted question 9 “Cases by year”")
    assert HELD in deleted and audit_value_line("Rows", "Investigated; Convicted") in deleted
    plain = _row(rows, "A. Secretariat added question 10 “Anything else?”")
    log = "".join(rows)
    assert "Options" not in log and "{" not in log and "&#34;" not in log and "[]" not in log  # no JSON
    assert SCRIPT not in log and audit_value_line("Text", "Anything else?") in plain


def test_options_in_words_leave_out_empty_ones_and_name_unknown_ones(app):
    with app.test_request_context("/"):
        parts = option_parts({"max_length": 20, "choices": [], "min": "2020-01-31", "integer": True,
                              "not_applicable": False, "legacy_thing": "x", "max": None})
    assert parts == [("Smallest value", "Jan 31, 2020"), ("Whole numbers only", "yes"), ("Most characters", "20"),
                     ("May be answered “Not applicable”", "no"), ("legacy thing", "x")]


def test_a_deletion_reads_as_what_was_held_only_when_said_to_be_one():
    details = {"before": {"title": "Old", "status": "draft"}}
    assert describe(details, deleted=True) == [DetailLine("Title", value="Old"), DetailLine("Status", value="Draft")]
    assert describe(details) == [DetailLine("Title", "Old", "—"), DetailLine("Status", "Draft", "—")]
    both = {"before": {"title": "Old"}, "after": {"title": "New"}}
    assert describe(both, deleted=True) == [DetailLine("Title", "Old", "New")]


@pytest.mark.parametrize(("kind", "words"), [("non_member_state", "Non-member State"),
                                             ("organization", "Regional economic integration organization")])
def test_a_state_added_reads_its_kind_in_the_states_words(client, db, make_user, login, states, kind, words):
    me = make_user("secretariat", name="A. Secretariat")
    add_participant(db, me, code="XKQ", name=f"Somewhere {SCRIPT}", kind=kind, regional_group=None)
    db.commit()
    login(me)
    added = _row(_rows(client), "A. Secretariat added Somewhere")
    assert audit_value_line("Kind", words) in added and audit_value_line("Name", f"Somewhere {ESCAPED}") in added
    assert f"<bdi>{kind}</bdi>" not in added and SCRIPT not in added
    assert not re.search(r"Comment|New wording|Delete this question", added)  # not a proposal's kind


def test_deletions_options_and_states_kinds_take_no_query_more_however_many(client, db, make_user, login, draft,
                                                                            count_queries):
    me = make_user("secretariat")
    login(me)
    target = f"questionnaire:{draft.id}"
    counts = []
    for copies in (1, 3):
        for n in range(copies):
            record(db, me, "questionnaire.question.delete", target, before={
                "key": f"gone{n}", "number": "9", "text": "Gone?", "kind": "single_choice",
                "options": {"choices": [{"value": "a", "label": "Alpha"}]},
                "show_if": {"question": "crim", "in": ["no"]}})
            record(db, me, "questionnaire.cluster.delete", target, before={"code": f"Z{n}", "title": "Zeta",
                                                                           "questions": []})
            record(db, me, "questionnaire.cluster.delete", target, before={
                "code": f"Y{n}", "title": "Ypsilon", "questions": [{"key": "crim", "number": "1", "text": "Crime?"}]})
            record(db, me, "questionnaire.cluster.delete", target, before={"code": f"X{n}", "title": "Xi",
                                                                           "questions": ["crim"]})  # as once recorded
            record(db, me, "state.add", f"state:XQ{'ABC'[n]}",
                   after={"name": f"Organization {n}", "kind": "organization", "regional_group": None})
        db.commit()
        with count_queries() as counter:
            log = "".join(_rows(client))
        assert log.count(HELD) == 4 * copies and log.count(audit_value_line("Choices", "Alpha")) == copies
        assert log.count(audit_value_line("Questions deleted with it", "question 1 “Crime?”")) == copies
        assert log.count(audit_value_line("Questions deleted with it, by their keys", "crim")) == copies
        assert log.count(audit_value_line("Shown when", "question 1 “Is smuggling a crime?” is answered “No”")) == copies
        assert log.count(audit_value_line("Kind", "Regional economic integration organization")) == copies
        counts.append(counter.count)
        db.execute(AuditEvent.__table__.delete())
        db.commit()
    assert counts[0] == counts[1]
