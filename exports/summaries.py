"""Counts and shares per answer for each closed question, overall and per regional group.

The HTML summary page and the workbook's Summary sheet both read :func:`closed_summaries`, so they
always agree.  Only States to whom a question was shown count towards it (hidden follow-ups are left
out); a share is the part of the States that answered the question.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from flask_babel import force_locale, gettext as _

from questionnaire.kinds import get_kind
from questionnaire.kinds.base import allows_not_applicable
from questionnaire.models import LISTED_GROUPS
from questionnaire.replies.status_labels import regional_group_label
from exports.loading import ExportData, StateResponse
from exports.sheets import ChartSpec, Column, Look, Sheet
from exports.values import short_header


@dataclass(frozen=True)
class OptionShare:
    """How many States gave one answer, and their share of those who answered."""

    code: str
    label: str
    count: int
    share: float

    @property
    def percent(self) -> int:
        """The share as a whole percentage."""
        return int(round(self.share * 100))


@dataclass(frozen=True)
class Tally:
    """The counts for one group of States (``group`` ``None`` for all of them)."""

    group: str | None
    answered: int
    options: list[OptionShare]
    not_applicable: int = 0  # "Not applicable" answers: answered, never one of the options

    @property
    def not_applicable_share(self) -> float:
        return self.not_applicable / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class QuestionSummary:
    """A closed question's counts overall and for each regional group present in the selection."""

    question: Any
    cluster_code: str
    overall: Tally
    groups: list[Tally]

    @property
    def not_applicable_allowed(self) -> bool:
        """Whether the question allows "Not applicable": then its count gets a row of its own."""
        return allows_not_applicable(self.question.options)

    @property
    def multiple(self) -> bool:
        """Whether States could pick several answers (shares then add up to more than 100 %)."""
        return get_kind(self.question.kind).multiple


def groups_present(data: ExportData) -> list[str]:
    """The groups with at least one response, in the usual order (the European Union in its own), named as
    the responses name them: in the export's language (see ``exports.language.apply_language``)."""
    present = {response.regional_group for response in data.responses}
    with force_locale(data.language):
        listed = [regional_group_label(group) for group in LISTED_GROUPS]
    return [group for group in listed if group in present]


def _tally(question: Any, responses: list[StateResponse], group: str | None, labels: dict[str, str]) -> Tally:
    kind = get_kind(question.kind)
    values = [r.values.get(question.key) for r in responses if question.key in r.visible]
    summary = kind.summarize(values, question.options)
    counts = summary.counts or {}
    options = [
        OptionShare(code, labels.get(code, code), count, count / summary.answered if summary.answered else 0.0)
        for code, count in counts.items()
    ]
    return Tally(group, summary.answered, options, summary.not_applicable)


def closed_summaries(data: ExportData) -> list[QuestionSummary]:
    """One summary per closed question of the selected clusters, in questionnaire order."""
    codes = {cluster.id: cluster.code for cluster in data.clusters}
    groups = groups_present(data)
    by_group = {group: [r for r in data.responses if r.regional_group == group] for group in groups}
    result = []
    for question in data.selected_questions:
        kind = get_kind(question.kind)
        if not kind.closed:
            continue
        labels = {code: kind.choice_label(code, question.options) for code in kind.possible_values(question.options)}
        overall = _tally(question, data.responses, None, labels)
        tallies = [_tally(question, by_group[group], group, labels) for group in groups]
        result.append(QuestionSummary(question, codes[question.cluster_id], overall, tallies))
    return result




def summary_sheet(data: ExportData, summaries: list[QuestionSummary]) -> Sheet:
    """Per closed question and answer: States and share overall and per regional group, with bar charts."""
    groups = groups_present(data)
    columns = [Column(_("Question"), Look.WRAP, 64), Column(_("Answer"), Look.WRAP, 28),
               Column(_("States"), Look.NUMBER, 9), Column(_("Share"), Look.PERCENT, 9)]
    for group in groups:
        columns += [Column(_("%(group)s: States", group=group), Look.NUMBER, 12),
                    Column(_("%(group)s: share", group=group), Look.PERCENT, 12)]
    rows: list[list[Any]] = []
    charts: list[ChartSpec] = []
    for summary in summaries:
        header = short_header(summary.question, 120)
        first = len(rows) + 2
        by_code = [{option.code: option for option in tally.options} for tally in summary.groups]
        for option in summary.overall.options:
            row: list[Any] = [header, option.label, option.count, option.share]
            for options in by_code:
                group_option = options.get(option.code)
                row += [group_option.count, group_option.share] if group_option else [0, 0.0]
            rows.append(row)
        if summary.not_applicable_allowed:
            row = [header, _("Not applicable"), summary.overall.not_applicable, summary.overall.not_applicable_share]
            for tally in summary.groups:
                row += [tally.not_applicable, tally.not_applicable_share]
            rows.append(row)
        answered: list[Any] = [header, _("States that answered"), summary.overall.answered, None]
        for tally in summary.groups:
            answered += [tally.answered, None]
        rows.append(answered)
        if summary.overall.options:
            title = f"{summary.question.number} {' '.join(summary.question.text.split())}".strip()
            anchor = "A2"  # placed by charts_sheet
            charts.append(ChartSpec(title, first, first + len(summary.overall.options) - 1, 2, 3, anchor,
                                    source=_("Summary")))
    return Sheet(_("Summary"), columns, rows, freeze="C2", charts=charts)


ROW_PIXELS = 20  # the default row height
PAGE_ROWS = 46  # rows of a portrait A4 page inside its margins, at 100 %
TITLE_CHARACTERS = 105  # characters of a chart title on one line across the page


def chart_height(spec: ChartSpec) -> int:
    """Pixels for a bar chart: its full title, wrapped, and one bar per answer."""
    title_lines = -(-len(spec.title) // TITLE_CHARACTERS)
    return 40 + 14 * title_lines + 18 * (spec.last_row - spec.first_row + 1)


def charts_sheet(summary: Sheet) -> Sheet:
    """The Summary's bar charts one under another, sized to a portrait page's width and to their content,
    never cut across pages, each titled with the question's full text; the data stays on the Summary sheet."""
    placed, breaks = [], []
    row = page_top = 1
    for spec in summary.charts:
        height = chart_height(spec)
        rows = -(-height // ROW_PIXELS) + 1
        if row + rows - page_top > PAGE_ROWS:
            page_top = row
            breaks.append(row)
        placed.append(replace(spec, anchor=f"A{row + 1}", height=height))
        row += rows
    return Sheet(_("Charts"), [Column(_("Share of the States per answer, question by question"), Look.TEXT, 100)],
                 [], autofilter=False, charts=placed, page_breaks=breaks)
