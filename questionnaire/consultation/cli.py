"""The `consultation export` and `definition diff` commands."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from questionnaire.cli import fail
from questionnaire.consultation.comparing import compare_revisions
from questionnaire.consultation.compilation import compilation_file
from questionnaire.consultation.diff import as_text
from questionnaire.consultation.errors import DraftingRefused
from questionnaire.consultation.revisions import revision_or_none
from questionnaire.db import get_session
from questionnaire.definitions.document import load_questionnaire


@click.group("consultation")
def consultation_group() -> None:
    """The drafting round's documents."""


@consultation_group.command("export")
@click.argument("slug")
@click.option("--revision", "number", type=int, required=True, help="Number of the issued revision.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="compilation.docx or compilation.xlsx")
@with_appcontext
def consultation_export(slug: str, number: int, out: Path) -> None:
    """Write the compilation of comments on revision N of SLUG (DOCX or XLSX, from the file's name)."""
    db = get_session()
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("docx", "xlsx"):
        fail("--out must end in .docx or .xlsx")
        return
    questionnaire = load_questionnaire(db, slug)
    revision = revision_or_none(db, questionnaire, number) if questionnaire else None
    if revision is None or revision.consultation is None:
        fail(f"{slug} has no revision {number} with a consultation")
        return
    data, _mimetype = compilation_file(db, revision.consultation, fmt)
    out.write_bytes(data)
    click.echo(f"Wrote {out} ({len(data)} bytes).")


@click.command("diff")
@click.argument("slug")
@click.option("--from", "old", required=True, help="Revision number.")
@click.option("--to", "new", default="draft", show_default=True, help="Revision number, or draft.")
@with_appcontext
def definition_diff(slug: str, old: str, new: str) -> None:
    """Show what changed in SLUG between two revisions (or a revision and the working draft)."""
    db = get_session()
    questionnaire = load_questionnaire(db, slug)
    if questionnaire is None:
        fail(f"no questionnaire {slug}")
        return
    try:
        changes = compare_revisions(db, questionnaire, old, new)
    except DraftingRefused as error:
        fail(str(error))
        return
    click.echo(as_text(changes) or "No change.", nl=False)
