"""The translators' round trip: XLIFF and XLSX out, checked whole on the way back, through the command line."""
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from translate.storage import xliff

from questionnaire import lifecycle
from questionnaire.models import AuditEvent, Questionnaire, TextTranslation, utcnow
from questionnaire.texts import CURRENT, digest, set_translation, source_texts, text_states
from questionnaire.translation.roundtrip import (
    ChangedSincePreview,
    apply_import,
    export_file,
    plan_import,
    shown_bases,
)
from questionnaire.translation.segments import ExportRow, FileHeader
from questionnaire.translation.workbook import write_xlsx
from tests.factories import translated_xliff


def _translations(db, questionnaire_id, language="fr"):
    db.expire_all()
    return {row.key: row.text for row in db.scalars(select(TextTranslation).where(
        TextTranslation.questionnaire_id == questionnaire_id, TextTranslation.language == language))}


def test_the_xliff_has_one_unit_per_text_with_its_digest_and_names_its_questionnaire(db, bilingual):
    set_translation(db, bilingual, "title", "fr", "Petit questionnaire")
    db.commit()
    name, data = export_file(db, bilingual, "fr", "xlf")
    assert name == "bilingual-v1-fr.xlf"
    store = xliff.xlifffile.parsestring(data)
    units = {unit.xmlelement.get("id"): unit for unit in store.getunits()}
    assert list(units) == [text.key for text in source_texts(bilingual)]
    assert units["title"].target == "Petit questionnaire" and not units["question.crim.text"].target
    crim = next(q for q in bilingual.questions_in_order() if q.key == "crim")
    assert units["question.crim.text"].source == crim.text
    assert f"source-digest: {digest(units['title'].source)}" in units["title"].getnotes("developer")
    assert store.getsourcelanguage() == "en" and store.gettargetlanguage() == "fr"
    text = data.decode()
    assert '<prop prop-type="slug">bilingual</prop>' in text and '<prop prop-type="version">1</prop>' in text


