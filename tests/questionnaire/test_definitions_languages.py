"""Definitions in several languages (format_version 2): the shipped SOM questionnaire in the six official
languages, exports, checks and workbooks that keep every language, and bad language maps placed."""
from __future__ import annotations

import copy
import io
import json

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from sqlalchemy import func, select

from questionnaire.builder.versions import new_version
from questionnaire.definitions import DefinitionInvalid
from questionnaire.definitions.document import export_definition, import_document, load_questionnaire
from questionnaire.definitions.languages import join_document, split_document
from questionnaire.definitions.validate import check_document
from questionnaire.definitions.xlsx import read_workbook, write_workbook
from questionnaire.models import Questionnaire, TextTranslation, utcnow
from questionnaire.seed import som_document
from questionnaire.texts import CURRENT, OUT_OF_DATE, source_texts, text_states
from tests.factories import small_document

SIX = ["ar", "en", "es", "fr", "ru", "zh"]


def texts_of(document: dict):
    """(place, value) of every text of a version 2 document a State reads."""
    yield "title", document["title"]
    for c_index, cluster in enumerate(document["clusters"]):
        yield f"clusters[{c_index}].title", cluster["title"]
        if cluster["description"]:
            yield f"clusters[{c_index}].description", cluster["description"]
        for q_index, question in enumerate(cluster["questions"]):
            place = f"clusters[{c_index}].questions[{q_index}]"
            yield f"{place}.text", question["text"]
            if question["guidance"]:
                yield f"{place}.guidance", question["guidance"]
            for option in ("choices", "table_rows", "table_columns"):
                for index, item in enumerate(question["options"].get(option, [])):
                    yield f"{place}.options.{option}[{index}].label", item["label"]


def assert_in_six_languages(document: dict) -> None:
    assert document["format_version"] == 2 and document["source_language"] == "en"
    assert document["languages"] == SIX
    texts = list(texts_of(document))
    assert len(texts) == 356
    for place, value in texts:
        assert sorted(value) == SIX and all(text.strip() for text in value.values()), place


def two_languages() -> dict:
    """A small valid document in English and French, every text translated."""
    plain = small_document("bilingual")
    plain["languages"], plain["source_language"] = ["en", "fr"], "en"

    class Q:  # the attributes source_texts reads
        def __init__(self, doc):
            self.__dict__.update(doc)

    questionnaire = Q({"title": plain["title"], "clusters": [
        Q({**c, "questions": [Q({"guidance": "", "options": {}, **q}) for q in c["questions"]]})
        for c in plain["clusters"]]})
    french = {source.key: f"FR {source.text}" for source in source_texts(questionnaire)}
    document = join_document(plain, {"fr": french})
    assert check_document(document) == []
    return document


# --- the shipped questionnaire ------------------------------------------------------------------------------

def test_the_shipped_som_questionnaire_is_in_the_six_official_languages_as_draft_translations():
    document = som_document()
    assert check_document(document) == []
    assert_in_six_languages(document)
    assert document["language_statuses"] == {code: "draft" for code in SIX if code != "en"}
    assert "tráfico ilícito de migrantes" in document["title"]["es"].lower()
    assert "trafic illicite de migrants" in document["title"]["fr"].lower()
    assert "незаконного ввоза мигрантов" in document["title"]["ru"] and "偷运移民" in document["title"]["zh"]


def test_the_seed_imports_every_translation_as_current(som, db):
    assert (som.source, som.languages) == ("en", SIX)
    assert som.language_status("fr") == "draft" and som.language_status("en") == "official"
    for language in ("ar", "es", "fr", "ru", "zh"):
        states = text_states(db, som, language)
        assert len(states) == 356 and {state.status for state in states} == {CURRENT}


