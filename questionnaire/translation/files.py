"""The translators' files: one target language of a questionnaire as XLIFF (1.1, as translate-toolkit
writes it) or as an XLSX workbook (``questionnaire.translation.workbook``), and reading either back into
segments (``questionnaire.translation.segments``).

Each text is one segment under its stable key (``question.<key>.text`` …), with its source, its translation
and the digest of the source it was exported from, so that a segment whose source changed since the export
is recognized on import. The file also names the questionnaire (slug and version) and the languages.

XLIFF is written and read through translate-toolkit's XLIFF store (``translate.storage.xliff``): one
``trans-unit`` per key (``id`` = key), a developer note ``source-digest: <sha256>`` and a note naming the
text's place; the questionnaire is named in the file header (``prop-group name="questionnaire"``). Before the
toolkit parses an upload, defusedxml checks it (no DTD, entities or external references). An out-of-date
translation goes out fuzzy (``approved="no"``, ``state="needs-translation"``); a unit comes back as still
right when it is approved (``approved="yes"``) or its target's state says it is done (``translated``,
``signed-off``, ``final``), whichever of the two the translator's tool sets.

The file's kind is recognized from its content, not from its name: a renamed binary is refused.
"""
from __future__ import annotations

from flask_babel import gettext as _
from lxml import etree
from translate.storage import xliff

from questionnaire.spreadsheet_text import strip_forbidden
from questionnaire.translation.segments import (
    FORMAT,
    ExportRow,
    FileHeader,
    FileRefused,
    Segment,
    TranslationFile,
    integer_or_none,
)
from questionnaire.translation.workbook import read_xlsx
from questionnaire.uploads import UploadRefused, parse_xml

DIGEST_NOTE = "source-digest:"
#: The states of an XLIFF target that say its translation is done (XLIFF 1.1 and 1.2 alike).
DONE_STATES = ("translated", "signed-off", "final")


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
            unit.markfuzzy(row.out_of_date)
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


def _marked_done(unit: xliff.xliffunit) -> bool:
    """Whether the translator's tool marked ``unit`` as done: approved, or its target in a done state. Read
    from the attributes themselves: a tool may set either (the toolkit's own ``isfuzzy`` heeds only
    ``approved``)."""
    if unit.xmlelement.get("approved") == "yes":
        return True
    target = unit.getlanguageNode(lang=None, index=1)
    return target is not None and target.get("state") in DONE_STATES


def read_xliff(data: bytes) -> TranslationFile:
    root = parse_xml(data)  # defusedxml first: the toolkit's parser is not told to refuse entities
    if root.tag.rpartition("}")[2] != "xliff" or not any(child.tag.rpartition("}")[2] == "file" for child in root):
        raise FileRefused([_("The file is XML but not XLIFF.")])
    try:
        store = xliff.xlifffile.parsestring(data)
    except (etree.XMLSyntaxError, AssertionError, ValueError, StopIteration):
        raise FileRefused([_("The file is XML but not XLIFF.")]) from None
    props = _xliff_props(store)
    result = TranslationFile("xliff", slug=props.get("slug") or None, version=integer_or_none(props.get("version")),
                             source_language=store.getsourcelanguage() or None,
                             language=props.get("language") or store.gettargetlanguage() or None)
    for unit in store.getunits():
        if unit.isheader():
            continue
        line = unit.xmlelement.sourceline
        digest = next((note.split(":", 1)[1].strip() for note in unit.getnotes("developer").splitlines()
                       if note.startswith(DIGEST_NOTE)), None)
        result.segments.append(Segment(unit.xmlelement.get("id") or "", str(unit.source or ""),
                                       str(unit.target or ""), digest, _("line %(line)s", line=line),
                                       still_right=_marked_done(unit)))
    return result


# --- either -----------------------------------------------------------------------------------------


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
