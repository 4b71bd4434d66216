"""A national user reaches only their own State's data; everyone else's gives 404; who writes, submits, exports."""
import pytest
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from questionnaire.access import (
    can_export_unsubmitted,
    can_submit_reply,
    can_write_reply,
    get_questionnaire_or_404,
    get_response_or_404,
    get_state_or_404,
    responses_visible_to,
)
from questionnaire.models import Response, State, User, utcnow


@pytest.fixture
def two_responses(db, som, states):
    mex = Response(questionnaire=som, state=states["MEX"])
    nga = Response(questionnaire=som, state=states["NGA"])
    db.add_all([mex, nga])
    db.commit()
    return mex, nga


def test_national_users_see_only_their_states_responses(db, make_user, two_responses):
    mex, nga = two_responses
    expert = make_user("expert", state="MEX")
    assert db.scalars(responses_visible_to(expert)).all() == [mex]
    assert get_response_or_404(db, expert, mex.id) is mex
    with pytest.raises(NotFound):
        get_response_or_404(db, expert, nga.id)


def test_the_secretariat_sees_every_states_response(db, make_user, two_responses):
    user = make_user("secretariat")
    assert {r.id for r in db.scalars(responses_visible_to(user))} == {r.id for r in two_responses}


def test_reviewers_see_only_submitted_responses(db, make_user, two_responses):
    mex, nga = two_responses
    reviewer = make_user("reviewer")
    assert db.scalars(responses_visible_to(reviewer)).all() == []
    nga.mark_submitted(make_user("focal_point", state="NGA"), utcnow())
    db.commit()
    assert db.scalars(responses_visible_to(reviewer)).all() == [nga]
    with pytest.raises(NotFound):
        get_response_or_404(db, reviewer, mex.id)


def test_state_lookup_hides_other_states_and_unknown_codes(db, make_user, states):
    focal = make_user("focal_point", state="NGA")
    assert get_state_or_404(db, focal, "nga").iso3 == "NGA"
    for code in ("MEX", "XXX"):
        with pytest.raises(NotFound):
            get_state_or_404(db, focal, code)
    assert get_state_or_404(db, make_user("reviewer"), "MEX").iso3 == "MEX"


# --- who may write, submit and export a State's reply (pure: no database) ----------------------------

MEX, NGA = State(id=1, iso3="MEX"), State(id=2, iso3="NGA")


def person(role: str, state: State | None = None) -> User:
    return User(role=role, state_id=state.id if state is not None else None)


@pytest.mark.parametrize(("role", "state", "writes", "submits"), (
    ("focal_point", MEX, True, True),
    ("expert", MEX, True, False),
    ("focal_point", NGA, False, False),
    ("expert", NGA, False, False),
    ("secretariat", None, False, False),
    ("reviewer", None, False, False),
))
def test_only_the_states_own_people_write_and_only_its_focal_point_submits(role, state, writes, submits):
    user = person(role, state)
    assert can_write_reply(user, MEX) is writes
    assert can_submit_reply(user, MEX) is submits


@pytest.mark.parametrize(("role", "state", "everywhere", "own_workbook"), (
    ("secretariat", None, True, True),
    ("reviewer", None, False, False),
    ("focal_point", MEX, False, True),
    ("expert", MEX, False, True),
    ("expert", NGA, False, False),
))
def test_unsubmitted_replies_are_exported_for_the_secretariat_and_the_states_own_people(role, state, everywhere, own_workbook):
    user = person(role, state)
    assert can_export_unsubmitted(user) is everywhere
    assert can_export_unsubmitted(user, MEX) is own_workbook


def test_the_command_line_exports_everything():
    assert can_export_unsubmitted(None)


def test_questionnaire_lookup_404s_unknown_ids_and_unopened_ones_where_states_answer(db, som):
    assert get_questionnaire_or_404(db, som.id) is som
    assert [cluster.code for cluster in som.clusters]  # loaded with its clusters and questions
    with pytest.raises(NotFound):
        get_questionnaire_or_404(db, som.id, answering=True)  # a draft
    with pytest.raises(NotFound):
        get_questionnaire_or_404(db, som.id + 1000)
