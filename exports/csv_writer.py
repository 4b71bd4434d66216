"""The CSV export: the long table (one row per State and answer), UTF-8 with a byte-order mark.

The mark makes spreadsheet programs read accents, Arabic and Chinese correctly.  Unlike the workbook,
the CSV keeps every character of long answers; formula-like text gets a leading apostrophe.  Beside each
answer, as on the workbook's cluster sheets, the observations its reader may see on it (every one in one
field, oldest first, with the State's replies) and how many of them are open.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from typing import IO, Any

from flask_babel import lazy_gettext as _l

from questionnaire.replies.status_labels import status_label
from exports.cells import csv_text
from exports.language import language_name
from exports.loading import ExportData
from exports.observation_sheet import observation_texts
from exports.tables import answer_records
from exports.values import part_header

CSV_HEADERS = (
    _l("Questionnaire"), _l("Version"), _l("ISO3"), _l("State"), _l("Regional group"), _l("Status"),
    _l("Cluster"), _l("Question number"), _l("Key"), _l("Kind"), _l("Provisions"), _l("Question"),
    _l("Answer"), _l("Answered by"), _l("Answered at"), _l("Observations"), _l("Open observations"),
    _l("Language of the answer"),
)


def _field(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_text(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write_csv(data: ExportData, target: IO[bytes]) -> int:
    """Write the long table of ``data`` to the binary ``target``; returns the number of answer rows."""
    text = io.TextIOWrapper(target, encoding="utf-8-sig", newline="", write_through=True)
    try:
        writer = csv.writer(text)
        writer.writerow([str(header) for header in CSV_HEADERS])
        codes = {cluster.id: cluster.code for cluster in data.clusters}
        slug, version = data.questionnaire.slug, data.questionnaire.version
        notes = observation_texts(data)
        still_open: dict[tuple[str, str], int] = {}
        for row in data.observations:
            still_open[row.iso3, row.key] = still_open.get((row.iso3, row.key), 0) + row.is_open
        count = 0
        for response, question, part, value, author, at in answer_records(data):
            place = (response.iso3, question.key)
            writer.writerow([_field(v) for v in (
                slug, version, response.iso3, response.name, response.regional_group,
                status_label(response.status), codes[question.cluster_id], question.number, question.key,
                question.kind, ", ".join(question.provisions), part_header(question.text, part), value,
                author, at, notes.get(place), still_open.get(place, 0) if place in notes else None,
                language_name(response.languages.get(question.key), data),
            )])
            count += 1
        text.flush()
    finally:
        text.detach()
    return count
