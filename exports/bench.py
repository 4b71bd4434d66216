"""The export benchmark (``make bench``): the full workbook for all 193 States against two floors.

It builds synthetic answers (texts of 200-2,000 characters) for every UN member State on the whole SOM
questionnaire in a temporary SQLite database, times the export as the web download runs it (selection,
queries, table building, styled writer with the Answers table, page set-up and charts), then times two bare
writers writing the same cells with no styles, page set-up or charts, in the same run: openpyxl's
write-only mode and XlsxWriter's constant-memory mode (the floors; the faster one chose the writer).
Times are CPU seconds of this process (``time.process_time``: user and system), best of three rounds, so
that other jobs on a shared machine slow them less than wall-clock time; the ratio compares like with like.
The peak resident memory of the process is read after the set-up and the first export, before any floor
runs (the floors hold the cells of their own), and again at the end.  The last line is machine-readable::

    RESULT states=193 answers=N export_s=X floor_openpyxl_s=Y floor_xlsxwriter_s=Z ratio=X/Z peak_rss_mb=M
"""
from __future__ import annotations

import gc
import os
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter
from openpyxl import Workbook

from questionnaire import create_app, migrate, seed
from questionnaire.db import get_engine, get_session
from questionnaire.definitions.document import load_questionnaire
from exports.demo_answers import fill_demo_answers
from exports.selection import Selection
from exports.service import build_sheets, prepare
from exports.workbook import write_workbook

ROUNDS = 3
CLOCK = time.process_time


def _export(path: Path) -> tuple[int, int, dict[str, float]]:
    """Run the whole export once; returns (States, answers, seconds per stage)."""
    stages: dict[str, float] = {}
    start = CLOCK()
    db = get_session()
    data = prepare(db, Selection(seed.SOM_SLUG), None)
    stages["load"] = CLOCK() - start
    mark = CLOCK()
    sheets = build_sheets(data)
    stages["build"] = CLOCK() - mark
    mark = CLOCK()
    write_workbook(sheets, str(path), "SOM Protocol questionnaire", "Generated at ...")
    stages["write"] = CLOCK() - mark
    db.close()
    return len(data.responses), data.answer_count, stages


def _floor_xlsxwriter(sheets: list, path: Path, constant_memory: bool = True) -> float:
    """Bare XlsxWriter writing the same cells (no styles, tables, charts); seconds. Constant-memory mode is
    the floor of the RESULT line; the default mode (shared strings, which the export uses for its Excel
    table) is shown beside it."""
    start = CLOCK()
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory, "strings_to_formulas": False,
                                         "strings_to_urls": False, "strings_to_numbers": False})
    for sheet in sheets:
        ws = wb.add_worksheet(sheet.name)
        for index, row in enumerate([*sheet.preamble, sheet.headers, *sheet.rows]):
            ws.write_row(index, 0, row)
    wb.close()
    return CLOCK() - start


def _floor(sheets: list, path: Path) -> float:
    """Bare openpyxl write-only writing the same cells (no styles, tables, charts); seconds."""
    start = CLOCK()
    wb = Workbook(write_only=True)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        for row in sheet.preamble:
            ws.append(row)
        ws.append(sheet.headers)
        for row in sheet.rows:
            ws.append(row)
    wb.save(str(path))
    return CLOCK() - start


def _best(times: list[float]) -> float:
    return min(times)


def main() -> int:
    """Build the data, run the export and the floor ``ROUNDS`` times each, print the table and RESULT."""
    with tempfile.TemporaryDirectory(prefix="saq-bench-") as folder:
        root = Path(folder)
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "EXPORT_FOLDER": folder,
                          "DATABASE_URL": f"sqlite:///{root / 'bench.sqlite'}"})
        with app.app_context():
            migrate.upgrade(get_engine())
            db = get_session()
            seed.load_states(db)
            seed.load_som_questionnaire(db)
            questionnaire = load_questionnaire(db, seed.SOM_SLUG)
            began = CLOCK()
            fill_demo_answers(db, questionnaire, 193, submit=True, parties_only=False, text_range=(200, 2000))
            db.commit()
            setup_s = CLOCK() - began
            db.close()

            export_times, floor_times, floor_xw_times, floor_shared_times, stage_rows = [], [], [], [], []
            states = answers = 0
            for round_ in range(ROUNDS):
                gc.collect()
                states, answers, stages = _export(root / f"export{round_}.xlsx")
                if round_ == 0:
                    export_rss = _peak_rss_mb()
                export_times.append(sum(stages.values()))
                stage_rows.append(stages)
                db = get_session()
                sheets = build_sheets(prepare(db, Selection(seed.SOM_SLUG), None))
                db.close()
                gc.collect()
                floor_times.append(_floor(sheets, root / f"floor{round_}.xlsx"))
                gc.collect()
                floor_xw_times.append(_floor_xlsxwriter(sheets, root / f"floorxw{round_}.xlsx"))
                gc.collect()
                floor_shared_times.append(_floor_xlsxwriter(sheets, root / f"floorsh{round_}.xlsx", False))
                del sheets

            export_s, floor_s, floor_xw_s = _best(export_times), _best(floor_times), _best(floor_xw_times)
            best = stage_rows[export_times.index(export_s)]
            size_mb = os.path.getsize(root / "export0.xlsx") / 1e6
            floor_mb = os.path.getsize(root / "floor0.xlsx") / 1e6
        app.extensions["db_engine"].dispose()

    peak_rss = _peak_rss_mb()
    print(f"{'measure':<44}{'value':>12}")
    print("-" * 56)
    rows = [
        ("States", f"{states}"), ("answers", f"{answers}"), ("synthetic data setup (s)", f"{setup_s:.2f}"),
        ("export: load (s)", f"{best['load']:.3f}"), ("export: build tables (s)", f"{best['build']:.3f}"),
        ("export: write workbook (s)", f"{best['write']:.3f}"), ("export total, best of 3 (CPU s)", f"{export_s:.3f}"),
        ("floor: bare openpyxl, best of 3 (s)", f"{floor_s:.3f}"),
        ("floor: bare XlsxWriter, best of 3 (s)", f"{floor_xw_s:.3f}"),
        ("floor: bare XlsxWriter, shared strings (s)", f"{_best(floor_shared_times):.3f}"),
        ("ratio export/XlsxWriter floor", f"{export_s / floor_xw_s:.2f}"),
        ("ratio export/shared-strings floor", f"{export_s / _best(floor_shared_times):.2f}"),
        ("workbook size (MB)", f"{size_mb:.1f}"), ("openpyxl floor workbook size (MB)", f"{floor_mb:.1f}"),
        ("peak RSS after set-up and export (MB)", f"{export_rss:.0f}"),
        ("peak RSS, whole run with the floors (MB)", f"{peak_rss:.0f}"),
    ]
    for label, value in rows:
        print(f"{label:<44}{value:>12}")
    print(
        f"RESULT states={states} answers={answers} export_s={export_s:.2f} floor_openpyxl_s={floor_s:.2f} "
        f"floor_xlsxwriter_s={floor_xw_s:.2f} ratio={export_s / floor_xw_s:.2f} peak_rss_mb={export_rss:.0f}"
    )
    return 0


def _peak_rss_mb() -> float:
    """The process's peak resident memory so far (includes the synthetic data set-up): an upper bound."""
    import resource

    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return peak_kb / 1024


if __name__ == "__main__":
    sys.exit(main())