def test_cli_export_writes_version_2_with_all_six_languages_and_check_finds_nothing_missing(runner, som, tmp_path):
    out = tmp_path / "som.json"
    result = runner.invoke(args=["definition", "export", "som-protocol", "--out", str(out)])
    assert result.exit_code == 0, result.output
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert_in_six_languages(exported)
    assert exported == som_document()

    checked = runner.invoke(args=["definition", "check", str(out)])
    assert checked.exit_code == 0, checked.output
    for language in ("ar", "es", "fr", "ru", "zh"):
        assert f"{language}: all 356 texts translated" in checked.output
    assert "not translated" not in checked.output and "out of date" not in checked.output

    stored = runner.invoke(args=["definition", "check", "--slug", "som-protocol"])
    assert stored.exit_code == 0, stored.output
    assert stored.output.count("all 356 texts translated") == 5 and "Warning" not in stored.output


def test_check_reports_missing_translations_per_language_with_their_places(runner, tmp_path):
    document = som_document()
    question = document["clusters"][0]["questions"][1]
    del question["text"]["fr"], question["guidance"]["fr"], question["text"]["zh"]
    path = tmp_path / "som.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    checked = runner.invoke(args=["definition", "check", str(path)])
    assert checked.exit_code == 0, checked.output
    assert "Warning: fr: 2 texts of 356 not translated" in checked.output
    assert "Warning: zh: 1 text of 356 not translated" in checked.output
    key = question["key"]
    assert f"fr: cluster I, question {question['number']}, text (question.{key}.text)" in checked.output
    assert f"fr: cluster I, question {question['number']}, guidance (question.{key}.guidance)" in checked.output
    assert "es: all 356 texts translated" in checked.output


def test_check_of_a_stored_questionnaire_reports_translations_out_of_date(runner, som, db):
    question = som.questions_in_order()[1]
    question.text = "A reworded first question?"
    db.commit()
    checked = runner.invoke(args=["definition", "check", "--slug", "som-protocol", "--version", "2"])
    assert checked.exit_code == 0, checked.output
    for language in ("ar", "es", "fr", "ru", "zh"):
        assert f"Warning: {language}: 1 text of 356 out of date" in checked.output
        assert f"{language}: cluster I, question {question.number}, text (question.{question.key}.text)" in checked.output
    assert "not translated" not in checked.output
    assert runner.invoke(args=["definition", "check", "--slug", "nope"]).exit_code == 1
    assert runner.invoke(args=["definition", "check"]).exit_code == 1  # neither a file nor a slug


def test_an_exported_document_reimports_with_its_translations_current(som, db):
    again = import_document(db, export_definition(db, som))
    assert again.version == som.version + 1
    assert {state.status for state in text_states(db, again, "ru")} == {CURRENT}
    assert {**export_definition(db, again), "version": som.version} == export_definition(db, som)


def test_a_new_version_keeps_every_translation_and_the_languages_statuses(som, db):
    som.language_statuses = {**som.language_statuses, "fr": "reviewed"}
    db.flush()
    draft = new_version(db, som, None)
    assert (draft.source, draft.languages, draft.language_status("fr")) == ("en", SIX, "reviewed")
    assert export_definition(db, draft) == {**export_definition(db, som), "version": draft.version}


def test_a_version_1_document_imports_its_texts_as_the_source_language(db):
    questionnaire = import_document(db, small_document("plain"))
    assert questionnaire.source == "en"
    assert db.scalar(select(func.count()).select_from(TextTranslation)) == 0
    exported = export_definition(db, questionnaire)
    assert exported["format_version"] == 2 and exported["clusters"][0]["questions"][0]["text"] == {
        "en": "Is smuggling a crime?"}


def test_split_then_join_gives_the_document_back():
    document = som_document()
    plain, translations, problems = split_document(document)
    assert problems == [] and plain["format_version"] == 1 and isinstance(plain["title"], str)
    assert sorted(translations) == ["ar", "es", "fr", "ru", "zh"] and len(translations["zh"]) == 356
    assert join_document(plain, translations) == document


# --- bad language maps -----------------------------------------------------------------------------------

QUESTION = ("clusters", 0, "questions", 0)
CHOICE = ("clusters", 1, "questions", 1, "options", "choices", 0, "label")


def changed(path: tuple, value) -> dict:
    document = two_languages()
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return document


