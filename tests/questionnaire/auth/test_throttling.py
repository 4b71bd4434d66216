"""Throttled sign-in: per-account delays and locks kept in the database, a per-address rate limit, the
same answer in similar time for unknown accounts, failures in the audit log, the secretariat unlocking."""
from __future__ import annotations

import socket
import statistics
import time
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaire import create_app
from questionnaire.models import AuditEvent, User, utcnow
from questionnaire.security import limiter
from tests.conftest import PASSWORD

FAILED = b"The e-mail or password is not right, or the account is not active."


def fresh(app) -> Session:
    return Session(app.extensions["db_engine"])


def sign_in(client, email, password):
    return client.post("/login", data={"email": email, "password": password})


@pytest.fixture
def no_address_limit(app):
    app.config["LOGIN_RATE_LIMIT"] = "10000 per minute"  # these tests are about the per-account rule
    return app


def test_thirty_wrong_passwords_lock_the_account_until_the_lock_ends(no_address_limit, client, make_user, db):
    app, app_session = no_address_limit, db
    user = make_user("focal_point", email="ana@example.org")
    for _ in range(30):
        response = sign_in(client, "ana@example.org", "guess")
        assert response.status_code == 200 and FAILED in response.data
    right = sign_in(client, "ana@example.org", PASSWORD)
    assert right.status_code == 200 and FAILED in right.data  # the same answer: nothing tells it was right
    assert client.get("/").status_code == 302

    with fresh(app) as db:
        locked = db.get(User, user.id)
        assert locked.failed_logins == 10  # attempts while locked are refused, not counted
        assert locked.locked_until > utcnow() + timedelta(minutes=14)
        actions = db.scalars(select(AuditEvent.action).where(AuditEvent.target == f"user:{user.id}")).all()
        assert actions.count("user.locked") == 1 and actions.count("user.login_failed") == 31
        locked.locked_until = utcnow() - timedelta(seconds=1)  # the lock ends
        db.commit()
    app_session.expire_all()  # the tests' shared app context keeps its session across requests
    assert sign_in(client, "ana@example.org", PASSWORD).status_code == 302
    with fresh(app) as db:
        assert db.get(User, user.id).failed_logins == 0


def test_failures_past_the_free_attempts_make_the_account_wait_longer_each_time(no_address_limit, client, make_user, db):
    app, app_session = no_address_limit, db
    user = make_user("expert", email="bo@example.org")
    waits = []
    for _ in range(app.config["LOGIN_FREE_ATTEMPTS"] + 3):
        with fresh(app) as own:  # let any wait pass, so each attempt counts
            waiting = own.get(User, user.id)
            waiting.locked_until = None
            own.commit()
        app_session.expire_all()
        before = utcnow()
        sign_in(client, "bo@example.org", "guess")
        with fresh(app) as db:
            until = db.get(User, user.id).locked_until
            waits.append(int((until - before).total_seconds()) if until else 0)  # the wait, plus < 1 s of request
    assert waits == [0] * app.config["LOGIN_FREE_ATTEMPTS"] + [1, 2, 4]
    assert sign_in(client, "bo@example.org", PASSWORD).status_code == 200  # refused while it waits


def test_unknown_accounts_get_the_same_answer_in_similar_time(no_address_limit, client, make_user):
    app = no_address_limit
    make_user("reviewer", email="known@example.org")
    app.config["LOGIN_FREE_ATTEMPTS"] = 1000  # measure the check itself, not the lock

    def timed(email: str) -> tuple[float, bytes]:
        # the work the server does (the client runs in this process), which other programs on a busy
        # machine do not lengthen as they do the wall-clock time
        started = time.process_time()
        response = sign_in(client, email, "wrong password")
        return time.process_time() - started, response.get_data().replace(email.encode(), b"EMAIL")

    timed("known@example.org"), timed("nobody@example.org")  # warm up both paths
    known, unknown = [], []
    for n in range(7):  # taken in turns, so that a slow spell weighs on both
        known.append(timed("known@example.org"))
        unknown.append(timed(f"nobody{n}@example.org"))
    assert {page for _, page in known} == {page for _, page in unknown}  # byte for byte the same page
    known_ms = statistics.median(t for t, _ in known) * 1000
    unknown_ms = statistics.median(t for t, _ in unknown) * 1000
    assert 0.5 < unknown_ms / known_ms < 2, (known_ms, unknown_ms)
    with fresh(app) as db:
        assert db.scalar(select(AuditEvent).where(AuditEvent.target == "email:nobody0@example.org")).details == {
            "reason": "unknown"}


def test_too_many_attempts_from_one_address_get_the_apps_429_page(app, client, make_user):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    make_user("reviewer", email="r@example.org")
    for _ in range(3):
        assert sign_in(client, "r@example.org", "wrong").status_code == 200
    refused = sign_in(client, "r@example.org", PASSWORD)
    assert refused.status_code == 429 and b"Too many attempts" in refused.data
    other_address = app.test_client()
    other_address.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert sign_in(other_address, "r@example.org", PASSWORD).status_code == 302
    assert client.get("/login").status_code == 200  # only sign-in attempts are limited


def redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379 to share rate limits through")
def test_the_address_limit_is_shared_through_redis_by_every_process(migrated_engine, database_url):
    config = {"TESTING": True, "SECRET_KEY": "test-secret", "DATABASE_URL": database_url, "WTF_CSRF_ENABLED": False,
              "MFA_REQUIRED_ROLES": "", "RATELIMIT_STORAGE_URL": "redis://127.0.0.1:6379", "LOGIN_RATE_LIMIT": "2 per minute"}
    workers = [create_app(config), create_app(config)]  # two processes' apps, one Redis
    # An address of its own per run: Redis outlives the test, so counts from an earlier run must not count.
    run = uuid.uuid4().int
    address = {"REMOTE_ADDR": f"fd00::{run % 65536:x}:{(run >> 16) % 65536:x}:{(run >> 32) % 65536:x}"}
    try:
        first, second = (worker.test_client() for worker in workers)
        first.environ_base.update(address)
        second.environ_base.update(address)
        assert sign_in(first, "x@example.org", "a").status_code == 200
        assert sign_in(second, "x@example.org", "b").status_code == 200
        assert sign_in(first, "x@example.org", "c").status_code == 429  # counted across both
    finally:
        for worker in workers:
            worker.extensions["db_engine"].dispose()


def test_the_secretariat_unlocks_an_account_and_it_is_audited(no_address_limit, client, make_user, login):
    app = no_address_limit
    locked = make_user("focal_point", email="locked@example.org")
    for _ in range(10):
        sign_in(client, "locked@example.org", "guess")
    assert sign_in(client, "locked@example.org", PASSWORD).status_code == 200
    admin = make_user("secretariat")
    login(admin)
    page = client.get(f"/people/{locked.id}/edit").get_data(as_text=True)
    assert "Sign-in locked until" in page and "Unlock sign-in" in page
    login(make_user("reviewer"))
    assert client.post(f"/people/{locked.id}/unlock").status_code == 403
    login(admin)
    assert client.post(f"/people/{locked.id}/unlock").status_code == 302
    with fresh(app) as db:
        assert db.get(User, locked.id).locked_until is None
        event = db.scalar(select(AuditEvent).where(AuditEvent.action == "user.unlock"))
        assert event.user_id == admin.id and event.details["before"]["failed_logins"] == 10
        assert event.details["after"] == {"failed_logins": 0, "locked_until": None}
    client.post("/logout")
    assert sign_in(client, "locked@example.org", PASSWORD).status_code == 302


def _app_with(migrated_engine, database_url, **settings):
    config = {"TESTING": True, "SECRET_KEY": "test-secret", "DATABASE_URL": database_url, "WTF_CSRF_ENABLED": False,
              "MFA_REQUIRED_ROLES": "", "LOGIN_RATE_LIMIT": "2 per minute", **settings}
    return create_app(config)


def test_behind_one_proxy_the_address_limit_counts_each_forwarded_client(migrated_engine, database_url):
    app = _app_with(migrated_engine, database_url, PROXY_COUNT=1)
    try:
        proxy = app.test_client()
        proxy.environ_base["REMOTE_ADDR"] = "10.0.0.2"  # every request arrives from the proxy
        first = {"X-Forwarded-For": "198.51.100.1"}
        for password in ("a", "b"):
            assert proxy.post("/login", data={"email": "x@example.org", "password": password},
                              headers=first).status_code == 200
        assert proxy.post("/login", data={"email": "x@example.org", "password": "c"},
                          headers=first).status_code == 429
        # another client behind the same proxy is not held back by the first one's attempts
        assert proxy.post("/login", data={"email": "x@example.org", "password": "d"},
                          headers={"X-Forwarded-For": "198.51.100.2"}).status_code == 200
    finally:
        app.extensions["db_engine"].dispose()


def test_without_a_proxy_a_forged_forwarded_address_does_not_escape_the_limit(migrated_engine, database_url):
    app = _app_with(migrated_engine, database_url)  # PROXY_COUNT 0: the connection's address counts
    try:
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = "203.0.113.9"
        for attempt in range(2):
            assert client.post("/login", data={"email": "x@example.org", "password": str(attempt)},
                               headers={"X-Forwarded-For": f"198.51.100.{attempt}"}).status_code == 200
        assert client.post("/login", data={"email": "x@example.org", "password": "z"},
                           headers={"X-Forwarded-For": "198.51.100.77"}).status_code == 429
    finally:
        app.extensions["db_engine"].dispose()


def test_a_default_limit_set_by_a_deployment_applies_to_every_page(migrated_engine, database_url):
    app = _app_with(migrated_engine, database_url, RATELIMIT_DEFAULT="2 per minute")
    try:
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"198.51.100.{uuid.uuid4().int % 200 + 20}"
        assert [client.get("/").status_code for _ in range(3)] == [302, 302, 429]  # a page without limits of its own
    finally:
        app.extensions["db_engine"].dispose()
        limiter.limit_manager.set_default_limits([])  # the limiter is one per process: later apps set none
