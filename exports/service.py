"""One export function for the web download and the command line: selection → data → file.

:func:`prepare` checks the selection and loads its data (raising :class:`SelectionError`);
:func:`write_export` writes it as XLSX or CSV to a path or binary file.  Views and the CLI are thin
wrappers around these two.
"""
from __future__ import annotations

from typing import IO

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from questionnaire.locale import local_time
from questionnaire.models import User
from questionnaire.replies.status_labels import regional_group_label, status_label
from exports.csv_writer import write_csv
from exports.language import apply_language, export_language, in_export_language, is_right_to_left
from exports.loading import ExportData, load
from exports.observation_sheet import observations_sheet
from exports.provisions import assistance_sheet, provisions_sheet
from exports.selection import Resolved, Selection, SelectionError, resolve
from exports.sheets import Sheet
from exports.summaries import charts_sheet, closed_summaries, summary_sheet
from exports.tables import about_sheet, answers_sheet, cluster_sheets, overview_sheet
from exports.workbook import write_workbook

FORMATS = ("xlsx", "csv")

__all__ = ["FORMATS", "SelectionError", "build_sheets", "file_name", "prepare", "write_export"]


def legend() -> list[tuple[str, str]]:
    """How to read the workbook, for the About sheet."""
    return [
        (_("Legend"), ""),
        (_("Yes / Yes, in part / No"), _("The review mechanism’s scale; on the Provisions sheet green, amber and red.")),
        (_("Empty cell"), _("No answer, or a follow-up question that was not shown for the State’s answer.")),
        (_("Several answers"), _("The answers chosen in a multiple-choice question, separated by semicolons.")),
        (_("Long texts"), _("Cells longer than 32,767 characters are cut with a note; the CSV export keeps the whole text.")),
        (_("Share"), _("Part of the States that answered the question (for several answers, shares add up to more than 100 %).")),
    ]


def describe_filters(resolved: Resolved) -> list[tuple[str, str]]:
    """The filters in words, for the About sheet."""
    selection = resolved.selection
    everything = _("all")
    return [
        (_("Clusters"), ", ".join(resolved.cluster_codes) if selection.clusters else everything),
        (_("Regional groups"), "; ".join(regional_group_label(region) for region in selection.regions) or everything),
        (_("States"), ", ".join(resolved.states) or everything),
        (_("Response status"), ", ".join(status_label(s) for s in selection.statuses)),
    ]


def prepare(
    db: Session, selection: Selection, user: User | None, timezone: str = "UTC", drafts_allowed: bool | None = None
) -> ExportData:
    """Check ``selection`` and load what ``user`` may export of it (``None``: the command line).

    Times are shown in ``timezone``; ``drafts_allowed`` is passed to :func:`~exports.selection.resolve`.
    The export is in the selection's language, else the reader's (see :mod:`exports.language`).

    Raises :class:`SelectionError` when the selection names something unknown or not allowed.
    """
    resolved = resolve(db, selection, user, drafts_allowed)
    language = export_language(selection.language)
    with force_locale(language):
        filters = describe_filters(resolved)
    data = apply_language(db, load(db, resolved, user, filters), language)
    data.timezone = timezone
    return data


def build_sheets(data: ExportData) -> list[Sheet]:
    """Every sheet of the workbook, in order: About, Overview, clusters, Answers, Summary, Charts, Provisions,
    Assistance, Observations."""
    taken = {_("About"), _("Overview"), _("Answers"), _("Summary"), _("Charts"), _("Provisions"), _("Assistance"),
             _("Observations")}
    summary = summary_sheet(data, closed_summaries(data))
    summary_charts, summary.charts = summary.charts, []
    return [
        about_sheet(data, legend()),
        overview_sheet(data),
        *cluster_sheets(data, taken),
        answers_sheet(data),
        summary,
        charts_sheet(Sheet(summary.name, [], [], charts=summary_charts)),
        provisions_sheet(data),
        assistance_sheet(data),
        observations_sheet(data),
    ]


def write_export(data: ExportData, fmt: str, target: str | IO[bytes]) -> None:
    """Write ``data`` as ``fmt`` ("xlsx" or "csv") to a path or a binary file object, in its language
    (an Arabic workbook's sheets read right to left)."""
    with in_export_language(data):
        _write(data, fmt, target)


def _write(data: ExportData, fmt: str, target: str | IO[bytes]) -> None:
    if fmt == "xlsx":
        q = data.questionnaire
        write_workbook(
            build_sheets(data), target,
            header=_("%(title)s — version %(version)s", title=q.title, version=q.version),
            footer=_("Generated at %(when)s", when=local_time(data.timezone)(data.generated_at).strftime("%Y-%m-%d %H:%M")),
            right_to_left=is_right_to_left(data),
        )
    elif fmt == "csv":
        if isinstance(target, str):
            with open(target, "wb") as handle:
                write_csv(data, handle)
        else:
            write_csv(data, target)
    else:
        raise ValueError(f"unknown export format {fmt!r}")


def file_name(data: ExportData, fmt: str, state: str | None = None) -> str:
    """A file name saying what the export covers: ``som-protocol-v2-MEX-20260301-1405.xlsx``, with the
    language when it is not English (``som-protocol-v2-es-20260301-1405.xlsx``)."""
    q = data.questionnaire
    parts = [q.slug, f"v{q.version}"]
    if state:
        parts.append(state)
    if data.language and data.language != "en":
        parts.append(data.language)
    parts.append(data.generated_at.strftime("%Y%m%d-%H%M"))
    return "-".join(parts) + "." + fmt
