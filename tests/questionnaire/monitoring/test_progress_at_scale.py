"""The monitoring table with every State present: progress counted in SQL agrees with the States' own forms
(follow-ups of follow-ups, multiple choices, "Not applicable"), and neither the service nor the page runs a
query per State."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert, select

from questionnaire.replies.answering import progress
from questionnaire.definitions.document import import_document
from questionnaire.models import Answer, Response, State
from questionnaire.monitoring.service import monitor
from tests.factories import open_for_answers, small_document


def chained_document() -> dict:
    """The small questionnaire plus a follow-up of a follow-up and a follow-up of a multiple choice."""
    document = small_document("chained")
    cluster_a, cluster_b = document["clusters"]
    cluster_a["questions"][3:3] = [
        {"key": "crim.kind", "number": "1.3", "text": "Which kind of law?", "kind": "single_choice",
         "required": True, "show_if": {"question": "crim", "in": ["yes", "partly"]},
         "options": {"choices": [{"value": "act", "label": "An act"}, {"value": "other", "label": "Other"}]}},
        {"key": "crim.kind.other", "number": "1.4", "text": "Which other?", "kind": "short_text", "required": True,
         "show_if": {"question": "crim.kind", "in": ["other"]}},
    ]
    cluster_b["questions"].append(
        {"key": "topics.sea", "number": "6.1", "text": "At sea: how?", "kind": "long_text", "required": True,
         "show_if": {"question": "topics", "in": ["sea"]}})
    return document


CHOICES = {
    "crim": ["yes", "partly", "no", {"not_applicable": 'No "yes" here'}, None],
    "crim.law": ["Act 5", "", None],
    "crim.why": ["Not yet", "", None],
    "crim.kind": ["act", "other", None],
    "crim.kind.other": ["A decree", "", None],
    "agree": ["bi", "multi", "", None],
    "topics": [["sea"], ["land"], ["land", "sea"], [], None],
    "topics.sea": ["Patrols", "", None],
}


def random_values(rng: random.Random) -> dict:
    values = {key: rng.choice(choices) for key, choices in CHOICES.items()}
    return {key: value for key, value in values.items() if value is not None}


@pytest.fixture
def chained(db, states):
    return open_for_answers(db, import_document(db, chained_document()))


def reply_for_every_state(db, questionnaire, user_id: int, seed: int = 7) -> dict[str, dict]:
    """A draft with random answers for every State (written in bulk); the values by ISO3."""
    rng = random.Random(seed)
    by_key = {question.key: question.id for question in questionnaire.questions_in_order()}
    states = db.scalars(select(State).order_by(State.iso3)).all()
    db.execute(insert(Response), [{"questionnaire_id": questionnaire.id, "state_id": state.id} for state in states])
    response_ids = dict(db.execute(select(Response.state_id, Response.id)
                                   .where(Response.questionnaire_id == questionnaire.id)).all())
    chosen, rows = {}, []
    at = datetime(2026, 1, 5, 9, 0)
    for n, state in enumerate(states):
        chosen[state.iso3] = values = random_values(rng)
        rows += [{"response_id": response_ids[state.id], "question_id": by_key[key], "value": value,
                  "updated_at": at + timedelta(minutes=n), "updated_by_id": user_id}
                 for key, value in values.items()]
    db.execute(insert(Answer), rows)
    db.commit()
    return chosen


def test_progress_counted_in_sql_agrees_with_the_forms_for_every_state(db, chained, make_user):
    user = make_user("secretariat", name="Ines")
    chosen = reply_for_every_state(db, chained, user.id)
    db.expire_all()
    rows = {row.iso3: row for row in monitor(db, chained, datetime(2026, 1, 1)).rows}
    assert len(rows) == len(chosen) == 194  # the 193 member States and the European Union
    questions = chained.questions_in_order()
    for iso3, values in chosen.items():
        expected = progress(questions, values)
        assert (iso3, rows[iso3].required_answered, rows[iso3].required_total) == (
            iso3, expected.required_answered, expected.required_total), values
    assert {row.last_activity_by for row in rows.values()} == {"Ines"}
    latest = max(rows.values(), key=lambda row: row.last_activity_at)
    assert latest.last_activity_at == datetime(2026, 1, 5, 9, 0) + timedelta(minutes=len(chosen) - 1)


def test_a_chain_of_follow_ups_counts_only_what_its_answers_show(db, chained, states, make_user, make_reply):
    user = make_user("focal_point")
    make_reply(chained, states["MEX"], user, {"crim": "yes", "crim.kind": "other", "agree": "bi"})
    make_reply(chained, states["FRA"], user, {"crim": "no", "crim.kind": "other", "crim.kind.other": "Kept"})
    make_reply(chained, states["ITA"], user, {"crim": {"not_applicable": "No law"}, "topics": ["land", "sea"]})
    rows = {row.iso3: row for row in monitor(db, chained, datetime(2026, 1, 1)).rows}
    # Mexico: crim, crim.law (missing), crim.kind, crim.kind.other (missing), agree → 3 of 5
    assert (rows["MEX"].required_answered, rows["MEX"].required_total) == (3, 5)
    # France: "No" hides the whole chain; crim.why is missing, agree too → 1 of 3
    assert (rows["FRA"].required_answered, rows["FRA"].required_total) == (1, 3)
    # Italy: "Not applicable" shows no follow-up; "sea" among the topics shows topics.sea → 1 of 3
    assert (rows["ITA"].required_answered, rows["ITA"].required_total) == (1, 3)


def test_the_table_of_193_states_runs_the_same_queries_as_the_table_of_two(
        app, db, chained, states, make_user, make_reply, count_queries, login):
    staff = make_user("secretariat")
    make_reply(chained, states["MEX"], staff, {"crim": "yes"})
    make_reply(chained, states["FRA"], staff, {"crim": "no"}, status="submitted")
    client = login(staff)

    def counted() -> tuple[int, int]:
        db.expire_all()
        app.extensions.pop("questionnaire.kept_content", None)  # the page counts every reply, as a first time
        with count_queries() as service:
            monitor(db, chained, datetime(2026, 1, 1))
        with count_queries() as page:
            answer = client.get(f"/monitoring/{chained.id}")
        assert answer.status_code == 200
        return service.count, page.count

    service_two, page_two = counted()
    db.execute(Answer.__table__.delete())
    db.execute(Response.__table__.delete())
    db.commit()
    reply_for_every_state(db, chained, staff.id)
    service_all, page_all = counted()
    assert service_two == service_all <= 8  # seven, and the questionnaire read again after expire_all()
    assert page_two == page_all
