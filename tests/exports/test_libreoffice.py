"""A real spreadsheet program opens the workbook: LibreOffice converts it and the values survive."""
from __future__ import annotations

import datetime as dt
import re
import io
import shutil
import subprocess

import openpyxl
import pytest

from exports.selection import Selection
from exports.service import prepare, write_export


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs libreoffice-calc"),
]

FORMULA = "=1+1"
ARABIC = "تهريب المهاجرين"


def test_libreoffice_reads_every_sheet_with_text_dates_and_numbers_intact(db, som, states, make_user, tmp_path, add_response):
    add_response(som, states["MEX"], {
        "som.crim.smuggling": "yes", "som.crim.smuggling.legislation": FORMULA,
        "som.crim.smuggling.law_date": "2019-05-01",
        "som.enf.verification": "yes", "som.enf.verification.requests": 12,
        "som.coop.sea": "yes", "som.coop.sea.legislation": ARABIC,
    }, make_user("focal_point", state="MEX"))
    source = tmp_path / "export.xlsx"
    write_export(prepare(db, Selection("som-protocol"), None), "xlsx", str(source))
    subprocess.run(  # open it in Calc and save it again as XLSX: Calc's own reading of every cell
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--norestore",
         "--convert-to", "xlsx", "--outdir", str(tmp_path / "back"), str(source)],
        check=True, capture_output=True, timeout=120,
    )
    wb = openpyxl.load_workbook(tmp_path / "back" / "export.xlsx")
    assert wb.sheetnames[:2] == ["About", "Overview"] and "Assistance" in wb.sheetnames
    answers = {row[5]: row for row in wb["Answers"].iter_rows(min_row=2, values_only=True)}
    assert answers["som.crim.smuggling.legislation"][8] == FORMULA  # still text, never computed to 2
    assert answers["som.coop.sea.legislation"][8] == ARABIC
    assert answers["som.crim.smuggling.law_date"][8] == dt.datetime(2019, 5, 1)
    assert answers["som.enf.verification.requests"][8] == 12
    assert wb["Overview"]["A2"].value == "MEX"
    # Calc reads the Answers sheet as a table and keeps it, and every cell reads from the top
    assert wb["Answers"].tables["Answers"].ref == f"A1:L{len(answers) + 1}"
    assert wb["Answers"]["A2"].alignment.vertical == "top" and wb["Overview"]["B2"].alignment.vertical == "top"


def test_libreoffice_keeps_the_height_that_shows_a_long_answer(db, som, states, make_user, tmp_path, add_response):
    answer = "The law provides that smuggling migrants is an offence punishable by imprisonment. " * 16
    add_response(som, states["MEX"], {"som.crim.smuggling": "yes", "som.crim.smuggling.legislation": answer},
                 make_user("focal_point", state="MEX"))
    source = tmp_path / "export.xlsx"
    write_export(prepare(db, Selection("som-protocol"), None), "xlsx", str(source))
    subprocess.run(  # Calc opens the workbook and saves it again: what it shows and prints is what it saves
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--norestore",
         "--convert-to", "xlsx", "--outdir", str(tmp_path / "back"), str(source)],
        check=True, capture_output=True, timeout=120,
    )
    written = openpyxl.load_workbook(source)["Answers"]
    answers = openpyxl.load_workbook(tmp_path / "back" / "export.xlsx")["Answers"]
    (row,) = [cells[0].row for cells in answers.iter_rows(min_row=2)
              if cells[5].value == "som.crim.smuggling.legislation"]
    assert answers.row_dimensions[row].height >= 13 * 15.0  # 1,328 characters at 110 a line, not one line
    # every row keeps the height written, and a row written without one keeps the default
    assert [answers.row_dimensions[row].height for row in range(1, answers.max_row + 1)] == pytest.approx(
        [written.row_dimensions[row].height or 15.0 for row in range(1, written.max_row + 1)], abs=1)


def test_nine_states_of_the_demo_print_in_under_125_pages(db, open_som, tmp_path):
    from exports.demo_answers import fill_demo_answers

    fill_demo_answers(db, open_som, 9, submit=True)
    db.commit()
    source = tmp_path / "nine.xlsx"
    write_export(prepare(db, Selection("som-protocol"), None), "xlsx", str(source))
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(source)],
        check=True, capture_output=True, timeout=300,
    )
    pdf = (tmp_path / "pdf" / "nine.pdf").read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    print(f"nine States: {pages} PDF pages")
    # every row is as tall as its longest answer, so each answer prints in full: 113 pages with LibreOffice 7.4
    # (38 while each row printed one line of its answer); a page set-up that stops fitting the width goes over
    assert 0 < pages < 125
