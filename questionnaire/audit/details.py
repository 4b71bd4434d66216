"""The details of one audit event in words, for :func:`questionnaire.audit.service.describe`.

Ids and codes read as what they name (a questionnaire, a State, a proposal, a meeting, a question, a
follow-up rule, an answer type, a State's kind, a language, a translation's status), a question's options read
option by option, a deleted cluster's questions by their numbers and texts, and the lists some events hold are
told an item a line: each text a translation event changed, confirmed or left in conflict, named as the text
of its question or cluster, each participant an import of the depositary's table changed, by its State's name,
and each language a decision to open with languages incomplete found incomplete, with its counts. A record of
an older shape reads as the event is recorded now (:mod:`questionnaire.audit.older_records`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _, lazy_gettext as _l

from questionnaire.audit.detail_words import as_text, detail_label
from questionnaire.audit.names import QUESTION_ACTIONS, Names, as_number, question_label, split_target
from questionnaire.audit.older_records import as_recorded_now
from questionnaire.audit.question_options import option_parts
from questionnaire.audit.service import DetailLine, describe, is_deletion
from questionnaire.audit.text_places import TRANSLATION_ACTIONS
from questionnaire.builder.wording import either, kind_label
from questionnaire.kinds import REGISTRY
from questionnaire.locale import LANGUAGE_NAMES
from questionnaire.models import AuditEvent
from questionnaire.states.service import KIND_LABELS as STATE_KIND_LABELS
from questionnaire.states.service import STATUS_LABELS as PARTICIPATION_STATUS_LABELS
from questionnaire.texts import LanguageProgress
from questionnaire.translation.forms import STATUS_LABELS as TRANSLATION_STATUS_LABELS


#: How a deleted cluster's record names the questions deleted with it: by number and text (as recorded now), or
#: by their keys alone (as older records hold them).
CLUSTER_QUESTIONS = _l("Questions deleted with it")
CLUSTER_QUESTION_KEYS = _l("Questions deleted with it, by their keys")


def _translated(text: Any) -> str:
    return text if isinstance(text, str) and text else "—"


def _participation(status: Any) -> str:
    label = PARTICIPATION_STATUS_LABELS.get(status) if isinstance(status, str) else None
    return str(label) if label is not None else (str(status) if status else "—")


def _participant_field(participant: str, field: str) -> str:
    """The name of what an import changed of a participant: a day by the participant and the day's name, its
    status by the participant's name alone."""
    if field == "signed_on":
        return _("%(participant)s, signed on", participant=participant)
    if field == "consented_on":
        return _("%(participant)s, consented to be bound on", participant=participant)
    return participant


def _all(items: Any, kind: type) -> bool:
    return isinstance(items, list) and all(isinstance(item, kind) for item in items)


def _language_progress(progress: dict[str, Any]) -> DetailLine:
    """One language found incomplete, by its name: how many of its texts were translated, out of date, missing
    (as the language's translation page says it); a record without its four counts, what it holds."""
    language = progress["language"]
    counts = {name: progress.get(name) for name in ("total", "current", "out_of_date", "missing")}
    if not all(isinstance(count, int) for count in counts.values()):
        return DetailLine(LANGUAGE_NAMES.get(language, language), value=as_text(counts))
    return DetailLine(LANGUAGE_NAMES.get(language, language), value=LanguageProgress(language, **counts).in_words())


