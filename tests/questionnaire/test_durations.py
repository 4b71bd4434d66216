"""Lengths of time from the settings are written in words, in the largest unit that says them exactly and with
each language's own plural."""
from __future__ import annotations

import pytest
from flask_babel import force_locale

from questionnaire.durations import duration_words


@pytest.mark.parametrize(("minutes", "language", "words"), [
    (60, "en", "1 hour"), (120, "en", "2 hours"), (72 * 60, "en", "3 days"), (90, "en", "90 minutes"),
    (1, "en", "1 minute"), (60, "fr", "1\u00a0heure"), (72 * 60, "fr", "3\u00a0jours"), (120, "ar", "ساعتان"),
    (72 * 60, "ru", "3 дня"), (5 * 60, "ru", "5 часов"), (90, "zh", "90分钟"), (0.5, "en", "0.5 minutes"),
])
def test_a_duration_reads_in_the_largest_exact_unit(app, minutes, language, words):
    with app.test_request_context(), force_locale(language):
        assert duration_words(minutes) == words


def test_the_idle_sign_out_and_the_reset_link_say_their_time_in_words(app, client, make_user, login):
    app.config["PASSWORD_RESET_HOURS"] = 48
    page = client.post("/login/forgot", data={"email": "nobody@example.org"}, follow_redirects=True)
    assert "within 2 days." in page.get_data(as_text=True)
