"""Fixtures of the translation tests (the bilingual draft itself is in tests/conftest.py)."""
import pytest


@pytest.fixture
def translate_all(db):
    """Translate every text of ``questionnaire`` into ``language`` (``[fr] <source>``); committed."""
    from questionnaire.texts import set_translation, source_texts

    def translate(questionnaire, language="fr", prefix=None):
        for source in source_texts(questionnaire):
            set_translation(db, questionnaire, source.key, language, f"{prefix or '[' + language + ']'} {source.text}")
        db.commit()

    return translate


@pytest.fixture
def stale(db, bilingual, translate_all):
    """Every French text translated (``[fr] <source>``), then the title and question 1 reworded: their
    translations are out of date (committed)."""
    translate_all(bilingual)
    bilingual.title = "A small questionnaire"
    next(q for q in bilingual.questions_in_order() if q.key == "crim").text = "Is migrant smuggling a crime?"
    db.commit()
    return bilingual


@pytest.fixture
def source_bases(fresh_db):
    """``source_bases(questionnaire)``: the source base of every row of its language pages, as each row posts
    it (``{"s.<key>": fingerprint}``), read from what is committed now."""
    from questionnaire.models import Questionnaire
    from questionnaire.texts import source_texts
    from questionnaire.translation.batch import SOURCE_BASE_FIELD, fingerprint

    def bases(questionnaire):
        shown = fresh_db().get(Questionnaire, questionnaire.id)
        return {SOURCE_BASE_FIELD + source.key: fingerprint(source.text) for source in source_texts(shown)}

    return bases