@dataclass(frozen=True)
class EventDetailNames:
    """The details of one event that hold ids, codes or lists, in words (see the module's docstring)."""

    names: Names
    event: AuditEvent

    @property
    def _questionnaire_id(self) -> int | None:
        return self.names.questionnaire_id_of(self.event)

    def _is_questionnaire(self, key: str) -> bool:
        # a new version records the questionnaire it was copied from and the copy as "id"
        return key in ("questionnaire", "questionnaire_id") or (
            key == "id" and split_target(self.event.target)[0] == "questionnaire")

    def label(self, key: str) -> str | None:
        return detail_label("questionnaire") if key == "id" and self._is_questionnaire(key) else None

    def value(self, key: str, value: Any) -> str | None:
        if self._is_questionnaire(key) and as_number(value) is not None:
            return self.names.questionnaire(value)
        if key == "state" and isinstance(value, str):
            return self.names.state(value)
        if key == "states" and _all(value, str):
            return ", ".join(self.names.state(code) for code in value)
        if key == "proposal" and as_number(value) is not None:
            return self.names.proposal(value)
        if key == "meeting" and as_number(value) is not None:
            return self.names.meeting(value)
        if key in ("question", "question_key") and isinstance(value, str):
            questionnaire_id = self._questionnaire_id
            return self.names.question(questionnaire_id, value) if questionnaire_id is not None else None
        if key == "languages" and _all(value, str):
            return ", ".join(LANGUAGE_NAMES.get(code, code) for code in value)
        if self.event.action == "translation.status" and key == "status" and isinstance(value, str):
            return str(TRANSLATION_STATUS_LABELS.get(value, value))
        if key == "kind" and isinstance(value, str) and split_target(self.event.target)[0] == "state":
            return str(STATE_KIND_LABELS.get(value, value))
        if self.event.action in QUESTION_ACTIONS:
            if key == "show_if" and isinstance(value, dict):
                return self.condition(value)
            if key == "kind" and isinstance(value, str):
                return kind_label(value)
        return None

    def parts(self, key: str, value: Any) -> list[tuple[str, str]] | None:
        """A question's options told option by option (see :func:`option_parts`), and the questions a deleted
        cluster held under a name that says they went with it; None for any other detail."""
        if key == "options" and self.event.action in QUESTION_ACTIONS and (value is None or isinstance(value, dict)):
            return option_parts(value or {})
        if key == "questions" and self.event.action == "questionnaire.cluster.delete":
            return self._cluster_questions(value)
        return None

    @staticmethod
    def _cluster_questions(value: Any) -> list[tuple[str, str]] | None:
        """'question 3 “…”; question 4 “…”' as the deletion recorded them; their keys from an older record."""
        if _all(value, dict):
            return [(str(CLUSTER_QUESTIONS), "; ".join(
                question_label(question.get("number"), question.get("text") or question.get("key"))
                for question in value) or "—")]
        if _all(value, str):
            return [(str(CLUSTER_QUESTION_KEYS), ", ".join(value) or "—")]
        return None

    def lines(self, key: str, value: Any) -> list[DetailLine] | None:
        """The lines a list-holding detail is told in, one an item; None for a detail told in one line."""
        if self.event.action in TRANSLATION_ACTIONS:
            return self._translation_lines(key, value)
        if self.event.action == "parties.import" and key == "changes" and _all(value, dict) and all(
                isinstance(change.get("participant"), str) for change in value):
            return [line for change in value for line in self._participant_lines(change)]
        if self.event.action == "questionnaire.open_incomplete_languages" and key == "languages" and _all(
                value, dict) and all(isinstance(progress.get("language"), str) for progress in value):
            return [_language_progress(progress) for progress in value]
        return None

    def _participant_lines(self, change: dict[str, Any]) -> list[DetailLine]:
        """What an import of the depositary's table changed of one participant, by its name: its status, and
        the day it signed or consented to be bound; a status an older record holds on both sides (its dates
        changed) as a status, not a change."""
        name = self.names.participant(change["participant"])
        before, after = change.get("before"), change.get("after")
        if not isinstance(before, dict) and not isinstance(after, dict):  # older records: the status alone
            was, now = _participation(before), _participation(after)
            return [DetailLine(name, was, now) if was != now else DetailLine(name, value=now)]
        before, after = before if isinstance(before, dict) else {}, after if isinstance(after, dict) else {}
        lines = []
        for field in dict.fromkeys([*before, *after]):
            words = _participation if field == "status" else as_text
            was, now = words(before.get(field)), words(after.get(field))
            if was != now:
                lines.append(DetailLine(_participant_field(name, field), was, now))
        return lines

    def condition(self, show_if: dict[str, Any]) -> str | None:
        """A follow-up rule, its answers by their labels: 'question 1 “…” is answered “Yes” or “Yes, in part”';
        None for a rule of no known shape."""
        parent_key, values = show_if.get("question"), show_if.get("in")
        if not isinstance(parent_key, str) or not isinstance(values, list) or not values:
            return None
        questionnaire_id = self._questionnaire_id
        parent = self.names.questions.get((questionnaire_id, parent_key)) if questionnaire_id is not None else None
        kind = REGISTRY.get(parent.kind) if parent is not None else None
        answers = [kind.choice_label(str(value), parent.options) if kind is not None and kind.closed else str(value)
                   for value in values]
        return _("%(question)s is answered %(answers)s", question=self.names.question(questionnaire_id, parent_key),
                 answers=either([_("“%(answer)s”", answer=answer) for answer in answers]))

    def _translation_lines(self, key: str, value: Any) -> list[DetailLine] | None:
        """Each text a translation event names, as the text of its question or cluster: what the translation
        was and became (in the translation's language), or that it was confirmed, or left unsaved."""
        language = (self.event.details or {}).get("language")
        lang = language if isinstance(language, str) else None

        def text(text_key: str) -> str:
            return self.names.text(self._questionnaire_id, text_key)

        confirmed = _("confirmed as still right")
        if key == "key" and isinstance(value, str):  # the one text a confirmation is about
            return [DetailLine(text(value), value=confirmed)]
        if key in ("confirmed", "conflicts") and _all(value, str):
            said = confirmed if key == "confirmed" else _(
                "not saved: the translation or its source text changed meanwhile")
            return [DetailLine(text(text_key), value=said) for text_key in value]
        if key == "changes" and _all(value, dict) and all(isinstance(change.get("key"), str) for change in value):
            return [DetailLine(text(change["key"]), value=confirmed) if change.get("kind") == "confirmed"
                    else DetailLine(text(change["key"]), _translated(change.get("before")),
                                    _translated(change.get("after")), lang=lang)
                    for change in value]
        return None


def detail_lines(event: AuditEvent, names: Names) -> list[DetailLine]:
    """The details of ``event`` in words, a line each (see :func:`questionnaire.audit.service.describe`), with the
    names ``names`` loaded for its page; a record of an older shape read as the event is recorded now."""
    return describe(as_recorded_now(event.action, event.details), EventDetailNames(names, event),
                    deleted=is_deletion(event))
