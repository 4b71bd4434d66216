"""The names an audit page's events point to: people, questionnaires, replies, States, questions, clusters,
translated texts, proposals, meetings and the participants of a party list, loaded at once for the whole
page, and how each reads once what it named is gone.

The trail stores ids and codes (``user:7``, ``{"questionnaire": 12, "state": "MEX", "proposal": 3}``,
``question.crim.text``) so that a record stays true after a rename; the page reads names. Loading runs a fixed
number of queries however many events the page holds (at most eleven, each left out when nothing on the page
needs it). A record of any age reads: a detail it lacks is left out, a thing no longer on record is said to
be so, never shown as an id.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from questionnaire.audit.text_places import (TRANSLATION_ACTIONS, cluster_label, option_label, readings, text_keys_of,
                                             text_label)
from questionnaire.locale import reader_language, state_name
from questionnaire.models import (AuditEvent, Cluster, Consultation, Meeting, Participation, Proposal, Question,
                                  Questionnaire, Response, State, User)
from questionnaire.texts import localized_each

#: The builder's events on one question of a questionnaire (the target is the questionnaire).
QUESTION_ACTIONS = frozenset({"questionnaire.question.add", "questionnaire.question.edit",
                              "questionnaire.question.correct", "questionnaire.question.delete",
                              "questionnaire.question.move"})
#: How much of a question's text names it.
SHORT_TEXT = 60


def split_target(target: str | None) -> tuple[str, str]:
    """``"user:7"`` → ``("user", "7")``."""
    kind, _sep, ident = (target or "").partition(":")
    return kind, ident


def as_number(value: Any) -> int | None:
    """An id as recorded (a number or its digits) as a number; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _pairs(details: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Every (name, value) of an event's details, those of its ``before`` and ``after`` included."""
    for key, value in details.items():
        if key in ("before", "after") and isinstance(value, dict):
            yield from value.items()
        else:
            yield key, value


def _recorded_fields(details: dict[str, Any]) -> dict[str, Any]:
    """What an event recorded of a question's fields, the values after the change winning."""
    fields: dict[str, Any] = {}
    for side in ("before", "after"):
        if isinstance(details.get(side), dict):
            fields.update(details[side])
    return fields


def question_label(number: str | None, text: str | None) -> str:
    """A question by its number and the beginning of its text: 'question 6.1 “Has your State …”'."""
    words = " ".join(str(text or "").split())
    if len(words) > SHORT_TEXT:
        cut = words[: SHORT_TEXT - 1]
        words = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "…"  # after a whole word
    if number:
        return _("question %(number)s “%(text)s”", number=number, text=words)
    return _("question “%(text)s”", text=words)


@dataclass(frozen=True)
class _DeletedQuestionnaire:
    title: str
    version: Any


class Names:
    """The things the events of one page point to, loaded at once (see the module's docstring)."""

    def __init__(self, db: Session, events: Iterable[AuditEvent]):
        events = list(events)
        ids: dict[str, set[int]] = {kind: set() for kind in
                                    ("user", "questionnaire", "response", "consultation", "proposal", "meeting")}
        codes: set[str] = set()
        for event in events:
            kind, ident = split_target(event.target)
            if kind in ids and as_number(ident) is not None:
                ids[kind].add(as_number(ident))
            elif kind == "state" and ident:
                codes.add(ident)
            for key, value in _pairs(event.details or {}):
                if key in ("questionnaire", "questionnaire_id") or (key == "id" and kind == "questionnaire"):
                    key = "questionnaire"
                if key in ids and as_number(value) is not None:
                    ids[key].add(as_number(value))
                elif key == "state" and isinstance(value, str):
                    codes.add(value)
                elif key == "states" and isinstance(value, list):
                    codes.update(code for code in value if isinstance(code, str))

        self.users = self._by_id(db, User, ids["user"])
        self.meetings = self._by_id(db, Meeting, ids["meeting"])
        self.responses = self._by_id(db, Response, ids["response"], joinedload(Response.state),
                                     joinedload(Response.questionnaire))
        self.consultations = self._by_id(db, Consultation, ids["consultation"], joinedload(Consultation.revision))
        self.proposals = self._by_id(db, Proposal, ids["proposal"], joinedload(Proposal.state),
                                     joinedload(Proposal.consultation).joinedload(Consultation.revision))
        self.states = ({state.iso3: state for state in db.scalars(select(State).where(State.iso3.in_(codes)))}
                       if codes else {})

        # the questionnaires the consultations and proposals belong to, for their questions' names
        ids["questionnaire"] |= {c.revision.questionnaire_id for c in self.consultations.values()}
        ids["questionnaire"] |= {p.consultation.revision.questionnaire_id for p in self.proposals.values()}
        ids["questionnaire"] -= {r.questionnaire_id for r in self.responses.values()}
        self.questionnaires = self._by_id(db, Questionnaire, ids["questionnaire"])
        self.questionnaires.update({r.questionnaire_id: r.questionnaire for r in self.responses.values()})
        self.deleted = self._deleted_questionnaires(db, ids["questionnaire"] - set(self.questionnaires))
        self.titles = self._titles(db, list(self.questionnaires.values()))
        self.questions = self._questions(db, events)
        self.clusters = self._clusters(db, events)
        self.participants = self._participants(db, events)

    @staticmethod
    def _titles(db: Session, questionnaires: list[Questionnaire]) -> dict[int, str]:
        """Each questionnaire's title in the reader's language (its source standing in for a missing or out of
        date translation): one query, none in the source language."""
        return {view.model.id: view.title for view in localized_each(db, questionnaires, reader_language())}

    @staticmethod
    def _by_id(db: Session, model: Any, wanted: set[int], *options: Any) -> dict[int, Any]:
        if not wanted:
            return {}
        return {row.id: row for row in db.scalars(select(model).where(model.id.in_(wanted)).options(*options))}

    @staticmethod
    def _deleted_questionnaires(db: Session, missing: set[int]) -> dict[int, _DeletedQuestionnaire]:
        """What the record of each deleted questionnaire's deletion kept of it: its title and version."""
        if not missing:
            return {}
        found = {}
        rows = db.execute(select(AuditEvent.target, AuditEvent.details).where(
            AuditEvent.action == "questionnaire.delete",
            AuditEvent.target.in_([f"questionnaire:{ident}" for ident in missing])))
        for target, details in rows:
            before = (details or {}).get("before")
            if isinstance(before, dict) and before.get("title"):
                found[as_number(split_target(target)[1])] = _DeletedQuestionnaire(before["title"],
                                                                                before.get("version", "?"))
        return found

    def _questions(self, db: Session, events: list[AuditEvent]) -> dict[tuple[int, str], Question]:
        """The questions named by key: in the builder's question events, and in a proposal and its record."""
        wanted: set[tuple[int, str]] = set()
        for event in events:
            questionnaire_id = self.questionnaire_id_of(event)
            if questionnaire_id is not None:
                wanted |= {(questionnaire_id, key) for key in self._question_keys(event)}
        for proposal in self.proposals.values():
            if proposal.question_key:
                wanted.add((proposal.consultation.revision.questionnaire_id, proposal.question_key))
        if not wanted:
            return {}
        rows = db.scalars(select(Question).where(Question.questionnaire_id.in_({q for q, _k in wanted}),
                                                 Question.key.in_({k for _q, k in wanted})))
        return {(row.questionnaire_id, row.key): row for row in rows if (row.questionnaire_id, row.key) in wanted}

    def _clusters(self, db: Session, events: list[AuditEvent]) -> dict[tuple[int, str], Cluster]:
        """The clusters whose title or description a translation event names."""
        wanted: set[tuple[int, str]] = set()
        for event in events:
            questionnaire_id = self.questionnaire_id_of(event)
            if questionnaire_id is not None and event.action in TRANSLATION_ACTIONS:
                wanted |= {(questionnaire_id, place.cluster_code) for text_key in text_keys_of(event.details or {})
                           for place in readings(text_key) if place.cluster_code is not None}
        if not wanted:
            return {}
        rows = db.scalars(select(Cluster).where(Cluster.questionnaire_id.in_({q for q, _c in wanted}),
                                                Cluster.code.in_({c for _q, c in wanted})))
        return {(row.questionnaire_id, row.code): row for row in rows if (row.questionnaire_id, row.code) in wanted}

    @staticmethod
    def _participants(db: Session, events: list[AuditEvent]) -> dict[str, State]:
        """The State of each participant an import of the depositary's table changed, by the name it has there
        (an organization that is no State row is left out)."""
        wanted = {change["participant"] for event in events if event.action == "parties.import"
                  for change in (event.details or {}).get("changes") or []
                  if isinstance(change, dict) and isinstance(change.get("participant"), str)}
        if not wanted:
            return {}
        rows = db.execute(select(Participation.participant, State).join(State, Participation.state_id == State.id)
                          .where(Participation.participant.in_(wanted)))
        return {participant: state for participant, state in rows}

    def questionnaire_id_of(self, event: AuditEvent) -> int | None:
        """The questionnaire whose questions an event's keys name: its target, or its consultation's."""
        kind, ident = split_target(event.target)
        if kind == "questionnaire":
            return as_number(ident)
        consultation = self.consultations.get(as_number(ident)) if kind == "consultation" else None
        return consultation.revision.questionnaire_id if consultation is not None else None

    @staticmethod
    def _question_keys(event: AuditEvent) -> set[str]:
        details = event.details or {}
        keys = {value for key, value in _pairs(details)
                if key in ("question", "question_key") and isinstance(value, str) and value}
        if event.action in QUESTION_ACTIONS:
            key = details.get("key") or _recorded_fields(details).get("key")
            if isinstance(key, str) and key:
                keys.add(key)
            # the question each follow-up rule, before and after, depends on
            keys |= {side["show_if"].get("question") for side in (details.get("before"), details.get("after"))
                     if isinstance(side, dict) and isinstance(side.get("show_if"), dict)
                     and isinstance(side["show_if"].get("question"), str)}
        if event.action in TRANSLATION_ACTIONS:
            keys |= {place.question_key for text_key in text_keys_of(details) for place in readings(text_key)
                     if place.question_key}
        return keys

    # --- each thing by its name ------------------------------------------------------------------------

    def person(self, ident: Any) -> str:
        user = self.users.get(as_number(ident))
        if user is None:
            return _("an account no longer on record")
        return _("%(name)s (%(state)s)", name=user.name, state=state_name(user.state)) if user.state else user.name

    def questionnaire(self, ident: Any) -> str:
        number = as_number(ident)
        found = self.questionnaires.get(number)
        if found is not None:
            return _("“%(title)s”, version %(version)s", title=self.titles.get(number, found.title),
                     version=found.version)
        deleted = self.deleted.get(number)
        if deleted is not None:
            return _("“%(title)s”, version %(version)s (deleted)", title=deleted.title, version=deleted.version)
        return _("a questionnaire no longer on record")

    def state(self, code: str) -> str:
        found = self.states.get(code)
        return state_name(found) if found is not None else _("%(code)s (no longer on record)", code=code)

    def question(self, questionnaire_id: int | None, key: str | None, recorded: dict[str, Any] | None = None) -> str:
        """The question ``key`` of a questionnaire as it is now; else as the record kept it; else said gone."""
        found = self.questions.get((questionnaire_id, key)) if questionnaire_id is not None and key else None
        if found is not None:
            return question_label(found.number, found.text)
        if recorded and recorded.get("text"):
            return question_label(recorded.get("number"), recorded["text"])
        if key:
            return _("a question no longer under the key “%(key)s”", key=key)
        return _("a question")

    def question_of(self, event: AuditEvent) -> str:
        """The question a builder's question event is about; a deleted one as the deletion recorded it."""
        questionnaire_id = self.questionnaire_id_of(event)
        recorded = _recorded_fields(event.details or {})
        key = (event.details or {}).get("key") or recorded.get("key")
        key = key if isinstance(key, str) else None
        if event.action == "questionnaire.question.delete":
            return self.question(None, None, recorded) if recorded.get("text") else self.question(
                questionnaire_id, key)
        return self.question(questionnaire_id, key, recorded)

    def text(self, questionnaire_id: int | None, text_key: str) -> str:
        """A translated text of a questionnaire by its key, in words ('Text of question 1 “…”'); a key of no
        known shape as recorded."""
        places = readings(text_key)
        if not places:
            return _("Text “%(key)s”", key=text_key)
        place = next((p for p in places if (questionnaire_id, p.question_key) in self.questions), places[0])
        key, code = place.question_key, place.cluster_code
        cluster = self.clusters.get((questionnaire_id, code)) if code else None
        return text_label(place, question=self.question(questionnaire_id, key) if key else "",
                          cluster=cluster_label(code, cluster.title if cluster else None) if code else "",
                          option=option_label(place, self.questions.get((questionnaire_id, key))))

    def participant(self, name: str) -> str:
        """A participant of a party list: its State's name in the reader's language, else its name there."""
        found = self.participants.get(name)
        return state_name(found) if found is not None else name

    def proposal(self, ident: Any) -> str:
        found = self.proposals.get(as_number(ident))
        if found is None:
            return _("a proposal no longer on record")
        state = state_name(found.state)
        if found.question_key:
            return _("%(state)s, on %(question)s", state=state, question=self.question(
                found.consultation.revision.questionnaire_id, found.question_key))
        if found.cluster_code:
            return _("%(state)s, on cluster %(code)s", state=state, code=found.cluster_code)
        return state

    def meeting(self, ident: Any) -> str:
        from questionnaire.consultation.meetings import meeting_label

        found = self.meetings.get(as_number(ident))
        return meeting_label(found) if found is not None else _("a meeting no longer on record")

    def target(self, event: AuditEvent) -> str:
        """The thing an event is about, by its name where its kind is known, else as recorded."""
        kind, ident = split_target(event.target)
        named = {"user": self.person, "questionnaire": self.questionnaire, "state": self.state,
                 "meeting": self.meeting}.get(kind)
        return named(ident) if named is not None else event.target
