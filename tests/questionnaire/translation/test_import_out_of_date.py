"""An out-of-date translation through a translators' file: it comes back current only when the translator says
it is still right (an XLIFF unit approved or in a done state, "yes" in a workbook row's "still right" cell);
left as it was, it is no change and stays out of date; edited, it is a new translation."""
import html
import io
import re

import pytest
from lxml import etree
from openpyxl import load_workbook
from sqlalchemy import select
from translate.storage import xliff

from questionnaire.models import AuditEvent, Questionnaire
from questionnaire.texts import CURRENT, OUT_OF_DATE, text_states
from questionnaire.translation.roundtrip import apply_import, export_file, plan_import, shown_bases

XLIFF_NS = {"x": "urn:oasis:names:tc:xliff:document:1.1"}
TITLE, CRIM, BI = "title", "question.crim.text", "question.agree.choice.bi"
OLD_TITLE, OLD_CRIM = "[fr] Small questionnaire bilingual", "[fr] Is smuggling a crime?"


def _stored(fresh_db, questionnaire_id) -> dict[str, tuple[str | None, str]]:
    """Each French text's stored translation and status, read through a fresh session."""
    db = fresh_db()
    return {state.key: (state.translation, state.status)
            for state in text_states(db, db.get(Questionnaire, questionnaire_id), "fr")}


def _imports(fresh_db):
    return fresh_db().scalars(select(AuditEvent).where(AuditEvent.action == "translation.import")).all()


def _xliff_unit_edited(data: bytes, key: str, *, approved: str | None = None, state: str | None = None,
                       target: str | None = None) -> bytes:
    """The XLIFF ``data`` with the unit ``key``'s ``approved`` attribute, its target's ``state`` or its
    target's text set as a translator's tool would (``""`` removes an attribute); the rest untouched."""
    root = etree.fromstring(data)
    unit = root.find(f".//x:trans-unit[@id='{key}']", XLIFF_NS)
    node = unit.find("x:target", XLIFF_NS)
    for element, name, value in ((unit, "approved", approved), (node, "state", state)):
        if value == "":
            element.attrib.pop(name, None)
        elif value is not None:
            element.set(name, value)
    if target is not None:
        node.text = target
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _workbook_edited(data: bytes, *, still_right: dict | None = None, texts: dict | None = None,
                     without_still_right_column: bool = False, first_columns_only: bool = False) -> bytes:
    """The workbook ``data`` with "still right" cells and translations typed in, by text key; laid out as
    before it had a "still right" column, or cut down to its key, source and translation columns."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["translations"]
    for row in sheet.iter_rows(min_row=2):
        key = row[0].value
        if key in (still_right or {}):
            row[4].value = still_right[key]
        if key in (texts or {}):
            row[2].value = texts[key]
    if without_still_right_column:
        sheet.delete_cols(5)
    if first_columns_only:
        sheet.delete_cols(4, 3)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _preview_of(page: str) -> str:
    return page[page.index('id="preview"'):page.index('id="quality-title"')]


def _apply_fields(page: str) -> dict[str, str]:
    """The hidden fields of the page's "Apply these changes" form, as a browser posts them."""
    return {name: html.unescape(re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page).group(1))
            for name in ("content", "filename", "shown")}


def _rows_of_kind(preview: str, kind: str) -> list[str]:
    """The preview's rows of one kind of change (new, changed, confirmed), by the mark beside their key."""
    return [row for row in re.findall(r"<tr[ >].*?</tr>", preview, re.S) if f"change-kind-{kind}" in row]


def _keys_listed(preview: str) -> list[str]:
    return re.findall(r'<bdi class="key">([^<]*)</bdi>', preview)


