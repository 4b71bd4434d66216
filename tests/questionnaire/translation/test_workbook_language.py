"""The translators' workbook speaks the language of the person exporting it (the page's interface language, the
command's ``--interface-lang``), and a workbook comes back whichever interface language it was exported in,
English-headed ones from before included.

The French and Arabic words below stand in for the catalogues' (laid over them for these tests), so that the
tests say what the workbook does with a language's words whatever the catalogues hold today."""
import html
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from questionnaire.models import AuditEvent, Questionnaire
from questionnaire.texts import CURRENT, OUT_OF_DATE, text_states

TITLE, CRIM, BI = "title", "question.crim.text", "question.agree.choice.bi"
OLD_TITLE, OLD_CRIM = "[fr] Small questionnaire bilingual", "[fr] Is smuggling a crime?"
HEADING = "a column heading in the translators' workbook"
STATUS = "the status of a translation, beside “out of date” and “missing”"
SHEET = "the name of the sheet of the translators' workbook"
REFUSED_HEADINGS = ("%(place)s: the first row must begin with the headings “%(key)s”, “%(source)s” and "
                    "“%(translation)s”, as the workbook was exported (in any language of the interface).")
WROTE = "Wrote %(slug)s version %(version)s in %(language)s to %(path)s."
NOTHING_IMPORTED = ("%(num)s problem; nothing was imported.", "%(num)s problems; nothing was imported.")
WORDS = {
    "fr": {(SHEET, "translations"): "traductions", (HEADING, "key"): "clé", (HEADING, "source"): "texte source",
           (HEADING, "translation"): "traduction", (HEADING, "status"): "statut",
           (HEADING, "still right"): "toujours exacte", (HEADING, "source digest"): "empreinte du texte source",
           (STATUS, "translated"): "traduite", (None, "out of date"): "obsolète", (None, "missing"): "manquante",
           (None, "yes"): "oui", (None, "no"): "non",
           (None, REFUSED_HEADINGS): "%(place)s : la première ligne doit commencer par les en-têtes « %(key)s », "
                                     "« %(source)s » et « %(translation)s », comme à l’export (dans l’une des "
                                     "langues de l’interface).",
           (None, WROTE): "%(slug)s version %(version)s en %(language)s écrit dans %(path)s.",
           (None, "Error: %(message)s"): "Erreur : %(message)s",
           (None, NOTHING_IMPORTED): ("%(num)s problème ; rien n’a été importé.",
                                      "%(num)s de problèmes ; rien n’a été importé.",
                                      "%(num)s problèmes ; rien n’a été importé.")},
    "ar": {(SHEET, "translations"): "الترجمات", (HEADING, "key"): "المفتاح", (HEADING, "source"): "المصدر",
           (HEADING, "translation"): "الترجمة", (HEADING, "status"): "الحالة",
           (HEADING, "still right"): "لا تزال صحيحة", (HEADING, "source digest"): "بصمة المصدر",
           (STATUS, "translated"): "مترجمة", (None, "out of date"): "غير محدَّثة", (None, "missing"): "ناقصة",
           (None, "yes"): "نعم", (None, "no"): "لا"},
}
FRENCH_HEADINGS = ["clé", "texte source", "traduction", "statut", "toujours exacte", "empreinte du texte source"]
ARABIC_HEADINGS = ["المفتاح", "المصدر", "الترجمة", "الحالة", "لا تزال صحيحة", "بصمة المصدر"]
ENGLISH_HEADINGS = ["key", "source", "translation", "status", "still right", "source digest"]


@pytest.fixture
def worded(lay_words):
    """The French and Arabic words of the workbook laid over the shipped catalogues of ``app``."""
    return lay_words(WORDS)


def _url(questionnaire) -> str:
    return f"/builder/{questionnaire.id}/translations/fr"


