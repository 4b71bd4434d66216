"""The drafting round's refusal: one message saying why, for the page or the command line."""
from __future__ import annotations


class DraftingRefused(Exception):
    """A step of the drafting round that does not apply; ``str()`` says why."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)