@pytest.mark.parametrize(
    ("path", "value", "place", "words"),
    [
        (QUESTION + ("text",), {"fr": "Le trafic est-il un crime ?"}, "clusters[0].questions[0].text",
         "no text in the source language (en)"),
        (QUESTION + ("guidance",), {"fr": "Pensez à la loi."}, "clusters[0].questions[0].guidance",
         "no text in the source language (en)"),
        (QUESTION + ("text",), {"en": "Is it a crime?", "fr": "Est-ce un crime ?", "ru": "Это преступление?"},
         "clusters[0].questions[0].text.ru", "not one of the questionnaire's languages (en, fr)"),
        (QUESTION + ("text",), {"en": "Is it a crime?", "fr": 42}, "clusters[0].questions[0].text.fr", "must be text"),
        (QUESTION + ("text",), ["Is it a crime?"], "clusters[0].questions[0].text", "map of language codes"),
        (CHOICE, {"en": "Bilateral", "fr": "B" * 501}, "clusters[1].questions[1].options.choices[0].label.fr",
         "the limit is 500"),
        (("title",), {"en": "Small", "fr": "T" * 301}, "title.fr", "the limit is 300"),
        (("clusters", 0, "title"), {"en": "Crime", "fr": "C" * 301}, "clusters[0].title.fr", "the limit is 300"),
        (("source_language",), "fr", "clusters[0].questions[0].text", None),
    ],
)
def test_a_bad_language_map_is_reported_at_its_place_and_nothing_is_written(db, path, value, place, words):
    document = changed(path, value)
    if words is None:  # the source language changed: every map still reads, in French
        assert check_document(document) == []
        return
    problems = check_document(document)
    assert any(p.place == place and words in p.message for p in problems), problems
    with pytest.raises(DefinitionInvalid):
        import_document(db, document)
    assert db.scalar(select(func.count()).select_from(Questionnaire)) == 0
    assert db.scalar(select(func.count()).select_from(TextTranslation)) == 0


def test_a_version_2_document_names_its_source_language():
    document = two_languages()
    del document["source_language"]
    assert [p.place for p in check_document(document)] == ["source_language"]
    document = two_languages()
    document["language_statuses"] = {"fr": "finished", "en": "draft"}
    places = {p.place for p in check_document(document)}
    assert places == {"language_statuses.fr", "language_statuses.en"}


# --- workbooks ------------------------------------------------------------------------------------------------

def test_the_workbook_round_trips_all_six_languages_unchanged():
    document = som_document()
    data = write_workbook(document)
    assert read_workbook(data) == document
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    survey_headers = [cell.value for cell in workbook["survey"][1]]
    assert survey_headers[survey_headers.index("text"):survey_headers.index("text") + 6] == [
        "text", "text::ar", "text::es", "text::fr", "text::ru", "text::zh"]
    assert "label::zh" in [cell.value for cell in workbook["choices"][1]]
    assert "description::ru" in [cell.value for cell in workbook["clusters"][1]]
    settings = {row[0]: row[1] for row in workbook["settings"].iter_rows(min_row=2, values_only=True)}
    assert settings["title::fr"] == document["title"]["fr"] and settings["source_language"] == "en"
    assert settings["language_statuses"] == "ar = draft; es = draft; fr = draft; ru = draft; zh = draft"
    table = next(q for c in document["clusters"] for q in c["questions"] if q["kind"] == "table")
    back = next(q for c in read_workbook(data)["clusters"] for q in c["questions"] if q["kind"] == "table")
    assert back["options"]["table_rows"] == table["options"]["table_rows"]


def test_cli_exports_a_workbook_in_six_languages_that_imports_back(runner, som, db, tmp_path):
    out = tmp_path / "som.xlsx"
    assert runner.invoke(args=["definition", "export", "som-protocol", "--out", str(out)]).exit_code == 0
    assert read_workbook(out.read_bytes()) == som_document()
    som.status, som.endorsed_at = "endorsed", utcnow()  # a draft would be refused: one draft a slug
    db.commit()
    result = runner.invoke(args=["definition", "import", str(out)])
    assert result.exit_code == 0, result.output
    db.expire_all()
    latest = load_questionnaire(db, "som-protocol")
    assert latest.version == 3 and {s.status for s in text_states(db, latest, "ar")} == {CURRENT}


