"""The `definition` commands: check, import and export questionnaire definitions (JSON or XLSX)."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask_babel import gettext as _

from questionnaire.builder.importing import DraftExists, import_definition
from questionnaire.builder.loading import definition_bytes
from questionnaire.builder.quality import document_warnings
from questionnaire.cli import fail as _fail
from questionnaire.cli import in_interface_language, no_questionnaire, warn
from questionnaire.db import get_session
from questionnaire.definitions import DefinitionInvalid, xlsx
from questionnaire.definitions.checks import definition_problems
from questionnaire.definitions.document import export_definition, load_questionnaire, parse_json, summary_line
from questionnaire.definitions.languages import split_document
from questionnaire.definitions.translated import LanguageGaps, describe_text, document_gaps, stored_gaps
from questionnaire.definitions.validate import check_document
from questionnaire.locale import format_number, ngettext
from questionnaire.punctuation import labelled

#: How many untranslated texts of a language ``definition check`` lists unless asked for all.
_LISTED = 10


@click.group("definition")
def definition_group() -> None:
    """Export, import and check questionnaire definitions."""


def _read_document(path: Path):
    if path.suffix.lower() == ".xlsx":
        return xlsx.read_workbook(path.read_bytes())
    return parse_json(path.read_bytes())


@definition_group.command("check")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--slug", help="Check a stored questionnaire instead of a file.")
@click.option("--version", type=int, default=None, help="With --slug: defaults to the latest version.")
@click.option("--all", "list_all", is_flag=True, help="List every untranslated text, not only the first ones.")
@in_interface_language()
def definition_check(path: Path | None, slug: str | None, version: int | None, list_all: bool) -> None:
    """Print every problem of a definition file (or, with --slug, of a stored questionnaire) with its
    place, then warnings: quality, and per language the texts not translated (and, stored, out of date).
    Exit 1 if there is any problem; warnings do not fail."""
    if (path is None) == (slug is None):
        _fail(_("give either a definition file or %(option)s", option="--slug SLUG"))
        return
    if slug is not None:
        _check_stored(slug, version, list_all)
        return
    try:
        document = _read_document(path)
    except DefinitionInvalid as error:
        problems = error.problems
    else:
        problems = check_document(document)
    if problems:
        for problem in problems:
            click.echo(str(problem))
        click.echo(ngettext("%(num)s problem found; nothing can be imported until it is fixed.",
                            "%(num)s problems found; nothing can be imported until they are fixed.", len(problems)),
                   err=True)
        sys.exit(1)
    click.echo(summary_line(document))
    _print_warnings(split_document(document)[0])
    _print_gaps(document_gaps(document), list_all)


def _check_stored(slug: str, version: int | None, list_all: bool) -> None:
    db = get_session()
    questionnaire = load_questionnaire(db, slug, version)
    if questionnaire is None:
        _fail(no_questionnaire(slug, version))
        return
    problems = definition_problems(questionnaire)
    for problem in problems:
        click.echo(problem)
    if problems:
        click.echo(ngettext("%(num)s problem found.", "%(num)s problems found.", len(problems)), err=True)
        sys.exit(1)
    click.echo(_("%(slug)s version %(version)s: valid", slug=slug, version=questionnaire.version))
    _print_gaps(stored_gaps(db, questionnaire), list_all)


def _print_warnings(document) -> None:
    for warning in document_warnings(document):
        warn(str(warning))


def _print_gaps(gaps: list[LanguageGaps], list_all: bool) -> None:
    """Per translated language: complete, or how many texts are missing / out of date, and which."""
    for gap in gaps:
        if gap.complete:
            click.echo(ngettext("%(language)s: %(num)s text translated, the only one",
                                "%(language)s: all %(num)s texts translated", gap.total, language=gap.language))
            continue
        for texts, counted in ((gap.missing, _not_translated), (gap.out_of_date, _out_of_date)):
            if not texts:
                continue
            warn(counted(gap.language, len(texts), gap.total))
            shown = texts if list_all else texts[:_LISTED]
            for source in shown:
                click.echo("  " + labelled(gap.language, describe_text(source)))
            if len(shown) < len(texts):
                click.echo("  " + ngettext("… and %(num)s more (--all lists it)",
                                           "… and %(num)s more (--all lists them)", len(texts) - len(shown)))


def _not_translated(language: str, count: int, total: int) -> str:
    return ngettext("%(language)s: %(num)s text of %(total)s not translated",
                    "%(language)s: %(num)s texts of %(total)s not translated", count, language=language,
                    total=format_number(total))


def _out_of_date(language: str, count: int, total: int) -> str:
    return ngettext("%(language)s: %(num)s text of %(total)s out of date",
                    "%(language)s: %(num)s texts of %(total)s out of date", count, language=language,
                    total=format_number(total))


@definition_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace-draft", is_flag=True,
              help="When the slug already has a working draft, replace that draft's content with the file's.")
@in_interface_language()
def definition_import(path: Path, replace_draft: bool) -> None:
    """Import a definition as a new draft (or the next version of its slug). A slug that already has a
    working draft is refused unless --replace-draft is given."""
    db = get_session()
    try:
        imported = import_definition(db, _read_document(path), None, replace_draft=replace_draft)
    except DefinitionInvalid as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        _fail(ngettext("%(num)s problem; nothing was imported.", "%(num)s problems; nothing was imported.",
                       len(error.problems)))
        return
    except DraftExists as error:
        db.rollback()
        _fail(_draft_exists_message(error))
        return
    db.commit()
    questionnaire = imported.questionnaire
    if imported.replaced:
        click.echo(_("Replaced the content of the draft %(slug)s version %(version)s (id %(id)s).",
                     slug=questionnaire.slug, version=questionnaire.version, id=questionnaire.id))
    else:
        click.echo(_("Imported %(slug)s version %(version)s as a draft.", slug=questionnaire.slug,
                     version=questionnaire.version))


def _draft_exists_message(error: DraftExists) -> str:
    draft = error.draft
    address = f"/builder/{draft.id}"
    found = _("%(slug)s already has a draft being worked on: version %(version)s (id %(id)s, %(address)s); nothing "
              "was imported.", slug=draft.slug, version=draft.version, id=draft.id, address=address)
    what_next = error.replace_refused or _("Work on that draft, or give %(option)s to replace its content with the "
                                           "file's.", option="--replace-draft")
    return f"{found} {what_next}"


@definition_group.command("export")
@click.argument("slug")
@click.option("--version", type=int, default=None, help="Defaults to the latest version.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@in_interface_language()
def definition_export(slug: str, version: int | None, out: Path) -> None:
    """Write a questionnaire as a definition document (.json, or .xlsx) in all its languages."""
    questionnaire = load_questionnaire(get_session(), slug, version)
    if questionnaire is None:
        _fail(no_questionnaire(slug, version))
        return
    document = export_definition(get_session(), questionnaire)
    out.write_bytes(definition_bytes(document, "xlsx" if out.suffix.lower() == ".xlsx" else "json"))
    click.echo(_("Wrote %(slug)s version %(version)s to %(path)s.", slug=slug, version=questionnaire.version,
                 path=out))
