"""What changed between two definition documents (two revisions, or a revision and the working draft).

Pure functions over documents: questions are matched by their key, stable across drafts.  The plain text of
the changes is worded in the language in force; keys, codes and the documents' texts are shown as they are.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import get_locale, pgettext

from questionnaire.builder.question_fields import format_choices
from questionnaire.locale import state_name
from questionnaire.punctuation import labelled

WORDED = ("text", "guidance", "choices")


@dataclass(frozen=True)
class Piece:
    """A run of words: ``same``, ``added`` or ``removed``."""

    op: str
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """Word-level insertions and deletions turning ``old`` into ``new`` (whitespace kept with the words)."""
    a, b = re.findall(r"\S+\s*", old or ""), re.findall(r"\S+\s*", new or "")
    # words are matched without the space after them: the last word of a text has none
    matcher = difflib.SequenceMatcher(a=[t.rstrip() for t in a], b=[t.rstrip() for t in b], autojunk=False)
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", "".join(b[j1:j2])))
    return pieces


def wording_of(question: dict[str, Any], name: str) -> str:
    if name == "choices":
        return format_choices((question.get("options") or {}).get("choices"))
    return question.get(name) or ""


@dataclass
class QuestionChange:
    key: str
    number: str
    change: str  # added, removed, moved, reworded, moved_and_reworded
    from_cluster: str | None = None
    to_cluster: str | None = None
    wording: dict[str, list[Piece]] = field(default_factory=dict)
    proposals: list[Any] = field(default_factory=list)


def _places(document: dict[str, Any]) -> dict[str, tuple[str, int, dict[str, Any]]]:
    places = {}
    for cluster in document["clusters"]:
        for position, question in enumerate(cluster["questions"]):
            places[question["key"]] = (cluster["code"], position, question)
    return places


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[QuestionChange]:
    """Every question added, removed, moved (to another cluster, or among the others of its cluster) or
    reworded (text, guidance, choices), in the order of the newer document, removed ones last."""
    before, after = _places(old), _places(new)
    # a question "moved" within its cluster when it left the longest run of questions kept in order there;
    # those that changed cluster moved anyway and stay out of the run, or a neighbour would seem moved too
    stayed = {key for key in after if key in before and before[key][0] == after[key][0]}
    common = [key for key in after if key in stayed]
    old_order = [key for key in before if key in stayed]
    kept = {old_order[i] for block in difflib.SequenceMatcher(a=old_order, b=common, autojunk=False)
            .get_matching_blocks() for i in range(block.a, block.a + block.size)}
    changes = []
    for key, (code, _position, question) in after.items():
        if key not in before:
            changes.append(QuestionChange(key, question.get("number", ""), "added", to_cluster=code))
            continue
        old_code, _old_position, old_question = before[key]
        moved = old_code != code or key not in kept
        wording = {name: word_diff(wording_of(old_question, name), wording_of(question, name))
                   for name in WORDED if wording_of(old_question, name) != wording_of(question, name)}
        if moved or wording:
            kind = "moved_and_reworded" if moved and wording else ("moved" if moved else "reworded")
            changes.append(QuestionChange(key, question.get("number", ""), kind, old_code, code, wording))
    for key, (code, _position, question) in before.items():
        if key not in after:
            changes.append(QuestionChange(key, question.get("number", ""), "removed", from_cluster=code))
    return changes


@dataclass
class ClusterChange:
    """A cluster added, removed or retitled (title or description), matched by its code."""

    code: str
    change: str  # added, removed, reworded
    wording: dict[str, list[Piece]] = field(default_factory=dict)


def compare_clusters(old: dict[str, Any], new: dict[str, Any]) -> list[ClusterChange]:
    """Clusters added, retitled (title, description) or removed, in the newer document's order, removed last."""
    before = {cluster["code"]: cluster for cluster in old["clusters"]}
    after = {cluster["code"]: cluster for cluster in new["clusters"]}
    changes = []
    for code, cluster in after.items():
        if code not in before:
            changes.append(ClusterChange(code, "added"))
            continue
        wording = {name: word_diff(before[code].get(name) or "", cluster.get(name) or "")
                   for name in ("title", "description")
                   if (before[code].get(name) or "") != (cluster.get(name) or "")}
        if wording:
            changes.append(ClusterChange(code, "reworded", wording))
    changes += [ClusterChange(code, "removed") for code in before if code not in after]
    return changes


def change_label(change: str) -> str:
    """What happened to a question, in words ("" for a question that did not change)."""
    return {"added": _("added"), "removed": _("removed"), "moved": _("moved"), "reworded": _("reworded"),
            "moved_and_reworded": _("moved and reworded"), "": ""}[change]


def cluster_change_label(change: str) -> str:
    """What happened to a cluster, in words."""
    return {"added": pgettext("cluster change", "added"), "removed": pgettext("cluster change", "removed"),
            "reworded": pgettext("cluster change", "reworded")}[change]


def _worded_name(name: str) -> str:
    """The name of a worded part (text, guidance, choices, a cluster's title or description) in a plain-text diff."""
    return {"text": pgettext("definition diff", "text"), "guidance": pgettext("definition diff", "guidance"),
            "choices": pgettext("definition diff", "choices"), "title": pgettext("definition diff", "title"),
            "description": pgettext("definition diff", "description")}[name]


def _state_in_force(state: Any) -> str:
    """A State's name in the language in force (a command's ``--interface-lang`` as well as a page's)."""
    locale = get_locale()
    return state_name(state, str(locale) if locale else "en")


def as_text(changes: list[QuestionChange], clusters: list[ClusterChange] | None = None) -> str:
    """The changes as plain text: [-removed words-] {+added words+}."""
    lines = []
    for cluster in clusters or []:
        lines.append(pgettext("definition diff", "cluster %(code)s: %(change)s", code=cluster.code,
                              change=cluster_change_label(cluster.change)))
        lines += ["    " + labelled(_worded_name(name), _marked(pieces)) for name, pieces in cluster.wording.items()]
    for change in changes:
        where = f"{change.from_cluster or ''}→{change.to_cluster or ''}" if change.change != "reworded" else ""
        question = f"{change.number or '-'} {change.key}"
        lines.append(labelled(question, f"{change_label(change.change)} {where}").rstrip())
        lines += ["    " + labelled(_worded_name(name), _marked(pieces)) for name, pieces in change.wording.items()]
        for proposal in change.proposals:
            lines.append("    ← " + pgettext("definition diff", "proposal #%(number)s by %(state)s",
                                             number=proposal.id, state=_state_in_force(proposal.state)))
    return "\n".join(lines) + ("\n" if lines else "")


def _marked(pieces: list[Piece]) -> str:
    return "".join(p.text if p.op == "same" else (f"[-{p.text.strip()}-] " if p.op == "removed"
                   else f"{{+{p.text.strip()}+}} ") for p in pieces).strip()
