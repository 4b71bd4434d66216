"""Definitions as XLSX: round trips, formatting for people, and every bad workbook placed at its cell."""
from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import openpyxl
import pytest
from sqlalchemy import func, select

from questionnaire.definitions import DefinitionInvalid, Problem
from questionnaire.definitions.validate import check_document
from questionnaire.definitions.xlsx import read_workbook, write_workbook
from questionnaire.kinds import KIND_NAMES
from questionnaire.models import Questionnaire, utcnow
from questionnaire.seed import som_definition

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def every_kind_document() -> dict:
    """A valid document using every kind and every option, with text a spreadsheet could mistake for formulas."""
    def q(key, kind, options=None, **extra):
        base = {"key": key, "number": extra.pop("number", ""), "text": extra.pop("text", f"What about {key}?"),
                "guidance": extra.pop("guidance", ""), "kind": kind, "required": extra.pop("required", False),
                "provisions": extra.pop("provisions", ["art. 6 (1) (a)"]), "options": options or {},
                "show_if": extra.pop("show_if", None)}
        assert not extra
        return base

    choices = [{"value": "land", "label": "By land"}, {"value": "sea", "label": "=By sea, a label like a formula"},
               {"value": "air", "label": "تهريب المهاجرين جوا"}]
    doc = {
        "format": "saq-definition", "format_version": 1, "slug": "every-kind", "title": "Every kind",
        "instrument": "Smuggling of Migrants Protocol", "version": 3, "languages": ["en", "fr", "ar"],
        "clusters": [
            {"code": "I", "title": "First", "description": "Line one.\nLine two.", "questions": [
                q("a.note", "note", text="Read this first.", provisions=[]),
                q("a.ypn", "yes_partly_no", number="1", required=True, provisions=["art. 6 (1) (a)", "art. 3 (a)"]),
                q("a.ypn.law", "long_text", {"max_length": 5000}, number="1.1", text="=SUM(A1:A9) cite the law",
                  show_if={"question": "a.ypn", "in": ["yes", "partly"]}, guidance="+ a plus\n- a minus"),
                q("a.yn", "yes_no", number="2", required=True),
                q("a.single", "single_choice", {"choices": choices[:2]}, number="3",
                  show_if={"question": "a.yn", "in": ["no"]}),
            ]},
            {"code": "II", "title": "Second", "description": "", "questions": [
                q("b.multi", "multiple_choice", {"choices": choices, "min_selected": 1, "max_selected": 2},
                  number="4", text="@mention which routes"),
                q("b.short", "short_text", {"max_length": 80}, number="5"),
                q("b.number", "number", {"min": -1.5, "max": 1000, "integer": False}, number="6"),
                q("b.whole", "number", {"integer": True, "min": 0}, number="7"),
                q("b.date", "date", {"min": "2000-01-01", "max": "2030-12-31"}, number="8"),
                q("b.links", "links", {"max_links": 5}, number="9", provisions=["art. 16 (4)"]),
                q("b.later", "yes_no", number="10", show_if={"question": "b.multi", "in": ["sea", "air"]}),
            ]},
            {"code": "III", "title": "Empty for now", "description": "", "questions": []},
        ],
    }
    assert check_document(doc) == []
    return doc


