"""Translation work without HTTP: declared languages, batches, confirming, statuses, opening, quality."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from questionnaire import lifecycle
from questionnaire.builder.quality import length_limit, translated_question_warnings
from questionnaire.models import AuditEvent, Questionnaire, utcnow
from questionnaire.texts import CURRENT, TranslationError, set_translation, text_states
from questionnaire.translation import service
from questionnaire.translation.batch import fingerprint


def _shown_sources(db, questionnaire):
    """The source base of each text, as its row on the language page shows it now."""
    return {state.key: fingerprint(state.source.text) for state in text_states(db, questionnaire, "fr")}


def _events(db, action):
    db.expire_all()
    return db.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


def test_a_draft_declares_known_languages_and_never_loses_its_source(db, fresh_db, bilingual):
    service.add_language(db, bilingual, None, "ar")
    db.commit()
    with pytest.raises(TranslationError):
        service.add_language(db, bilingual, None, "de")  # not one of the six
    with pytest.raises(TranslationError):
        service.add_language(db, bilingual, None, "fr")  # already declared
    with pytest.raises(TranslationError, match="source language"):
        service.remove_language(db, bilingual, None, "en")
    service.remove_language(db, bilingual, None, "fr")
    db.commit()
    db = fresh_db()
    assert db.get(Questionnaire, bilingual.id).languages == ["en", "ar"]
    assert [e.details["language"] for e in _events(db, "translation.language_add")] == ["ar"]
    assert [e.details["language"] for e in _events(db, "translation.language_remove")] == ["fr"]


def test_removing_and_adding_back_a_language_keeps_its_translations(db, fresh_db, bilingual):
    set_translation(db, bilingual, "title", "fr", "Petit questionnaire")
    service.remove_language(db, bilingual, None, "fr")
    service.add_language(db, bilingual, None, "fr")
    db.commit()
    db = fresh_db()
    states = {s.key: s for s in text_states(db, db.get(Questionnaire, bilingual.id), "fr")}
    assert states["title"].translation == "Petit questionnaire"


def test_languages_are_fixed_once_the_questionnaire_is_endorsed(db, bilingual):
    lifecycle.endorse(db, bilingual, None, "Working group")
    with pytest.raises(TranslationError, match="draft"):
        service.add_language(db, bilingual, None, "es")
    with pytest.raises(TranslationError, match="draft"):
        service.remove_language(db, bilingual, None, "fr")


def test_a_batch_saves_changed_texts_and_records_them(db, fresh_db, bilingual):
    result = service.save_batch(db, bilingual, "fr", None, {
        "title": "Petit questionnaire", "question.crim.text": "  Le trafic est-il une infraction ?  ",
        "question.cases.text": "",  # left empty: nothing happens
    }, source_bases=_shown_sources(db, bilingual))
    db.commit()
    assert (result.saved, result.confirmed, result.conflicts) == (2, 0, {})
    db = fresh_db()
    states = {s.key: s for s in text_states(db, db.get(Questionnaire, bilingual.id), "fr")}
    assert states["question.crim.text"].translation == "Le trafic est-il une infraction ?"
    assert states["question.cases.text"].translation is None
    (event,) = _events(db, "translation.save")
    assert event.details["language"] == "fr"
    assert {c["key"] for c in event.details["changes"]} == {"title", "question.crim.text"}


def test_a_batch_with_one_text_over_its_limit_saves_nothing(db, fresh_db, bilingual):
    with pytest.raises(service.BatchRefused) as refused:
        service.save_batch(db, bilingual, "fr", None, {"title": "Petit questionnaire",
                                                      "question.agree.choice.bi": "x" * 501},
                           source_bases=_shown_sources(db, bilingual))
    db.rollback()
    assert list(refused.value.errors) == ["question.agree.choice.bi"]
    assert "500" in refused.value.errors["question.agree.choice.bi"]
    db = fresh_db()
    assert all(s.translation is None for s in text_states(db, db.get(Questionnaire, bilingual.id), "fr"))
    assert _events(db, "translation.save") == []


def test_an_out_of_date_translation_is_confirmed_still_right(db, fresh_db, bilingual):
    set_translation(db, bilingual, "question.crim.text", "fr", "Le trafic est-il une infraction ?")
    set_translation(db, bilingual, "question.cases.text", "fr", "Combien de cas ?")
    for question in bilingual.questions_in_order():
        if question.key in ("crim", "cases"):
            question.text += " (2025)"
    db.commit()
    shown = {s.key: s for s in text_states(db, bilingual, "fr")}  # as the page shows them
    result = service.save_batch(
        db, bilingual, "fr", None, {},
        {key: fingerprint(shown[key].source.text) for key in ("question.crim.text", "title")},
        {key: fingerprint(state.translation) for key, state in shown.items()})
    service.confirm(db, bilingual, "fr", None, "question.cases.text")
    db.commit()
    assert (result.saved, result.confirmed) == (0, 1)  # the title has nothing to confirm
    with pytest.raises(TranslationError):
        service.confirm(db, bilingual, "fr", None, "question.cases.text")  # now current
    db = fresh_db()
    states = {s.key: s for s in text_states(db, db.get(Questionnaire, bilingual.id), "fr")}
    assert states["question.crim.text"].status == CURRENT == states["question.cases.text"].status
    assert _events(db, "translation.save")[0].details["confirmed"] == ["question.crim.text"]
    assert _events(db, "translation.confirm")[0].details["key"] == "question.cases.text"


def test_a_language_status_is_set_and_recorded(db, fresh_db, bilingual):
    service.change_status(db, bilingual, "fr", None, "reviewed")
    db.commit()
    with pytest.raises(TranslationError):
        service.change_status(db, bilingual, "fr", None, "perfect")
    db = fresh_db()
    assert db.get(Questionnaire, bilingual.id).language_status("fr") == "reviewed"
    (event,) = _events(db, "translation.status")
    assert event.details["before"] == {"status": "draft"} and event.details["after"] == {"status": "reviewed"}


def test_the_language_page_filters_and_counts(db, bilingual):
    set_translation(db, bilingual, "title", "fr", "Petit questionnaire")
    set_translation(db, bilingual, "question.crim.text", "fr", "Infraction ?")
    bilingual.title = "A small questionnaire"
    db.commit()
    page = service.language_page(db, bilingual, "fr", "missing")
    assert page.progress.current == 1 and page.progress.out_of_date == 1
    assert page.progress.missing == page.progress.total - 2 == len(page.shown)
    assert [s.key for s in service.language_page(db, bilingual, "fr", "out_of_date").shown] == ["title"]
    assert len(service.language_page(db, bilingual, "fr", "nonsense").shown) == page.progress.total


# --- opening needs its languages --------------------------------------------------------------------


def _adopt(db, questionnaire):
    lifecycle.endorse(db, questionnaire, None, "Working group")
    lifecycle.adopt(db, questionnaire, None)
    db.commit()


def test_opening_is_refused_while_a_language_is_incomplete(db, bilingual, translate_all):
    _adopt(db, bilingual)
    with pytest.raises(lifecycle.TransitionRefused) as refused:
        lifecycle.open_for_answers(db, bilingual, None, utcnow() + timedelta(days=30))
    assert "fr:" in refused.value.problems[0] and "missing" in refused.value.problems[0]
    assert bilingual.status == "adopted"
    translate_all(bilingual)
    lifecycle.open_for_answers(db, bilingual, None, utcnow() + timedelta(days=30))
    assert bilingual.status == "open"


def test_an_out_of_date_translation_also_stops_the_opening(db, bilingual, translate_all):
    translate_all(bilingual)
    _adopt(db, bilingual)
    bilingual.clusters[0].title = "Criminalization and jurisdiction"  # wording may still be corrected
    db.commit()
    with pytest.raises(lifecycle.TransitionRefused, match="incomplete"):
        lifecycle.open_for_answers(db, bilingual, None, utcnow() + timedelta(days=30))


def test_an_english_only_questionnaire_is_complete_by_definition(db, states):
    from tests.factories import make_questionnaire

    assert make_questionnaire(db, "english-only").status == "open"


def test_a_recorded_decision_lets_it_open_with_the_source_standing_in(db, fresh_db, bilingual):
    _adopt(db, bilingual)
    with pytest.raises(TranslationError, match="reason"):
        service.record_open_decision(db, bilingual, None, "   ")
    service.record_open_decision(db, bilingual, None, "French texts follow after the session.")
    db.commit()
    lifecycle.open_for_answers(db, bilingual, None, utcnow() + timedelta(days=30))
    db.commit()
    db = fresh_db()
    assert db.get(Questionnaire, bilingual.id).status == "open"
    (event,) = _events(db, "questionnaire.open_incomplete_languages")
    assert event.details["after"] == {"reason": "French texts follow after the session."}
    assert event.details["languages"][0]["language"] == "fr" and event.details["languages"][0]["missing"] > 0
    with pytest.raises(TranslationError, match="opened"):
        service.withdraw_open_decision(db, db.get(Questionnaire, bilingual.id), None)


def test_no_decision_is_needed_or_taken_when_every_language_is_complete(db, bilingual, translate_all):
    translate_all(bilingual)
    with pytest.raises(TranslationError, match="complete"):
        service.record_open_decision(db, bilingual, None, "Just in case")


# --- quality in every language ----------------------------------------------------------------------


@pytest.mark.parametrize(("language", "limit", "in_characters"), [
    ("en", 40, False), ("fr", 50, False), ("es", 50, False), ("ru", 50, False), ("ar", 44, False), ("zh", 80, True),
])
def test_each_language_has_its_length_allowance(language, limit, in_characters):
    assert length_limit(language) == (limit, in_characters)


def test_a_translated_question_over_its_language_allowance_is_a_warning(app):
    with app.test_request_context():
        assert translated_question_warnings("1", " ".join(["mot"] * 50), "fr") == []
        (warning,) = translated_question_warnings("1", " ".join(["mot"] * 51), "fr")
        assert "51 words" in warning and "50" in warning
        assert translated_question_warnings("1", "偷" * 80, "zh") == []
        assert "81 characters" in translated_question_warnings("1", "偷" * 81, "zh")[0]
        assert "more than one question" in translated_question_warnings("1", "هل؟ ولماذا؟", "ar")[0]


def test_the_language_page_shows_the_warnings_of_translated_questions(db, bilingual):
    set_translation(db, bilingual, "question.crim.text", "fr", " ".join(["mot"] * 60))
    set_translation(db, bilingual, "question.crim.guidance", "fr", " ".join(["mot"] * 60))  # guidance: no limit
    db.commit()
    (warning,) = service.language_page(db, bilingual, "fr").warnings
    assert warning.startswith("1 has 60 words")
