"""The definition workbook's help, comments and messages in the exporting person's language; its format (sheet
names, headers, codes, values) the same in every language, so that it reads back the same."""
from __future__ import annotations

import io

import openpyxl
from flask_babel import force_locale

from questionnaire.definitions.document import export_definition, load_questionnaire
from questionnaire.definitions.xlsx import read_workbook, write_workbook
from questionnaire.definitions.xlsx_layout import HELP, SHEET_COLUMNS, SURVEY, sheet_columns
from questionnaire.models import utcnow
from questionnaire.seed import som_definition
from questionnaire.spreadsheet_text import VALIDATION_MESSAGE_LIMIT, VALIDATION_TITLE_LIMIT

KEY_HELP = ("The question's permanent identifier: lowercase letters, digits, dots, hyphens, underscores. Answers "
            "are tied to it; never reuse a key.")
PICK = "Pick one of: %(values)s"
LANGUAGE_COLUMN_HELP = "The %(column)s in the language %(language)s (blank: not translated yet)."
FRENCH_KEY_HELP = "L'identifiant permanent de la question : jamais réutilisé."
FRENCH = {
    (None, KEY_HELP): FRENCH_KEY_HELP,
    (None, PICK): "Choisissez une valeur parmi : %(values)s",
    (None, LANGUAGE_COLUMN_HELP): "Le champ %(column)s en %(language)s (vide : pas encore traduit).",
    (None, "Required column."): "Colonne obligatoire.",
    ("definition workbook help", "what to write"): "ce qu'il faut écrire",
}


def _open(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def format_of(data: bytes) -> dict[str, list[tuple]]:
    """What a workbook reader depends on: every sheet but the help, cell by cell."""
    workbook = _open(data)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets if ws.title != HELP}


def comments_of(data: bytes) -> dict[str, dict[str, str]]:
    """Each sheet's header comments, by column name."""
    return {ws.title: {cell.value: cell.comment.text for cell in ws[1] if cell.comment}
            for ws in _open(data).worksheets if ws.title != HELP}


def validations_of(data: bytes) -> list[tuple[str, str]]:
    return [(validation.errorTitle, validation.error)
            for validation in _open(data)[SURVEY].data_validations.dataValidation]


def help_rows(data: bytes) -> list[tuple]:
    return list(_open(data)[HELP].iter_rows(values_only=True))


def test_a_workbook_exported_in_french_has_french_help_and_reads_as_the_same_definition(
        app, client, login, make_user, bilingual, lay_words, db):
    lay_words({"fr": FRENCH})
    login(make_user("secretariat"))
    english = client.get(f"/builder/{bilingual.id}/definition.xlsx?lang=en").data
    french = client.get(f"/builder/{bilingual.id}/definition.xlsx?lang=fr").data

    assert _open(french).sheetnames == _open(english).sheetnames == [
        "survey", "choices", "clusters", "settings", "help"]
    assert format_of(french) == format_of(english)  # headers, codes, yes/no, texts: cell for cell
    assert read_workbook(french) == read_workbook(english) == export_definition(db, bilingual)

    with app.test_request_context(), force_locale("fr"):  # every comment is the French lookup of its column's help
        expected = {sheet: {column.name: column.worded_help() for column in columns}
                    for sheet, columns in sheet_columns(["fr"]).items()}
    assert comments_of(french) == expected
    assert comments_of(french)["survey"]["key"] == FRENCH_KEY_HELP
    assert comments_of(english)["survey"]["key"] == KEY_HELP
    assert comments_of(french)["survey"]["text::fr"] == "Le champ text en fr (vide : pas encore traduit)."
    assert comments_of(french)["clusters"]["code"] != comments_of(english)["clusters"]["code"]  # the shipped French

    headings, *rows = help_rows(french)
    assert headings == ("feuille", "colonne", "ce qu'il faut écrire")  # the shipped words, and one laid
    assert ("survey", "key", FRENCH_KEY_HELP + " Colonne obligatoire.") in rows
    assert [error for _title, error in validations_of(french)] == [
        "Choisissez une valeur parmi : " + ", ".join(values) for values in (
            ("yes_partly_no", "yes_no", "single_choice", "multiple_choice", "short_text", "long_text", "number",
             "date", "links", "note", "table"), ("yes", "no"), ("yes", "no"))]
    assert [title for title, _error in validations_of(french)] == ["kind", "required", "integer"]