def _edit(data: bytes, change) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    change(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _column(ws, name: str) -> str:
    return get_column_letter(next(cell.column for cell in ws[1] if cell.value == name))


def _workbook_problems(data: bytes) -> list[str]:
    with pytest.raises(DefinitionInvalid) as raised:
        read_workbook(data)
    return [str(problem) for problem in raised.value.problems]


def test_an_unknown_language_column_is_placed_at_its_header_cell():
    def change(workbook):
        ws = workbook["survey"]
        ws.cell(row=1, column=ws.max_column + 1, value="text::xx")
        ws.cell(row=1, column=ws.max_column + 1, value="text::ru")
        ws.cell(row=2, column=ws.max_column, value="Это преступление?")
    data = _edit(write_workbook(two_languages()), change)
    problems = _workbook_problems(data)
    ws = openpyxl.load_workbook(io.BytesIO(data))["survey"]
    xx, ru = _column(ws, "text::xx"), _column(ws, "text::ru")
    assert any(p.startswith(f"survey!{xx}1: ") and '"xx" is not a language code' in p for p in problems), problems
    assert any(p.startswith(f"survey!{ru}1: ") and "not a translated language" in p for p in problems), problems


def test_language_columns_in_a_version_1_workbook_are_refused_at_their_header():
    def change(workbook):
        ws = workbook["choices"]
        ws.cell(row=1, column=ws.max_column + 1, value="label::fr")
    data = _edit(write_workbook(small_document("plain")), change)
    column = _column(openpyxl.load_workbook(io.BytesIO(data))["choices"], "label::fr")
    assert any(p.startswith(f"choices!{column}1: ") and "format_version 2" in p for p in _workbook_problems(data))


def test_bad_translations_in_a_workbook_are_placed_at_their_cells(db):
    def change(workbook):
        choices = workbook["choices"]
        choices[f"{_column(choices, 'label::fr')}2"] = "B" * 501
        survey = workbook["survey"]
        survey[f"{_column(survey, 'guidance')}3"] = None  # "Cite the law." has no guidance: a French one alone
        survey[f"{_column(survey, 'guidance::fr')}3"] = "Citez la loi."
        clusters = workbook["clusters"]
        clusters[f"{_column(clusters, 'title::fr')}2"] = "C" * 301
        settings = workbook["settings"]
        settings.append(["title::xx", "Titre"])
    data = _edit(write_workbook(two_languages()), change)
    problems = _workbook_problems(data)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    expected = [
        f"choices!{_column(wb['choices'], 'label::fr')}2: label::fr: is 501 characters long; the limit is 500",
        f"survey!{_column(wb['survey'], 'guidance')}3: guidance: has no text in the source language (en)",
        f"clusters!{_column(wb['clusters'], 'title::fr')}2: title::fr: is 301 characters long; the limit is 300",
    ]
    for line in expected:
        assert line in problems, problems
    assert any(p.startswith("settings!A") and '"xx" is not a language code' in p for p in problems), problems
    assert db.scalar(select(func.count()).select_from(Questionnaire)) == 0


def test_a_table_translation_naming_an_unknown_row_is_placed_at_its_cell():
    document = copy.deepcopy(som_document())

    def change(workbook):
        ws = workbook["survey"]
        column = _column(ws, "table_rows::es")
        row = next(cell.row for cell in ws[column] if cell.value and cell.row > 1)
        ws[f"{column}{row}"] = ws[f"{column}{row}"].value + "; nobody = Nadie"
    data = _edit(write_workbook(document), change)
    problems = _workbook_problems(data)
    assert any("table_rows::es" in p and '"nobody" is not a code' in p for p in problems), problems


def test_an_out_of_date_translation_is_exported_and_check_names_it(som, db):
    question = som.questions_in_order()[1]
    question.text = "A reworded first question?"
    db.flush()
    assert {s.status for s in text_states(db, som, "fr") if s.key == f"question.{question.key}.text"} == {OUT_OF_DATE}
    exported = export_definition(db, som)
    assert exported["clusters"][0]["questions"][1]["text"]["en"] == "A reworded first question?"
    assert exported["clusters"][0]["questions"][1]["text"]["fr"] == som_document()["clusters"][0]["questions"][1]["text"]["fr"]
