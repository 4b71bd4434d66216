"""Pure builders for the reviewers' observations in the workbook: a sheet of their own, and the text of
the column beside each answer on the cluster sheets."""
from __future__ import annotations

from flask_babel import gettext as _

from questionnaire.locale import local_time
from exports.loading import ExportData, ObservationRow
from exports.sheets import Column, Look, Sheet


def _kind(row: ObservationRow) -> str:
    return _("Question to the State") if row.is_question else _("Internal note")


def _status(row: ObservationRow) -> str:
    return _("open") if row.is_open else _("closed")


def observation_texts(data: ExportData) -> dict[tuple[str, str], str]:
    """By (ISO3, question key): every observation on that answer in one cell, oldest first."""
    texts: dict[tuple[str, str], list[str]] = {}
    for row in data.observations:
        line = f"{_kind(row)} ({_status(row)}): {row.text}"
        if row.reply:
            line += "\n" + _("Reply: %(reply)s", reply=row.reply)
        texts.setdefault((row.iso3, row.key), []).append(line)
    return {place: "\n\n".join(lines) for place, lines in texts.items()}


def observations_sheet(data: ExportData) -> Sheet:
    """One row per observation: State, question, kind, text, who and when, status, the State's reply."""
    local = local_time(data.timezone)
    names = {response.iso3: response.name for response in data.responses}
    questions = {question.key: question for question in data.questions}
    codes = {cluster.id: cluster.code for cluster in data.clusters}
    selected = set(data.cluster_codes)
    rows = []
    for row in data.observations:
        question = questions.get(row.key)
        if question is None or codes[question.cluster_id] not in selected:
            continue
        rows.append([
            row.iso3, names.get(row.iso3, row.iso3), codes[question.cluster_id], question.number, question.text,
            _kind(row), row.text, row.author, local(row.created_at), _status(row), row.reply or None,
            row.replied_by or None, local(row.replied_at),
        ])
    columns = [
        Column(_("ISO3"), Look.TEXT, 7), Column(_("State"), Look.TEXT, 20), Column(_("Cluster"), Look.TEXT, 8),
        Column(_("Question number"), Look.TEXT, 9), Column(_("Question"), Look.WRAP, 36),
        Column(_("Kind"), Look.TEXT, 16), Column(_("Observation"), Look.WRAP, 40), Column(_("By"), Look.TEXT, 16),
        Column(_("At"), Look.DATETIME, 16), Column(_("Status"), Look.TEXT, 8), Column(_("Reply of the State"), Look.WRAP, 40),
        Column(_("Replied by"), Look.TEXT, 16), Column(_("Replied at"), Look.DATETIME, 16),
    ]
    return Sheet(_("Observations"), columns, rows, freeze="C2")
