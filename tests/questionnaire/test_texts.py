"""A questionnaire's texts in several languages: keys, translations, out-of-date marking, language views."""
import pytest
from sqlalchemy import select

from questionnaire.definitions.document import import_document
from questionnaire.models import Questionnaire, TextTranslation
from questionnaire.texts import (
    CURRENT,
    MISSING,
    OUT_OF_DATE,
    TranslationError,
    confirm_translation,
    copy_translations,
    incomplete_languages,
    language_progress,
    localized,
    localized_each,
    rename_keys,
    set_language_status,
    set_translation,
    source_texts,
    text_states,
)
from tests.factories import small_document


def test_every_text_a_state_reads_has_a_key_in_reading_order(bilingual):
    keys = [text.key for text in source_texts(bilingual)]
    assert keys[:5] == ["title", "cluster.A.title", "question.crim.text", "question.crim.guidance",
                        "question.crim.law.text"]
    assert "question.agree.choice.bi" in keys and "question.topics.choice.land" in keys
    assert "cluster.A.description" not in keys  # empty texts are not there to translate
    assert len(keys) == len(set(keys))


def test_a_translation_is_kept_read_back_and_shown_in_its_language(db, fresh_db, bilingual):
    set_translation(db, bilingual, "question.crim.text", "fr", "Le trafic est-il une infraction ?")
    set_translation(db, bilingual, "question.agree.choice.bi", "fr", "Bilatéral")
    db.commit()

    db = fresh_db()
    questionnaire = db.get(Questionnaire, bilingual.id)
    view = localized(db, questionnaire, "fr")
    crim = next(q for q in view.questions_in_order() if q.key == "crim")
    assert crim.text == "Le trafic est-il une infraction ?" and crim.language_of("text") == "fr"
    assert crim.guidance == "Think of the law." and crim.language_of("guidance") == "en"
    assert crim.is_source_standing_in("guidance") and not crim.is_source_standing_in("text")
    agree = next(q for q in view.questions_in_order() if q.key == "agree")
    assert [c["label"] for c in agree.options["choices"]] == ["Bilatéral", "Multilateral"]
    # the model itself is untouched: the source language stays on it
    assert agree.model.options["choices"][0]["label"] == "Bilateral"
    assert crim.cluster.questionnaire is view and crim.id == crim.model.id


def test_a_changed_source_marks_its_translation_out_of_date_until_confirmed(db, fresh_db, bilingual):
    set_translation(db, bilingual, "question.crim.text", "fr", "Le trafic est-il une infraction ?")
    db.commit()
    question = next(q for q in bilingual.questions_in_order() if q.key == "crim")
    question.text = "Is the smuggling of migrants a criminal offence?"
    db.commit()

    db = fresh_db()
    questionnaire = db.get(Questionnaire, bilingual.id)
    states = {s.key: s for s in text_states(db, questionnaire, "fr")}
    assert states["question.crim.text"].status == OUT_OF_DATE
    assert states["question.crim.guidance"].status == MISSING
    view = localized(db, questionnaire, "fr")
    crim = next(q for q in view.questions_in_order() if q.key == "crim")
    assert crim.text == "Is the smuggling of migrants a criminal offence?" and crim.language_of("text") == "en"

    confirm_translation(db, questionnaire, "question.crim.text", "fr")
    db.commit()
    db = fresh_db()
    states = {s.key: s for s in text_states(db, db.get(Questionnaire, bilingual.id), "fr")}
    assert states["question.crim.text"].status == CURRENT


def test_progress_counts_current_out_of_date_and_missing(db, bilingual):
    total = len(source_texts(bilingual))
    assert language_progress(db, bilingual, "en").complete
    assert [p.language for p in incomplete_languages(db, bilingual)] == ["fr"]
    for text in source_texts(bilingual):
        set_translation(db, bilingual, text.key, "fr", "FR " + text.text)
    assert incomplete_languages(db, bilingual) == []
    bilingual.title = "A new title"
    db.flush()
    progress = language_progress(db, bilingual, "fr")
    assert (progress.total, progress.current, progress.out_of_date, progress.missing) == (total, total - 1, 1, 0)


