"""The site's header is rendered once per language, person and page address and kept by the worker: a kept
header is the header rendered afresh, follows a change of name, role, State or language at once, and its
sign-out form carries the request's own CSRF token."""
from __future__ import annotations

import re

import pytest

import questionnaire.navigation
from questionnaire.structure import Kept

HEADER = re.compile(r'<header class="site-header".*?</header>', re.S)


def _header(client, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200
    return HEADER.search(page.get_data(as_text=True)).group(0)


def _fresh(client, path, monkeypatch) -> str:
    """The header as rendered when nothing is kept (a worker that keeps none)."""
    with monkeypatch.context() as cold:
        cold.setattr(questionnaire.navigation, "KEPT_HEADERS", 0)
        client.application.extensions.pop("questionnaire.site_headers", None)
        header = _header(client, path)
        client.application.extensions.pop("questionnaire.site_headers", None)
    return header


@pytest.mark.parametrize("role", ["secretariat", "focal_point", "reviewer"])
@pytest.mark.parametrize("path", ["/", "/answers/", "/?lang=ar", "/?lang=zh&show=all"])
def test_a_kept_header_is_the_header_rendered_afresh(app, client, login, make_user, monkeypatch, role, path):
    login(make_user(role, name='Ana "A" <López>'))
    if role != "focal_point" and path == "/answers/":
        path = "/"
    fresh = _fresh(client, path, monkeypatch)
    kept_first, kept_again = _header(client, path), _header(client, path)
    assert kept_first == kept_again == fresh
    assert len(app.extensions["questionnaire.site_headers"]) == 1
    assert "&lt;López&gt;" in fresh and "<López>" not in fresh


def test_the_kept_header_follows_the_person_and_the_language_at_once(app, client, login, make_user, db, states):
    person = make_user("focal_point", name="Ana López")
    login(person)
    assert "Ana López" in _header(client, "/") and "Mexico" in _header(client, "/")
    person.name = "Ana María López"
    db.commit()
    assert "Ana María López" in _header(client, "/")
    person.name, person.role, person.state = "Ana López Pérez", "expert", states["NGA"]
    db.commit()
    login(person)  # a new role or State ends the session: sign in again
    header = _header(client, "/")
    assert "Ana López Pérez" in header and "Governmental expert" in header and "Nigeria" in header
    assert 'lang="fr" aria-current="true"' in _header(client, "/?lang=fr")
    assert "?lang=es" in _header(client, "/answers/?lang=fr")


def test_anonymous_pages_share_no_person_s_header(client, login, make_user):
    login(make_user("secretariat", name="Kept Secretariat"))
    assert "Kept Secretariat" in _header(client, "/login?lang=en")
    anonymous = client.application.test_client()
    header = _header(anonymous, "/login?lang=en")
    assert "Kept Secretariat" not in header and "Sign out" not in header


def test_the_sign_out_form_carries_this_request_s_token(csrf_app, client, login, make_user, csrf_token):
    login(make_user("reviewer"))
    for _ in range(2):  # the second page's header is a kept one
        header = _header(client, "/")
    token = csrf_token(header)
    assert token and csrf_token(client.get("/").get_data(as_text=True)) == token  # the page's forms' own token
    out = client.post("/logout", data={"csrf_token": token})
    assert out.status_code == 302
    assert client.get("/").status_code in (302, 401)  # signed out


def test_at_most_the_kept_number_of_headers_stay(app, client, login, make_user, monkeypatch):
    monkeypatch.setattr(questionnaire.navigation, "KEPT_HEADERS", 3)
    app.extensions.pop("questionnaire.site_headers", None)
    login(make_user("reviewer"))
    for n in range(6):
        _header(client, f"/?n={n}")
    kept: Kept = app.extensions["questionnaire.site_headers"]
    assert len(kept) == 3
