"""The printable reply shows the questionnaire in the reply's language, whatever the reader's: every text in
that language — question texts, the scale's and list's answers, the "Not applicable" words, what the State
wrote — carries it (``lang``, and ``dir`` where its direction is not the page's), and a text in the reader's
language carries none. Read from the parsed page, as a screen reader or a browser choosing fonts reads it."""
from __future__ import annotations

import pytest
from sqlalchemy import update

from questionnaire.definitions.document import import_document
from questionnaire.models import Answer, Response
from questionnaire.texts import set_translation
from tests.factories import SMALL_TRANSLATIONS, open_for_answers, q_of, small_document, words_marks

#: What Mexico wrote, in the language of its reply.
WRITTEN = {
    "fr": {"law": "Code pénal, art. 12", "explanation": "Aucune donnée"},
    "ar": {"law": "قانون العقوبات، المادة 12", "explanation": "لا توجد بيانات"},
    "en": {"law": "Penal Code, s. 12", "explanation": "No data"},
}
#: "Yes, in part" and "Not applicable: " as the questionnaire words them in each language.
WORDED = {
    "fr": {"partly": "Oui, en partie", "not_applicable": "Sans objet"},
    "ar": {"partly": "نعم، جزئياً", "not_applicable": "لا ينطبق"},
    "en": {"partly": "Yes, in part", "not_applicable": "Not applicable"},
}
#: The table's first row and column, translated; its second row left in English.
TABLE_TRANSLATIONS = {
    "fr": {"question.figures.row.investigated": "Personnes visées par une enquête",
           "question.figures.column.y2024": "Année 2024"},
    "ar": {"question.figures.row.investigated": "الأشخاص الخاضعون للتحقيق", "question.figures.column.y2024": "عام 2024"},
}


@pytest.fixture
def questionnaire(db, states):
    """``small_document`` in English, French and Arabic (some texts translated), with a table of figures; its
    number of cases may be answered "Not applicable"."""
    document = small_document("print", not_applicable=("cases",))
    document["languages"] = ["en", "fr", "ar"]
    document["clusters"][1]["questions"].append({
        "key": "figures", "number": "8", "text": "Figures", "kind": "table", "options": {
            "table_rows": [{"value": "investigated", "label": "Persons investigated"},
                           {"value": "convicted", "label": "Persons convicted"}],
            "table_columns": [{"value": "y2024", "label": "Year 2024"}]}})
    found = import_document(db, document)
    for language in ("fr", "ar"):
        for key, text in {**SMALL_TRANSLATIONS[language], **TABLE_TRANSLATIONS[language]}.items():
            set_translation(db, found, key, language, text)
    found.incomplete_languages_reason = "Opened with some texts in English while they are translated."
    db.commit()
    return open_for_answers(db, found)


@pytest.fixture
def reply_in(db, states, make_user, make_reply, questionnaire):
    """``reply_in("fr")``: Mexico's reply in that language, its answers recorded in it: the scale answered in
    part, the law cited, the number of cases not applicable, an agreement and topics chosen, figures given."""
    def make(language: str) -> None:
        written = WRITTEN[language]
        response = make_reply(questionnaire, states["MEX"], make_user("focal_point", state="MEX"), {
            "crim": "partly", "crim.law": written["law"], "cases": {"not_applicable": written["explanation"]},
            "agree": "bi", "topics": ["sea"],
            "figures": {"investigated": {"y2024": 12}, "convicted": {"y2024": 3}}})
        db.execute(update(Response).where(Response.id == response.id).values(language=language))
        db.execute(update(Answer).where(Answer.response_id == response.id).values(language=language))
        db.commit()

    return make


def printed(client, login, make_user, questionnaire, reader: str) -> str:
    login(make_user("expert", state="MEX", locale=reader))
    response = client.get(f"/answers/{questionnaire.id}/MEX/print")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'<html lang="{reader}"' in page
    return page


def block(questionnaire, key: str) -> str:
    return f"question-{q_of(questionnaire, key).id}"


