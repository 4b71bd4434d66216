"""Markup rendered once with numbered markers where per-request pieces go, and filled per request.

A kept part of a page (``forms.page_parts``' question blocks, ``forms.reply_nav``'s navigation) is rendered by
its own template with a marker in each place a value of the request goes, split at the markers once, and
written out per request by putting each value in its place. The markers are Unicode private-use characters,
which escaping leaves as they are; a rendering whose text holds one itself cannot be kept.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

_OPEN, _CLOSE = "\ue000", "\ue001"
_MARKER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")


def marker(number: int) -> str:
    """The marker of slot ``number``."""
    return f"{_OPEN}{number}{_CLOSE}"


@dataclass(frozen=True)
class Slotted:
    """A rendering split at its markers: ``texts[0]``, the piece of slot ``order[0]``, ``texts[1]``, …
    ``texts[-1]``."""

    texts: tuple[str, ...]
    order: tuple[int, ...]

    def fill(self, pieces: Mapping[int, str] | Sequence[str]) -> str:
        """The rendering with each slot's piece (already escaped markup) in its place."""
        texts = self.texts
        out = [texts[0]]
        for number, text in zip(self.order, texts[1:]):
            out.append(pieces[number])
            out.append(text)
        return "".join(out)


def holds_marker(text: str) -> bool:
    """Whether ``text`` holds a marker character (a text of the content that happens to look like one)."""
    return _OPEN in text or _CLOSE in text


def slotted(rendered: str) -> Slotted | None:
    """``rendered`` split at its markers; None when a text between them holds a marker character (a text of
    the content that happens to look like a marker: the part is then rendered in full each time)."""
    pieces = _MARKER.split(rendered)
    texts = tuple(pieces[::2])
    if any(_OPEN in text or _CLOSE in text for text in texts):
        return None
    return Slotted(texts, tuple(int(number) for number in pieces[1::2]))
