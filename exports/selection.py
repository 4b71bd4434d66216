"""What an export covers: one questionnaire version and filters on clusters, regions, States, status.

:func:`resolve` checks a :class:`Selection` against the database and raises :class:`SelectionError`
with a message a person can act on; the web pages show it, the CLI prints it and exits 1.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaire.access import can_export_unsubmitted
from questionnaire.locale import LANGUAGE_NAMES, ngettext
from questionnaire.models import REGIONAL_GROUPS, Cluster, Question, Questionnaire, State, User
from questionnaire.models import ResponseStatus

#: The statuses an export covers unless told otherwise.
DEFAULT_STATUSES: tuple[str, ...] = (ResponseStatus.SUBMITTED.value,)

#: Every response status, for the secretariat's "include drafts".
ALL_STATUSES: tuple[str, ...] = tuple(status.value for status in ResponseStatus)


class SelectionError(Exception):
    """A selection that names something that does not exist or is not allowed; ``message`` says which."""

    def __init__(self, message: str) -> None:
        """Keep the user-facing ``message``."""
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Selection:
    """The filters of an export; empty tuples mean "all"."""

    slug: str
    version: int | None = None
    clusters: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    statuses: tuple[str, ...] = DEFAULT_STATUSES
    #: The language of the export (headers, sheet names, questionnaire texts, State names); None: the
    #: reader's interface language.
    language: str | None = None

    @property
    def includes_drafts(self) -> bool:
        """Whether responses not yet submitted are included."""
        return any(status != ResponseStatus.SUBMITTED.value for status in self.statuses)


@dataclass
class Resolved:
    """A checked selection: the questionnaire with its clusters and questions, and the filters."""

    selection: Selection
    questionnaire: Questionnaire
    clusters: list[Cluster]
    questions: list[Question]
    cluster_codes: tuple[str, ...]
    states: tuple[str, ...] = field(default=())


def resolve(
    db: Session, selection: Selection, user: User | None = None, drafts_allowed: bool | None = None
) -> Resolved:
    """Check ``selection`` and load its questionnaire's clusters and questions (3-4 queries).

    ``user`` is the person exporting (``None`` for the command line, which may do anything);
    ``drafts_allowed`` overrides who may include unsubmitted responses (by default the secretariat
    and the command line; a State's own workbook lets national users see their drafts).
    Raises :class:`SelectionError` for an unknown slug, version, cluster, region, State or status,
    or when someone other than the secretariat asks for responses that are not submitted.
    """
    questionnaire = _questionnaire(db, selection.slug, selection.version)
    clusters = list(db.scalars(
        select(Cluster).where(Cluster.questionnaire_id == questionnaire.id).order_by(Cluster.position)
    ))
    order = {cluster.id: index for index, cluster in enumerate(clusters)}
    questions = sorted(
        db.scalars(select(Question).where(Question.questionnaire_id == questionnaire.id)),
        key=lambda question: (order[question.cluster_id], question.position),
    )
    known_codes = [cluster.code for cluster in clusters]
    for code in selection.clusters:
        if code not in known_codes:
            raise SelectionError(_(
                "Questionnaire %(slug)s version %(version)s has no cluster “%(code)s”; its clusters are %(codes)s.",
                slug=questionnaire.slug, version=questionnaire.version, code=code, codes=", ".join(known_codes),
            ))
    for region in selection.regions:
        if region not in REGIONAL_GROUPS:
            raise SelectionError(_(
                "There is no regional group “%(name)s”; the groups are: %(groups)s.",
                name=region, groups="; ".join(REGIONAL_GROUPS),
            ))
    states = tuple(code.upper() for code in selection.states)
    if states:
        found = set(db.scalars(select(State.iso3).where(State.iso3.in_(states))))
        unknown = [code for code in states if code not in found]
        if unknown:
            raise SelectionError(ngettext("Unknown State code: %(codes)s.", "Unknown State codes: %(codes)s.", len(unknown),
                                            codes=", ".join(unknown)))
    if selection.language is not None and selection.language not in LANGUAGE_NAMES:
        raise SelectionError(_("There is no export language “%(code)s”; the languages are: %(codes)s.",
                               code=selection.language, codes=", ".join(LANGUAGE_NAMES)))
    if drafts_allowed is None:
        drafts_allowed = can_export_unsubmitted(user)
    _check_statuses(selection, drafts_allowed)
    codes = tuple(code for code in known_codes if not selection.clusters or code in selection.clusters)
    return Resolved(selection, questionnaire, clusters, questions, codes, states)


def _questionnaire(db: Session, slug: str, version: int | None) -> Questionnaire:
    """The questionnaire ``slug`` at ``version`` (latest when ``None``); raises SelectionError."""
    versions = list(db.scalars(
        select(Questionnaire).where(Questionnaire.slug == slug).order_by(Questionnaire.version.desc())
    ))
    if not versions:
        raise SelectionError(_("There is no questionnaire “%(slug)s”.", slug=slug))
    if version is None:
        return versions[0]
    for questionnaire in versions:
        if questionnaire.version == version:
            return questionnaire
    raise SelectionError(_(
        "Questionnaire %(slug)s has no version %(version)s; its versions are %(versions)s.",
        slug=slug, version=version, versions=", ".join(str(q.version) for q in reversed(versions)),
    ))


def _check_statuses(selection: Selection, drafts_allowed: bool) -> None:
    """Known statuses only; responses not yet submitted only for the secretariat (or the CLI)."""
    if not selection.statuses:
        raise SelectionError(_("Choose at least one response status."))
    for status in selection.statuses:
        if status not in ALL_STATUSES:
            raise SelectionError(_("Unknown response status “%(status)s”.", status=status))
    if selection.includes_drafts and not drafts_allowed:
        raise SelectionError(_("Only the secretariat can include responses that are not yet submitted."))