def test_the_english_workbook_keeps_its_words():
    data = write_workbook(som_definition())
    assert help_rows(data)[0] == ("sheet", "column", "what to write")
    assert ("survey", "key", KEY_HELP + " Required column.") in help_rows(data)
    assert help_rows(data)[-1][2] == (
        'Problems are reported with the place they were found, in the spreadsheet\'s own notation: "survey!D17" is '
        'the cell in column D, row 17 of the survey sheet (type it in the Name Box to go there), "survey!17:17" the '
        'whole row 17, "survey" the sheet as a whole.')
    comments = comments_of(data)
    assert comments["survey"]["show_if"] == (
        'A follow-up rule: "KEY in VALUE, VALUE" shows the question only when the earlier question KEY is answered '
        'with one of the values, e.g. "som.crim.smuggling in yes, partly". Blank: always shown.')
    assert comments["survey"]["integer"] == ("number: yes when only whole numbers are allowed, no otherwise; "
                                            "blank: not set.")
    assert comments["settings"]["setting"] == (
        "One of: format, format_version, slug, title, title::fr (the title in French; any language), instrument, "
        "version, source_language, languages, language_statuses.")
    assert validations_of(data)[1] == ("required", "Pick one of: yes, no")


def test_the_english_workbook_is_the_same_in_a_request_as_anywhere(app):
    document = som_definition()
    with app.test_request_context(), force_locale("en"):
        in_request = write_workbook(document)
    outside = write_workbook(document)
    assert format_of(in_request) == format_of(outside)
    assert comments_of(in_request) == comments_of(outside) and help_rows(in_request) == help_rows(outside)
    assert validations_of(in_request) == validations_of(outside)


def test_validation_messages_and_titles_stay_within_excels_limits_in_every_language(app, lay_words):
    lay_words({"fr": {(None, PICK): "Veuillez choisir, pour cette cellule, une seule des valeurs suivantes "
                                    "(toute autre valeur sera refusée à l'import du classeur) : %(values)s" * 3}})
    for language in app.config["LANGUAGES"]:
        with app.test_request_context(), force_locale(language):
            data = write_workbook(som_definition())
        for title, error in validations_of(data):
            assert len(title) <= VALIDATION_TITLE_LIMIT and len(error) <= VALIDATION_MESSAGE_LIMIT, language
    with app.test_request_context(), force_locale("fr"):
        kind_error = validations_of(write_workbook(som_definition()))[0][1]
    assert len(kind_error) == VALIDATION_MESSAGE_LIMIT and kind_error.endswith("…")
    assert kind_error.startswith("Veuillez choisir, pour cette cellule")


def test_the_command_exports_in_the_interface_language_and_the_workbook_imports_as_the_same_definition(
        runner, bilingual, db, tmp_path, lay_words):
    lay_words({"fr": FRENCH})
    path = tmp_path / "bilingual.xlsx"
    exported = runner.invoke(args=["definition", "export", "bilingual", "--out", str(path),
                                   "--interface-lang", "fr"])
    assert exported.exit_code == 0, exported.output
    assert comments_of(path.read_bytes())["survey"]["key"] == FRENCH_KEY_HELP
    before = export_definition(db, bilingual)
    bilingual.status, bilingual.endorsed_at = "endorsed", utcnow()  # one draft a slug: the import makes version 2
    db.commit()
    imported = runner.invoke(args=["definition", "import", str(path)])
    assert imported.exit_code == 0, imported.output
    db.expire_all()
    after = export_definition(db, load_questionnaire(db, "bilingual", 2))
    assert {**after, "version": 1} == before


def test_the_french_catalogue_words_the_workbook_help(app):
    """Needs the French catalogue to translate the workbook's help: fails until it does (the words shipped today
    are English), as ``test_i18n`` does for every message not yet translated."""
    key = next(column for column in SHEET_COLUMNS[SURVEY] if column.name == "key")
    with app.test_request_context(), force_locale("fr"):
        french = key.worded_help()
    assert french != KEY_HELP == key.worded_help()