@pytest.mark.parametrize(("key", "language", "text", "message"), (
    ("question.nope.text", "fr", "Texte", "has no text"),
    ("question.crim.text", "de", "Text", "not offered"),
    ("question.crim.text", "en", "Text", "source language"),
    ("question.crim.text", "fr", "   ", "empty"),
    ("title", "fr", "x" * 301, "limit is 300"),
))
def test_a_translation_that_cannot_be_stored_is_refused_and_nothing_is_written(
        db, fresh_db, bilingual, key, language, text, message):
    with pytest.raises(TranslationError, match=message):
        set_translation(db, bilingual, key, language, text)
    db.rollback()
    assert fresh_db().scalars(select(TextTranslation)).all() == []


def test_a_new_version_and_a_renamed_cluster_keep_every_translation(db, bilingual, states):
    set_translation(db, bilingual, "cluster.A.title", "fr", "Incrimination")
    set_translation(db, bilingual, "question.crim.text", "fr", "Le trafic est-il une infraction ?")
    document = small_document("bilingual-2")
    document["languages"] = ["en", "fr"]
    second = import_document(db, document)
    assert copy_translations(db, bilingual, second) == 2
    rename_keys(db, second, {"cluster.A.title": "cluster.AA.title"})
    second.clusters[0].code = "AA"
    db.flush()
    view = localized(db, second, "fr")
    assert view.clusters[0].title == "Incrimination"
    assert localized(db, bilingual, "fr").clusters[0].title == "Incrimination"


def test_language_statuses_default_to_draft_and_only_known_ones_are_recorded(db, bilingual):
    assert bilingual.language_status("en") == "official" and bilingual.language_status("fr") == "draft"
    set_language_status(db, bilingual, "fr", "reviewed")
    assert bilingual.language_status("fr") == "reviewed"
    with pytest.raises(TranslationError):
        set_language_status(db, bilingual, "fr", "final")


def test_a_view_in_an_unoffered_language_reads_the_source_without_a_query(db, bilingual, count_queries):
    bilingual.clusters[0].questions  # loaded before counting: only the translations' query is at stake
    with count_queries() as counter:
        view = localized(db, bilingual, "zh")
        assert view.language == "en" and view.title == bilingual.title
        assert view.clusters[0].questions[0].text == "Is smuggling a crime?"
    assert counter.count == 0


def test_renaming_a_cluster_or_a_question_keeps_its_translations_and_no_others(db, fresh_db, bilingual):
    from questionnaire.builder.questions import edit_question
    from questionnaire.builder.question_fields import QuestionFields
    from questionnaire.builder.structure import edit_cluster

    set_translation(db, bilingual, "cluster.A.title", "fr", "Incrimination")
    set_translation(db, bilingual, "question.crim.text", "fr", "Le trafic est-il une infraction ?")
    set_translation(db, bilingual, "question.crim.law.text", "fr", "Citez la loi.")
    law = next(q for q in bilingual.questions_in_order() if q.key == "crim.law")
    edit_cluster(db, bilingual.clusters[0], None, "I", "Criminalization", "")
    fields = QuestionFields.of(law)
    fields.key = "crim.statute"
    edit_question(db, law, None, fields)
    db.commit()

    db = fresh_db()
    view = localized(db, db.get(Questionnaire, bilingual.id), "fr")
    assert view.clusters[0].code == "I" and view.clusters[0].title == "Incrimination"
    by_key = {q.key: q for q in view.questions_in_order()}
    assert by_key["crim.statute"].text == "Citez la loi."
    assert by_key["crim"].text == "Le trafic est-il une infraction ?"  # the question it follows keeps its own
