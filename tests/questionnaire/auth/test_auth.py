"""Signing in and out, login everywhere, CSRF, and role checks."""
import pytest
from flask import g
from werkzeug.exceptions import Forbidden

from questionnaire.auth.guards import roles_required
from questionnaire.auth.service import safe_next
from questionnaire.models import AuditEvent, Role
from sqlalchemy import select

GENERIC_FAILURE = b"The e-mail or password is not right, or the account is not active."


def post_login(client, email, password, next_url=None):
    url = "/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": email, "password": password})


def test_login_with_right_password_signs_in_and_records_it(client, make_user, db):
    user = make_user("reviewer", email="reader@example.org")
    response = post_login(client, "Reader@Example.org ", "correct horse battery")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get("/")
    assert b"Welcome, " in page.data and user.name.encode() in page.data
    assert db.scalar(select(AuditEvent.action).where(AuditEvent.user_id == user.id)) == "user.login"


@pytest.mark.parametrize(
    ("email", "password", "active"),
    [
        ("known@example.org", "wrong password", True),
        ("nobody@example.org", "correct horse battery", True),
        ("known@example.org", "correct horse battery", False),
    ],
)
def test_failed_login_says_the_same_thing_whatever_failed(client, make_user, email, password, active):
    make_user("secretariat", email="known@example.org", active=active)
    response = post_login(client, email, password)
    assert response.status_code == 200
    assert GENERIC_FAILURE in response.data
    assert email.encode() in response.data  # the typed e-mail is shown again
    assert client.get("/").status_code == 302


def test_every_page_but_login_requires_signing_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/")
    assert client.get("/login").status_code == 200
    with client.get("/static/app.css") as stylesheet:
        assert stylesheet.status_code == 200


def test_login_returns_to_the_page_asked_for_but_never_off_site(client, make_user):
    make_user("reviewer", email="r@example.org")
    assert post_login(client, "r@example.org", "correct horse battery", "/some/page").headers["Location"] == "/some/page"
    client.post("/logout")
    assert post_login(client, "r@example.org", "correct horse battery", "//evil.example/x").headers["Location"] == "/"


@pytest.mark.parametrize(
    ("target", "expected"),
    [("/a?b=1", "/a?b=1"), ("https://evil.example/", None), ("//evil.example", None), ("javascript:alert(1)", None), ("", None)],
)
def test_safe_next_only_accepts_local_paths(target, expected):
    assert safe_next(target) == expected


def test_deactivated_user_is_signed_out_on_next_request(client, make_user, login, db):
    user = make_user("expert")
    login(user)
    assert client.get("/").status_code == 200
    user.active = False
    db.commit()
    assert client.get("/").status_code == 302


def test_logout_is_a_post_and_ends_the_session(client, make_user, login):
    login(make_user("reviewer"))
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/").status_code == 302


def test_post_without_csrf_token_is_rejected(csrf_app, make_user):
    make_user("reviewer", email="r@example.org")
    client = csrf_app.test_client()
    response = client.post("/login", data={"email": "r@example.org", "password": "correct horse battery"})
    assert response.status_code == 400
    assert b"This form has expired" in response.data


def test_post_with_csrf_token_from_the_page_is_accepted(csrf_app, make_user, csrf_token):
    make_user("reviewer", email="r@example.org")
    client = csrf_app.test_client()
    token = csrf_token(client.get("/login").data)
    response = client.post("/login", data={"email": "r@example.org", "password": "correct horse battery", "csrf_token": token})
    assert response.status_code == 302


def test_roles_required_refuses_other_roles(app, make_user):
    @roles_required(Role.SECRETARIAT)
    def secretariat_only():
        return "ok"

    with app.test_request_context():
        g.user = make_user("secretariat")
        assert secretariat_only() == "ok"
        g.user = make_user("reviewer")
        with pytest.raises(Forbidden):
            secretariat_only()
