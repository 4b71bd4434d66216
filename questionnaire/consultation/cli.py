"""The `consultation export` and `definition diff` commands."""
from __future__ import annotations

from pathlib import Path

import click
from flask_babel import gettext as _

from questionnaire.cli import fail, in_interface_language, interface_language, no_questionnaire
from questionnaire.consultation.changes import changes_file
from questionnaire.consultation.comparing import Side, compare_sides, side_of, side_of_file
from questionnaire.consultation.compilation import compilation_file
from questionnaire.consultation.diff import as_text
from questionnaire.consultation.errors import DraftingRefused
from questionnaire.consultation.revisions import revision_or_none
from questionnaire.db import get_session
from questionnaire.definitions import DefinitionInvalid, xlsx
from questionnaire.definitions.document import load_questionnaire, parse_json
from questionnaire.definitions.validate import check_document
from questionnaire.locale import ngettext

LANG_HELP = "Language of the document's headings and labels (default: the default interface language)."


def _written(out: Path, data: bytes) -> str:
    """The line saying a document was written, and its size."""
    return ngettext("Wrote %(path)s (%(num)s byte).", "Wrote %(path)s (%(num)s bytes).", len(data), path=out)


def _format(out: Path | None) -> str | None:
    fmt = out.suffix.lower().lstrip(".") if out else None
    if out is not None and fmt not in ("docx", "xlsx"):
        fail(_("%(option)s must end in .docx or .xlsx", option="--out"))
        return None
    return fmt


@click.group("consultation")
def consultation_group() -> None:
    """The drafting round's documents."""


@consultation_group.command("export")
@click.argument("slug")
@click.option("--revision", "number", type=int, required=True, help="Number of the issued revision.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="compilation.docx or compilation.xlsx")
@click.option("--lang", default=None, help=LANG_HELP)
@in_interface_language()
def consultation_export(slug: str, number: int, out: Path, lang: str | None) -> None:
    """Write the compilation of comments on revision N of SLUG (DOCX or XLSX, from the file's name)."""
    db = get_session()
    fmt, language = _format(out), interface_language(lang, "--lang")
    if fmt is None:
        return
    questionnaire = load_questionnaire(db, slug)
    revision = revision_or_none(db, questionnaire, number) if questionnaire else None
    if revision is None or revision.consultation is None:
        fail(_("%(slug)s has no revision %(number)s with a consultation", slug=slug, number=number))
        return
    data, _mimetype = compilation_file(db, revision.consultation, fmt, language)
    out.write_bytes(data)
    click.echo(_written(out, data))


def _side(db, questionnaire, which: str) -> Side:
    """A revision number, ``draft``, or the path of a definition file (.json or .xlsx)."""
    path = Path(which)
    if path.suffix.lower() not in (".json", ".xlsx"):
        return side_of(db, questionnaire, which)
    if not path.is_file():
        raise DraftingRefused(_("no definition file %(path)s", path=which))
    try:
        document = xlsx.read_workbook(path.read_bytes()) if path.suffix.lower() == ".xlsx" \
            else parse_json(path.read_bytes())
    except DefinitionInvalid as error:
        raise DraftingRefused(f"{which}: " + "; ".join(str(problem) for problem in error.problems)) from None
    problems = check_document(document)
    if problems:
        raise DraftingRefused(f"{which}: " + "; ".join(str(problem) for problem in problems))
    return side_of_file(questionnaire, document, path.name)


@click.command("diff")
@click.argument("slug")
@click.option("--from", "old", required=True, help="Revision number, draft, or a definition file (.json, .xlsx).")
@click.option("--to", "new", default="draft", show_default=True,
              help="Revision number, draft, or a definition file (.json, .xlsx).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the revised draft showing changes to diff.docx or diff.xlsx instead of printing.")
@click.option("--lang", default=None, help=LANG_HELP)
@in_interface_language()
def definition_diff(slug: str, old: str, new: str, out: Path | None, lang: str | None) -> None:
    """Show what changed in SLUG between two revisions, a revision and the working draft, or a revision
    and a definition file; with --out, write the revised draft showing changes (DOCX or XLSX)."""
    db = get_session()
    fmt, language = _format(out), interface_language(lang, "--lang")
    if out is not None and fmt is None:
        return
    questionnaire = load_questionnaire(db, slug)
    if questionnaire is None:
        fail(no_questionnaire(slug))
        return
    try:
        comparison = compare_sides(db, questionnaire, _side(db, questionnaire, old), _side(db, questionnaire, new))
    except DraftingRefused as error:
        fail(str(error))
        return
    if out is None:
        click.echo(as_text(comparison.questions, comparison.clusters).rstrip("\n") or _("No change."))
        return
    data, _mimetype = changes_file(comparison, fmt, language)
    out.write_bytes(data)
    click.echo(_written(out, data))
