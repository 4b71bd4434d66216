"""The compilation of comments on a revision, as a Word document and as a workbook.

Layers as for every export: a pure builder returns rows; the DOCX (python-docx) and XLSX (openpyxl)
writers turn them into bytes; the page and the command call :func:`compilation_file`.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from docx import Document
from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from sqlalchemy.orm import Session

from questionnaire.consultation.diff import Piece, word_diff
from questionnaire.consultation.dispositions import current_wording
from questionnaire.models import Consultation, Proposal
from questionnaire.spreadsheet_text import looks_like_formula, strip_forbidden

__all__ = ["compilation_file", "compilation_file_name", "compilation_rows", "word_diff"]

MIMETYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def kind_label(kind: str) -> str:
    return {"comment": _("Comment"), "wording": _("New wording"), "delete": _("Delete the question"),
            "add_after": _("Add a question after"), "move": _("Move to another cluster")}[str(kind)]


def outcome_label(outcome: str | None) -> str:
    return {None: _("No disposition yet"), "accepted": _("Accepted"), "with_changes": _("Accepted with changes"),
            "not_accepted": _("Not accepted"), "withdrawn": _("Withdrawn")}[str(outcome) if outcome else None]


@dataclass
class Row:
    cluster: str
    number: str
    text: str
    state: str
    kind: str
    change: list[Piece]
    justification: str
    supporters: str
    disposition: str
    reply: str


def _change(revision_question: dict | None, proposal: Proposal) -> list[Piece]:
    if proposal.kind == "wording" and revision_question is not None:
        return word_diff(current_wording(revision_question, proposal.field), proposal.wording or "")
    if proposal.kind == "add_after":
        return [Piece("added", proposal.wording or "")]
    if proposal.kind == "move":
        return [Piece("same", _("to cluster %(code)s", code=proposal.to_cluster))]
    return []


def compilation_rows(consultation: Consultation) -> list[Row]:
    """One row per post, by cluster and question in the revision's order; withdrawn posts included."""
    revision = consultation.revision
    rows = []
    for cluster in revision.snapshot["clusters"]:
        targets = [(f"cluster:{cluster['code']}", None)] + [(q["key"], q) for q in cluster["questions"]]
        for target, question in targets:
            for proposal in consultation.proposals:
                if (proposal.question_key or f"cluster:{proposal.cluster_code}") != target:
                    continue
                disposition = proposal.disposition
                rows.append(Row(
                    cluster=f"{cluster['code']}. {cluster['title']}",
                    number=question.get("number", "") if question else "",
                    text=question["text"] if question else "",
                    state=proposal.state.name,
                    kind=kind_label(proposal.kind) + (f" ({_('withdrawn')})" if proposal.withdrawn_at else ""),
                    change=_change(question, proposal),
                    justification=proposal.justification,
                    supporters=", ".join(state.name for state in proposal.supporters),
                    disposition=outcome_label(disposition.outcome if disposition else None),
                    reply=disposition.reply if disposition else "",
                ))
    return rows


def _plain(pieces: list[Piece]) -> str:
    return "".join(p.text if p.op == "same" else (f"[-{p.text.strip()}-] " if p.op == "removed"
                   else f"[+{p.text.strip()}+] ") for p in pieces).strip()


def _title(consultation: Consultation) -> tuple[str, str]:
    revision = consultation.revision
    return (_("Compilation of comments and proposals on %(symbol)s", symbol=revision.symbol),
            _("Document %(symbol)s of %(date)s; consultation from %(start)s to %(end)s", symbol=revision.symbol,
              date=revision.issued_on.isoformat(), start=consultation.opens_on.isoformat(),
              end=consultation.closes_on.isoformat()))


def write_docx(consultation: Consultation, rows: list[Row]) -> bytes:
    document = Document()
    title, subtitle = _title(consultation)
    document.add_heading(title, level=0)
    document.add_paragraph(subtitle)
    heading = None
    for row in rows:
        if row.cluster != heading:
            document.add_heading(row.cluster, level=1)
            heading = row.cluster
        if row.number or row.text:
            document.add_paragraph().add_run(f"{row.number} {row.text}".strip()).bold = True
        document.add_paragraph(f"{row.state} — {row.kind}", style="List Bullet")
        if row.change:
            paragraph = document.add_paragraph()
            for piece in row.change:
                run = paragraph.add_run(strip_forbidden(piece.text))
                run.font.strike = piece.op == "removed"
                run.font.underline = piece.op == "added"
        if row.justification:
            document.add_paragraph(strip_forbidden(row.justification))
        if row.supporters:
            document.add_paragraph(_("Supported by %(states)s", states=row.supporters))
        document.add_paragraph(_("Disposition: %(disposition)s", disposition=row.disposition)
                               + (f" — {strip_forbidden(row.reply)}" if row.reply else ""))
    if not rows:
        document.add_paragraph(_("No comment or proposal was posted."))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _cell(text: str) -> str:
    return strip_forbidden(text or "")


def write_xlsx(consultation: Consultation, rows: list[Row]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "compilation"
    title, subtitle = _title(consultation)
    sheet.append([title])
    sheet.append([subtitle])
    sheet.append([_("Cluster"), _("No."), _("Question"), _("State"), _("Comment or proposal"), _("Change"),
                  _("Justification"), _("Supported by"), _("Disposition"), _("Reply")])
    for row in rows:
        sheet.append([_cell(value) for value in (row.cluster, row.number, row.text, row.state, row.kind,
                                                  _plain(row.change), row.justification, row.supporters,
                                                  row.disposition, row.reply)])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and looks_like_formula(cell.value):
                cell.data_type = "s"  # text from users never becomes a formula
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = "3:3"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def compilation_file(db: Session, consultation: Consultation, fmt: str, language: str) -> tuple[bytes, str]:
    """The compilation as ``docx`` or ``xlsx`` bytes and its MIME type; headings and labels in ``language``."""
    with force_locale(language):
        rows = compilation_rows(consultation)
        data = write_docx(consultation, rows) if fmt == "docx" else write_xlsx(consultation, rows)
    return data, MIMETYPES[fmt]


def compilation_file_name(consultation: Consultation, fmt: str) -> str:
    """The name a downloaded compilation is saved under: the number of the revision consulted on and the
    format."""
    return f"compilation-{consultation.revision.number}.{fmt}"
