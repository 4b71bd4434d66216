"""The data model (DESIGN.md §2): one aggregate per module, all on one declarative base."""
from questionnaire.db import Base
from questionnaire.models.audit import AuditEvent
from questionnaire.models.questionnaires import (
    ANSWERING_STAGES,
    Cluster,
    Question,
    Questionnaire,
    QuestionnaireStatus,
)
from questionnaire.models.outbox import MailStatus, OutboxMessage
from questionnaire.models.participants import STATUSES, Instrument, Participation, StatusOrigin
from questionnaire.models.pending import PendingPost
from questionnaire.models.kept_definitions import KeptDefinition
from questionnaire.models.meetings import Body, Decision, DecisionKind, Meeting
from questionnaire.models.consultations import (
    Consultation,
    Disposition,
    Outcome,
    Participants,
    Proposal,
    ProposalKind,
    Revision,
    Support,
    WordingField,
)
from questionnaire.models.observations import (
    Observation,
    ObservationKind,
    ObservationRefused,
    ObservationStatus,
)
from questionnaire.models.responses import Answer, AnswerChange, Response, ResponseStatus
from questionnaire.models.states import LISTED_GROUPS, ORGANIZATION_GROUP, REGIONAL_GROUPS, State
from questionnaire.models.texts import TextTranslation
from questionnaire.models.users import Role, User
from questionnaire.models.timeutil import utcnow

__all__ = [
    "LISTED_GROUPS", "ORGANIZATION_GROUP", "Body", "Consultation", "Decision", "DecisionKind", "Disposition", "Meeting", "Outcome", "Participants",
    "Proposal", "ProposalKind", "Revision", "Support", "WordingField",
    "ANSWERING_STAGES",
    "Answer",
    "AnswerChange",
    "AuditEvent",
    "Base",
    "MailStatus",
    "OutboxMessage",
    "PendingPost",
    "KeptDefinition",
    "Observation",
    "ObservationKind",
    "ObservationRefused",
    "ObservationStatus",
    "Cluster",
    "Instrument",
    "Participation",
    "StatusOrigin",
    "STATUSES",
    "Question",
    "Questionnaire",
    "QuestionnaireStatus",
    "REGIONAL_GROUPS",
    "Response",
    "ResponseStatus",
    "Role",
    "State",
    "TextTranslation",
    "User",
    "utcnow",
]

from questionnaire.models import revision as _revision  # noqa: E402,F401 - registers the content-revision hook
