"""The translators' files: one target language of a questionnaire as XLIFF (1.1, as translate-toolkit
writes it) or as an XLSX sheet, and reading either back into segments.

Each text is one segment under its stable key (``question.<key>.text`` …), with its source, its translation
and the digest of the source it was exported from, so that a segment whose source changed since the export
is recognized on import. The file also names the questionnaire (slug and version) and the languages.

- XLIFF is written and read through translate-toolkit's XLIFF store (``translate.storage.xliff``): one
  ``trans-unit`` per key (``id`` = key), a developer note ``source-digest: <sha256>`` and a note naming the
  text's place; the questionnaire is named in the file header (``prop-group name="questionnaire"``). Before
  the toolkit parses an upload, defusedxml checks it (no DTD, entities or external references).
- The XLSX has a sheet ``translations`` (key | source | translation | status, then a hidden column with the
  digest) and a hidden sheet ``about`` (slug, version, languages). It is written with XlsxWriter as strings
  only (a text starting with ``=`` stays text) and read with openpyxl after the upload checks of
  ``questionnaire.uploads``; a cell holding a formula is refused.

The file's kind is recognized from its content, not from its name: a renamed binary is refused.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import xlsxwriter
from flask_babel import gettext as _
from lxml import etree
from openpyxl import load_workbook
from translate.storage import xliff

from questionnaire.spreadsheet_text import strip_forbidden
from questionnaire.uploads import UploadRefused, check_workbook, parse_xml

FORMAT = "saq-translations"
DIGEST_NOTE = "source-digest:"
SHEET = "translations"
ABOUT_SHEET = "about"
HEADERS = ("key", "source", "translation", "status", "source digest")
ABOUT_FIELDS = ("format", "slug", "version", "source_language", "language")


class FileRefused(ValueError):
    """The file could not be read as a translations file; ``problems`` says why, each with its place."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ExportRow:
    """One text to translate as it goes into a file."""

    key: str
    source: str
    translation: str
    status: str  # a word for the translator: translated, out of date, missing
    digest: str
    place: str  # where a reader finds the text ("Question 1.1, guidance")


@dataclass(frozen=True)
class Segment:
    """One text as read back from a file; ``place`` is its line (XLIFF) or row (XLSX)."""

    key: str
    source: str
    translation: str
    digest: str | None
    place: str


@dataclass
class TranslationFile:
    kind: str  # "xliff" or "xlsx"
    slug: str | None = None
    version: int | None = None
    source_language: str | None = None
    language: str | None = None
    segments: list[Segment] = field(default_factory=list)


@dataclass(frozen=True)
class FileHeader:
    slug: str
    version: int
    source_language: str
    language: str


# --- XLIFF ------------------------------------------------------------------------------------------


def write_xliff(header: FileHeader, rows: list[ExportRow]) -> bytes:
    store = xliff.xlifffile(sourcelanguage=header.source_language, targetlanguage=header.language)
    original = f"{header.slug}.v{header.version}"
    filenode = store.getfilenode("NoName")
    store.setfilename(filenode, original)
    head = etree.Element(store.namespaced("header"))
    filenode.insert(0, head)  # XLIFF wants the header before the body
    props = etree.SubElement(head, store.namespaced("prop-group"), name="questionnaire")
    for name, value in (("format", FORMAT), ("slug", header.slug), ("version", str(header.version)),
                        ("language", header.language)):
        etree.SubElement(props, store.namespaced("prop"), {"prop-type": name}).text = value
    for row in rows:
        unit = store.addsourceunit(strip_forbidden(row.source), filename=original)
        unit.setid(row.key)
        if row.translation:
            unit.target = strip_forbidden(row.translation)
            unit.markfuzzy(row.status == "out of date")
        unit.addnote(f"{DIGEST_NOTE} {row.digest}", origin="developer")
        unit.addnote(row.place, origin="developer")
    return bytes(store)


def _xliff_props(store: xliff.xlifffile) -> dict[str, str]:
    props: dict[str, str] = {}
    for filenode in store.document.getroot().iterchildren(store.namespaced("file")):
        header = store.getheadernode(filenode)
        if header is None:
            continue
        for prop in header.iter(store.namespaced("prop")):
            props[prop.get("prop-type", "")] = (prop.text or "").strip()
    return props


