"""The harness itself: requests see only committed data, and the test sees only what requests committed."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from questionnaire.db import get_session
from questionnaire.models import State, User


@pytest.fixture
def rename(app, make_user, login):
    """A client signed in, and a route that renames Mexico, committing or only flushing as asked."""

    @app.post("/rename/<how>")
    def rename_mexico(how: str):
        session = get_session()
        session.scalar(select(State).where(State.iso3 == "MEX")).name = "Renamed"
        session.commit() if how == "commit" else session.flush()
        return "done"

    return login(make_user("secretariat"), on=app.test_client())


def test_a_change_the_request_only_flushed_is_not_saved(rename, db, states):
    assert rename.post("/rename/flush").status_code == 200
    assert states["MEX"].name == "Mexico"
    assert db.scalar(select(State.name).where(State.iso3 == "MEX")) == "Mexico"


def test_the_test_session_reads_what_the_request_committed(rename, db, states):
    mexico = states["MEX"]
    assert mexico.name == "Mexico"  # loaded, and an open read transaction in the test session
    assert rename.post("/rename/commit").status_code == 200
    assert mexico.name == "Renamed"


def test_a_request_with_uncommitted_setup_data_is_refused(client, db, states):
    db.add(User(email="late@example.org", name="Late", role="reviewer"))
    with pytest.raises(AssertionError, match="never committed"):
        client.get("/login")
    db.rollback()


def test_a_request_after_a_flush_without_commit_is_refused(client, db, states):
    states["MEX"].name = "Flushed"
    db.flush()
    with pytest.raises(AssertionError, match="never committed"):
        client.get("/login")
    db.rollback()


def test_a_request_inside_an_app_context_is_refused(app, client):
    with app.app_context(), pytest.raises(AssertionError, match="app context"):
        client.get("/login")


def test_fresh_db_reads_what_another_session_committed(app, db, states, fresh_db):
    assert states["MEX"].name == "Mexico"
    with app.app_context():  # a service run in its own context, as a command would
        get_session().scalar(select(State).where(State.iso3 == "MEX")).name = "Elsewhere"
        get_session().commit()
    assert fresh_db().scalar(select(State.name).where(State.iso3 == "MEX")) == "Elsewhere"
    assert states["MEX"].name == "Elsewhere"
