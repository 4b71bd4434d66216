"""A question's options (its choices, a table's rows and columns, the limits of an answer) in words, as the
audit log tells a question that was added, changed or deleted: "Choices: Yes; No; Partly", never as JSON.

Pure: reads the options as the builder records them (``QuestionFields.options``), of any age.
"""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from questionnaire.audit.detail_words import as_text, detail_label
from questionnaire.kinds.base import NOT_APPLICABLE

#: Each option a question can have, in the order the builder shows them, by its name in words.
OPTION_LABELS = {
    "choices": _l("Choices"),
    "table_rows": _l("Rows"),
    "table_columns": _l("Columns"),
    "min_selected": _l("Fewest answers to tick"),
    "max_selected": _l("Most answers to tick"),
    "min": _l("Smallest value"),
    "max": _l("Largest value"),
    "integer": _l("Whole numbers only"),
    "max_length": _l("Most characters"),
    "max_links": _l("Most links"),
    NOT_APPLICABLE: _l("May be answered “Not applicable”"),
}
#: The options that list labelled items (``{"value", "label"}``).
LISTS = frozenset({"choices", "table_rows", "table_columns"})


def _item(item: Any) -> str:
    """One choice, row or column by its label (its value when it has none)."""
    if isinstance(item, dict):
        return str(item.get("label") or item.get("value") or "")
    return str(item)


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def option_parts(options: dict[str, Any]) -> list[tuple[str, str]]:
    """Each option that is set, as ``(name, value)`` in words: a list of choices, rows or columns by their
    labels separated by semicolons, a limit as a number or date, a flag as yes or no; an option of no known
    name under its own name. Empty options are left out."""
    known = [name for name in OPTION_LABELS if name in options]
    parts = []
    for name in [*known, *sorted(name for name in options if name not in OPTION_LABELS)]:
        value = options[name]
        if _is_empty(value):
            continue
        label = OPTION_LABELS.get(name)
        words = ("; ".join(_item(item) for item in value) if name in LISTS and isinstance(value, list)
                 else as_text(value))
        parts.append((str(label) if label is not None else detail_label(name), words))
    return parts
