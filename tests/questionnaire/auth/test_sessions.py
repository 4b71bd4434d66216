"""Sessions that end on the server: a cookie copied before signing out, a password reset, a
deactivation, a change of role or "sign out everywhere" no longer opens anything; idle sessions end."""
from __future__ import annotations

import time

import pytest
from sqlalchemy.orm import Session

from questionnaire.models import User
from questionnaire.people import service as people
from tests.conftest import PASSWORD


def signed_in_client(app, email: str):
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    assert client.get("/").status_code == 200
    return client


def replay(app, cookie: str):
    """A new browser presenting a copied session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief


def change(app, user_id: int, how) -> None:
    """Change the account in a session of its own (as another request would) and commit; in an app
    context, as a request has, since a change may queue mail rendered from templates."""
    with app.app_context(), Session(app.extensions["db_engine"]) as db:
        how(db, db.get(User, user_id))
        db.commit()


@pytest.fixture
def person(make_user):
    return make_user("focal_point", email="ana@example.org")


def test_a_cookie_copied_before_signing_out_is_refused_afterwards(app, person, db):
    client = signed_in_client(app, person.email)
    copied = client.get_cookie("session").value
    assert replay(app, copied).get("/").status_code == 200
    client.post("/logout")
    db.expire_all()
    response = replay(app, copied).get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    saved = replay(app, copied).post("/answers/1/MEX/section/I", data={"q_1": "after sign-out"})
    assert saved.status_code in (302, 400) and "/answers/" not in saved.headers.get("Location", "")


@pytest.mark.parametrize(
    "event",
    ["password reset", "deactivated then reactivated", "role changed", "sign out everywhere"],
)
def test_a_cookie_from_before_the_event_is_refused(app, person, make_user, db, event):
    client = signed_in_client(app, person.email)
    copied = client.get_cookie("session").value
    admin = make_user("secretariat")
    if event == "password reset":
        change(app, person.id, lambda s, u: people.reset_password(s, s.get(User, admin.id), u))
    elif event == "deactivated then reactivated":
        change(app, person.id, lambda s, u: people.set_active(s, s.get(User, admin.id), u, False))
        change(app, person.id, lambda s, u: people.set_active(s, s.get(User, admin.id), u, True))
    elif event == "role changed":
        change(app, person.id, lambda s, u: people.update_user(
            s, s.get(User, admin.id), u, email=u.email, name=u.name, role="expert", iso3="MEX"))
    else:
        other_browser = signed_in_client(app, person.email)
        assert other_browser.post("/account/sign-out-everywhere").status_code == 302
        db.expire_all()
        assert other_browser.get("/").status_code == 302
    db.expire_all()
    assert replay(app, copied).get("/").status_code == 302
    assert client.get("/").status_code == 302


def test_changing_someone_elses_name_leaves_their_session_alone(app, person, make_user, db):
    client = signed_in_client(app, person.email)
    admin = make_user("secretariat")
    change(app, person.id, lambda s, u: people.update_user(
        s, s.get(User, admin.id), u, email=u.email, name="Ana María", role=u.role, iso3="MEX"))
    db.expire_all()
    assert client.get("/").status_code == 200


def test_an_idle_session_ends_and_an_active_one_goes_on(app, person, db):
    client = signed_in_client(app, person.email)
    limit = app.config["IDLE_TIMEOUT_MINUTES"] * 60
    with client.session_transaction() as session:
        session["seen"] = int(time.time()) - limit + 120  # used two minutes before the limit
    assert client.get("/").status_code == 200
    with client.session_transaction() as session:
        assert session["seen"] >= int(time.time()) - 5  # the request counted as activity
        session["seen"] = int(time.time()) - limit - 1
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "without activity" in page


def test_cookies_are_http_only_same_site_and_secure_when_configured(app, person):
    client = app.test_client()
    header = client.post("/login", data={"email": person.email, "password": PASSWORD}).headers["Set-Cookie"]
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" not in header
    app.config["SESSION_COOKIE_SECURE"] = True
    client.post("/logout")
    header = client.post("/login", data={"email": person.email, "password": PASSWORD}).headers["Set-Cookie"]
    assert "Secure" in header


def test_signing_in_starts_a_fresh_session(app, person):
    client = app.test_client()
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    client.post("/login", data={"email": person.email, "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session and session["user_id"] == person.id


def test_the_cookie_is_written_again_when_the_idle_clock_moves_not_on_every_page(app, person):
    client = signed_in_client(app, person.email)
    assert "Set-Cookie" not in client.get("/").headers  # used a moment ago: nothing to write
    with client.session_transaction() as session:
        session["seen"] = int(time.time()) - 90
    moved = client.get("/")
    assert "Set-Cookie" in moved.headers
    with client.session_transaction() as session:
        assert session["seen"] >= int(time.time()) - 5
    assert "Expires=" in moved.headers["Set-Cookie"]  # the cookie's lifetime rolls on with it