def test_a_french_xliff_round_trip_changes_two_segments(db, fresh_db, bilingual, runner, tmp_path):
    set_translation(db, bilingual, "title", "fr", "Petit questionnaire")
    db.commit()
    out = tmp_path / "fr.xlf"
    result = runner.invoke(args=["translations", "export", "bilingual", "--lang", "fr", "--out", str(out)])
    assert result.exit_code == 0, result.output
    out.write_bytes(translated_xliff(out.read_bytes(), {
        "question.crim.text": "Le trafic illicite de migrants est-il une infraction pénale ?",
        "question.agree.choice.bi": "Bilatéral"}))

    dry = runner.invoke(args=["translations", "import", str(out), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "question.crim.text: New translation: " in dry.output
    assert "2 changes, " in dry.output and "Dry run" in dry.output
    assert _translations(fresh_db(), bilingual.id) == {"title": "Petit questionnaire"}

    result = runner.invoke(args=["translations", "import", str(out)])
    assert result.exit_code == 0, result.output
    db = fresh_db()
    assert _translations(db, bilingual.id) == {
        "title": "Petit questionnaire", "question.agree.choice.bi": "Bilatéral",
        "question.crim.text": "Le trafic illicite de migrants est-il une infraction pénale ?"}
    states = {s.key: s.status for s in text_states(db, db.get(Questionnaire, bilingual.id), "fr")}
    assert states["question.crim.text"] == CURRENT
    (event,) = db.scalars(select(AuditEvent).where(AuditEvent.action == "translation.import")).all()
    assert {c["key"] for c in event.details["changes"]} == {"question.crim.text", "question.agree.choice.bi"}


def test_a_stale_segment_is_refused_with_its_place_and_nothing_is_written(db, fresh_db, bilingual, runner, tmp_path):
    _name, data = export_file(db, bilingual, "fr", "xlf")
    question = next(q for q in bilingual.questions_in_order() if q.key == "cases")
    question.text = "How many cases were prosecuted?"
    db.commit()
    path = tmp_path / "fr.xlf"
    path.write_bytes(translated_xliff(data, {"title": "Petit questionnaire", "question.cases.text": "Combien de cas ?"}))
    result = runner.invoke(args=["translations", "import", str(path)])
    assert result.exit_code == 1
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if 'id="question.cases.text"' in text)
    assert f"line {line}: question.cases.text: the source text changed since this file was exported" in result.output
    assert "nothing was imported" in result.output
    assert _translations(fresh_db(), bilingual.id) == {}


def test_an_unknown_segment_id_is_refused(db, bilingual):
    _name, data = export_file(db, bilingual, "fr", "xlf")
    data = data.replace(b'id="question.cases.text"', b'id="question.nowhere.text"')
    plan = plan_import(db, translated_xliff(data, {"title": "Petit questionnaire"}))
    assert not plan.valid
    (problem,) = plan.problems
    assert problem.startswith("line ") and "question.nowhere.text: the questionnaire has no text with this key" in problem


def test_a_translation_over_its_limit_is_refused(db, bilingual):
    _name, data = export_file(db, bilingual, "fr", "xlf")
    plan = plan_import(db, translated_xliff(data, {"title": "T" * 301, "question.crim.text": "Infraction ?"}))
    (problem,) = plan.problems
    assert "title: the translation is 301 characters long; the limit is 300" in problem
    with pytest.raises(ValueError):
        apply_import(db, plan, None)


def test_a_plan_applied_after_its_preview_writes_only_over_what_the_preview_showed(db, fresh_db, bilingual,
                                                                                   translate_all):
    translate_all(bilingual)
    _name, exported = export_file(db, bilingual, "fr", "xlf")
    data = translated_xliff(exported, {"title": "Petit questionnaire", "question.crim.text": "Infraction ?"})
    shown = shown_bases(plan_import(db, data))
    assert sorted(shown) == ["question.crim.text", "title"]
    set_translation(db, bilingual, "title", "fr", "Titre saisi depuis")  # listed by the preview
    set_translation(db, bilingual, "cluster.A.title", "fr", "Incrimination")  # the file leaves it as it was
    db.commit()
    with pytest.raises(ChangedSincePreview) as refused:
        apply_import(db, plan_import(db, data, lock=True), None, "fr.xlf", shown)
    assert refused.value.keys == ["title", "cluster.A.title"]
    db.rollback()
    stored = _translations(fresh_db(), bilingual.id)
    assert stored["title"] == "Titre saisi depuis" and stored["question.crim.text"] == "[fr] Is smuggling a crime?"
    fresh = plan_import(db, data)
    assert apply_import(db, fresh, None, "fr.xlf", shown_bases(fresh)) == 3  # seen now: the file's texts go in
    db.commit()
    assert _translations(fresh_db(), bilingual.id)["title"] == "Petit questionnaire"


def test_an_open_questionnaire_or_a_version_that_does_not_exist_is_refused(db, bilingual, translate_all):
    _name, data = export_file(db, bilingual, "fr", "xlf")
    missing = plan_import(db, data.replace(b'<prop prop-type="version">1</prop>', b'<prop prop-type="version">7</prop>'))
    assert missing.problems == ["There is no questionnaire bilingual version 7."]
    translate_all(bilingual)
    lifecycle.endorse(db, bilingual, None, "Working group")
    lifecycle.adopt(db, bilingual, None)
    lifecycle.open_for_answers(db, bilingual, None, utcnow() + timedelta(days=3))
    db.commit()
    (problem,) = plan_import(db, data).problems
    assert "has been opened for answers" in problem


@pytest.mark.parametrize(("data", "words"), [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "neither XLIFF nor an XLSX"),  # a renamed binary
    (b"", "empty"),
    (b"<html><body>not a translation</body></html>", "not XLIFF"),
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xliff>&a;</xliff>', "refused for safety"),
])
def test_a_file_that_is_not_xliff_or_xlsx_is_refused(db, bilingual, data, words):
    plan = plan_import(db, data)
    assert not plan.valid and words in plan.problems[0]


