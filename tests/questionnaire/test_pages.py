"""The layout every page shares, the home page per role, error pages and security headers."""
import pytest
from sqlalchemy import func, select

from questionnaire.db import get_session
from questionnaire.models import State


def test_layout_has_language_direction_skip_link_and_landmarks(client, make_user, login):
    login(make_user("reviewer"))
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in html
    assert 'class="skip-link" href="#main"' in html and '<main id="main"' in html
    assert 'role="banner"' in html and 'role="contentinfo"' in html and "<nav" in html


def test_arabic_is_laid_out_right_to_left_and_remembered(app, client, make_user, login):
    app.config["LANGUAGES"] = ["en", "ar"]
    login(make_user("reviewer"))
    assert '<html lang="ar" dir="rtl">' in client.get("/?lang=ar").get_data(as_text=True)
    assert 'dir="rtl"' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("role", "words"),
    [
        ("secretariat", "You draft the questionnaire"),
        ("focal_point", "You coordinate the reply of Mexico and submit it"),
        ("expert", "You help draft the reply of Mexico"),
        ("reviewer", "You read the submitted replies"),
    ],
)
def test_home_page_tells_each_role_what_it_can_do(client, make_user, login, role, words):
    login(make_user(role))
    assert words in client.get("/").get_data(as_text=True)


def test_user_names_are_escaped(client, make_user, login):
    login(make_user("reviewer", name="<script>alert(1)</script>"))
    html = client.get("/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_unknown_page_gives_a_friendly_404(client, make_user, login):
    login(make_user("reviewer"))
    response = client.get("/no/such/page")
    assert response.status_code == 404 and "Page not found" in response.get_data(as_text=True)


def test_security_headers_on_every_response(client):
    response = client.get("/login")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_server_error_page_rolls_back_what_the_request_wrote(app, db, states, make_user, login, caplog):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/boom")
    def boom():
        session = get_session()
        session.get(State, states["MEX"].id).name = "Changed"
        session.flush()
        raise RuntimeError("boom")

    client = app.test_client()
    login(make_user("reviewer"), on=client)
    response = client.get("/boom")
    assert response.status_code == 500 and "Something went wrong" in response.get_data(as_text=True)
    assert "RuntimeError: boom" in caplog.text  # the view wrote and flushed before it failed
    assert db.scalar(select(State.name).where(State.iso3 == "MEX")) == "Mexico"
    assert db.scalar(select(func.count()).select_from(State)) == 194  # 193 States and the European Union


def test_an_upload_over_the_limit_gets_the_friendly_413_page_when_signed_in(app, make_user, login):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    client = app.test_client()
    login(make_user("secretariat"), on=client)
    response = client.post("/login", data={"email": "x" * 5000, "password": "y"})
    assert response.status_code == 413
    assert "File too large" in response.get_data(as_text=True)


def test_statuses_are_shown_in_words_of_the_readers_language(app, client, make_user, login, som):
    from questionnaire.replies.status_labels import status_label

    with app.test_request_context():
        assert (status_label("draft"), status_label("not_started"), status_label("adopted")) == ("Draft", "Not started", "Adopted")
    login(make_user("secretariat"))
    page = client.get("/builder/").get_data(as_text=True)
    assert 'class="badge badge-draft">Draft</span>' in page


@pytest.mark.parametrize(
    ("code", "sign_in"),
    [("fr", "Se connecter"), ("es", None), ("ar", None), ("ru", "Войти"), ("zh", "登录")],
)
def test_the_interface_speaks_each_language(client, code, sign_in):
    page = client.get(f"/login?lang={code}").get_data(as_text=True)
    assert f'<html lang="{code}"' in page and "Sign in" not in page
    if sign_in:
        assert sign_in in page


def test_refusals_name_the_status_in_the_readers_language(app, db, som):
    from questionnaire import lifecycle

    with app.test_request_context("/?lang=fr"):
        with pytest.raises(lifecycle.TransitionRefused) as refused:
            lifecycle.adopt(db, som, None)
    assert "draft" not in str(refused.value) and "projet" in str(refused.value).lower()
    with pytest.raises(lifecycle.TransitionRefused) as refused_in_a_command:
        lifecycle.adopt(db, som, None)  # outside a request (a command): still a clear message, no crash
    assert str(refused_in_a_command.value)


def test_every_room_index_answers_with_and_without_its_trailing_slash(app, client, make_user, login):
    login(make_user("secretariat"))
    rooms = sorted({rule.rule.rstrip("/") for rule in app.url_map.iter_rules()
                    if rule.endpoint.endswith(".index") and rule.rule != "/" and "<" not in rule.rule})
    assert "/monitoring" in rooms and "/audit" in rooms
    for room in rooms:
        for path in (room, room + "/"):
            response = client.get(path, follow_redirects=True)
            assert response.status_code == 200, path


def test_times_are_shown_to_the_minute(app):
    from datetime import datetime

    from questionnaire.locale import format_datetime_value

    with app.test_request_context():
        shown = format_datetime_value(datetime(2026, 11, 28, 23, 59, 59))
    assert "11:59" in shown and ":59:59" not in shown and "2026" in shown
