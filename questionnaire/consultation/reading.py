"""What the page of one consultation shows its reader: the issued draft in the reader's language, the posts
on each question and cluster, and what the reader may still do there."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from questionnaire.consultation.consultations import endorsed_on, may_take_part, posts_refused, questionnaire_of
from questionnaire.consultation.revisions import snapshot_in_language
from questionnaire.models import Consultation, Proposal, Revision, User


def target_of(proposal: Proposal) -> str:
    """Where a post stands on the page: its question's key, or ``cluster:<code>`` for a cluster."""
    return proposal.question_key or f"cluster:{proposal.cluster_code}"


@dataclass(frozen=True)
class ConsultationPage:
    """One consultation as its page shows it (the names are the template's)."""

    consultation: Consultation
    revision: Revision
    #: The issued draft as read in the reader's language (its translations on the day, else the source text).
    shown: dict[str, Any]
    #: The language the draft was issued in: a wording proposal rewords that text, whatever the reader's.
    source_language: str
    #: The issued questions by key, in the source language.
    issued: dict[str, dict[str, Any]]
    #: The posts by :func:`target_of`, in the order they were posted.
    by_target: dict[str, list[Proposal]]
    #: States can still post, change, withdraw and support.
    is_open: bool
    #: The day the Working Group endorsed the draft, in the reader's words; None while it is a draft.
    endorsed_on: str | None
    #: The reader speaks for an invited State.
    taking_part: bool


def consultation_page(consultation: Consultation, reader: User, language: str | None) -> ConsultationPage:
    """``consultation`` as ``reader`` sees it, the issued draft read in ``language`` (a language code)."""
    by_target: dict[str, list[Proposal]] = {}
    for proposal in consultation.proposals:
        by_target.setdefault(target_of(proposal), []).append(proposal)
    revision = consultation.revision
    snapshot = revision.snapshot
    return ConsultationPage(
        consultation=consultation, revision=revision, shown=snapshot_in_language(snapshot, language),
        source_language=snapshot.get("source_language", "en"),
        issued={question["key"]: question for cluster in snapshot["clusters"] for question in cluster["questions"]},
        by_target=by_target, is_open=posts_refused(consultation) is None,
        endorsed_on=endorsed_on(questionnaire_of(consultation)), taking_part=may_take_part(reader, consultation))
