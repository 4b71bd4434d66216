"""Exports in a chosen language: headers, sheet names, questionnaire texts, choice labels and State names in
it; answers as the States wrote them, each with its language; Arabic workbooks right to left."""
from __future__ import annotations

import csv
import io
import shutil
import subprocess

import openpyxl
import pytest
from sqlalchemy import update

from exports.selection import Selection, SelectionError
from exports.service import prepare, write_export
from questionnaire.models import Answer
from tests.factories import make_multilingual, make_reply


@pytest.fixture
def replied(db, states, make_user):
    questionnaire = make_multilingual(db)
    mexico, nigeria = make_user("focal_point", state="MEX"), make_user("focal_point", state="NGA")
    make_reply(db, questionnaire, states["MEX"], mexico,
               {"crim": "yes", "crim.law": "Ley General de Población, art. 159", "agree": "bi"}, status="submitted")
    make_reply(db, questionnaire, states["NGA"], nigeria, {"crim": "no", "crim.why": "Not yet", "agree": "multi"},
               status="submitted")
    db.execute(update(Answer).values(language="en"))
    db.commit()
    return questionnaire


def workbook(app, db, slug, language, fmt="xlsx"):
    out = io.BytesIO()
    with app.app_context():  # as under the command line: fixed wording through Flask-Babel
        write_export(prepare(db, Selection(slug, language=language), None), fmt, out)
    if fmt == "csv":
        return list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"))))
    return openpyxl.load_workbook(io.BytesIO(out.getvalue()))


def _mark_mexico_in_spanish(db, questionnaire, states):
    from sqlalchemy import select

    from questionnaire.models import Response

    mexico = db.scalar(select(Response.id).where(Response.questionnaire_id == questionnaire.id,
                                                 Response.state_id == states["MEX"].id))
    db.execute(update(Answer).where(Answer.response_id == mexico).values(language="es"))
    db.commit()


