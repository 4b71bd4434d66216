"""The monitoring table as a service: statuses, progress through visibility, lateness, filters, totals, queries."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from questionnaire.models import AuditEvent, Response
from questionnaire.monitoring.service import monitor
from questionnaire.replies.reopening import ReopenRefused, reopen_response
from tests.factories import COMPLETE, party_codes

def rows_by_iso3(monitoring):
    return {row.iso3: row for row in monitoring.rows}


def test_one_row_per_state_party_with_its_status_and_who_did_what(db, small, states, make_user, make_reply):
    ana, ben = make_user("focal_point", name="Ana"), make_user("expert", state="FRA", name="Ben")
    earlier = datetime(2026, 1, 5, 9, 0)
    make_reply(small, states["MEX"], ana, COMPLETE, status="submitted", at=earlier,
               submitted_at=earlier + timedelta(hours=1))
    make_reply(small, states["FRA"], ben, {"crim": "yes"}, at=earlier)
    make_reply(small, states["ITA"], ana, COMPLETE, status="reopened")
    monitoring = monitor(db, small, earlier + timedelta(days=1))
    rows = rows_by_iso3(monitoring)
    assert len(rows) == len(party_codes(db))
    assert [row.name for row in monitoring.rows] == sorted(row.name for row in monitoring.rows)
    mexico = rows["MEX"]
    assert (mexico.status, mexico.percent, mexico.submitted_by, mexico.submitted_at) == (
        "submitted", 100, "Ana", earlier + timedelta(hours=1))
    assert (mexico.last_activity_at, mexico.last_activity_by) == (earlier, "Ana")
    assert (rows["FRA"].status, rows["FRA"].last_activity_by, rows["FRA"].submitted_at) == ("draft", "Ben", None)
    assert rows["ITA"].status == "reopened" and rows["ITA"].submitted_by is None
    assert rows["BRA"].status == "not_started" and rows["BRA"].percent == 0 and rows["BRA"].last_activity_at is None
    assert "CHN" not in rows  # not a party, and no reply


def test_a_state_that_is_not_a_party_appears_once_it_has_replied(db, small, states, make_user, make_reply):
    make_reply(small, states["CHN"], make_user("expert", state="CHN"), {"crim": "no"})
    monitoring = monitor(db, small, datetime(2026, 1, 1))
    assert rows_by_iso3(monitoring)["CHN"].party is False
    assert monitoring.totals.other_states == 1
    assert monitoring.totals.parties == len(party_codes(db))


def test_share_counts_only_the_required_questions_the_answers_make_visible(db, small, states, make_user, make_reply):
    user = make_user("focal_point")
    # "No" shows the required "explain why" follow-up and hides "cite the law", answered earlier.
    make_reply(small, states["MEX"], user, {"crim": "no", "crim.law": "Act 5", "agree": "bi"})
    make_reply(small, states["FRA"], user, COMPLETE)
    rows = rows_by_iso3(monitor(db, small, datetime(2026, 1, 1)))
    assert (rows["MEX"].required_answered, rows["MEX"].required_total, rows["MEX"].percent) == (2, 3, 67)
    assert (rows["FRA"].required_answered, rows["FRA"].required_total, rows["FRA"].percent) == (3, 3, 100)


def test_lateness_follows_the_questionnaire_deadline(db, small, states, make_user, make_reply):
    user = make_user("focal_point")
    deadline = small.deadline
    make_reply(small, states["MEX"], user, COMPLETE, status="submitted", submitted_at=deadline - timedelta(days=1))
    make_reply(small, states["FRA"], user, COMPLETE, status="submitted", submitted_at=deadline + timedelta(hours=2))
    make_reply(small, states["ITA"], user, {"crim": "yes"})
    before = rows_by_iso3(monitor(db, small, deadline - timedelta(hours=1)))
    after = monitor(db, small, deadline + timedelta(days=3))
    assert [iso3 for iso3 in ("MEX", "FRA", "ITA", "BRA") if before[iso3].late] == ["FRA"]
    rows = rows_by_iso3(after)
    assert [iso3 for iso3 in ("MEX", "FRA", "ITA", "BRA") if rows[iso3].late] == ["FRA", "ITA", "BRA"]
    assert after.totals.late == len(after.rows) - 1  # everyone but Mexico


def test_filters_keep_matching_rows_and_totals_describe_them(db, small, states, make_user, make_reply):
    user = make_user("focal_point")
    make_reply(small, states["MEX"], user, COMPLETE, status="submitted")
    make_reply(small, states["BRA"], user, {"crim": "yes"})
    make_reply(small, states["FRA"], user, COMPLETE, status="submitted")
    latin = monitor(db, small, datetime(2026, 1, 1), regional_group="Latin American and Caribbean States")
    assert {row.regional_group for row in latin.rows} == {"Latin American and Caribbean States"}
    assert "FRA" not in rows_by_iso3(latin) and latin.totals.by_status["submitted"] == 1
    assert latin.totals.by_status["draft"] == 1
    assert latin.totals.by_status["not_started"] == latin.totals.parties - 2
    submitted = monitor(db, small, datetime(2026, 1, 1), status="submitted")
    assert [row.iso3 for row in submitted.rows] == ["FRA", "MEX"]
    assert submitted.totals.average_percent == 100 and submitted.totals.parties == 2
    both = monitor(db, small, datetime(2026, 1, 1), regional_group="African States", status="submitted")
    assert both.rows == [] and both.totals.average_share == 0.0


def test_average_share_is_over_every_row_including_those_not_started(db, small, states, make_user, make_reply):
    make_reply(small, states["MEX"], make_user("focal_point"), COMPLETE)
    monitoring = monitor(db, small, datetime(2026, 1, 1), regional_group="Latin American and Caribbean States")
    assert monitoring.totals.average_share == pytest.approx(1 / monitoring.totals.parties)


@pytest.fixture
def replies_from(db, small, states, make_user, make_reply):
    def make(count: int, start: int = 0) -> None:
        parties = sorted(party_codes(db))
        for n, iso3 in enumerate(parties[start:start + count]):
            user = make_user("expert", state=iso3, name=f"Expert {iso3}")
            make_reply(small, states[iso3], user, COMPLETE, status="submitted" if n % 2 else "draft")
    return make


def count_monitor_queries(db, small, count_queries) -> int:
    db.expire_all()
    with count_queries() as counter:
        monitoring = monitor(db, small, datetime(2026, 1, 1))
    assert sum(row.status != "not_started" for row in monitoring.rows) > 0
    return counter.count


def test_the_number_of_queries_does_not_grow_with_the_number_of_states(db, small, replies_from, count_queries):
    replies_from(2)
    with_two = count_monitor_queries(db, small, count_queries)
    replies_from(18, start=2)
    with_twenty = count_monitor_queries(db, small, count_queries)
    assert with_two == with_twenty <= 8  # one of them reads the parties in force, one the last authors


def test_reopening_needs_a_reason_and_is_audited_with_it(app, db, small, states, make_user, make_reply):
    staff, focal = make_user("secretariat"), make_user("focal_point")
    response = make_reply(small, states["MEX"], focal, COMPLETE, status="submitted")
    with app.app_context():  # the State's users are told by mail, rendered from the app's templates
        reopen_response(db, response, staff, "  Please cite the 2024 amendment.  ")
    db.commit()
    assert response.status == "reopened" and response.submitted_at is None
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "response.reopened"))
    assert event.user_id == staff.id and event.target == f"response:{response.id}"
    assert event.details["reason"] == "Please cite the 2024 amendment."
    assert (event.details["before"], event.details["after"]) == ({"status": "submitted"}, {"status": "reopened"})
    response.ensure_editable()  # does not raise: the State can change its answers again


@pytest.mark.parametrize(("role", "status", "reason", "message"), (
    ("secretariat", "submitted", "   ", "Give the reason"),
    ("secretariat", "draft", "Fix it", "Only a submitted reply"),
    ("secretariat", "reopened", "Fix it", "Only a submitted reply"),
    ("reviewer", "submitted", "Fix it", "Only the secretariat"),
))
def test_reopening_is_refused_and_changes_nothing(db, small, states, make_user, role, status, reason, message, make_reply):
    response = make_reply(small, states["MEX"], make_user("focal_point"), COMPLETE, status=status)
    with pytest.raises(ReopenRefused, match=message):
        reopen_response(db, response, make_user(role), reason)
    db.rollback()
    assert db.get(Response, response.id).status == status
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "response.reopened")) is None


def test_a_reply_to_a_closed_questionnaire_is_not_reopened(db, small, states, make_user, make_reply):
    from questionnaire import lifecycle

    response = make_reply(small, states["MEX"], make_user("focal_point"), COMPLETE, status="submitted")
    lifecycle.close(db, small, None)
    db.commit()
    with pytest.raises(ReopenRefused, match="closed"):
        reopen_response(db, response, make_user("secretariat"), "Fix it")


@pytest.mark.parametrize("values", [
    {},
    COMPLETE,
    {"crim": "no", "crim.why": "", "agree": "multi"},  # an empty text does not answer
    {"crim": "no", "crim.why": "No law yet", "crim.law": "Kept, hidden", "topics": []},
    {"crim": "yes", "crim.law": "Act 5", "sources": [], "topics": ["sea"], "agree": ""},
])
def test_the_table_counts_progress_exactly_as_the_states_own_forms(db, small, states, make_user, make_reply, values):
    """Monitoring decides "answered" in SQL without reading texts; it agrees with answering.progress."""
    from questionnaire.replies.answering import progress

    make_reply(small, states["MEX"], make_user("focal_point"), values)
    db.expire_all()
    row = rows_by_iso3(monitor(db, small, datetime(2026, 1, 1)))["MEX"]
    expected = progress(small.questions_in_order(), values)
    assert (row.required_answered, row.required_total) == (expected.required_answered, expected.required_total)
