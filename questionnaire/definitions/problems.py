"""Problems found in a definition, each with its place in the document."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    place: str  # "clusters[1].questions[3].kind", or "survey!C17" for a spreadsheet
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


class DefinitionInvalid(ValueError):
    """Raised with every problem of a definition; nothing has been written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))
