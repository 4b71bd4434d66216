"""The `translations` commands: export one language for translators, import their file back.

Both speak the interface language named by ``--interface-lang`` (English by default): the command's messages
and, on export, the workbook's sheet name, headings, status words and help. (``--lang`` of the export is the
language translated into.)"""
from __future__ import annotations

from pathlib import Path

import click
from flask_babel import gettext as _

from questionnaire.cli import fail as _fail
from questionnaire.cli import in_interface_language, no_questionnaire
from questionnaire.db import get_session
from questionnaire.definitions.document import load_questionnaire
from questionnaire.locale import ngettext, npgettext
from questionnaire.punctuation import labelled
from questionnaire.translation.forms import CHANGE_KIND_LABELS
from questionnaire.translation.roundtrip import ImportPlan, apply_import, export_file, plan_import

WORKBOOK_LANGUAGE_HELP = ("The language of the command's messages and of the workbook's headings, statuses and "
                          "help: ar, en, es, fr, ru or zh (default: en).")


@click.group("translations")
def translations_group() -> None:
    """Export a questionnaire's texts for translators and import their translations."""


@translations_group.command("export")
@click.argument("slug")
@click.option("--version", type=int, default=None, help="Defaults to the latest version.")
@click.option("--lang", "language", required=True, help="The target language (ar, es, fr, ru, zh…).")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="FILE.xlf (XLIFF) or FILE.xlsx.")
@in_interface_language(WORKBOOK_LANGUAGE_HELP)
def translations_export(slug: str, version: int | None, language: str, out: Path) -> None:
    """Write one language's texts as XLIFF or XLSX (source, translation, status, per text key)."""
    fmt = out.suffix.lower().lstrip(".")
    fmt = "xlf" if fmt in ("xlf", "xliff") else fmt
    if fmt not in ("xlf", "xlsx"):
        _fail(_("the output file must end in .xlf or .xlsx"))
        return
    questionnaire = load_questionnaire(get_session(), slug, version)
    if questionnaire is None:
        _fail(no_questionnaire(slug, version))
        return
    try:
        _name, data = export_file(get_session(), questionnaire, language, fmt)
    except ValueError as error:
        _fail(str(error))
        return
    out.write_bytes(data)
    click.echo(_("Wrote %(slug)s version %(version)s in %(language)s to %(path)s.", slug=slug,
                 version=questionnaire.version, language=language, path=out))


@translations_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="List what would change; write nothing.")
@in_interface_language()
def translations_import(path: Path, dry_run: bool) -> None:
    """Check a translated XLIFF or XLSX whole, list every change, then apply it (unless --dry-run).
    Nothing is written if any segment has a problem."""
    db = get_session()
    plan = plan_import(db, path.read_bytes(), lock=not dry_run)
    if not plan.valid:
        for problem in plan.problems:
            click.echo(problem, err=True)
        _fail(ngettext("%(num)s problem; nothing was imported.", "%(num)s problems; nothing was imported.",
                       len(plan.problems)))
        return
    for change in plan.changes:
        click.echo(f"{change.place}: {change.key}: " + labelled(CHANGE_KIND_LABELS[change.kind], change.after))
    summary = _summary(plan)
    if dry_run:
        click.echo(" ".join((summary, _("Dry run: nothing was written."))))
        return
    apply_import(db, plan, None, path.name)
    db.commit()
    click.echo(" ".join((summary, _("Imported."))))


def _summary(plan: ImportPlan) -> str:
    """The questionnaire, version and language of a valid ``plan``, then how many texts it changes, leaves
    unchanged, untranslated and out of date, each count in its language's plural form."""
    return _("%(slug)s version %(version)s, %(language)s: %(changes)s, %(unchanged)s, %(untranslated)s, "
             "%(out_of_date)s.",
             slug=plan.questionnaire.slug, version=plan.questionnaire.version, language=plan.language,
             changes=ngettext("%(num)s change", "%(num)s changes", len(plan.changes)),
             unchanged=npgettext("texts of a translated file, counted in the summary of its import",
                                 "%(num)s unchanged", "%(num)s unchanged", plan.unchanged),
             untranslated=npgettext("texts of a translated file, counted in the summary of its import",
                                    "%(num)s left untranslated", "%(num)s left untranslated", plan.untranslated),
             out_of_date=npgettext("texts of a translated file, counted in the summary of its import",
                                   "%(num)s left out of date", "%(num)s left out of date", plan.left_out_of_date))
