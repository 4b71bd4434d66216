"""The export stage's commands: ``questionnaire export`` and ``questionnaire demo answers``."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import gettext as _

from questionnaire.cli import fail as _fail
from questionnaire.cli import in_interface_language
from questionnaire.db import get_session
from questionnaire.definitions.document import load_questionnaire
from questionnaire.locale import ngettext
from questionnaire.seed import SOM_SLUG
from exports.demo_answers import fill_demo_answers, real_answer_count
from exports.selection import ALL_STATUSES, DEFAULT_STATUSES, Selection, SelectionError
from exports.service import FORMATS, file_name, prepare, write_export


def export_folder() -> Path:
    """Where exports go when no --out is given: EXPORT_FOLDER, else instance/exports."""
    return Path(current_app.config.get("EXPORT_FOLDER") or Path(current_app.instance_path) / "exports")


@click.command("export")
@click.argument("slug")
@click.option("--version", type=int, default=None, help="Questionnaire version (default: the latest).")
@click.option("--cluster", "clusters", multiple=True, help="Cluster code, e.g. I (repeat for several).")
@click.option("--region", "regions", multiple=True, help="Regional group, e.g. \"African States\" (repeatable).")
@click.option("--state", "states", multiple=True, help="State ISO3 code (repeatable).")
@click.option("--include-drafts", is_flag=True, help="Also export responses not yet submitted.")
@click.option("--lang", "language", default=None,
              help="Language of the headers, sheet names, questions and State names: ar, en, es, fr, ru or zh "
                   "(default: en). Answers stay as the States wrote them.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="FILE.xlsx or FILE.csv (default: a dated .xlsx under instance/exports/).")
@in_interface_language()
def export_command(slug: str, version: int | None, clusters: tuple[str, ...], regions: tuple[str, ...],
                   states: tuple[str, ...], include_drafts: bool, language: str | None, out: Path | None) -> None:
    """Export the answers to a questionnaire as a workbook (.xlsx) or a long CSV table (.csv)."""
    fmt = out.suffix.lower().lstrip(".") if out else "xlsx"
    if out is not None and fmt not in FORMATS:
        _fail(_("the output file must end in .xlsx or .csv, not “%(name)s”", name=out.name))
    selection = Selection(slug, version, clusters, regions, states,
                          ALL_STATUSES if include_drafts else DEFAULT_STATUSES, language)
    try:
        data = prepare(get_session(), selection, None, current_app.config.get("BABEL_DEFAULT_TIMEZONE", "UTC"))
    except SelectionError as error:
        _fail(error.message)
        return
    if out is None:
        out = export_folder() / file_name(data, fmt)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_export(data, fmt, str(out))
    q = data.questionnaire
    click.echo(_("Wrote %(slug)s version %(version)s: %(states)s, %(answers)s to %(path)s.", slug=q.slug,
                 version=q.version, states=ngettext("%(num)s State", "%(num)s States", len(data.responses)),
                 answers=ngettext("%(num)s answer", "%(num)s answers", data.answer_count), path=out))


demo_group = AppGroup("demo", help="Demonstration data.")


@demo_group.command("answers")
@click.option("--states", "count", type=click.IntRange(1, 193), default=10, show_default=True,
              help="How many States parties get answers.")
@click.option("--submit", is_flag=True, help="Submit the responses (reviewers only see submitted ones).")
@click.option("--force", is_flag=True, help="Run even though the database holds real answers.")
@click.option("--questionnaire", "slug", default=SOM_SLUG, show_default=True)
@in_interface_language()
def demo_answers(count: int, submit: bool, force: bool, slug: str) -> None:
    """Fill plausible synthetic answers for States parties that have no response yet.

    Demo answers are written by accounts in the reserved demo.example domain; any other answer is
    real, and the command refuses to run while there are real answers unless --force is given.
    """
    db = get_session()
    real = real_answer_count(db)
    if real and not force:
        _fail(ngettext("the database holds %(num)s real answer; demo answers are for demonstration databases "
                       "(use --force to add them anyway; States that already answered are never touched)",
                       "the database holds %(num)s real answers; demo answers are for demonstration databases "
                       "(use --force to add them anyway; States that already answered are never touched)", real))
    questionnaire = load_questionnaire(db, slug)
    if questionnaire is None:
        _fail(_("there is no questionnaire “%(slug)s”; run %(command)s first", slug=slug,
                command="`questionnaire init`"))
        return
    states = fill_demo_answers(db, questionnaire, count, submit=submit)
    db.commit()
    codes = ", ".join(state.iso3 for state in states)
    if submit:
        click.echo(ngettext("Demo answers (submitted) for %(num)s State on %(slug)s version %(version)s: %(codes)s",
                            "Demo answers (submitted) for %(num)s States on %(slug)s version %(version)s: %(codes)s",
                            len(states), slug=slug, version=questionnaire.version, codes=codes))
    else:
        click.echo(ngettext("Demo answers (draft) for %(num)s State on %(slug)s version %(version)s: %(codes)s",
                            "Demo answers (draft) for %(num)s States on %(slug)s version %(version)s: %(codes)s",
                            len(states), slug=slug, version=questionnaire.version, codes=codes))
