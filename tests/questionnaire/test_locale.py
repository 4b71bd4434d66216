"""Local time and status words: one definition for the pages, the monitoring CSV and the spreadsheets (pure)."""
from datetime import datetime, timezone

from flask_babel import gettext

from questionnaire.locale import local_time, worded_in
from questionnaire.replies.status_labels import status_label

NOON_UTC = datetime(2026, 1, 15, 12, 0)


def test_times_are_shown_naive_in_the_viewers_zone():
    assert local_time("Europe/Vienna")(NOON_UTC) == datetime(2026, 1, 15, 13, 0)
    assert local_time("America/Mexico_City")(datetime(2026, 7, 1, 3, 0)) == datetime(2026, 6, 30, 21, 0)
    assert local_time("UTC")(NOON_UTC) == NOON_UTC
    assert local_time(timezone.utc)(NOON_UTC) == NOON_UTC


def test_a_missing_time_stays_missing():
    assert local_time("Europe/Vienna")(None) is None
    assert local_time("UTC")(None) is None


def test_every_status_has_its_words_and_an_unknown_one_shows_its_code():
    assert [status_label(s) for s in ("not_started", "draft", "submitted", "reopened")] == [
        "Not started", "Draft", "Submitted", "Reopened"]
    assert [status_label(s) for s in ("endorsed", "adopted", "open", "closed")] == [
        "Endorsed", "Adopted", "Open", "Closed"]
    assert status_label("archived") == "archived"


def test_the_language_menu_keeps_the_pages_filters(client, login, make_user):
    login(make_user("secretariat"))
    page = client.get("/audit/?action=user.login&action=user.update&page=2&lang=fr").get_data(as_text=True)
    assert 'href="?action=user.login&amp;action=user.update&amp;page=2&amp;lang=ar"' in page
    assert 'href="?lang=es"' in client.get("/audit/").get_data(as_text=True)


def test_the_questionnaires_own_words_switch_language_only_where_another_is_asked_for(app):
    with app.test_request_context("/?lang=en"):
        with worded_in("fr") as switched:
            assert switched == "fr" and gettext("Yes, in part") == "Oui, en partie"
        assert gettext("Yes, in part") == "Yes, in part"  # the page's language again after
        for same_or_unknown in ("en", None, "", "de"):
            with worded_in(same_or_unknown) as switched:
                assert switched is None and gettext("Yes, in part") == "Yes, in part"


def test_a_count_in_a_template_is_written_the_readers_way(app):
    """``ngettext`` in a template writes its count with the reader's digit grouping; a ``num`` it is given wins."""
    from flask import render_template_string
    from flask_babel import force_locale

    counted = ('{{ ngettext("%(num)s reply", "%(num)s replies", count) }}|'
               '{{ ngettext("%(num)s reply", "%(num)s replies", count, num="many") }}')
    with app.test_request_context("/"):
        assert render_template_string(counted, count=1) == "1 reply|many reply"
        assert render_template_string(counted, count=12345) == "12,345 replies|many replies"
        with force_locale("fr"):
            shown = render_template_string(counted, count=12345)
        assert shown.startswith("12\u202f345 ") and "|many " in shown


def test_a_count_in_a_message_from_the_code_is_written_the_readers_way(app):
    """Counts in flashes, refusals and validation messages are grouped as the pages group them."""
    from flask_babel import force_locale

    from questionnaire.kinds import get_kind
    from questionnaire.kinds.base import InvalidAnswer
    from questionnaire.locale import ngettext

    with app.test_request_context("/"):
        assert ngettext("%(num)s reply", "%(num)s replies", 12345) == "12,345 replies"
        assert ngettext("%(num)s reply", "%(num)s replies", 1) == "1 reply"
        assert ngettext("%(num)s reply", "%(num)s replies", 2, num="two") == "two replies"
        try:
            get_kind("long_text").coerce("x" * 12345, {"max_length": 10000})
        except InvalidAnswer as refusal:
            assert "10,000" in refusal.message and "12,345" in refusal.message
        else:
            raise AssertionError("a text over its limit was accepted")
        with force_locale("fr"):
            assert ngettext("%(num)s reply", "%(num)s replies", 12345).startswith("12\u202f345 ")


def test_a_figure_over_the_tables_limit_is_refused_with_the_limit_written_the_readers_way(app):
    from flask_babel import force_locale

    from questionnaire.kinds import get_kind
    from questionnaire.kinds.base import InvalidAnswer
    from questionnaire.kinds.table import MAX_FIGURE

    with app.test_request_context("/"), force_locale("fr"):
        try:
            get_kind("table")._figure(MAX_FIGURE + 1, "r0_c1")
        except InvalidAnswer as refusal:
            assert "1\u202f000\u202f000\u202f000" in refusal.message
        else:
            raise AssertionError("a figure over the limit was accepted")


def test_a_count_worded_in_python_is_written_the_readers_way_in_its_plural_form(app, lay_words):
    """``questionnaire.locale.ngettext`` and ``npgettext`` (for commands and services) choose the plural form of the
    language in force and write its count with the language's digit grouping; a ``num`` given wins."""
    from flask_babel import force_locale

    from questionnaire.locale import ngettext, npgettext

    lay_words({"fr": {(None, ("%(num)s reply", "%(num)s replies")): ("%(num)s réponse", "%(num)s de réponses",
                                                                      "%(num)s réponses"),
                      ("counted", ("%(num)s left", "%(num)s left")): ("%(num)s restant", "%(num)s de restants",
                                                                       "%(num)s restants")}})
    with app.app_context():
        assert ngettext("%(num)s reply", "%(num)s replies", 1) == "1 reply"
        assert ngettext("%(num)s reply", "%(num)s replies", 12345) == "12,345 replies"
        assert ngettext("%(num)s reply", "%(num)s replies", 2, num="two") == "two replies"
        with force_locale("fr"):
            assert ngettext("%(num)s reply", "%(num)s replies", 1) == "1 réponse"
            assert ngettext("%(num)s reply", "%(num)s replies", 12345) == "12\u202f345 réponses"
            assert ngettext("%(num)s reply", "%(num)s replies", 2000000) == "2\u202f000\u202f000 de réponses"
            assert npgettext("counted", "%(num)s left", "%(num)s left", 1234) == "1\u202f234 restants"
        assert npgettext("counted", "%(num)s left", "%(num)s left", 1234) == "1,234 left"
