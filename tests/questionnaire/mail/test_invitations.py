"""Invitations and password resets arrive by mail and their single-use links work once, in time."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from questionnaire.models import MailStatus, OutboxMessage, User

LINK = re.compile(r"https?://[^/\s]+(/account/choose-password/[\w.\-]+)")


def _link(text: str) -> str:
    match = LINK.search(text)
    assert match, text
    return match.group(1)


def test_an_invitation_arrives_and_its_link_sets_a_password_and_signs_in(
        app, client, db, make_user, login, smtp, run_worker, text_of):
    login(make_user("secretariat"))
    client.post("/people/new", data={"name": "Marie Curie", "email": "marie@example.fr", "role": "expert",
                                     "state": "FRA"})
    user = db.scalar(select(User).where(User.email == "marie@example.fr"))
    user.locale = "fr"
    db.commit()
    client.post(f"/people/{user.id}/invite")  # resent in her language
    assert "Mail: 2 sent, " in run_worker()
    received = smtp.inbox.to("marie@example.fr")
    assert len(received) == 2 and len(smtp.inbox.messages) == 2
    mail = received[1]
    assert mail["From"] == "Secretariat <secretariat@example.org>" and mail["Content-Language"] == "fr"
    assert 'lang="fr"' in text_of(mail, "html") and "Marie Curie" in text_of(mail)
    link = _link(text_of(mail))
    assert "https://saq.example.org" + link in text_of(mail) and link in text_of(mail, "html")
    newcomer = app.test_client()
    page = newcomer.get(link)
    assert page.status_code == 200 and "marie@example.fr" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    short = newcomer.post(link, data={"password": "short", "confirmation": "short"})
    assert short.status_code == 400 and "at least 8 characters" in short.get_data(as_text=True)
    chosen = newcomer.post(link, data={"password": "a long secret", "confirmation": "a long secret"})
    assert chosen.status_code == 302 and chosen.headers["Location"] == "/"
    assert "Marie Curie" in newcomer.get("/").get_data(as_text=True)
    assert db.get(User, user.id).check_password("a long secret")
    # single use: the same link, and the first invitation's, no longer work
    again = app.test_client().get(link)
    assert again.status_code == 400 and "already been used" in again.get_data(as_text=True)
    assert app.test_client().get(_link(text_of(received[0]))).status_code == 400
    signed_in = app.test_client().post("/login", data={"email": "marie@example.fr", "password": "a long secret"})
    assert signed_in.status_code == 302


def test_users_create_invite_queues_the_invitation(csrf_app, runner, db, states):
    result = runner.invoke(args=["users", "create", "--email", "fp@example.org", "--name", "F P",
                                 "--role", "focal_point", "--state", "MEX", "--invite"])
    assert result.exit_code == 0 and "Invitation queued" in result.output and "Password" not in result.output
    message = db.scalar(select(OutboxMessage))
    assert message.recipient == "fp@example.org" and message.kind == "invitation"


def test_forgot_password_answers_the_same_and_mails_only_known_addresses(
        app, client, db, make_user, smtp, run_worker, text_of):
    user = make_user("focal_point", email="ana@example.org")
    other_browser = app.test_client()
    other_browser.post("/login", data={"email": "ana@example.org", "password": "correct horse battery"})
    assert other_browser.get("/").status_code == 200
    known = client.post("/login/forgot", data={"email": "ANA@example.org"}, follow_redirects=True)
    unknown = client.post("/login/forgot", data={"email": "nobody@example.org"}, follow_redirects=True)
    inactive = make_user("expert", email="gone@example.org", active=False)
    gone = client.post("/login/forgot", data={"email": inactive.email}, follow_redirects=True)
    assert known.status_code == unknown.status_code == gone.status_code == 200
    text = known.get_data(as_text=True)
    assert "If an active account uses this address" in text
    assert unknown.get_data(as_text=True) == text == gone.get_data(as_text=True)
    run_worker()
    assert [m["To"] for m in smtp.inbox.messages] == ["ana@example.org"]
    link = _link(text_of(smtp.inbox.messages[0]))
    assert client.post(link, data={"password": "brand new pass", "confirmation": "brand new pass"}).status_code == 302
    # the reset ended the session in the other browser, and the old password no longer works
    assert other_browser.get("/").status_code == 302
    assert db.get(User, user.id).check_password("brand new pass")
    assert app.test_client().get(link).status_code == 400


@pytest.mark.parametrize(("spoil", "message"), [
    ("expired", "This link has expired"),
    ("tampered", "This link is not valid"),
    ("deactivated", "This account is deactivated"),
    ("other key", "This link is not valid"),
])
def test_a_bad_link_is_refused_and_changes_nothing(app, client, db, make_user, spoil, message):
    user = make_user("expert", email="e@example.org")
    client.post("/login/forgot", data={"email": "e@example.org"})
    link = _link(db.scalar(select(OutboxMessage)).body_text)
    if spoil == "expired":
        app.config["PASSWORD_RESET_HOURS"] = -1
    elif spoil == "tampered":
        link = link[:-3] + ("aaa" if not link.endswith("aaa") else "bbb")
    elif spoil == "deactivated":
        user.active = False
        db.commit()
    elif spoil == "other key":
        app.config["SECRET_KEY"] = "another secret key that is long enough!!"
    hash_before = db.get(User, user.id).password_hash
    for response in (client.get(link), client.post(link, data={"password": "whatever123", "confirmation": "whatever123"})):
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.get(User, user.id).password_hash == hash_before


def test_a_signed_in_person_changes_their_password_with_the_current_one(app, client, db, make_user, login):
    user = make_user("reviewer")
    login(user)
    other = login(user, on=app.test_client())
    wrong = client.post("/account/password", data={"current": "nope", "password": "new password 1",
                                                   "confirmation": "new password 1"})
    assert wrong.status_code == 400 and "current password is not right" in wrong.get_data(as_text=True)
    right = client.post("/account/password", data={"current": "correct horse battery", "password": "new password 1",
                                                   "confirmation": "new password 1"})
    assert right.status_code == 302
    assert client.get("/").status_code == 200  # this session goes on
    assert other.get("/").status_code == 302  # the others ended
    assert db.get(User, user.id).check_password("new password 1")


def test_the_deactivated_person_is_told(client, db, make_user, login):
    login(make_user("secretariat"))
    person = make_user("expert", email="x@example.org")
    client.post(f"/people/{person.id}/deactivate")
    message = db.scalar(select(OutboxMessage).where(OutboxMessage.kind == "account_deactivated"))
    assert message.recipient == "x@example.org" and message.status is MailStatus.QUEUED


def test_the_secretariat_sets_the_language_of_a_persons_mail(client, db, make_user, login):
    login(make_user("secretariat"))
    client.post("/people/new", data={"name": "Li", "email": "li@example.cn", "role": "reviewer", "locale": "zh"})
    user = db.scalar(select(User).where(User.email == "li@example.cn"))
    assert user.locale == "zh" and db.scalar(select(OutboxMessage)).language == "zh"
    refused = client.post(f"/people/{user.id}/edit", data={"name": "Li", "email": "li@example.cn", "role": "reviewer",
                                                           "locale": "xx"})
    assert refused.status_code == 400 and db.get(User, user.id).locale == "zh"  # an unknown language is refused
    client.post(f"/people/{user.id}/edit", data={"name": "Li", "email": "li@example.cn", "role": "reviewer",
                                                 "locale": ""})
    assert db.get(User, user.id).locale is None