def _upload(client, url: str, data: bytes, name: str) -> str:
    response = client.post(f"{url}/import", data={"file": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "What the file would change" in page, page
    return page


# --- XLIFF ------------------------------------------------------------------------------------------


def test_an_out_of_date_translation_is_exported_as_a_fuzzy_unit(db, stale):
    _name, data = export_file(db, stale, "fr", "xlf")
    units = {unit.xmlelement.get("id"): unit for unit in xliff.xlifffile.parsestring(data).getunits()}
    assert units[TITLE].isfuzzy() and units[TITLE].target == OLD_TITLE
    assert units[TITLE].xmlelement.get("approved") == "no"
    assert not units[BI].isfuzzy() and units[BI].xmlelement.get("approved") == "yes"


def test_stale_xliff_units_left_untouched_change_nothing_and_stay_out_of_date(client, login, make_user, stale,
                                                                             fresh_db):
    login(make_user("secretariat"))
    url = f"/builder/{stale.id}/translations/fr"
    exported = client.get(f"{url}/file.xlf").data
    data = _xliff_unit_edited(exported, BI, target="Bilatéral")  # another text edited; the stale ones untouched
    preview = _preview_of(_upload(client, url, data, "fr.xlf"))
    assert "1 change, " in preview and 'id="left-out-of-date"' in preview
    assert "2 out-of-date translations are left as they were" in preview
    assert _keys_listed(preview) == [BI]
    assert "Confirmed as still right" not in preview

    response = client.post(f"{url}/import/apply", data=_apply_fields(preview))
    assert response.status_code == 302
    stored = _stored(fresh_db, stale.id)
    assert stored[TITLE] == (OLD_TITLE, OUT_OF_DATE) and stored[CRIM] == (OLD_CRIM, OUT_OF_DATE)
    assert stored[BI] == ("Bilatéral", CURRENT)
    (event,) = _imports(fresh_db)
    assert [change["key"] for change in event.details["changes"]] == [BI]


def test_a_file_that_only_leaves_stale_units_untouched_has_nothing_to_apply(client, login, make_user, stale,
                                                                            fresh_db, runner, tmp_path):
    login(make_user("secretariat"))
    url = f"/builder/{stale.id}/translations/fr"
    exported = client.get(f"{url}/file.xlf").data
    page = _upload(client, url, exported, "fr.xlf")
    assert "0 changes, " in _preview_of(page) and "Apply these changes" not in page

    path = tmp_path / "fr.xlf"
    path.write_bytes(exported)
    result = runner.invoke(args=["translations", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "0 changes, " in result.output and "2 left out of date" in result.output
    stored = _stored(fresh_db, stale.id)
    assert stored[TITLE] == (OLD_TITLE, OUT_OF_DATE) and stored[CRIM] == (OLD_CRIM, OUT_OF_DATE)
    assert _imports(fresh_db) == []


def test_a_stale_xliff_unit_marked_reviewed_is_previewed_as_a_confirmation_then_made_current(
        client, login, make_user, stale, fresh_db):
    login(make_user("secretariat"))
    url = f"/builder/{stale.id}/translations/fr"
    store = xliff.xlifffile.parsestring(client.get(f"{url}/file.xlf").data)
    title = next(unit for unit in store.getunits() if unit.xmlelement.get("id") == TITLE)
    title.markfuzzy(False)  # marked as reviewed in the translator's tool
    page = _upload(client, url, bytes(store), "fr.xlf")
    preview = _preview_of(page)
    (row,) = _rows_of_kind(preview, "confirmed")
    assert TITLE in row and "Confirmed as still right" in row and "Changed" not in row
    assert row.count(OLD_TITLE) == 1 and 'colspan="2"' in row  # the text once, not as "Now" and "After"
    assert "Of these changes, 1 confirms an out-of-date translation as still right" in preview
    assert 'id="left-out-of-date"' in preview and "1 out-of-date translation is left as it was" in preview  # question 1

    assert client.post(f"{url}/import/apply", data=_apply_fields(page)).status_code == 302
    stored = _stored(fresh_db, stale.id)
    assert stored[TITLE] == (OLD_TITLE, CURRENT) and stored[CRIM] == (OLD_CRIM, OUT_OF_DATE)
    (event,) = _imports(fresh_db)
    assert event.details["changes"] == [{"key": TITLE, "kind": "confirmed", "before": OLD_TITLE,
                                         "after": OLD_TITLE}]


@pytest.mark.parametrize(("marks", "confirmed"), [
    ({}, False),  # as exported: approved="no", state="needs-translation"
    ({"state": "needs-review-translation"}, False),
    ({"approved": ""}, False),  # no approval and a state that asks for work
    ({"approved": "", "state": ""}, False),  # nothing says it is right
    ({"state": "translated"}, True),  # a tool that sets only the state
    ({"state": "signed-off"}, True),
    ({"state": "final"}, True),
    ({"approved": "yes"}, True),  # a tool that sets only the approval
])
def test_a_stale_xliff_unit_is_confirmed_only_when_its_state_or_approval_says_it_is_done(db, stale, marks,
                                                                                       confirmed):
    _name, exported = export_file(db, stale, "fr", "xlf")
    plan = plan_import(db, _xliff_unit_edited(exported, TITLE, **marks))
    assert plan.valid, plan.problems
    assert [(change.key, change.kind) for change in plan.changes] == ([(TITLE, "confirmed")] if confirmed else [])
    assert plan.left_out_of_date == (1 if confirmed else 2)


def test_an_edited_stale_xliff_unit_is_stored_as_a_new_translation_even_while_still_fuzzy(db, stale, fresh_db):
    _name, exported = export_file(db, stale, "fr", "xlf")
    data = _xliff_unit_edited(exported, CRIM, target="Le trafic de migrants est-il une infraction ?")
    plan = plan_import(db, data)
    (change,) = plan.changes
    assert (change.key, change.kind, change.before) == (CRIM, "changed", OLD_CRIM)
    apply_import(db, plan, None, "fr.xlf", shown_bases(plan))
    db.commit()
    stored = _stored(fresh_db, stale.id)
    assert stored[CRIM] == ("Le trafic de migrants est-il une infraction ?", CURRENT)
    assert stored[TITLE] == (OLD_TITLE, OUT_OF_DATE)


# --- workbook ---------------------------------------------------------------------------------------


def test_the_workbook_offers_still_right_on_out_of_date_rows(db, stale):
    _name, data = export_file(db, stale, "fr", "xlsx")
    sheet = load_workbook(io.BytesIO(data))["translations"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert rows[TITLE][3].value == "out of date" and rows[BI][3].value == "translated"
    assert rows[TITLE][4].value is None
    offered = {str(cell) for validation in sheet.data_validations.dataValidation
               if validation.formula1 == '"yes"' for cell in validation.sqref.ranges}
    assert offered == {f"E{rows[TITLE][0].row}", f"E{rows[CRIM][0].row}"}


def test_stale_workbook_rows_left_unmarked_change_nothing_and_stay_out_of_date(db, stale, fresh_db):
    _name, exported = export_file(db, stale, "fr", "xlsx")
    for data in (exported, _workbook_edited(exported, still_right={TITLE: "no"})):
        plan = plan_import(db, data)
        assert plan.valid and plan.changes == [] and plan.left_out_of_date == 2
        assert apply_import(db, plan, None, "fr.xlsx", shown_bases(plan)) == 0
    db.commit()
    stored = _stored(fresh_db, stale.id)
    assert stored[TITLE] == (OLD_TITLE, OUT_OF_DATE) and stored[CRIM] == (OLD_CRIM, OUT_OF_DATE)


def test_a_stale_workbook_row_marked_still_right_is_previewed_as_a_confirmation_then_made_current(
        client, login, make_user, stale, fresh_db):
    login(make_user("secretariat"))
    url = f"/builder/{stale.id}/translations/fr"
    data = _workbook_edited(client.get(f"{url}/file.xlsx").data, still_right={TITLE: "yes"},
                            texts={CRIM: "Le trafic de migrants est-il une infraction ?"})
    page = _upload(client, url, data, "fr.xlsx")
    preview = _preview_of(page)
    (confirmed,) = _rows_of_kind(preview, "confirmed")
    assert TITLE in confirmed and confirmed.count(OLD_TITLE) == 1
    (changed,) = _rows_of_kind(preview, "changed")
    assert CRIM in changed and ">Changed</span>" in changed and "Confirmed as still right" not in changed
    assert 'id="left-out-of-date"' not in preview

    assert client.post(f"{url}/import/apply", data=_apply_fields(page)).status_code == 302
    stored = _stored(fresh_db, stale.id)
    assert stored[TITLE] == (OLD_TITLE, CURRENT)
    assert stored[CRIM] == ("Le trafic de migrants est-il une infraction ?", CURRENT)


@pytest.mark.parametrize("mark", ["yes", "YES", " x ", True])
def test_a_still_right_mark_is_read_whatever_its_case(db, stale, mark):
    _name, exported = export_file(db, stale, "fr", "xlsx")
    plan = plan_import(db, _workbook_edited(exported, still_right={CRIM: mark}))
    assert [(change.key, change.kind) for change in plan.changes] == [(CRIM, "confirmed")]


def test_a_still_right_mark_that_is_neither_yes_nor_no_is_refused_at_its_cell(db, stale, fresh_db):
    _name, exported = export_file(db, stale, "fr", "xlsx")
    plan = plan_import(db, _workbook_edited(exported, still_right={TITLE: "perhaps"}))
    assert plan.problems == ["translations!E2: choose yes in “still right” to confirm the translation as still "
                             "right, or leave the cell empty."]
    assert _stored(fresh_db, stale.id)[TITLE] == (OLD_TITLE, OUT_OF_DATE)


def test_a_workbook_exported_before_the_still_right_column_still_reads_and_confirms_nothing(db, stale):
    _name, exported = export_file(db, stale, "fr", "xlsx")
    data = _workbook_edited(exported, texts={BI: "Bilatéral"}, without_still_right_column=True)
    header = [cell.value for cell in load_workbook(io.BytesIO(data))["translations"][1]]
    assert header == ["key", "source", "translation", "status", "source digest"]
    plan = plan_import(db, data)
    assert plan.valid, plan.problems
    assert [(change.key, change.kind) for change in plan.changes] == [(BI, "changed")]
    assert plan.left_out_of_date == 2


def test_a_workbook_cut_down_to_its_key_source_and_translation_columns_still_reads(db, stale):
    _name, exported = export_file(db, stale, "fr", "xlsx")
    plan = plan_import(db, _workbook_edited(exported, texts={BI: "Bilatéral"}, first_columns_only=True))
    assert plan.valid, plan.problems
    assert [(change.key, change.kind) for change in plan.changes] == [(BI, "changed")]
    assert plan.left_out_of_date == 2


def test_the_import_form_says_how_to_confirm_an_out_of_date_translation(client, login, make_user, bilingual):
    login(make_user("secretariat"))
    page = client.get(f"/builder/{bilingual.id}/translations/fr").get_data(as_text=True)
    help_text = html.unescape(page[page.index('id="out-of-date-help"'):page.index("</div>", page.index(
        'id="out-of-date-help"'))])
    assert "stays out of date" in help_text
    assert 'state="translated"' in help_text and 'approved="yes"' in help_text
    assert "choose yes in its “still right” column" in help_text
