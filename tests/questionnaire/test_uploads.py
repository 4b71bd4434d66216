"""Uploads that cannot hurt the server: zip bombs, XML bombs, external entities and oversized sheets
are refused before parsing, quickly and with little memory, with a message that says why."""
from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from questionnaire.definitions import DefinitionInvalid
from questionnaire.definitions.xlsx import read_workbook, write_workbook
from questionnaire.models import Questionnaire
from questionnaire.seed import som_definition
from questionnaire.uploads import UploadLimits, UploadRefused, check_archive, check_workbook, parse_xml

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<xliff version="1.2"><file><body><trans-unit id="1"><source>&lol9;</source></trans-unit></body></file></xliff>"""

XXE_DOCTYPE = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


@pytest.fixture(scope="module")
def definition_xlsx() -> bytes:
    return write_workbook(som_definition())


def rebuilt(workbook: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """The workbook with some parts replaced or added (deflated, as a spreadsheet program writes them)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(entry.filename, (replace or {}).get(entry.filename, source.read(entry.filename)))
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def zip_bomb(workbook: bytes, unpacked_mib: int = 220) -> bytes:
    """The workbook with one more worksheet whose XML unpacks to ``unpacked_mib`` MiB."""
    out = io.BytesIO(workbook)
    out.seek(0, io.SEEK_END)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("xl/worksheets/sheet9.xml", "w", force_zip64=True) as part:
            part.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            chunk = b'<row><c t="inlineStr"><is><t>' + b"A" * (1024 * 1024) + b"</t></is></c></row>"
            for _ in range(unpacked_mib):
                part.write(chunk)
            part.write(b"</sheetData></worksheet>")
    return out.getvalue()


def test_openpyxl_never_resolves_entities():
    """openpyxl parses with lxml when it is installed (python-docx brings it), else through defusedxml."""
    from defusedxml import ElementTree as defused
    from openpyxl.xml import LXML, functions

    assert openpyxl.DEFUSEDXML is True
    if not LXML:
        assert functions.fromstring is defused.fromstring and functions.iterparse is defused.iterparse
    secret = Path(__file__).read_text().splitlines()[0]
    document = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{Path(__file__)}">]>'
                "<r>&x;</r>").encode()
    try:
        root = functions.fromstring(document)
    except Exception:  # refused outright: as good as unresolved
        return
    assert secret not in "".join(root.itertext())


def test_a_zip_bomb_is_refused_in_under_a_second_with_little_memory(definition_xlsx):
    bomb = zip_bomb(definition_xlsx)
    unpacked = sum(entry.file_size for entry in zipfile.ZipFile(io.BytesIO(bomb)).infolist())
    assert unpacked > 200 * 1024 * 1024 and len(bomb) < 1024 * 1024
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(DefinitionInvalid) as refused:
        read_workbook(bomb)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 1.0 and peak < 10 * 1024 * 1024
    assert "unpacks to 2" in str(refused.value.problems[0]) and "at most 20 MB" in str(refused.value.problems[0])


def test_the_definition_upload_refuses_a_zip_bomb_with_a_clear_message(client, login, make_user, db, definition_xlsx):
    login(make_user("secretariat"))
    response = client.post("/builder/upload", data={"file": (io.BytesIO(zip_bomb(definition_xlsx)), "som.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert "at most 20 MB are accepted" in response.get_data(as_text=True)
    assert db.scalar(select(func.count(Questionnaire.id))) == 0


def test_a_part_compressed_too_well_is_refused_even_under_the_size_limit(definition_xlsx):
    bomb = zip_bomb(definition_xlsx, unpacked_mib=3)
    with pytest.raises(UploadRefused, match="compressed far more"):
        check_archive(bomb, UploadLimits())


def test_an_archive_with_too_many_parts_is_refused(definition_xlsx):
    crowded = rebuilt(definition_xlsx, add={f"extra/{n}.xml": b"<a/>" for n in range(30)})
    with pytest.raises(UploadRefused, match="at most 20 are accepted"):
        check_archive(crowded, UploadLimits(max_entries=20))
    check_archive(crowded, UploadLimits())


@pytest.mark.parametrize(("rows", "columns", "limits", "message"), (
    (12, 3, UploadLimits(max_rows=10), "more than 10 rows"),
    (2, 40, UploadLimits(max_columns=30), "more than 30 columns"),
    (30, 30, UploadLimits(max_cells=500), "more than 500 cells"),
))
def test_worksheets_over_the_row_column_or_cell_limit_are_refused(rows, columns, limits, message):
    workbook = openpyxl.Workbook()
    for row in range(1, rows + 1):
        workbook.active.append([f"r{row}c{column}" for column in range(columns)])
    data = io.BytesIO()
    workbook.save(data)
    with pytest.raises(UploadRefused, match=message):
        check_workbook(data.getvalue(), limits)
    check_workbook(data.getvalue(), UploadLimits())


def test_the_limits_are_settings(app):
    app.config["UPLOAD_MAX_ROWS"] = 7
    with app.app_context():
        assert UploadLimits.current().max_rows == 7 and UploadLimits.current().max_cells == 500_000


def test_an_xxe_workbook_is_refused_without_reading_the_file(definition_xlsx):
    with zipfile.ZipFile(io.BytesIO(definition_xlsx)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
        strings = next((name for name in archive.namelist() if name.endswith("sharedStrings.xml")), None)
        shared = archive.read(strings) if strings else None
    header, _sep, body = sheet.partition(b"?>")
    in_sheet = rebuilt(definition_xlsx, {"xl/worksheets/sheet1.xml": header + b"?>" + XXE_DOCTYPE
                                         + body.replace(b"<sheetData>", b"<sheetData><row r=\"999\"><c r=\"A999\" t=\"inlineStr\"><is><t>&xxe;</t></is></c></row>", 1)})
    with pytest.raises(DefinitionInvalid) as refused:
        read_workbook(in_sheet)
    assert "root:" not in str(refused.value.problems) and "refused for safety" in str(refused.value.problems[0])
    if shared is not None:  # parts that are not worksheets reach openpyxl, which parses through defusedxml
        head, _sep, rest = shared.partition(b"?>")
        elsewhere = rebuilt(definition_xlsx, {strings: head + b"?>" + XXE_DOCTYPE + rest.replace(b"<t>", b"<t>&xxe;", 1)})
        with pytest.raises(DefinitionInvalid) as refused:
            read_workbook(elsewhere)
        assert "root:" not in str(refused.value.problems)


def test_a_billion_laughs_xml_is_refused_quickly():
    started = time.perf_counter()
    with pytest.raises(UploadRefused, match="refused for safety"):
        parse_xml(BILLION_LAUGHS)
    assert time.perf_counter() - started < 0.5
    assert parse_xml(b"<xliff><file/></xliff>").tag == "xliff"


def test_a_billion_laughs_workbook_is_refused(definition_xlsx):
    laughs = BILLION_LAUGHS.replace(b"<xliff", b"<worksheet").replace(b"</xliff>", b"</worksheet>")
    with pytest.raises(DefinitionInvalid) as refused:
        read_workbook(rebuilt(definition_xlsx, {"xl/worksheets/sheet1.xml": laughs}))
    assert "refused for safety" in str(refused.value.problems[0])