def edit(data: bytes, change) -> bytes:
    """The workbook ``data`` after ``change(workbook)``, saved as a person's spreadsheet program would."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    change(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def problems_of(data: bytes) -> list[Problem]:
    with pytest.raises(DefinitionInvalid) as raised:
        read_workbook(data)
    return raised.value.problems


def cell_values(data: bytes) -> dict[str, list[tuple]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook}


@pytest.fixture(scope="module")
def som_xlsx() -> bytes:
    return write_workbook(som_definition())


# --- round trips ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("make", (som_definition, every_kind_document))
def test_json_to_xlsx_to_json_gives_the_same_document(make):
    document = make()
    assert read_workbook(write_workbook(document)) == document


@pytest.mark.parametrize("make", (som_definition, every_kind_document))
def test_xlsx_to_json_to_xlsx_gives_the_same_cells(make):
    first = write_workbook(make())
    assert cell_values(write_workbook(read_workbook(first))) == cell_values(first)


def test_a_workbook_edited_in_a_spreadsheet_program_reads_the_same_as_written(som_xlsx):
    # Numbers typed as numbers, TRUE/FALSE instead of yes/no, headers in capitals: all still read.
    def person_edits(workbook):
        survey = workbook["survey"]
        survey["C3"] = 1  # "1" typed as a number
        survey["E3"] = True
        survey["E2"] = "No"
        survey["A1"] = "Cluster"
    document = read_workbook(edit(som_xlsx, person_edits))
    first, second = document["clusters"][0]["questions"][:2]
    assert second["number"] == "1" and second["required"] is True and first["required"] is False
    assert document == som_definition()


# --- written for people ---------------------------------------------------------------------------------


def test_the_workbook_is_formatted_for_people_to_edit(som_xlsx):
    workbook = openpyxl.load_workbook(io.BytesIO(som_xlsx))
    assert workbook.sheetnames == ["survey", "choices", "clusters", "settings", "help"]
    survey = workbook["survey"]
    headers = [cell.value for cell in survey[1]]
    assert headers[:9] == ["cluster", "key", "number", "kind", "required", "text", "guidance", "provisions", "show_if"]
    assert all(cell.font.bold for cell in survey[1]) and survey.freeze_panes == "C2"
    assert workbook["choices"].freeze_panes == "A2" and workbook["settings"].freeze_panes == "A2"
    assert survey.column_dimensions["F"].width == 60 and survey["F3"].alignment.wrap_text
    lists = {str(validation.sqref): validation.formula1 for validation in survey.data_validations.dataValidation}
    assert lists == {"D2:D648": '"' + ",".join(KIND_NAMES) + '"', "E2:E648": '"yes,no"', "M2:M648": '"yes,no"'}
    assert survey["I4"].value == "som.crim.smuggling in yes, partly"
    assert survey["H3"].value == "art. 6 (1) (a); art. 3 (a); art. 3 (b)"
    assert "show_if" in [row[1] for row in workbook["help"].iter_rows(values_only=True)]
    assert "KEY in VALUE, VALUE" in survey["I1"].comment.text


def test_text_that_looks_like_a_formula_is_written_as_text():
    workbook = openpyxl.load_workbook(io.BytesIO(write_workbook(every_kind_document())))
    texts = {row[1].value: row[5] for row in workbook["survey"].iter_rows(min_row=2)}
    for key, start in (("a.ypn.law", "="), ("b.multi", "@")):
        assert texts[key].data_type == "s" and texts[key].value.startswith(start) and texts[key].quotePrefix
    label = workbook["choices"]["C3"]
    assert (label.value, label.data_type) == ("=By sea, a label like a formula", "s")


def test_rows_are_tall_enough_for_their_wrapped_texts():
    document = every_kind_document()
    document["clusters"][1]["questions"][1]["text"] = "Which authority? " * 20  # 340 characters, 60 a line
    workbook = openpyxl.load_workbook(io.BytesIO(write_workbook(document)))
    survey = workbook["survey"]
    heights = {row[1].value: survey.row_dimensions[row[1].row].height for row in survey.iter_rows(min_row=2)}
    assert heights["b.short"] == 6 * 15.0
    assert heights["a.ypn.law"] == 2 * 15.0  # its guidance is on two lines
    assert heights["a.yn"] is None  # one line: the default height
    assert workbook["clusters"].row_dimensions[2].height == 2 * 15.0  # "Line one.\nLine two."
    help_sheet = workbook["help"]
    assert any(help_sheet.row_dimensions[row].height for row in range(2, help_sheet.max_row + 1))


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs libreoffice-calc")
def test_a_workbook_saved_again_by_libreoffice_reads_as_the_same_document(tmp_path):
    document = every_kind_document()
    source = tmp_path / "definition.xlsx"
    source.write_bytes(write_workbook(document))
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--norestore",
         "--convert-to", "xlsx", "--outdir", str(tmp_path / "back"), str(source)],
        check=True, capture_output=True, timeout=120,
    )
    assert read_workbook((tmp_path / "back" / "definition.xlsx").read_bytes()) == document
    survey = openpyxl.load_workbook(tmp_path / "back" / "definition.xlsx")["survey"]
    law = next(row[1].row for row in survey.iter_rows(min_row=2) if row[1].value == "a.ypn.law")
    assert survey.row_dimensions[law].height == 2 * 15.0  # its guidance's two lines, kept by Calc


# --- bad workbooks: every problem at its sheet, row and column -----------------------------------------


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


@pytest.mark.parametrize("data", (b"", b"cluster,key\nI,a\n", b"PK\x03\x04 truncated", _zip_without_workbook()))
def test_a_file_that_is_not_a_spreadsheet_is_refused_with_one_clear_message(data):
    (problem,) = problems_of(data)
    assert problem.place == "" and "not an XLSX workbook" in problem.message


def test_a_missing_sheet_is_named(som_xlsx):
    problems = problems_of(edit(som_xlsx, lambda wb: wb.remove(wb["choices"])))
    assert problems == [Problem("choices", 'the sheet "choices" is missing')]  # no echo of missing choices


def test_a_missing_sheet_does_not_hide_the_problems_of_the_others(som_xlsx):
    def change(workbook):
        workbook.remove(workbook["clusters"])
        workbook["survey"]["D17"] = "rating_scale"
    problems = problems_of(edit(som_xlsx, change))
    assert [p.place for p in problems] == ["survey!D17", "clusters"]


def test_a_missing_required_column_is_named(som_xlsx):
    problems = problems_of(edit(som_xlsx, lambda wb: wb["survey"].delete_cols(4)))
    assert [str(p) for p in problems] == ['survey!1:1: the column "kind" is missing']


def test_a_merged_header_is_placed_at_its_cells(som_xlsx):
    problems = problems_of(edit(som_xlsx, lambda wb: wb["survey"].merge_cells("F1:G1")))
    assert [str(p) for p in problems] == [
        "survey!F1: header cells F1:G1 are merged; give each column its own header cell"
    ]


def test_a_blank_header_over_values_and_an_unknown_header_are_placed(som_xlsx):
    def change(workbook):
        survey = workbook["survey"]
        survey["T1"] = None
        survey["T5"] = "a note in a column without header"
        survey["U1"] = "remarks"
    problems = problems_of(edit(som_xlsx, change))
    assert [p.place for p in problems] == ["survey!T1", "survey!U1"]
    assert "header is blank" in problems[0].message and '"remarks" is not a column' in problems[1].message


def test_an_unknown_kind_in_row_17_is_placed_at_its_cell(som_xlsx):
    problems = problems_of(edit(som_xlsx, lambda wb: wb["survey"].__setitem__("D17", "rating_scale")))
    assert [p.place for p in problems] == ["survey!D17"]
    assert problems[0].message.startswith('kind: "rating_scale" is not a question kind; use one of yes_partly_no')


@pytest.mark.parametrize(
    ("cell", "value", "place", "words"),
    (
        ("E5", "perhaps", "survey!E5", 'required: "perhaps" is not yes or no'),
        ("I4", "som.crim.smuggling == yes", "survey!I4", "show_if: \"som.crim.smuggling == yes\" is not a follow-up rule"),
        ("I4", "som.crim.smuggling in yes, ", "survey!I4", 'write it as "KEY in VALUE, VALUE"'),
        ("I4", "som.crim.smuggling in maybe", "survey!I4", 'show_if: "maybe" is not an answer'),
        ("I3", "som.crim.smuggling.legislation in yes", "survey!I3", "is not a question before this one"),
        ("B5", "som.crim.smuggling", "survey!B5", 'key: "som.crim.smuggling" is used by another question'),
        ("H3", "article 6", "survey!H3", 'provisions: "article 6" is not a provision'),
        ("A3", "IX", "survey!A3", 'cluster: "IX" is not a cluster code of the clusters sheet'),
        ("J3", "many", "survey!J3", "max_length"),
        ("F3", "=1+1", "survey!F3", "text: is a formula"),
    ),
)
def test_each_bad_cell_is_reported_at_its_cell(som_xlsx, cell, value, place, words):
    problems = problems_of(edit(som_xlsx, lambda wb: wb["survey"].__setitem__(cell, value)))
    assert [p.place for p in problems] == [place], problems
    assert words in problems[0].message


def test_bad_choices_clusters_and_settings_are_placed_in_their_own_sheets(som_xlsx):
    def change(workbook):
        workbook["choices"]["B8"] = "Not A Code"  # "none" of som.crim.ancillary: no follow-up depends on it
        workbook["choices"]["A12"] = "som.no.such.question"  # "none" of som.crim.aggravation
        workbook["clusters"]["B3"] = None
        settings = workbook["settings"]
        rows = {row[0].value: row[0].row for row in settings.iter_rows(min_row=2)}
        settings[f"B{rows['slug']}"] = "Not a slug"
        settings.delete_rows(rows["instrument"])
    problems = problems_of(edit(som_xlsx, change))
    places = [p.place for p in problems]
    assert "choices!B8" in places and "choices!A12" in places and "clusters!B3" in places
    assert places == ["choices!B8", "choices!A12", "clusters!B3", "settings", "settings!B4"]
    assert problems[1].message == 'question: "som.no.such.question" is not the key of a question in the survey sheet'
    assert problems[2].message == "title: must not be empty"
    assert problems[3].message == "instrument: is not an instrument this system knows"
    assert problems[4].message == "slug: use lowercase letters, digits and hyphens only"


def test_a_workbook_without_clusters_is_told_so_in_the_readers_language(app, som_xlsx, lay_words):
    from flask_babel import force_locale

    lay_words({"fr": {(None, "must be a list with at least one cluster"): "doit compter au moins un groupe",
                      (None, "%(problem)s (one row per cluster)"): "%(problem)s (une ligne par groupe)"}})

    def change(workbook):
        for sheet in ("clusters", "survey", "choices"):
            workbook[sheet].delete_rows(2, workbook[sheet].max_row)
    emptied = edit(som_xlsx, change)
    assert [str(p) for p in problems_of(emptied)] == [
        "clusters: must be a list with at least one cluster (one row per cluster)"]
    with app.test_request_context(), force_locale("fr"):
        assert [str(p) for p in problems_of(emptied)] == [
            "clusters: doit compter au moins un groupe (une ligne par groupe)"]


def test_a_workbook_with_several_problems_lists_them_all_sheet_by_sheet_row_by_row(som_xlsx):
    def change(workbook):
        survey = workbook["survey"]
        survey["D17"] = "rating_scale"
        survey["E5"] = "perhaps"
        survey["I8"] = "garbled rule"
        survey.merge_cells("A30:A31")
        workbook["clusters"]["R1"] = "colour"
        workbook.remove(workbook["settings"])
    problems = problems_of(edit(som_xlsx, change))
    assert [p.place for p in problems] == [
        "survey!E5", "survey!I8", "survey!D17", "survey!A30", "survey!A31", "clusters!R1", "settings",
    ]
    assert "cells A30:A31 are merged" in problems[3].message


def test_the_reader_leaves_the_input_alone_and_a_valid_document_unchanged(som_xlsx):
    before = bytes(som_xlsx)
    document = read_workbook(som_xlsx)
    assert som_xlsx == before and document == som_definition()


# --- the command line -------------------------------------------------------------------------------------


def count(db) -> int:
    return db.scalar(select(func.count()).select_from(Questionnaire))


def test_cli_exports_checks_and_imports_a_workbook(runner, som, db, tmp_path):
    path = tmp_path / "som.xlsx"
    exported = runner.invoke(args=["definition", "export", "som-protocol", "--out", str(path)])
    assert exported.exit_code == 0, exported.output
    checked = runner.invoke(args=["definition", "check", str(path)])
    assert checked.exit_code == 0, checked.output
    assert "som-protocol version 2: 4 clusters, 147 questions — valid" in checked.output
    assert "Warning:" not in checked.output
    som.status, som.endorsed_at = "endorsed", utcnow()  # a draft would be refused: one draft a slug
    db.commit()
    imported = runner.invoke(args=["definition", "import", str(path)])
    assert imported.exit_code == 0 and "som-protocol version 3" in imported.output
    assert count(db) == 2


def test_cli_check_prints_the_quality_warnings_of_a_workbook(runner, tmp_path):
    def change(workbook):
        workbook["survey"]["F3"] = "Does it apply? " + "word " * 45 + "Does it not?"
        workbook["survey"]["H3"] = None
    path = tmp_path / "wordy.xlsx"
    path.write_bytes(edit(write_workbook(som_definition()), change))
    checked = runner.invoke(args=["definition", "check", str(path)])
    assert checked.exit_code == 0, checked.output
    warnings = [line for line in checked.output.splitlines() if line.startswith("Warning:")]
    assert warnings == [
        "Warning: clusters[0].questions[1].text: som.crim.smuggling has 51 words; keep a question to 40 words or fewer",
        "Warning: clusters[0].questions[1].text: som.crim.smuggling asks more than one question; "
        "split it so each answer means one thing",
        "Warning: clusters[0].questions[1].provisions: som.crim.smuggling cites no provision; "
        "tie every question to an article it reviews",
    ]


def test_cli_import_of_a_bad_workbook_lists_every_problem_and_writes_nothing(runner, som, db, tmp_path):
    def change(workbook):
        workbook["survey"]["D17"] = "rating_scale"
        workbook["survey"]["E5"] = "perhaps"
    path = tmp_path / "bad.xlsx"
    path.write_bytes(edit(write_workbook(som_definition()), change))
    before = count(db)
    result = runner.invoke(args=["definition", "import", str(path)])
    assert result.exit_code == 1
    assert "survey!E5: required" in result.output and "survey!D17: kind" in result.output
    assert "Error: 2 problems; nothing was imported." in result.output
    assert count(db) == before
    checked = runner.invoke(args=["definition", "check", str(path)])
    assert checked.exit_code == 1 and "survey!D17" in checked.output
