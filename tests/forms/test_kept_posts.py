"""Posts sent after the session ended: kept only with the form's signed token, only for the person it
names, capped in size and in number, shown back only to that person; refused and never stored otherwise."""
from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from questionnaire.auth.kept_posts import issue_token
from questionnaire.models import Answer, PendingPost
from tests.factories import cluster_url, q_of


def fresh(app) -> Session:
    """A session of its own, so what a test reads is what the requests stored."""
    return Session(app.extensions["db_engine"])


def kept_count(app, user_id: int | None = None) -> int:
    query = select(func.count()).select_from(PendingPost)
    if user_id is not None:
        query = query.where(PendingPost.user_id == user_id)
    with fresh(app) as db:
        return db.scalar(query)


def open_form_then_lose_the_session(client, login, user, url) -> str:
    """Open the cluster page as ``user``, then end the session (as sign-out elsewhere or time-out would);
    returns the form's kept-post token."""
    login(user)
    page = client.get(url).get_data(as_text=True)
    with client.session_transaction() as session:
        session.clear()
    return re.search(r'name="kept_post_token" value="([^"]+)"', page).group(1)


def post(client, url, law, text, **extra):
    return client.post(url, data={f"q_{law.id}": text, **extra})


def restore_url(response) -> str:
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/login"
    return parse_qs(urlsplit(response.headers["Location"]).query)["next"][0]


@pytest.mark.parametrize("csrf", [True, False])
def test_an_anonymous_post_without_a_token_is_refused_and_nothing_is_stored(app, client, small, csrf):
    app.config["WTF_CSRF_ENABLED"] = csrf  # with CSRF (production) and past it: refused either way
    law = q_of(small, "crim.law")
    response = post(client, cluster_url(small, code="A"), law, "x" * 200_000)
    assert response.status_code == 400 and b"This form has expired" in response.data
    response = client.post(cluster_url(small, code="A", suffix="/autosave"), data={f"q_{law.id}": "spam"})
    assert response.status_code == 400
    assert kept_count(app) == 0
    with fresh(app) as db:
        assert db.scalar(select(Answer)) is None


def test_an_anonymous_post_with_a_valid_token_is_kept_for_its_owner_only(csrf_app, client, login, make_user, small):
    owner, other = make_user("expert", email="owner@example.org"), make_user("expert", email="other@example.org")
    law, url = q_of(small, "crim.law"), cluster_url(small, code="A")
    token = open_form_then_lose_the_session(client, login, owner, url)
    next_url = restore_url(post(client, url, law, "Careful text", kept_post_token=token, csrf_token="stale"))
    with fresh(csrf_app) as db:
        kept = db.scalar(select(PendingPost))
        assert kept.user_id == owner.id and "kept_post_token" not in kept.fields and "csrf_token" not in kept.fields
        assert db.scalar(select(Answer)) is None  # kept, never saved

    login(other)  # someone else with the link sees nothing of it
    assert "Careful text" not in client.get(next_url).get_data(as_text=True)
    login(owner)
    assert "Careful text" in client.get(next_url).get_data(as_text=True)


def test_a_token_of_another_user_keeps_the_post_only_for_that_user(csrf_app, client, login, make_user, small):
    victim, sender = make_user("expert", email="victim@example.org"), make_user("expert", email="sender@example.org")
    law, url = q_of(small, "crim.law"), cluster_url(small, code="A")
    victims_token = open_form_then_lose_the_session(client, login, victim, url)
    next_url = restore_url(post(client, url, law, "Planted text", kept_post_token=victims_token))
    login(sender)  # the sender cannot get it shown to themselves...
    assert "Planted text" not in client.get(next_url).get_data(as_text=True)
    assert kept_count(csrf_app, sender.id) == 0 and kept_count(csrf_app, victim.id) == 1

    # ...and cannot make a token naming anyone else: changing the signed user refuses the post.
    own_token = open_form_then_lose_the_session(client, login, sender, url)
    forged = URLSafeTimedSerializer("not the app's key", salt="questionnaire.kept-post").dumps(
        {"user": victim.id, "path": url})
    assert post(client, url, law, "Forged", kept_post_token=forged).status_code == 400
    assert post(client, url, law, "Forged", kept_post_token=own_token + "x").status_code == 400
    assert kept_count(csrf_app) == 1


def test_an_expired_token_or_one_for_another_page_is_refused(csrf_app, client, login, make_user, small, monkeypatch):
    owner = make_user("expert")
    law, url = q_of(small, "crim.law"), cluster_url(small, code="A")
    open_form_then_lose_the_session(client, login, owner, url)
    hours = csrf_app.config["KEPT_POST_TOKEN_HOURS"]
    with csrf_app.test_request_context():
        monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time() - hours * 3600 - 5))
        expired = issue_token(owner.id, url)
        monkeypatch.undo()
        other_page = issue_token(owner.id, cluster_url(small, code="B"))
    assert post(client, url, law, "Too late", kept_post_token=expired).status_code == 400
    assert post(client, url, law, "Wrong page", kept_post_token=other_page).status_code == 400
    assert kept_count(csrf_app) == 0


def test_an_over_size_post_is_refused_and_nothing_is_stored(csrf_app, client, login, make_user, small):
    csrf_app.config["KEPT_POST_MAX_BYTES"] = 10_000
    owner = make_user("expert")
    law, url = q_of(small, "crim.law"), cluster_url(small, code="A")
    token = open_form_then_lose_the_session(client, login, owner, url)
    response = post(client, url, law, "é" * 6_000, kept_post_token=token)  # 12,000 bytes in UTF-8
    assert response.status_code == 400 and b"copy any long text" in response.data
    assert kept_count(csrf_app) == 0
    restore_url(post(client, url, law, "a" * 5_000, kept_post_token=token))  # under the cap: kept
    assert kept_count(csrf_app) == 1


def test_the_21st_kept_post_of_a_person_replaces_their_oldest(csrf_app, client, login, make_user, small):
    owner, neighbour = make_user("expert"), make_user("expert")
    law, url = q_of(small, "crim.law"), cluster_url(small, code="A")
    neighbours_token = open_form_then_lose_the_session(client, login, neighbour, url)
    restore_url(post(client, url, law, "Neighbour's", kept_post_token=neighbours_token))
    token = open_form_then_lose_the_session(client, login, owner, url)
    links = [restore_url(post(client, url, law, f"Version {n}", kept_post_token=token)) for n in range(1, 22)]
    assert kept_count(csrf_app, owner.id) == 20
    assert kept_count(csrf_app, neighbour.id) == 1  # one person's posts never push out another's
    login(owner)
    assert "Version 1<" not in client.get(links[0]).get_data(as_text=True)  # the oldest went
    assert "Version 21" in client.get(links[20]).get_data(as_text=True)
    assert "Version 2<" in client.get(links[1]).get_data(as_text=True)