@pytest.mark.parametrize(("reader", "reply", "direction"), [
    ("en", "fr", None),  # both written left to right: the language alone is marked
    ("en", "ar", "rtl"),
    ("ar", "en", "ltr"),
])
def test_what_is_in_the_replys_language_carries_it(
        client, login, make_user, questionnaire, reply_in, reader, reply, direction):
    reply_in(reply)
    page = printed(client, login, make_user, questionnaire, reader)
    crim, cases = block(questionnaire, "crim"), block(questionnaire, "cases")
    # the scale's answer and the "Not applicable" words, worded in the reply's language, say so, and the
    # direction they are written in where the page's is the other
    for words, within in ((WORDED[reply]["partly"], crim), (WORDED[reply]["not_applicable"], cases)):
        marks = words_marks(page, words, within)
        assert (marks.lang, marks.marked) == (reply, True), words
        if direction:
            assert marks.dir == direction, words
    # what the State wrote: the explanation (inside the words, in the same language) and the law it cited
    assert words_marks(page, WRITTEN[reply]["explanation"], cases).lang == reply
    law = words_marks(page, WRITTEN[reply]["law"], block(questionnaire, "crim.law"))
    assert (law.lang, law.marked) == (reply, True)
    # a question's text, a choice and a table's labels translated into the reply's language carry it too
    translated = {"en": "Is smuggling a crime?", "fr": "Le trafic de migrants", "ar": "هل تهريب المهاجرين"}
    agreement = {"en": "Bilateral", "fr": "Bilatéral", "ar": "ثنائية"}
    row = {"en": "Persons investigated", **{language: TABLE_TRANSLATIONS[language]["question.figures.row.investigated"]
                                            for language in ("fr", "ar")}}
    for words, within in ((translated[reply], crim), (agreement[reply], block(questionnaire, "agree")),
                          (row[reply], block(questionnaire, "figures"))):
        assert words_marks(page, words, within)[:2] == (reply, True), words
    if direction:
        assert words_marks(page, agreement[reply], block(questionnaire, "agree")).dir == direction


def test_english_labels_standing_in_on_an_english_page_carry_nothing(
        client, login, make_user, questionnaire, reply_in):
    """A reply in Arabic read in English: the texts not yet translated show the English source, the page's own
    language, with no mark."""
    reply_in("ar")
    page = printed(client, login, make_user, questionnaire, "en")
    for words, key in (("How many cases?", "cases"), ("Sea", "topics"), ("Persons convicted", "figures")):
        assert words_marks(page, words, block(questionnaire, key))[:2] == ("en", False), words


def test_a_reply_in_the_readers_language_carries_no_mark(client, login, make_user, questionnaire, reply_in):
    reply_in("fr")
    page = printed(client, login, make_user, questionnaire, "fr")
    for words, key in (("Oui, en partie", "crim"), ("Sans objet", "cases"), ("Aucune donnée", "cases"),
                       ("Code pénal", "crim.law"), ("Bilatéral", "agree"), ("Le trafic de migrants", "crim")):
        assert not words_marks(page, words, block(questionnaire, key)).marked, words
    # the English source standing in on a French page is marked English
    assert words_marks(page, "Persons convicted", block(questionnaire, "figures"))[:2] == ("en", True)


def test_the_review_page_names_the_missing_questions_in_the_replys_language(
        db, client, login, make_user, make_reply, states, questionnaire):
    response = make_reply(questionnaire, states["MEX"], make_user("focal_point", state="MEX"), {"crim": "no"})
    db.execute(update(Response).where(Response.id == response.id).values(language="ar"))
    db.commit()
    login(make_user("expert", state="MEX"))
    page = client.get(f"/answers/{questionnaire.id}/MEX/review").get_data(as_text=True)
    assert words_marks(page, "هل لديكم اتفاقات؟")[:2] == ("ar", True)  # translated
    assert words_marks(page, "Explain why not.")[:2] == ("en", False)  # the English source, the page's language


def test_an_explanation_in_another_language_than_the_words_around_it_says_so(
        db, client, login, make_user, questionnaire, reply_in):
    """The explanation was written in English before the reply's language became French: inside the French
    words, on an English page, it is marked English."""
    reply_in("fr")
    db.execute(update(Answer).where(Answer.question_id == q_of(questionnaire, "cases").id).values(language="en"))
    db.commit()
    page = printed(client, login, make_user, questionnaire, "en")
    cases = block(questionnaire, "cases")
    assert words_marks(page, "Sans objet", cases)[:2] == ("fr", True)
    assert words_marks(page, "Aucune donnée", cases)[:2] == ("en", True)
