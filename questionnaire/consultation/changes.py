"""The revised draft showing changes: the newer draft in full, each change against the older one marked
(insertions underlined, deletions struck through), as a Word document and as a workbook.

Layers as for every export: :func:`revised_draft` is a pure builder over a :class:`Comparison`; the DOCX
(python-docx) and XLSX (openpyxl) writers turn it into bytes; the page and the command call
:func:`changes_file`, which writes the fixed wording in the language asked for.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from docx import Document
from docx.text.paragraph import Paragraph
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from openpyxl import Workbook

from questionnaire.consultation.comparing import Comparison
from questionnaire.consultation.compilation import MIMETYPES, outcome_label
from questionnaire.consultation.diff import (WORDED, Piece, QuestionChange, change_label, cluster_change_label,
                                             wording_of)
from questionnaire.locale import state_name
from questionnaire.punctuation import labelled
from questionnaire.spreadsheet_text import looks_like_formula, strip_forbidden

#: Excel keeps at most this many characters in a cell.
CELL_LIMIT = 32_767


@dataclass
class Item:
    """A question of the revised draft: ``change`` is empty when it did not change."""

    number: str
    key: str
    change: str
    fields: dict[str, list[Piece]]
    from_cluster: str | None = None
    proposals: list[Any] = field(default_factory=list)


@dataclass
class Section:
    """A cluster of the revised draft with its questions (removed ones last)."""

    code: str
    change: str
    title: list[Piece]
    description: list[Piece]
    items: list[Item] = field(default_factory=list)


def field_label(name: str) -> str:
    return {"text": _("Text"), "guidance": _("Guidance"), "choices": _("Choices"), "title": _("Title"),
            "description": _("Description")}[name]


def _whole(op: str, text: str) -> list[Piece]:
    return [Piece(op, text)] if text else []


def _item(question: dict[str, Any], change: QuestionChange | None, op: str = "same") -> Item:
    fields = {}
    for name in WORDED:
        if change is not None and name in change.wording:
            fields[name] = change.wording[name]
        elif wording_of(question, name):
            fields[name] = _whole("added" if change and change.change == "added" else op, wording_of(question, name))
    moved = change is not None and change.change in ("moved", "moved_and_reworded") and \
        change.from_cluster != change.to_cluster
    return Item(question.get("number", ""), question["key"], change.change if change else "", fields,
                change.from_cluster if moved else None, change.proposals if change else [])


def revised_draft(comparison: Comparison) -> list[Section]:
    """The newer document's clusters and questions in order, each marked with what changed; questions
    removed from a cluster come at its end, clusters removed at the end of the draft."""
    changes = {change.key: change for change in comparison.questions}
    cluster_changes = {change.code: change for change in comparison.clusters}
    removed = [change for change in comparison.questions if change.change == "removed"]
    old_questions = {q["key"]: q for cluster in comparison.old.document["clusters"] for q in cluster["questions"]}
    sections = []
    for cluster in comparison.new.document["clusters"]:
        change = cluster_changes.get(cluster["code"])
        wording = change.wording if change else {}
        op = "added" if change and change.change == "added" else "same"
        section = Section(cluster["code"], change.change if change else "",
                          wording.get("title") or _whole(op, cluster.get("title") or ""),
                          wording.get("description") or _whole(op, cluster.get("description") or ""))
        section.items = [_item(question, changes.get(question["key"])) for question in cluster["questions"]]
        section.items += [_item(old_questions[gone.key], gone, "removed") for gone in removed
                          if gone.from_cluster == cluster["code"]]
        sections.append(section)
    for cluster in comparison.old.document["clusters"]:
        if cluster_changes.get(cluster["code"]) and cluster_changes[cluster["code"]].change == "removed":
            sections.append(Section(cluster["code"], "removed", _whole("removed", cluster.get("title") or ""),
                                    _whole("removed", cluster.get("description") or ""),
                                    [_item(q, changes.get(q["key"]), "removed") for q in cluster["questions"]]))
    return sections


def _title(comparison: Comparison) -> tuple[str, str]:
    return (_("Revised draft showing changes: %(title)s", title=comparison.questionnaire.title),
            _("Changes from %(old)s to %(new)s", old=comparison.old.label(), new=comparison.new.label()))


def _proposals_line(item: Item) -> str:
    return "; ".join(_("proposal by %(state)s (%(outcome)s)", state=state_name(p.state, str(get_locale())),
                       outcome=outcome_label(p.disposition.outcome if p.disposition else None))
                     for p in item.proposals)


def _runs(paragraph: Paragraph, pieces: list[Piece], bold: bool = False) -> None:
    for piece in pieces:
        run = paragraph.add_run(strip_forbidden(piece.text))
        run.bold = bold or None
        run.font.strike = piece.op == "removed"
        run.font.underline = piece.op == "added"


def write_docx(comparison: Comparison, sections: list[Section]) -> bytes:
    document = Document()
    title, subtitle = _title(comparison)
    document.add_heading(title, level=0)
    document.add_paragraph(subtitle)
    document.add_paragraph(_("Insertions are underlined; deletions are struck through."))
    for section in sections:
        heading = document.add_heading(f"{section.code}. ", level=1)
        _runs(heading, section.title)
        if section.change:
            heading.add_run(f" ({cluster_change_label(section.change)})")
        if section.description:
            _runs(document.add_paragraph(), section.description)
        for item in section.items:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{item.number} ".lstrip()).bold = True
            _runs(paragraph, item.fields.get("text", []), bold=True)
            if item.change:
                paragraph.add_run(f" [{change_label(item.change)}]").italic = True
            if item.from_cluster:
                document.add_paragraph(_("Moved from cluster %(code)s", code=item.from_cluster)).runs[0].italic = True
            for name in ("guidance", "choices"):
                if item.fields.get(name):
                    line = document.add_paragraph()
                    line.add_run(labelled(field_label(name))).italic = True
                    _runs(line, item.fields[name])
            if item.proposals:
                document.add_paragraph(_("Behind this change: %(proposals)s", proposals=_proposals_line(item)))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def marked(pieces: list[Piece]) -> str:
    """Pieces as plain text: [-deleted words-] [+inserted words+]."""
    return "".join(p.text if p.op == "same" else (f"[-{p.text.strip()}-] " if p.op == "removed"
                   else f"[+{p.text.strip()}+] ") for p in pieces).strip()


def _plain_new(pieces: list[Piece]) -> str:
    return "".join(p.text for p in pieces if p.op != "removed").strip()


def _cell(text: str) -> str:
    text = strip_forbidden(text or "")
    if len(text) <= CELL_LIMIT:
        return text
    marker = " " + _("[… cut off]")
    return text[:CELL_LIMIT - len(marker)] + marker


def write_xlsx(comparison: Comparison, sections: list[Section]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "changes"
    title, subtitle = _title(comparison)
    sheet.append([title])
    sheet.append([subtitle])
    sheet.append([_("Cluster"), _("No."), _("Key"), _("Change"), _("Wording"), _("Changes in the text"),
                  _("Changes in the guidance"), _("Changes in the choices"), _("Behind this change")])
    for section in sections:
        cluster = f"{section.code}. {_plain_new(section.title)}"
        if section.change:
            sheet.append([_cell(cluster), "", "", cluster_change_label(section.change), "",
                          _cell(marked(section.title))])
        for item in section.items:
            changed = {name: marked(item.fields[name]) if item.change and name in item.fields else ""
                       for name in WORDED}
            sheet.append([_cell(value) for value in (
                cluster, item.number, item.key, change_label(item.change),
                _plain_new(item.fields.get("text", [])), changed["text"], changed["guidance"], changed["choices"],
                _proposals_line(item))])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and looks_like_formula(cell.value):
                    cell.data_type = "s"  # text from a draft never becomes a formula
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = "3:3"
    sheet.freeze_panes = "A4"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def changes_file(comparison: Comparison, fmt: str, language: str) -> tuple[bytes, str]:
    """The revised draft showing changes as ``docx`` or ``xlsx`` bytes and its MIME type; headings and
    labels in ``language``."""
    with force_locale(language):
        sections = revised_draft(comparison)
        data = write_docx(comparison, sections) if fmt == "docx" else write_xlsx(comparison, sections)
    return data, MIMETYPES[fmt]


def changes_file_name(comparison: Comparison, fmt: str) -> str:
    """The name a downloaded revised draft is saved under: the two sides compared (a revision's number, or
    ``draft``) and the format."""
    return f"changes-{comparison.old.number or 'draft'}-{comparison.new.number or 'draft'}.{fmt}"
