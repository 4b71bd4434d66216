"""Pure builders of the Provisions sheet (States × articles) and the Assistance sheet.

An article's main answer is the question rating compliance (Yes / Yes, in part / No: its kind
``rates_compliance``) that is not a follow-up and lists the article first among its provisions
(failing that, anywhere among them); the first such question in questionnaire order wins.
Technical-assistance questions are the multiple choices (closed kinds taking several answers) whose
key ends in ``.assistance``; their optional ``<key>_details`` text follows them.
"""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _, lazy_gettext as _l

from questionnaire.instruments import SOM_PROTOCOL, parse_provision
from questionnaire.kinds import LABEL_SEPARATOR, get_kind
from exports.loading import ExportData
from exports.sheets import Column, Look, Sheet


def _articles(question: Any) -> list[int]:
    """The numbers of the instrument's own articles among the question's provisions (not those cited
    from the Convention), in their order, without repeats."""
    numbers: list[int] = []
    for text in question.provisions or []:
        provision = parse_provision(text)
        if provision is not None and not provision.instrument and provision.article not in numbers:
            numbers.append(provision.article)
    return numbers


def main_questions(questions: list[Any]) -> dict[int, Any]:
    """Article number → the question holding the main answer for it, ordered by article."""
    candidates = [q for q in questions if get_kind(q.kind).rates_compliance and not q.show_if]
    chosen: dict[int, Any] = {}
    for question in candidates:
        articles = _articles(question)
        if articles and articles[0] not in chosen:
            chosen[articles[0]] = question
    for question in candidates:
        for article in _articles(question):
            chosen.setdefault(article, question)
    return dict(sorted(chosen.items()))


def _article_title(instrument: str, number: int) -> str:
    article = SOM_PROTOCOL.article(number) if instrument == SOM_PROTOCOL.name else None
    return f"art. {number} {article.title}" if article else f"art. {number}"


def provisions_sheet(data: ExportData) -> Sheet:
    """One row per State, one column per article: the main answer, coloured."""
    mains = main_questions(data.selected_questions)
    labels = {question.key: _labels(question) for question in mains.values()}
    rows = []
    for response in data.responses:
        row: list[Any] = [response.iso3, response.name, response.regional_group]
        for question in mains.values():
            value = response.values.get(question.key) if question.key in response.visible else None
            row.append(_cell(labels[question.key], question, value))
        rows.append(row)
    columns = [Column(_("ISO3"), Look.TEXT, 7), Column(_("State"), Look.TEXT, 24),
               Column(_("Regional group"), Look.TEXT, 18)]
    columns += [
        Column(f"{_article_title(data.questionnaire.instrument, number)} ({_('question')} {question.number})",
               Look.SCALE, 16)
        for number, question in mains.items()
    ]
    colours = {
        labels[question.key][code]: colour
        for question in mains.values()
        for code, colour in get_kind(question.kind).code_colours.items()
        if code in labels[question.key]
    }
    preamble: list[list[Any]] = [[str(NOT_FOR_PUBLICATION)], []]
    return Sheet(_("Provisions"), columns, rows, freeze="D4", scale_colours=colours, preamble=preamble)


#: The mark on the Provisions sheet: the mechanism produces no ranking (Conference resolution 5/5), so
#: the sheet lists States in name order, never with totals or scores.
NOT_FOR_PUBLICATION = _l(
    "For the review mechanism's analysis — not for publication. States are listed by name; no totals, "
    "scores or ranking."
)


def _cell(labels: dict[str, str], question: Any, value: Any) -> str | None:
    """The main answer's label; a "Not applicable" answer as its own words, never as a "No"."""
    if not value:
        return None
    if isinstance(value, str):
        return labels.get(value)
    return get_kind(question.kind).as_text(value, question.options)


def _labels(question: Any) -> dict[str, str]:
    """The label of each of a closed question's value codes."""
    kind = get_kind(question.kind)
    return {code: kind.choice_label(code, question.options) for code in kind.possible_values(question.options)}


def assistance_questions(questions: list[Any]) -> list[Any]:
    """The technical-assistance questions among ``questions``."""
    return [q for q in questions if _several_choices(q) and q.key.endswith(".assistance")]


def _several_choices(question: Any) -> bool:
    """Whether the question's answer is any number of choices from a list."""
    kind = get_kind(question.kind)
    return kind.closed and kind.multiple


def assistance_sheet(data: ExportData) -> Sheet:
    """Totals per form of assistance and cluster on top, then one row per State and cluster."""
    codes = {cluster.id: cluster.code for cluster in data.clusters}
    questions = assistance_questions(data.selected_questions)
    forms: dict[str, str] = {}
    for question in questions:
        for code, label in _labels(question).items():
            forms.setdefault(code, label)
    totals = {code: {q.key: 0 for q in questions} for code in forms}
    anywhere = {code: 0 for code in forms}
    rows = []
    for response in data.responses:
        asked_anywhere: set[str] = set()
        for question in questions:
            if question.key not in response.visible:
                continue
            picked = response.values.get(question.key) or []
            details_key = question.key + "_details"
            details = response.values.get(details_key) if details_key in response.visible else None
            for code in picked:
                if code in totals:
                    totals[code][question.key] += 1
                    asked_anywhere.add(code)
            row: list[Any] = [response.iso3, response.name, response.regional_group, codes[question.cluster_id],
                              LABEL_SEPARATOR.join(forms.get(code, code) for code in picked) or None]
            row += [1 if code in picked else None for code in forms]
            row.append(details or None)
            rows.append(row)
        for code in asked_anywhere:
            anywhere[code] += 1
    preamble: list[list[Any]] = [[_("States asking for each form of assistance")],
                                 [_("Form of assistance"), *[codes[q.cluster_id] for q in questions],
                                  _("Any cluster")]]
    for code, label in forms.items():
        preamble.append([label, *[totals[code][q.key] for q in questions], anywhere[code]])
    preamble.append([])
    columns = [Column(_("ISO3"), Look.TEXT, 7), Column(_("State"), Look.TEXT, 24),
               Column(_("Regional group"), Look.TEXT, 18), Column(_("Cluster"), Look.TEXT, 8),
               Column(_("Assistance requested"), Look.WRAP, 40)]
    columns += [Column(label, Look.NUMBER, 12) for label in forms.values()]
    columns.append(Column(_("Details"), Look.WRAP, 60))
    return Sheet(_("Assistance"), columns, rows, preamble=preamble)
