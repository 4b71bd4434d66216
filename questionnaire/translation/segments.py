"""What a translators' file carries, whatever its format (``questionnaire.translation.files`` for XLIFF,
``questionnaire.translation.workbook`` for XLSX): the questionnaire and languages it names, the rows going
out, and the segments read back.
"""
from __future__ import annotations

from dataclasses import dataclass, field

#: The name of the format, written into every file so that an upload is recognized as one.
FORMAT = "saq-translations"


class FileRefused(ValueError):
    """The file could not be read as a translations file; ``problems`` says why, each with its place."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ExportRow:
    """One text to translate as it goes into a file."""

    key: str
    source: str
    translation: str
    status: str  # a word for the translator: translated, out of date, missing
    digest: str
    place: str  # where a reader finds the text ("Question 1.1, guidance")
    out_of_date: bool = False  # its source changed after it was translated: the translator may confirm it


@dataclass(frozen=True)
class Segment:
    """One text as read back from a file; ``place`` is its line (XLIFF) or row (XLSX). ``still_right``: the
    translator marked the translation as right for the source beside it (an XLIFF unit approved or in a done
    state, a workbook row marked "still right"), which confirms an out-of-date translation left unedited."""

    key: str
    source: str
    translation: str
    digest: str | None
    place: str
    still_right: bool = False


@dataclass
class TranslationFile:
    kind: str  # "xliff" or "xlsx"
    slug: str | None = None
    version: int | None = None
    source_language: str | None = None
    language: str | None = None
    segments: list[Segment] = field(default_factory=list)


@dataclass(frozen=True)
class FileHeader:
    slug: str
    version: int
    source_language: str
    language: str


def integer_or_none(value: str | None) -> int | None:
    """A version number as a file states it, or ``None`` when it is not one."""
    return int(value) if value is not None and str(value).strip().isdigit() else None