def test_a_spanish_export_has_spanish_headers_sheet_names_questions_labels_and_state_names(app, db, replied, states):
    _mark_mexico_in_spanish(db, replied, states)
    wb = workbook(app, db, replied.slug, "es")
    assert wb.sheetnames[:2] == ["Información", "Visión general"] and "Respuestas" in wb.sheetnames
    assert "A Penalización" in wb.sheetnames and "B Cooperación" in wb.sheetnames
    overview = list(wb["Visión general"].iter_rows(values_only=True))
    assert overview[0][:3] == ("ISO3", "Estado", "Grupo regional")
    assert {row[0]: row[1] for row in overview[1:]} == {"MEX": "México", "NGA": "Nigeria"}
    rows = list(wb["Respuestas"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Estado", "ISO3", "Grupo regional") and rows[0][7:9] == ("Pregunta", "Respuesta")
    by_key = {(row[1], row[5]): row for row in rows[1:]}
    crim = by_key[("MEX", "crim")]
    assert crim[0] == "México" and crim[7] == "¿Es delito el tráfico ilícito de migrantes?"
    assert by_key[("MEX", "agree")][8] == "Bilateral (es)" and by_key[("NGA", "agree")][8] == "Multilateral (es)"
    # answers as the States wrote them, with the language each was written in
    law = by_key[("MEX", "crim.law")]
    assert law[8] == "Ley General de Población, art. 159" and law[-1] == "español"
    assert by_key[("NGA", "crim")][-1] == "inglés"
    # a text not translated: the English source stands in
    assert by_key[("NGA", "crim.why")][7] == "Explain why not."
    assert not wb["Respuestas"].sheet_view.rightToLeft


def test_a_spanish_csv_has_spanish_headers_and_state_names(app, db, replied):
    rows = workbook(app, db, replied.slug, "es", "csv")
    assert rows[0][:4] == ["Cuestionario", "Versión", "ISO3", "Estado"]
    assert {row[3] for row in rows[1:]} == {"México", "Nigeria"}
    assert "¿Es delito el tráfico ilícito de migrantes?" in {row[11] for row in rows[1:]}


def test_an_arabic_workbook_reads_right_to_left_on_every_sheet(app, db, replied):
    wb = workbook(app, db, replied.slug, "ar")
    assert "الإجابات" in wb.sheetnames
    assert all(wb[name].sheet_view.rightToLeft for name in wb.sheetnames)
    names = {row[0] for row in wb["الإجابات"].iter_rows(min_row=2, values_only=True)}
    assert names == {"المكسيك", "نيجيريا"}


def test_an_english_export_keeps_the_uns_formal_names_and_reads_left_to_right(app, db, replied):
    wb = workbook(app, db, replied.slug, "en")
    names = {row[1] for row in wb["Overview"].iter_rows(min_row=2, values_only=True)}
    assert "Mexico" in names and not wb["Overview"].sheet_view.rightToLeft


def test_an_unknown_export_language_is_refused_with_a_clear_message(app, db, replied):
    with app.app_context(), pytest.raises(SelectionError, match="no export language “xx”; the languages are: ar, en"):
        prepare(db, Selection(replied.slug, language="xx"), None)


def test_the_export_command_takes_a_language_and_refuses_an_unknown_one(runner, replied, tmp_path):
    out = tmp_path / "es.xlsx"
    result = runner.invoke(args=["export", replied.slug, "--lang", "es", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Respuestas" in openpyxl.load_workbook(out).sheetnames
    result = runner.invoke(args=["export", replied.slug, "--lang", "xx", "--out", str(tmp_path / "xx.xlsx")])
    assert result.exit_code == 1 and "There is no export language “xx”" in result.output
    assert not (tmp_path / "xx.xlsx").exists()


def test_the_exports_page_offers_the_languages_and_downloads_in_the_one_chosen(client, login, make_user, replied):
    login(make_user("reviewer"))
    page = client.get(f"/exports/?questionnaire={replied.slug}@1").get_data(as_text=True)
    assert 'name="language"' in page and 'lang="ar"' in page and "العربية" in page
    response = client.get(f"/exports/download.xlsx?questionnaire={replied.slug}@1&language=es")
    assert response.status_code == 200
    assert "Respuestas" in openpyxl.load_workbook(io.BytesIO(response.data)).sheetnames
    assert f"{replied.slug}-v1-es-" in response.headers["Content-Disposition"]  # told apart from other languages
    response = client.get(f"/exports/download.csv?questionnaire={replied.slug}@1&language=xx")
    assert response.status_code == 400 and "There is no export language" in response.get_data(as_text=True)


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs libreoffice-calc")
def test_libreoffice_opens_the_spanish_and_the_arabic_workbooks(app, db, replied, tmp_path):
    for language in ("es", "ar"):
        source = tmp_path / f"{language}.xlsx"
        with app.app_context():
            write_export(prepare(db, Selection(replied.slug, language=language), None), "xlsx", str(source))
        subprocess.run(  # Calc opens it and saves it again: its own reading of every sheet
            [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--norestore",
             "--convert-to", "xlsx", "--outdir", str(tmp_path / "back"), str(source)],
            check=True, capture_output=True, timeout=120,
        )
    spanish = openpyxl.load_workbook(tmp_path / "back" / "es.xlsx")
    assert "Respuestas" in spanish.sheetnames and "A Penalización" in spanish.sheetnames
    assert {row[1] for row in spanish["Visión general"].iter_rows(min_row=2, values_only=True)} == {"México", "Nigeria"}
    arabic = openpyxl.load_workbook(tmp_path / "back" / "ar.xlsx")
    assert "الإجابات" in arabic.sheetnames and arabic["الإجابات"].sheet_view.rightToLeft
    assert "المكسيك" in {row[0] for row in arabic["الإجابات"].iter_rows(min_row=2, values_only=True)}


@pytest.mark.parametrize(("language", "named"), [("fr", "français"), ("es", "español"), ("en", "English")])
def test_the_about_sheet_says_which_language_the_workbook_is_in(app, db, replied, language, named):
    from flask_babel import force_locale, gettext

    wb = workbook(app, db, replied.slug, language)
    with app.test_request_context(), force_locale(language):
        label = gettext("Language")
    about = {row[0]: row[1] for row in wb.worksheets[0].iter_rows(values_only=True)}
    assert about[label] == named
    assert len([value for value in about.values() if value == named]) == 1


def test_the_about_sheet_says_when_the_questionnaire_is_not_offered_in_the_workbooks_language(app, db, replied):
    wb = workbook(app, db, replied.slug, "ru")  # the questionnaire is offered in en, fr, ar, zh, es
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert ("Язык", "русский") in rows
    assert any(isinstance(value, str) and "английский" in value for row in rows for value in row)


def test_a_spanish_workbook_counts_per_regional_group_and_names_the_groups_chosen_in_spanish(app, db, replied):
    out = io.BytesIO()
    with app.app_context():
        write_export(prepare(db, Selection(replied.slug, regions=("African States",
                                                                  "Latin American and Caribbean States"),
                                           language="es"), None), "xlsx", out)
    wb = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    about = {row[0]: row[1] for row in wb["Información"].iter_rows(values_only=True)}
    assert about["Grupos regionales"] == "Estados de África; Estados de América Latina y el Caribe"
    summary_headers = next(wb["Resumen"].iter_rows(values_only=True))
    assert "Estados de África: Estados" in summary_headers
    assert "Estados de América Latina y el Caribe: proporción" in summary_headers


def test_the_summary_page_in_another_language_has_a_column_per_regional_group(client, login, make_user, replied):
    login(make_user("secretariat", locale="es"))
    page = client.get(f"/exports/summary?questionnaire={replied.slug}@{replied.version}").get_data(as_text=True)
    assert '<th scope="col">Estados de África</th>' in page
    assert '<th scope="col">Estados de América Latina y el Caribe</th>' in page


def test_the_exports_page_names_the_regional_groups_in_the_readers_language(client, login, make_user, replied):
    login(make_user("reviewer", locale="es"))
    page = client.get("/exports/").get_data(as_text=True)
    assert 'value="African States"> <label for="region-0">Estados de África</label>' in page
    assert ">African States<" not in page


def test_the_exports_page_offers_questionnaires_and_clusters_in_the_readers_language(client, login, make_user,
                                                                                       replied):
    login(make_user("reviewer", locale="es"))
    page = client.get("/exports/").get_data(as_text=True)
    offered = page[page.index('name="questionnaire"'):page.index("</select>", page.index('name="questionnaire"'))]
    assert "Cuestionario pequeño" in offered and replied.title not in offered
    assert "(open)" not in offered  # the status in words, not its code
    assert "Penalización" in page and "Cooperación" in page
