"""Fixtures of the translation tests (the bilingual draft itself is in tests/conftest.py)."""
import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo


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
def lay_words(app, tmp_path):
    """``lay_words({language: {(context, source): translation}})`` lays those words over the shipped catalogues
    of ``app`` and returns it, so that a test says what the app does with a language's words whatever the
    catalogues hold today. A plural entry's source is its (singular, plural) pair, its translation the tuple of
    the language's plural forms."""
    folder = tmp_path / "laid-words"

    def lay(words):
        for language, entries in words.items():
            catalog = Catalog(locale=language)
            for (context, source), translation in entries.items():
                catalog.add(source, translation, context=context)
            (folder / language / "LC_MESSAGES").mkdir(parents=True)
            with open(folder / language / "LC_MESSAGES" / "messages.mo", "wb") as handle:
                write_mo(handle, catalog)
        babel = app.extensions["babel"]
        babel.translation_directories.append(str(folder))  # read after the shipped ones: its words win
        with app.app_context():  # the catalogues read so far are forgotten
            babel.instance.domain_instance.cache.clear()
        return app

    return lay


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