def _exported_by(client, login, make_user, questionnaire, interface: str) -> bytes:
    """The French workbook as a secretariat member whose interface is in ``interface`` downloads it."""
    login(make_user("secretariat", locale=interface))
    response = client.get(f"{_url(questionnaire)}/file.xlsx")
    assert response.status_code == 200
    return response.data


def _rows(data: bytes) -> tuple[str, list, dict]:
    """The workbook's first sheet: its name, its headings and its rows by key."""
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return sheet.title, [cell.value for cell in sheet[1]], {row[0].value: row for row in sheet.iter_rows(min_row=2)}


def _edited(data: bytes, *, still_right: dict | None = None, texts: dict | None = None, sources: dict | None = None,
            sheet: str | None = None, headings: list[str] | None = None) -> bytes:
    """``data`` with "still right" marks, translations and sources typed in by key, and its sheet renamed or its
    first row rewritten, as a translator (or an older export) would have them."""
    workbook = load_workbook(io.BytesIO(data))
    worksheet = workbook.worksheets[0]
    for row in worksheet.iter_rows(min_row=2):
        if row[0].value in (still_right or {}):
            row[4].value = still_right[row[0].value]
        if row[0].value in (texts or {}):
            row[2].value = texts[row[0].value]
        if row[0].value in (sources or {}):
            row[1].value = sources[row[0].value]
    if sheet is not None:
        worksheet.title = sheet
    for column, heading in enumerate(headings or [], start=1):
        worksheet.cell(row=1, column=column, value=heading)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _stored(fresh_db, questionnaire_id) -> dict[str, tuple[str | None, str]]:
    db = fresh_db()
    return {state.key: (state.translation, state.status)
            for state in text_states(db, db.get(Questionnaire, questionnaire_id), "fr")}


def _imports(fresh_db) -> list[AuditEvent]:
    return fresh_db().scalars(select(AuditEvent).where(AuditEvent.action == "translation.import")).all()


def _upload(client, questionnaire, data: bytes):
    return client.post(f"{_url(questionnaire)}/import", data={"file": (io.BytesIO(data), "fr.xlsx")},
                       content_type="multipart/form-data")


def _apply(client, questionnaire, page: str):
    fields = {name: html.unescape(re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page).group(1))
              for name in ("content", "filename", "shown")}
    return client.post(f"{_url(questionnaire)}/import/apply", data=fields)


# --- export -----------------------------------------------------------------------------------------


def test_a_french_secretariat_exports_a_workbook_in_french(client, login, make_user, stale, worded):
    data = _exported_by(client, login, make_user, stale, "fr")
    title, headings, rows = _rows(data)
    assert title == "traductions" and headings == FRENCH_HEADINGS
    assert rows[TITLE][3].value == "obsolète" and rows[BI][3].value == "traduite"
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    offers = sheet.data_validations.dataValidation
    assert {str(offer.sqref) for offer in offers} == {f"E{rows[TITLE][0].row}", f"E{rows[CRIM][0].row}"}
    for offer in offers:
        assert offer.formula1 == '"oui"' and "oui" in offer.prompt and "Choose" not in offer.prompt
    assert not sheet.sheet_view.rightToLeft


def test_an_arabic_secretariat_exports_a_workbook_in_arabic_that_reads_right_to_left(client, login, make_user,
                                                                                  stale, worded):
    data = _exported_by(client, login, make_user, stale, "ar")
    title, headings, rows = _rows(data)
    assert title == "الترجمات" and headings == ARABIC_HEADINGS
    assert rows[TITLE][3].value == "غير محدَّثة" and rows[BI][3].value == "مترجمة"
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert {offer.formula1 for offer in sheet.data_validations.dataValidation} == {'"نعم"'}
    assert sheet.sheet_view.rightToLeft
    assert sheet["C2"].alignment.readingOrder == 1  # the French translations still read left to right


