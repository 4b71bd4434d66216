"""The `definition` commands: check, import and export questionnaire definitions (JSON or XLSX)."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from questionnaire.builder.quality import document_warnings
from questionnaire.cli import fail as _fail
from questionnaire.db import get_session
from questionnaire.definitions import DefinitionInvalid, xlsx
from questionnaire.definitions.document import (
    dump_json, export_document, import_document, load_questionnaire, parse_json, summary_line,
)
from questionnaire.definitions.validate import check_document


@click.group("definition")
def definition_group() -> None:
    """Export, import and check questionnaire definitions."""


def _read_document(path: Path):
    if path.suffix.lower() == ".xlsx":
        return xlsx.read_workbook(path.read_bytes())
    return parse_json(path.read_bytes())


@definition_group.command("check")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def definition_check(path: Path) -> None:
    """Print every problem of a definition file with its place; exit 1 if there is any."""
    try:
        document = _read_document(path)
    except DefinitionInvalid as error:
        problems = error.problems
    else:
        problems = check_document(document)
    if problems:
        for problem in problems:
            click.echo(str(problem))
        click.echo(f"{len(problems)} problem(s) found; nothing can be imported until they are fixed.", err=True)
        sys.exit(1)
    click.echo(summary_line(document))
    _print_warnings(document)


def _print_warnings(document) -> None:
    for warning in document_warnings(document):
        click.echo(f"warning: {warning}")


@definition_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def definition_import(path: Path) -> None:
    """Import a definition as a new draft (or the next version of its slug)."""
    db = get_session()
    try:
        questionnaire = import_document(db, _read_document(path))
    except DefinitionInvalid as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        _fail(f"{len(error.problems)} problem(s); nothing was imported.")
        return
    db.commit()
    click.echo(f"Imported {questionnaire.slug} version {questionnaire.version} as a draft.")


@definition_group.command("export")
@click.argument("slug")
@click.option("--version", type=int, default=None, help="Defaults to the latest version.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def definition_export(slug: str, version: int | None, out: Path) -> None:
    """Write a questionnaire as a definition document (.json, or .xlsx)."""
    questionnaire = load_questionnaire(get_session(), slug, version)
    if questionnaire is None:
        _fail(f"no questionnaire {slug}" + (f" version {version}" if version else ""))
        return
    document = export_document(questionnaire)
    if out.suffix.lower() == ".xlsx":
        out.write_bytes(xlsx.write_workbook(document))
    else:
        out.write_text(dump_json(document), encoding="utf-8")
    click.echo(f"Wrote {slug} version {questionnaire.version} to {out}.")