def read_xliff(data: bytes) -> TranslationFile:
    root = parse_xml(data)  # defusedxml first: the toolkit's parser is not told to refuse entities
    if root.tag.rpartition("}")[2] != "xliff" or not any(child.tag.rpartition("}")[2] == "file" for child in root):
        raise FileRefused([_("The file is XML but not XLIFF.")])
    try:
        store = xliff.xlifffile.parsestring(data)
    except (etree.XMLSyntaxError, AssertionError, ValueError, StopIteration):
        raise FileRefused([_("The file is XML but not XLIFF.")]) from None
    props = _xliff_props(store)
    result = TranslationFile("xliff", slug=props.get("slug") or None, version=_integer(props.get("version")),
                             source_language=store.getsourcelanguage() or None,
                             language=props.get("language") or store.gettargetlanguage() or None)
    for unit in store.getunits():
        if unit.isheader():
            continue
        line = unit.xmlelement.sourceline
        digest = next((note.split(":", 1)[1].strip() for note in unit.getnotes("developer").splitlines()
                       if note.startswith(DIGEST_NOTE)), None)
        result.segments.append(Segment(unit.xmlelement.get("id") or "", str(unit.source or ""),
                                       str(unit.target or ""), digest, _("line %(line)s", line=line)))
    return result


# --- XLSX -------------------------------------------------------------------------------------------


def write_xlsx(header: FileHeader, rows: list[ExportRow], right_to_left: bool = False) -> bytes:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                         "strings_to_numbers": False, "strings_to_urls": False})
    sheet = workbook.add_worksheet(SHEET)
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    target = workbook.add_format({"text_wrap": True, "valign": "top", "reading_order": 2 if right_to_left else 1})
    for column, title in enumerate(HEADERS):
        sheet.write_string(0, column, title, bold)
    for number, row in enumerate(rows, start=1):
        sheet.write_string(number, 0, row.key, wrap)
        sheet.write_string(number, 1, strip_forbidden(row.source), wrap)
        sheet.write_string(number, 2, strip_forbidden(row.translation), target)
        sheet.write_string(number, 3, row.status, wrap)
        sheet.write_string(number, 4, row.digest)
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 2, 60)
    sheet.set_column(3, 3, 14)
    sheet.set_column(4, 4, 20, None, {"hidden": True})
    sheet.freeze_panes(1, 0)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    about = workbook.add_worksheet(ABOUT_SHEET)
    values = (FORMAT, header.slug, str(header.version), header.source_language, header.language)
    for number, (name, value) in enumerate(zip(ABOUT_FIELDS, values)):
        about.write_string(number, 0, name)
        about.write_string(number, 1, value)
    about.hide()
    workbook.close()
    return out.getvalue()


def _cell_text(cell, place: str, problems: list[str]) -> str:
    if cell is None or cell.value is None:
        return ""
    if cell.data_type == "f":
        problems.append(_("%(place)s holds a formula; type the translation as text.", place=place))
        return ""
    return str(cell.value)


def read_xlsx(data: bytes) -> TranslationFile:
    check_workbook(data)
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged workbook; each means the same to the user
        raise FileRefused([_("The file is not a workbook that can be read; save it again as .xlsx.")]) from None
    if SHEET not in workbook.sheetnames:
        raise FileRefused([_("The workbook has no sheet named %(sheet)s.", sheet=SHEET)])
    problems: list[str] = []
    result = TranslationFile("xlsx")
    if ABOUT_SHEET in workbook.sheetnames:
        about = {str(name): str(value) for name, value, *_rest in workbook[ABOUT_SHEET].iter_rows(
            max_col=2, values_only=True) if name is not None and value is not None}
        result.slug, result.version = about.get("slug") or None, _integer(about.get("version"))
        result.source_language, result.language = about.get("source_language"), about.get("language")
    sheet = workbook[SHEET]
    header = [str(cell.value or "").strip().lower() for cell in next(sheet.iter_rows(max_row=1), ())]
    if header[:3] != list(HEADERS[:3]):
        raise FileRefused([_("%(sheet)s!A1: the first row must read key, source, translation, status.",
                             sheet=SHEET)])
    for row in sheet.iter_rows(min_row=2, max_col=5):
        cells = list(row) + [None] * (5 - len(row))
        number = cells[0].row
        texts = [_cell_text(cell, f"{SHEET}!{letter}{number}", problems) for cell, letter in zip(cells, "ABCDE")]
        if not any(texts):
            continue
        result.segments.append(Segment(texts[0].strip(), texts[1], texts[2], texts[4].strip() or None,
                                       _("row %(row)s", row=number)))
    if problems:
        raise FileRefused(problems)
    return result


# --- either -----------------------------------------------------------------------------------------


def _integer(value: str | None) -> int | None:
    return int(value) if value is not None and str(value).strip().isdigit() else None


def read_translation_file(data: bytes) -> TranslationFile:
    """The segments of an uploaded XLIFF or XLSX, told apart by their content.

    Raises :class:`FileRefused` (each problem with its place) for a file that is neither, is damaged,
    unsafe or outside the upload limits.
    """
    if not data.strip():
        raise FileRefused([_("The file is empty.")])
    try:
        if data.startswith(b"PK"):
            return read_xlsx(data)
        if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            return read_xliff(data)
    except UploadRefused as error:
        raise FileRefused([str(error)]) from None
    raise FileRefused([_("The file is neither XLIFF nor an XLSX workbook; export it again from the translation "
                         "page.")])
