"""The `translations` commands: export one language for translators, import their file back."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from questionnaire.cli import fail as _fail
from questionnaire.db import get_session
from questionnaire.definitions.document import load_questionnaire
from questionnaire.translation.roundtrip import apply_import, export_file, plan_import


@click.group("translations")
def translations_group() -> None:
    """Export a questionnaire's texts for translators and import their translations."""


@translations_group.command("export")
@click.argument("slug")
@click.option("--version", type=int, default=None, help="Defaults to the latest version.")
@click.option("--lang", "language", required=True, help="The target language (ar, es, fr, ru, zh…).")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="FILE.xlf (XLIFF) or FILE.xlsx.")
@with_appcontext
def translations_export(slug: str, version: int | None, language: str, out: Path) -> None:
    """Write one language's texts as XLIFF or XLSX (source, translation, status, per text key)."""
    fmt = out.suffix.lower().lstrip(".")
    fmt = "xlf" if fmt in ("xlf", "xliff") else fmt
    if fmt not in ("xlf", "xlsx"):
        _fail("the output file must end in .xlf or .xlsx")
        return
    questionnaire = load_questionnaire(get_session(), slug, version)
    if questionnaire is None:
        _fail(f"no questionnaire {slug}" + (f" version {version}" if version else ""))
        return
    try:
        _name, data = export_file(get_session(), questionnaire, language, fmt)
    except ValueError as error:
        _fail(str(error))
        return
    out.write_bytes(data)
    click.echo(f"Wrote {slug} version {questionnaire.version} in {language} to {out}.")


@translations_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="List what would change; write nothing.")
@with_appcontext
def translations_import(path: Path, dry_run: bool) -> None:
    """Check a translated XLIFF or XLSX whole, list every change, then apply it (unless --dry-run).
    Nothing is written if any segment has a problem."""
    db = get_session()
    plan = plan_import(db, path.read_bytes(), lock=not dry_run)
    if not plan.valid:
        for problem in plan.problems:
            click.echo(problem, err=True)
        _fail(f"{len(plan.problems)} problem(s); nothing was imported.")
        return
    for change in plan.changes:
        click.echo(f"{change.place}: {change.key}: {change.kind}: {change.after}")
    summary = (f"{plan.questionnaire.slug} version {plan.questionnaire.version}, {plan.language}: "
               f"{len(plan.changes)} change(s), {plan.unchanged} unchanged, {plan.untranslated} left untranslated, "
               f"{plan.left_out_of_date} left out of date")
    if dry_run:
        click.echo(f"{summary}. Dry run: nothing was written.")
        return
    apply_import(db, plan, None, path.name)
    db.commit()
    click.echo(f"{summary}. Imported.")
