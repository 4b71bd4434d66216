"""A national user reaches only their own State's data; everyone else's gives 404."""
import pytest
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from questionnaire.access import get_response_or_404, get_state_or_404, responses_visible_to
from questionnaire.models import Response, utcnow


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