def test_an_english_secretariat_exports_the_english_headings(client, login, make_user, stale, worded):
    title, headings, rows = _rows(_exported_by(client, login, make_user, stale, "en"))
    assert title == "translations" and headings == ENGLISH_HEADINGS
    assert rows[TITLE][3].value == "out of date" and rows[BI][3].value == "translated"


def test_the_export_command_words_the_workbook_and_its_message_in_the_interface_language_asked(
        runner, stale, worded, tmp_path):
    out = tmp_path / "fr.xlsx"
    result = runner.invoke(args=["translations", "export", "bilingual", "--lang", "fr", "--out", str(out),
                                 "--interface-lang", "fr"])
    assert result.exit_code == 0, result.output
    assert result.output == f"bilingual version 1 en fr écrit dans {out}.\n"
    assert _rows(out.read_bytes())[:2] == ("traductions", FRENCH_HEADINGS)

    result = runner.invoke(args=["translations", "export", "bilingual", "--lang", "fr", "--out", str(out)])
    assert result.exit_code == 0 and result.output.startswith("Wrote bilingual version 1 in fr")
    assert _rows(out.read_bytes())[:2] == ("translations", ENGLISH_HEADINGS)

    result = runner.invoke(args=["translations", "export", "bilingual", "--lang", "fr", "--out", str(out),
                                 "--interface-lang", "xx"])
    assert result.exit_code == 1 and "--interface-lang must be one of en, fr, es, ar, ru, zh" in result.output


# --- import -----------------------------------------------------------------------------------------


def test_a_french_workbook_brings_its_change_and_its_oui_back_for_an_english_reader(client, login, make_user,
                                                                                   stale, worded, fresh_db):
    exported = _exported_by(client, login, make_user, stale, "fr")
    data = _edited(exported, still_right={TITLE: " Oui "},
                   texts={CRIM: "Le trafic de migrants est-il une infraction ?"},
                   sources={CRIM: "Is migrant smuggling a crime? (a note to the reviser)"})  # found by its digest
    login(make_user("secretariat", locale="en"))
    preview = _upload(client, stale, data)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "What the file would change" in page, page
    assert _apply(client, stale, page).status_code == 302
    stored = _stored(fresh_db, stale.id)
    assert stored[TITLE] == (OLD_TITLE, CURRENT)
    assert stored[CRIM] == ("Le trafic de migrants est-il une infraction ?", CURRENT)
    (event,) = _imports(fresh_db)
    assert {(change["key"], change["kind"]) for change in event.details["changes"]} == {(TITLE, "confirmed"),
                                                                                        (CRIM, "changed")}


