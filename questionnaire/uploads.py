"""Files from users that cannot hurt the server: archives are measured before anything is unpacked,
and every XML is parsed through defusedxml.

An XLSX (like a DOCX) is a zip archive of XML parts. Its central directory states each part's size, so
a zip bomb is refused from that directory alone, in microseconds, without inflating a byte. Python's
``zipfile`` never returns more than the stated size of a part (a part that inflates further fails its
CRC check), so openpyxl cannot be fed more than was checked. Rows and columns are counted by streaming
each worksheet's XML with a bounded parser before openpyxl builds its cells, which cost far more memory
per cell than the XML does.

Use :func:`check_workbook` before opening a workbook, :func:`check_archive` before opening any other
zip-based upload (DOCX), and :func:`parse_xml` for a plain XML upload (XLIFF).
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, fields
from typing import Any, Mapping
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as _defused_fromstring
from defusedxml.ElementTree import iterparse as _defused_iterparse
from flask import current_app, has_app_context
from flask_babel import gettext as _

from questionnaire.locale import format_number, ngettext

MIB = 1024 * 1024

_WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")
_COLUMN_LETTERS = re.compile(r"^([A-Z]{1,3})")


class UploadRefused(ValueError):
    """The file was not read; ``str()`` says why in words for the person who sent it."""


@dataclass(frozen=True)
class UploadLimits:
    """What a file from a user may hold; each field is the setting ``UPLOAD_<FIELD>`` (upper case)."""

    max_uncompressed_bytes: int = 20 * MIB  # all parts of an archive together, once unpacked
    max_ratio: int = 100  # unpacked size / packed size, for parts above RATIO_FLOOR and the whole archive
    max_entries: int = 200  # parts in an archive
    max_rows: int = 10_000  # per worksheet
    max_columns: int = 200  # per worksheet
    max_cells: int = 500_000  # per workbook, counted as the worksheets are streamed

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "UploadLimits":
        return cls(**{f.name: int(config[f"UPLOAD_{f.name.upper()}"]) for f in fields(cls)
                      if f"UPLOAD_{f.name.upper()}" in config})

    @classmethod
    def current(cls) -> "UploadLimits":
        """The app's settings inside a request or command, else the defaults."""
        return cls.from_config(current_app.config) if has_app_context() else cls()


#: Parts smaller than this are not judged by their ratio (small XML parts compress very well, harmlessly).
RATIO_FLOOR = 1 * MIB


def _megabytes(size: int) -> str:
    return f"{size / MIB:.0f}"


def check_archive(data: bytes, limits: UploadLimits | None = None) -> zipfile.ZipFile:
    """The opened archive ``data`` once its directory shows it within ``limits``; nothing is unpacked.

    Raises UploadRefused when ``data`` is not a zip archive, has too many parts, unpacks to too much,
    or is compressed suspiciously well.
    """
    limits = limits or UploadLimits.current()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UploadRefused(_("The file is not a valid archive; save it again from your spreadsheet program.")) from None
    entries = archive.infolist()
    if len(entries) > limits.max_entries:
        raise UploadRefused(ngettext("The file holds %(num)s part; at most %(max)s are accepted.",
                                       "The file holds %(num)s parts; at most %(max)s are accepted.",
                                       len(entries), max=format_number(limits.max_entries)))
    total = sum(entry.file_size for entry in entries)
    if total > limits.max_uncompressed_bytes:
        raise UploadRefused(_("The file unpacks to %(size)s MB; at most %(max)s MB are accepted.",
                              size=_megabytes(total), max=_megabytes(limits.max_uncompressed_bytes)))
    packed = sum(entry.compress_size for entry in entries)
    too_dense = [entry for entry in entries
                 if entry.file_size > RATIO_FLOOR and entry.file_size > limits.max_ratio * max(entry.compress_size, 1)]
    if too_dense or (total > RATIO_FLOOR and total > limits.max_ratio * max(packed, 1)):
        raise UploadRefused(_("The file is compressed far more than a spreadsheet or document can be "
                              "(more than %(max)s to 1); it was not opened.", max=limits.max_ratio))
    return archive


def check_workbook(data: bytes, limits: UploadLimits | None = None) -> None:
    """Refuse the XLSX ``data`` (raising UploadRefused) unless its archive and every worksheet's rows,
    columns and cells are within ``limits``. Worksheets are streamed through defusedxml: an XML bomb or
    an external entity is refused too."""
    limits = limits or UploadLimits.current()
    archive = check_archive(data, limits)
    cells = 0
    for entry in archive.infolist():
        if _WORKSHEET.match(entry.filename):
            with archive.open(entry) as stream:
                cells += _count_sheet(stream, entry.filename, limits, limits.max_cells - cells)


def _count_sheet(stream, name: str, limits: UploadLimits, cells_left: int) -> int:
    sheet = name.rsplit("/", 1)[-1].removesuffix(".xml")
    rows = cells = in_row = 0
    try:
        for _event, element in _defused_iterparse(stream, events=("end",), forbid_dtd=True):
            tag = element.tag.rpartition("}")[2]
            if tag == "c":
                cells += 1
                in_row += 1
                column = max(in_row, _column_number(element.get("r")))
                if column > limits.max_columns:
                    raise UploadRefused(_("A worksheet (%(sheet)s) has more than %(max)s columns; it was not read.",
                                          sheet=sheet, max=limits.max_columns))
                if cells > cells_left:
                    raise UploadRefused(_("The workbook has more than %(max)s cells; it was not read.",
                                          max=limits.max_cells))
            elif tag == "row":
                number = element.get("r")
                rows = max(rows + 1, int(number) if number and number.isdigit() else 0)
                if rows > limits.max_rows:
                    raise UploadRefused(_("A worksheet (%(sheet)s) has more than %(max)s rows; it was not read.",
                                          sheet=sheet, max=limits.max_rows))
                element.clear()
                in_row = 0
    except (DefusedXmlException, ParseError, zipfile.BadZipFile, EOFError, ValueError) as error:
        if isinstance(error, UploadRefused):
            raise
        raise UploadRefused(_("A worksheet of the file is not valid XML or uses features refused for "
                              "safety (entities, external references); it was not read.")) from None
    return cells


def _column_number(reference: str | None) -> int:
    if not reference:
        return 0
    match = _COLUMN_LETTERS.match(reference)
    number = 0
    for letter in match.group(1) if match else "":
        number = number * 26 + ord(letter) - 64
    return number


def parse_xml(data: bytes) -> Element:
    """The root of the XML ``data`` parsed through defusedxml (no DTD, entities or external references).

    Raises UploadRefused for a malformed or unsafe document.
    """
    try:
        return _defused_fromstring(data, forbid_dtd=True)
    except (DefusedXmlException, ParseError):
        raise UploadRefused(_("The file is not valid XML or uses features refused for safety "
                              "(entities, external references); it was not read.")) from None
