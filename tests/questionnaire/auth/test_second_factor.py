"""Two-step sign-in: enrolment with an inline QR code, codes checked once, recovery codes used once,
roles that must enrol, and the secretariat resetting a lost second factor (audited)."""
from __future__ import annotations

import re
import time

import pyotp
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaire.models import AuditEvent, User
from tests.conftest import PASSWORD


def fresh(app) -> Session:
    return Session(app.extensions["db_engine"])


def enrol(app, client, user) -> tuple[str, list[str]]:
    """Enrol ``user`` (signed in on ``client``); returns their secret and recovery codes."""
    page = client.get("/account/second-factor").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page and "https://" not in page.split("<main", 1)[-1]
    with fresh(app) as db:
        secret = db.get(User, user.id).totp_secret
    assert secret in page  # for people who cannot scan
    done = client.post("/account/second-factor", data={"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200 and done.headers["Cache-Control"] == "no-store"
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", done.get_data(as_text=True))
    assert len(codes) == 10
    return secret, codes


def password_step(client, user):
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/login/second-step"
    assert client.get("/").status_code == 302  # the password alone opens nothing
    return response


def next_code(secret: str) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30)  # the next step: the current one was used to enrol


@pytest.fixture
def enrolled(app, client, login, make_user, db):
    user = make_user("expert", email="eva@example.org")
    login(user)
    secret, codes = enrol(app, client, user)
    client.post("/logout")
    db.expire_all()
    return user, secret, codes


def test_enrolment_refuses_a_wrong_code_and_keeps_only_hashes(app, client, login, make_user, db):
    user = make_user("expert")
    login(user)
    client.get("/account/second-factor")
    assert client.post("/account/second-factor", data={"code": "000000"}).status_code == 400
    with fresh(app) as own:
        assert not own.get(User, user.id).has_second_factor
    db.expire_all()
    _, codes = enrol(app, client, user)
    with fresh(app) as own:
        stored = own.get(User, user.id).recovery_code_hashes
        assert len(stored) == 10 and not set(codes) & set(stored)


def test_a_right_code_signs_in_and_a_wrong_or_reused_one_is_refused(app, client, enrolled, db):
    user, secret, _ = enrolled
    password_step(client, user)
    wrong = client.post("/login/second-step", data={"code": "123456"})
    assert wrong.status_code == 200 and b"The code is not right" in wrong.data
    with fresh(app) as own:
        assert own.get(User, user.id).failed_logins == 1
        assert own.scalar(select(AuditEvent.details).where(AuditEvent.action == "user.login_failed"))["reason"] == "second_factor"
    code = next_code(secret)
    db.expire_all()
    assert client.post("/login/second-step", data={"code": code}).status_code == 302
    assert client.get("/").status_code == 200
    client.post("/logout")
    db.expire_all()
    password_step(client, user)
    assert client.post("/login/second-step", data={"code": code}).status_code == 200  # the same code again
    assert client.get("/").status_code == 302


def test_a_recovery_code_works_once(app, client, enrolled, db):
    user, _, codes = enrolled
    password_step(client, user)
    assert client.post("/login/second-step", data={"code": codes[3].upper()}).status_code == 302
    client.post("/logout")
    db.expire_all()
    password_step(client, user)
    assert client.post("/login/second-step", data={"code": codes[3]}).status_code == 200
    assert client.get("/").status_code == 302
    with fresh(app) as own:
        assert len(own.get(User, user.id).recovery_code_hashes) == 9


def test_the_second_step_expires_and_needs_the_password_first(app, client, enrolled):
    user, secret, _ = enrolled
    assert client.get("/login/second-step").headers["Location"] == "/login"
    password_step(client, user)
    with client.session_transaction() as session:
        session["second_step"] = {**session["second_step"], "at": int(time.time()) - 600}
    assert client.post("/login/second-step", data={"code": next_code(secret)}).headers["Location"] == "/login"


def test_required_roles_must_enrol_before_anything_else(app, client, login, make_user, db):
    app.config["MFA_REQUIRED_ROLES"] = "secretariat, reviewer"
    admin = make_user("secretariat")
    login(admin)
    response = client.get("/people/")
    assert response.status_code == 302 and response.headers["Location"] == "/account/second-factor"
    enrol(app, client, admin)
    db.expire_all()
    assert client.get("/people/").status_code == 200  # the enrolling session goes on
    login(make_user("expert"))
    assert client.get("/").status_code == 200  # roles not listed are free to choose


def test_the_secretariat_resets_a_lost_second_factor_and_it_is_audited(app, client, login, make_user, enrolled, db):
    user, secret, _ = enrolled
    person_client = app.test_client()
    password_step(person_client, user)
    person_client.post("/login/second-step", data={"code": next_code(secret)})
    assert person_client.get("/").status_code == 200
    admin = make_user("secretariat")
    login(make_user("expert"))
    assert client.post(f"/people/{user.id}/second-factor/reset").status_code == 403
    login(admin)
    assert "Reset two-step sign-in" in client.get(f"/people/{user.id}/edit").get_data(as_text=True)
    assert client.post(f"/people/{user.id}/second-factor/reset").status_code == 302
    with fresh(app) as own:
        assert not own.get(User, user.id).has_second_factor
        event = own.scalar(select(AuditEvent).where(AuditEvent.action == "user.second_factor_reset"))
        assert event.user_id == admin.id and event.target == f"user:{user.id}"
        assert event.details == {"before": {"enrolled": True}, "after": {"enrolled": False}}
    db.expire_all()
    assert person_client.get("/").status_code == 302  # their sessions ended with it
    fresh_client = app.test_client()
    assert fresh_client.post("/login", data={"email": user.email, "password": PASSWORD}).headers["Location"] == "/"


def test_the_security_page_shows_the_second_factor_and_offers_sign_out_everywhere(app, client, login, make_user, enrolled):
    user, _, _ = enrolled
    login(make_user("reviewer"))
    page = client.get("/account/security").get_data(as_text=True)
    assert "Set up two-step sign-in" in page and "Sign out everywhere" in page
    login(user)
    page = client.get("/account/security").get_data(as_text=True)
    assert "Recovery codes left: 10" in page and "Set up two-step sign-in" not in page
    assert client.get("/account/second-factor").headers["Location"] == "/account/security"  # no second enrolment


def test_a_reset_password_of_an_enrolled_person_is_kept_and_the_second_step_still_asked(app, client, enrolled):
    from questionnaire.auth import password_links
    from questionnaire.auth.password_links import Purpose

    user, secret, _codes = enrolled
    with app.test_request_context():
        with fresh(app) as own:
            token = password_links.issue(own.get(User, user.id), Purpose.RESET)
    chosen = client.post(f"/account/choose-password/{token}",
                         data={"password": "a brand new pass", "confirmation": "a brand new pass"})
    assert chosen.status_code == 302 and chosen.headers["Location"] == "/login"  # not signed in by the link
    with fresh(app) as own:
        assert own.get(User, user.id).check_password("a brand new pass")
    step = client.post("/login", data={"email": user.email, "password": "a brand new pass"})
    assert step.headers["Location"] == "/login/second-step"