def test_an_arabic_workbook_brings_its_change_and_its_naam_back_through_the_command(client, login, make_user, stale,
                                                                                   worded, runner, tmp_path, fresh_db):
    exported = _exported_by(client, login, make_user, stale, "ar")
    path = tmp_path / "fr.xlsx"
    path.write_bytes(_edited(exported, still_right={CRIM: "نعم", TITLE: "لا"}, texts={BI: "Bilatéral"}))
    result = runner.invoke(args=["translations", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 changes, " in result.output and "1 left out of date" in result.output
    stored = _stored(fresh_db, stale.id)
    assert stored[CRIM] == (OLD_CRIM, CURRENT) and stored[BI] == ("Bilatéral", CURRENT)
    assert stored[TITLE] == (OLD_TITLE, OUT_OF_DATE)  # "no" in Arabic confirms nothing


def test_an_english_headed_workbook_from_before_still_reads_for_a_french_reader(client, login, make_user, stale,
                                                                               worded, fresh_db):
    exported = _exported_by(client, login, make_user, stale, "fr")
    data = _edited(exported, sheet="translations", headings=ENGLISH_HEADINGS, still_right={TITLE: "yes"},
                   texts={BI: "Bilatéral"})
    assert _rows(data)[:2] == ("translations", ENGLISH_HEADINGS)
    preview = _upload(client, stale, data)  # still signed in as the French secretariat member
    assert preview.status_code == 200, preview.get_data(as_text=True)
    assert _apply(client, stale, preview.get_data(as_text=True)).status_code == 302
    stored = _stored(fresh_db, stale.id)
    assert stored[TITLE] == (OLD_TITLE, CURRENT) and stored[BI] == ("Bilatéral", CURRENT)
    assert stored[CRIM] == (OLD_CRIM, OUT_OF_DATE)


def test_a_workbook_with_unknown_headings_is_refused_and_writes_nothing(client, login, make_user, stale, worded,
                                                                       runner, tmp_path, fresh_db):
    exported = _exported_by(client, login, make_user, stale, "fr")
    data = _edited(exported, headings=["clef", "texte source", "traduction"], still_right={TITLE: "oui"},
                   texts={BI: "Bilatéral"})
    login(make_user("secretariat", locale="en"))
    response = _upload(client, stale, data)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400 and "Apply these changes" not in page
    assert ("traductions!A1: the first row must begin with the headings “key”, “source” and “translation”, as "
            "the workbook was exported (in any language of the interface).") in page

    path = tmp_path / "fr.xlsx"
    path.write_bytes(data)
    result = runner.invoke(args=["translations", "import", str(path), "--interface-lang", "fr"])
    assert result.exit_code == 1
    assert ("traductions!A1 : la première ligne doit commencer par les en-têtes « clé », « texte source » et "
            "« traduction »") in result.output
    assert "Erreur : 1 problème ; rien n’a été importé." in result.output  # the summary in the interface language too
    stored = _stored(fresh_db, stale.id)
    assert stored[TITLE] == (OLD_TITLE, OUT_OF_DATE) and stored[BI][0] != "Bilatéral"
    assert _imports(fresh_db) == []


def test_a_workbook_whose_sheet_has_an_unknown_name_is_refused(client, login, make_user, stale, worded, fresh_db):
    data = _edited(_exported_by(client, login, make_user, stale, "fr"), sheet="Feuil1", texts={BI: "Bilatéral"})
    response = _upload(client, stale, data)  # by the French secretariat member: told in French
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert "Le classeur ne comporte aucune feuille nommée traductions." in page
    assert _stored(fresh_db, stale.id)[BI][0] != "Bilatéral" and _imports(fresh_db) == []


@pytest.mark.parametrize("mark", ["oui", "OUI", "نعم", "sí", "SI", "да", "是", "yes", "x"])
def test_yes_in_any_interface_language_confirms_a_still_right_row(app, db, stale, mark):
    from questionnaire.translation.roundtrip import export_file, plan_import

    with app.test_request_context():
        _name, exported = export_file(db, stale, "fr", "xlsx")
        plan = plan_import(db, _edited(exported, still_right={CRIM: mark}))
    assert plan.valid, plan.problems
    assert [(change.key, change.kind) for change in plan.changes] == [(CRIM, "confirmed")]


@pytest.mark.parametrize("mark", ["non", "لا", "нет", "否", "no", ""])
def test_no_in_any_interface_language_confirms_nothing(app, db, stale, mark):
    from questionnaire.translation.roundtrip import export_file, plan_import

    with app.test_request_context():
        _name, exported = export_file(db, stale, "fr", "xlsx")
        plan = plan_import(db, _edited(exported, still_right={CRIM: mark}))
    assert plan.valid, plan.problems
    assert plan.changes == [] and plan.left_out_of_date == 2


def test_the_import_help_names_the_still_right_column_and_its_yes_in_the_readers_language(client, login, make_user,
                                                                                         stale, worded):
    login(make_user("secretariat", locale="fr"))
    page = html.unescape(client.get(_url(stale)).get_data(as_text=True))
    help_text = page[page.index('id="out-of-date-help"'):page.index("</div>", page.index('id="out-of-date-help"'))]
    assert "oui" in help_text and "toujours exacte" in help_text and "still right" not in help_text