def test_a_truncated_xlsx_is_refused(db, bilingual):
    _name, data = export_file(db, bilingual, "fr", "xlsx")
    plan = plan_import(db, data[: len(data) // 2])
    assert not plan.valid and "not a valid archive" in plan.problems[0]


def test_the_xlsx_round_trip_keeps_formula_like_text_as_text(db, fresh_db, bilingual):
    name, data = export_file(db, bilingual, "fr", "xlsx")
    assert name.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["translations", "about"] and workbook["about"].sheet_state == "hidden"
    sheet = workbook["translations"]
    assert [c.value for c in sheet[1]] == ["key", "source", "translation", "status", "still right", "source digest"]
    assert sheet.column_dimensions["F"].hidden and not sheet.column_dimensions["E"].hidden
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert rows["title"][3].value == "missing"
    rows["title"][2].value = "Petit questionnaire"
    rows["question.crim.text"][2].value = "Infraction ?"
    rows["question.crim.text"][2].data_type = "s"
    rows["question.cases.text"][2].value = "'=SUM(A1)"  # typed as text by the translator
    rows["question.cases.text"][2].data_type = "s"
    out = io.BytesIO()
    workbook.save(out)
    plan = plan_import(db, out.getvalue())
    assert plan.valid, plan.problems
    assert [(c.key, c.place) for c in plan.changes][:2] == [("title", "row 2"), ("question.crim.text", "row 4")]
    apply_import(db, plan, None, "fr.xlsx")
    db.commit()
    assert _translations(fresh_db(), bilingual.id)["question.cases.text"] == "'=SUM(A1)"


def test_a_formula_in_the_workbook_is_refused_at_its_cell(db, bilingual):
    _name, data = export_file(db, bilingual, "fr", "xlsx")
    workbook = load_workbook(io.BytesIO(data))
    workbook["translations"]["C3"] = "=A3"
    out = io.BytesIO()
    workbook.save(out)
    (problem,) = plan_import(db, out.getvalue()).problems
    assert problem.startswith("translations!C3 holds a formula")


def test_the_arabic_workbook_reads_right_to_left_in_its_translation_column(db, bilingual):
    bilingual.languages = ["en", "fr", "ar"]
    db.commit()
    _name, data = export_file(db, bilingual, "ar", "xlsx")
    cell = load_workbook(io.BytesIO(data))["translations"]["C2"]
    assert cell.alignment.readingOrder == 2


def test_the_export_command_refuses_the_source_language_and_unknown_suffixes(runner, bilingual, tmp_path):
    result = runner.invoke(args=["translations", "export", "bilingual", "--lang", "en", "--out", str(tmp_path / "x.xlf")])
    assert result.exit_code == 1 and "not translated into en" in result.output
    result = runner.invoke(args=["translations", "export", "bilingual", "--lang", "fr", "--out", str(tmp_path / "x.po")])
    assert result.exit_code == 1 and ".xlf or .xlsx" in result.output
    result = runner.invoke(args=["translations", "export", "nope", "--lang", "fr", "--out", str(tmp_path / "x.xlf")])
    assert result.exit_code == 1 and "no questionnaire nope" in result.output


def test_a_billion_laughs_xliff_is_refused_quickly_and_writes_nothing(db, bilingual):
    import time

    from tests.questionnaire.test_uploads import BILLION_LAUGHS

    started = time.perf_counter()
    plan = plan_import(db, BILLION_LAUGHS)
    assert time.perf_counter() - started < 0.5
    assert plan.problems and "safety" in " ".join(plan.problems)
    assert _translations(db, bilingual.id) == {}


def test_a_long_source_text_gets_a_row_tall_enough_to_read_it():
    long_source = "Describe the measures taken to protect smuggled migrants. " * 10  # 580 characters, 60 a line
    rows = [ExportRow("question.a.text", "Short?", "", "missing", "d1", "Question 1"),
            ExportRow("question.a.guidance", long_source, "", "missing", "d2", "Question 1, guidance")]
    sheet = load_workbook(io.BytesIO(write_xlsx(FileHeader("small", 1, "en", "fr"), rows)))["translations"]
    assert sheet.row_dimensions[2].height is None
    assert sheet.row_dimensions[3].height == 10 * 15.0
