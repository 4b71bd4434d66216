"""The registry of question kinds — the only place that knows what each kind of question accepts.

Use :func:`get_kind` (or :data:`REGISTRY`) to find the :class:`Kind` for a question's ``kind`` name;
:data:`KIND_NAMES` lists the names in a stable order for menus and documentation.  Adding a kind
means adding one :class:`Kind` subclass, listing it in ``_KINDS`` below, and testing it.
"""

from __future__ import annotations

from questionnaire.kinds.base import CellColumn, InvalidAnswer, Kind, Options, Problem, Summary
from questionnaire.kinds.choices import LABEL_SEPARATOR, MultipleChoice, SingleChoice, YesNo, YesPartlyNo
from questionnaire.kinds.links import Links
from questionnaire.kinds.note import Note
from questionnaire.kinds.scalar import Date, Number
from questionnaire.kinds.text import LongText, ShortText

__all__ = [
    "KIND_NAMES",
    "LABEL_SEPARATOR",
    "REGISTRY",
    "CellColumn",
    "InvalidAnswer",
    "Kind",
    "Options",
    "Problem",
    "Summary",
    "get_kind",
]

_KINDS: tuple[Kind, ...] = (
    YesPartlyNo(),
    YesNo(),
    SingleChoice(),
    MultipleChoice(),
    ShortText(),
    LongText(),
    Number(),
    Date(),
    Links(),
    Note(),
)

#: Every kind by name (one shared, stateless instance each).
REGISTRY: dict[str, Kind] = {kind.name: kind for kind in _KINDS}

#: The kind names in a stable order.
KIND_NAMES: tuple[str, ...] = tuple(kind.name for kind in _KINDS)


def get_kind(name: str) -> Kind:
    """The kind called ``name``.  Raises ``KeyError`` for an unknown name (or a non-string)."""
    try:
        return REGISTRY[name]
    except (KeyError, TypeError):
        raise KeyError(f"unknown question kind: {name!r}") from None
