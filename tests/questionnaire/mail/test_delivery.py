"""Delivery: nothing lost while the mail server is down, nothing sent twice, every failure visible."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from questionnaire.mail.transport import BadMailUrl, MailTarget, parse_mail_url
from questionnaire.models import MailStatus, OutboxMessage, User, utcnow


@pytest.mark.parametrize(("url", "target"), [
    ("smtp://relay.example.org", MailTarget("smtp", "relay.example.org", 25)),
    ("smtp+starttls://me%40x.org:p%40ss@relay:587", MailTarget("smtp+starttls", "relay", 587, "me@x.org", "p@ss")),
    ("smtps://u:p@relay", MailTarget("smtps", "relay", 465, "u", "p")),
    ("file:///var/lib/saq/mail", MailTarget("file", folder="/var/lib/saq/mail")),
])
def test_mail_urls(url, target):
    assert parse_mail_url(url) == target
    assert "p@ss" not in repr(parse_mail_url(url))


@pytest.mark.parametrize("url", ["http://relay", "smtp://", "file://", ""])
def test_bad_mail_urls_are_refused(url):
    with pytest.raises(BadMailUrl):
        parse_mail_url(url)


def _invite(client, n: int) -> None:
    for i in range(n):
        response = client.post("/people/new", data={"name": f"P {i}", "email": f"p{i}@example.org",
                                                     "role": "reviewer"})
        assert response.status_code == 302


def _statuses(db) -> dict:
    return dict(db.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())


def test_mail_queued_while_the_server_is_down_is_delivered_exactly_once_after_it_returns(
        client, db, make_user, login, smtp, run_worker):
    login(make_user("secretariat"))
    smtp.stop()
    _invite(client, 3)
    assert "3 to retry" in run_worker()
    assert db.scalar(select(func.count()).select_from(User).where(User.email.like("p%@example.org"))) == 3
    failing = db.scalars(select(OutboxMessage)).all()
    assert all(m.status is MailStatus.QUEUED and m.attempts == 1 and "Connection" in m.last_error for m in failing)
    _invite(client, 0)
    smtp.start()
    run_worker()
    run_worker()  # a second run (cron overlapping, a restart) sends nothing again
    assert sorted(m["To"] for m in smtp.inbox.messages) == ["p0@example.org", "p1@example.org", "p2@example.org"]
    assert _statuses(db) == {MailStatus.SENT: 3}
    ids = {m["Message-ID"] for m in smtp.inbox.messages}
    assert ids == {m.message_id for m in db.scalars(select(OutboxMessage))}


def test_a_refused_recipient_stays_queued_with_the_error_and_the_cause_stays(
        client, db, make_user, login, smtp, run_worker):
    login(make_user("secretariat"))
    smtp.inbox.refuse.add("p0@example.org")
    _invite(client, 2)
    run_worker()
    refused = db.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "p0@example.org"))
    assert refused.status is MailStatus.QUEUED and "no such mailbox" in refused.last_error
    assert db.scalar(select(User).where(User.email == "p0@example.org")) is not None
    assert [m["To"] for m in smtp.inbox.messages] == ["p1@example.org"]
    page = client.get("/mail/?status=queued").get_data(as_text=True)
    assert "p0@example.org" in page and "no such mailbox" in page and "p1@example.org" not in page


def test_retries_back_off_and_end_as_failed(app, client, db, make_user, login, smtp, run_worker):
    login(make_user("secretariat"))
    app.config.update(MAIL_RETRY_SECONDS=60, MAIL_MAX_ATTEMPTS=2)
    smtp.stop()
    _invite(client, 1)
    run_worker()
    message = db.scalar(select(OutboxMessage))
    assert message.next_attempt_at >= utcnow() + timedelta(seconds=50)
    run_worker()  # not due yet: no attempt
    assert db.scalar(select(OutboxMessage)).attempts == 1
    message.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.commit()
    run_worker()
    message = db.scalar(select(OutboxMessage))
    assert message.status is MailStatus.FAILED and message.attempts == 2
    assert "Failed" in client.get("/mail/").get_data(as_text=True)
    smtp.start()
    client.post(f"/mail/{message.id}/retry")
    run_worker()
    assert db.scalar(select(OutboxMessage)).status is MailStatus.SENT and len(smtp.inbox.messages) == 1


def test_a_worker_killed_mid_delivery_leaves_the_message_to_be_delivered_once(
        app, client, db, make_user, login, smtp, run_worker):
    login(make_user("secretariat"))
    _invite(client, 1)
    message = db.scalar(select(OutboxMessage))
    # what a worker killed after claiming it leaves behind
    message.status, message.claimed_at, message.attempts = MailStatus.SENDING, utcnow(), 1
    db.commit()
    run_worker()  # recently claimed: another worker may still be sending it
    assert smtp.inbox.messages == []
    message.claimed_at = utcnow() - timedelta(seconds=app.config["MAIL_SENDING_TIMEOUT_SECONDS"] + 1)
    db.commit()
    run_worker()
    run_worker()
    assert len(smtp.inbox.messages) == 1 and db.scalar(select(OutboxMessage)).status is MailStatus.SENT


def test_a_rolled_back_change_sends_nothing(client, db, make_user, login):
    login(make_user("secretariat"))
    make_user("reviewer", email="taken@example.org")
    client.post("/people/new", data={"name": "X", "email": "taken@example.org", "role": "reviewer"})
    assert db.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_the_embedded_default_writes_eml_files_in_the_instance_folder(app, client, db, make_user, login, run_worker,
                                                                       tmp_path):
    app.config["MAIL_URL"] = f"file://{tmp_path / 'mail'}"
    login(make_user("secretariat"))
    _invite(client, 2)
    run_worker()
    run_worker()
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 2 and "p0@example.org" in "".join(f.read_text() for f in files)


def test_only_the_secretariat_sees_the_outbox(client, make_user, login):
    login(make_user("focal_point"))
    assert client.get("/mail/").status_code == 403
    assert client.post("/mail/1/retry").status_code == 403


def test_without_a_mail_url_the_mail_goes_to_the_instance_folder(migrated_engine, database_url, tmp_path, monkeypatch):
    from questionnaire import create_app
    from questionnaire.mail.worker import make_huey

    monkeypatch.setenv("QUESTIONNAIRE_INSTANCE_PATH", str(tmp_path))
    app = create_app({"TESTING": True, "DATABASE_URL": database_url})
    assert app.config["MAIL_URL"] == f"file://{tmp_path / 'mail'}"
    assert parse_mail_url(app.config["MAIL_URL"]).folder == str(tmp_path / "mail")
    assert type(make_huey(app)).__name__ == "SqliteHuey" and (tmp_path / "worker.sqlite").exists()
    app.config["REDIS_URL"] = "redis://127.0.0.1:6379/15"
    assert type(make_huey(app)).__name__ == "RedisHuey"
    app.extensions["db_engine"].dispose()


MAIL_COUNTED = "e-mail messages counted"
#: French words laid over the catalogues for the test below, whatever the catalogues hold today.
WORKER_WORDS = {"fr": {
    (None, "Mail: %(sent)s, %(retried)s, %(failed)s; %(reminders)s."): "Courriel : %(sent)s, %(retried)s, "
                                                                        "%(failed)s ; %(reminders)s.",
    (MAIL_COUNTED, ("%(num)s sent", "%(num)s sent")): ("%(num)s envoyé", "%(num)s d’envoyés", "%(num)s envoyés"),
    (MAIL_COUNTED, ("%(num)s to retry", "%(num)s to retry")): ("%(num)s à réessayer", "%(num)s à réessayer",
                                                                "%(num)s à réessayer"),
    (MAIL_COUNTED, ("%(num)s failed", "%(num)s failed")): ("%(num)s en échec", "%(num)s en échec",
                                                            "%(num)s en échec"),
    (None, ("%(num)s reminder queued", "%(num)s reminders queued")): ("%(num)s rappel en attente", "",
                                                                      "%(num)s rappels en attente"),
    (None, ("%(num)s expired uploaded definition purged.", "%(num)s expired uploaded definitions purged.")): (
        "%(num)s définition déposée expirée supprimée.", "", "%(num)s définitions déposées expirées supprimées."),
}}


def test_the_worker_speaks_the_interface_language_and_mails_each_person_in_theirs(
        client, db, make_user, login, smtp, runner, lay_words):
    lay_words(WORKER_WORDS)
    login(make_user("secretariat"))
    _invite(client, 2)
    said = runner.invoke(args=["worker", "--once", "--interface-lang", "fr"])
    assert said.exit_code == 0, said.output
    assert said.output.splitlines() == ["Courriel : 2 envoyés, 0 à réessayer, 0 en échec ; 0 rappel en attente.",
                                        "0 définition déposée expirée supprimée."]
    assert [mail["Content-Language"] for mail in smtp.inbox.messages] == ["en", "en"]  # the people's language
    assert runner.invoke(args=["worker", "--once"]).output.splitlines() == [
        "Mail: 0 sent, 0 to retry, 0 failed; 0 reminders queued.", "0 expired uploaded definitions purged."]


def test_the_workers_counts_are_found_in_the_shipped_catalogues(runner):
    """Each counted word of the worker's summary is looked up under its context in the catalogues as shipped."""
    said = runner.invoke(args=["worker", "--once", "--interface-lang", "fr"])
    assert said.exit_code == 0, said.output
    summary = said.output.splitlines()[0]
    assert "0 envoyé" in summary and "0 en échec" in summary and "sent" not in summary
