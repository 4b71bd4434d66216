"""The monitoring table as CSV: UTF-8 with a byte-order mark, times in the viewer's time zone, no formulas."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any, Callable

from flask_babel import gettext as _

from questionnaire.monitoring.service import STATUS_LABELS, Monitoring, MonitoringRow
from questionnaire.replies.status_labels import regional_group_names
from questionnaire.spreadsheet_text import csv_text


def headers(zone: str, as_at: date | None = None) -> list[str]:
    """The header row, in the current language; ``zone`` names the time zone of the times, ``as_at`` the
    date the party status is known to be right."""
    party = _("Party (as at %(date)s)", date=as_at.isoformat()) if as_at else _("Party")
    return [
        _("ISO3"), _("State"), _("Regional group"), party, _("Status"),
        _("Required questions answered"), _("Required questions"), _("Percent of required answered"),
        _("Last activity (%(zone)s)", zone=zone), _("Last activity by"),
        _("Submitted at (%(zone)s)", zone=zone), _("Submitted by"), _("Late"),
    ]


def _cell(value: Any, local: Callable[[datetime], datetime]) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, str):
        return csv_text(value)
    return value


def _values(row: MonitoringRow, group_names: dict[str, str]) -> tuple:
    return (
        row.iso3, row.name, group_names.get(row.regional_group, row.regional_group), row.party,
        str(STATUS_LABELS[row.status]),
        row.required_answered, row.required_total, row.percent, row.last_activity_at,
        row.last_activity_by, row.submitted_at, row.submitted_by, row.late,
    )


def monitoring_csv(monitoring: Monitoring, local: Callable[[datetime], datetime], zone: str) -> bytes:
    """The rows of ``monitoring`` as CSV bytes (UTF-8 with BOM), one header row first.

    ``local`` turns a naive-UTC time into the viewer's (naive) local time; ``zone`` names that time
    zone in the headers. Text cells that a spreadsheet could read as a formula get a leading apostrophe.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headers(zone, monitoring.parties.as_at if monitoring.parties else None))
    group_names = regional_group_names()
    for row in monitoring.rows:
        writer.writerow([_cell(value, local) for value in _values(row, group_names)])
    return buffer.getvalue().encode("utf-8-sig")
