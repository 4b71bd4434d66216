"""The translation pages count in words that read right for one and for more: a language's progress ("0 of 1
text translated"), also in the audit log's line of a language found incomplete, the translations saved and imported,
and the warning of a translated question too long for its language, in each plural form of the reader's
language (the Russian words below stand in for the catalogue's, laid over it for these tests)."""
import html
import io
import re

import pytest

from questionnaire.texts import set_translation, text_states
from tests.factories import audit_value_line, translated_xliff

LONG = ("%(key)s has %(num)s word; keep a question to %(limit)s or fewer in this language",
        "%(key)s has %(num)s words; keep a question to %(limit)s or fewer in this language")
LIMIT = "the longest a question should be, in the warning that a question is longer"
RUSSIAN = {"ru": {
    (None, LONG): tuple(f"Вопрос %(key)s: %(num)s {words}; сократите его до %(limit)s на этом языке"
                        for words in ("слово", "слова", "слов")),
    (LIMIT, ("%(num)s word", "%(num)s words")): ("%(num)s слова", "%(num)s слов", "%(num)s слов"),  # after "до"
}}


def _draft_of_one_text(client) -> int:
    """A draft made on the builder's pages with its title as its only text, declared in French: its id."""
    created = client.post("/builder/new", data={"slug": "one-text", "title": "One text"})
    questionnaire_id = int(re.search(r"/builder/(\d+)", created.headers["Location"])[1])
    assert client.post(f"/builder/{questionnaire_id}/translations/add", data={"language": "fr"}).status_code == 302
    return questionnaire_id


def test_the_language_page_counts_the_texts_of_a_language_for_one_and_for_several(client, login, make_user,
                                                                                   bilingual, db):
    login(make_user("secretariat"))
    one = client.get(f"/builder/{_draft_of_one_text(client)}/translations/fr").get_data(as_text=True)
    assert "0 of 1 text translated, 0 out of date, 1 missing." in one
    total = len(text_states(db, bilingual, "fr"))
    several = client.get(f"/builder/{bilingual.id}/translations/fr").get_data(as_text=True)
    assert f"0 of {total} texts translated, 0 out of date, {total} missing." in several


def test_the_audit_log_counts_the_texts_of_a_language_found_incomplete_for_one_and_for_several(
        client, login, make_user, bilingual, db):
    login(make_user("secretariat"))
    for questionnaire_id in (_draft_of_one_text(client), bilingual.id):
        assert client.post(f"/builder/{questionnaire_id}/translations/open-decision",
                           data={"reason": "French follows after the session."}).status_code == 302
    page = client.get("/audit/").get_data(as_text=True)
    assert audit_value_line("Français", "0 of 1 text translated, 0 out of date, 1 missing.") in page
    total = len(text_states(db, bilingual, "fr"))
    assert audit_value_line("Français", f"0 of {total} texts translated, 0 out of date, {total} missing.") in page


@pytest.mark.parametrize(("typed", "said"), [
    ({"t.title": "Petit questionnaire"}, "1 translation saved, 0 confirmed."),
    ({"t.title": "Petit questionnaire", "t.question.crim.text": "Le trafic est-il une infraction ?"},
     "2 translations saved, 0 confirmed."),
])
def test_a_save_counts_the_translations_it_saved(client, login, make_user, bilingual, source_bases, typed, said):
    login(make_user("secretariat"))
    response = client.post(f"/builder/{bilingual.id}/translations/fr", data={**typed, **source_bases(bilingual)},
                           follow_redirects=True)
    assert said in response.get_data(as_text=True)


@pytest.mark.parametrize(("targets", "said"), [
    ({"title": "Petit questionnaire"}, "1 translation was imported."),
    ({"title": "Petit questionnaire", "question.agree.choice.bi": "Bilatéral"}, "2 translations were imported."),
])
def test_an_import_counts_the_translations_it_imported(client, login, make_user, bilingual, targets, said):
    login(make_user("secretariat"))
    base = f"/builder/{bilingual.id}/translations/fr"
    data = translated_xliff(client.get(f"{base}/file.xlf").data, targets)
    preview = client.post(f"{base}/import", data={"file": (io.BytesIO(data), "fr.xlf")},
                          content_type="multipart/form-data").get_data(as_text=True)
    fields = {name: html.unescape(re.search(rf'name="{name}" type="hidden" value="([^"]*)"', preview)[1])
              for name in ("content", "filename", "shown")}
    applied = client.post(f"{base}/import/apply", data=fields, follow_redirects=True)
    assert said in applied.get_data(as_text=True)


def test_a_translated_question_too_long_for_its_language_is_counted_in_words_or_characters(client, login, make_user,
                                                                                         bilingual, db):
    bilingual.languages = ["en", "fr", "zh"]
    set_translation(db, bilingual, "question.crim.text", "fr", " ".join(["mot"] * 51))
    set_translation(db, bilingual, "question.crim.text", "zh", "偷" * 81)
    db.commit()
    login(make_user("secretariat"))
    french = client.get(f"/builder/{bilingual.id}/translations/fr").get_data(as_text=True)
    assert "1 has 51 words; keep a question to 50 words or fewer in this language" in french
    chinese = client.get(f"/builder/{bilingual.id}/translations/zh").get_data(as_text=True)
    assert "1 has 81 characters; keep a question to 80 characters or fewer in this language" in chinese


@pytest.mark.parametrize(("words", "said"), [
    (51, "Вопрос 1: 51 слово; сократите его до 50 слов на этом языке"),
    (52, "Вопрос 1: 52 слова; сократите его до 50 слов на этом языке"),
    (55, "Вопрос 1: 55 слов; сократите его до 50 слов на этом языке"),
])
def test_the_warning_of_a_question_too_long_takes_each_russian_plural_form(client, login, make_user, bilingual, db,
                                                                          lay_words, words, said):
    lay_words(RUSSIAN)
    bilingual.languages = ["en", "ru"]
    set_translation(db, bilingual, "question.crim.text", "ru", " ".join(["слово"] * words))
    db.commit()
    login(make_user("secretariat", locale="ru"))
    assert said in client.get(f"/builder/{bilingual.id}/translations/ru").get_data(as_text=True)
