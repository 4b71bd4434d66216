"""Drafting questions: add, edit, delete, reorder and move between clusters.

Same rules as :mod:`questionnaire.builder.structure`: each change is checked as a whole definition (keys unique,
follow-ups pointing only at an earlier question with fixed answers, options valid for the kind) and
refused with every problem, nothing changed; once frozen only wording corrections pass, audited with
before and after.
"""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from questionnaire.lifecycle import structure_frozen_reason
from questionnaire.kinds import get_kind
from questionnaire.models import Cluster, Question, Questionnaire, User
from questionnaire.models.audit import record
from questionnaire.texts import question_key, rename_keys
from questionnaire.builder.question_fields import QuestionFields, changed_fields, is_wording_only
from questionnaire.builder.structure import (
    StructureError,
    StructureFrozen,
    apply_checked,
    move_in_list,
    position_refused,
    renumber,
    require_unfrozen,
)


def _target(questionnaire: Questionnaire) -> str:
    return f"questionnaire:{questionnaire.id}"


def _refuse_reused_key(questionnaire: Questionnaire, key: str, question: Question | None) -> None:
    # Checked before the change as well as by the definition checker: the database would refuse it first.
    for other in questionnaire.questions_in_order():
        if other.key == key and other is not question:
            raise StructureError(_("The key “%(key)s” is used by another question; keys must be unique.", key=key))


def free_key(questionnaire: Questionnaire) -> str:
    """A key no question of the questionnaire uses yet: "q1", "q2", ..."""
    used = {question.key for question in questionnaire.questions_in_order()}
    number = len(used) + 1
    while f"q{number}" in used:
        number += 1
    return f"q{number}"


def possible_parents(questionnaire: Questionnaire, question: Question | None = None) -> list[Question]:
    """The questions a follow-up rule may depend on: those before ``question`` (all, for a new one)
    whose kind has a fixed set of answers."""
    parents = []
    for candidate in questionnaire.questions_in_order():
        if candidate is question:
            break
        if get_kind(candidate.kind).possible_values(candidate.options) is not None:
            parents.append(candidate)
    return parents


def add_question(db: Session, cluster: Cluster, user: User | None, fields: QuestionFields) -> Question:
    """Add a question at the end of ``cluster`` (a blank key gets a free one).

    Raises ``StructureFrozen`` when frozen, ``StructureError`` for a reused key or any definition problem.
    """
    questionnaire = cluster.questionnaire
    require_unfrozen(questionnaire)
    if not fields.key.strip():
        fields.key = free_key(questionnaire)
    _refuse_reused_key(questionnaire, fields.key, None)

    def change() -> Question:
        question = Question(questionnaire=questionnaire, position=len(cluster.questions) + 1)
        fields.apply_to(question)
        cluster.questions.append(question)
        return question

    question = apply_checked(db, questionnaire, change)
    record(db, user, "questionnaire.question.add", _target(questionnaire), after=fields.as_dict())
    return question


def edit_question(db: Session, question: Question, user: User | None, fields: QuestionFields) -> None:
    """Replace a question's fields. Once frozen (from the endorsement on), only wording (number, text,
    guidance, choice labels) may change, recorded as a correction; anything else raises ``StructureFrozen``
    naming the stage and its day. Audited with what changed, before and after."""
    questionnaire = question.questionnaire
    before = QuestionFields.of(question)
    if not fields.key.strip():
        fields.key = question.key
    if questionnaire.structure_frozen and not is_wording_only(before, fields):
        raise StructureFrozen(structure_frozen_reason(questionnaire), [
            _("Only the number, text, guidance and choice labels of a question can be corrected."),
        ])
    _refuse_reused_key(questionnaire, fields.key, question)
    changes = changed_fields(before, fields)
    if not changes:
        return
    old_key = question.key
    apply_checked(db, questionnaire, lambda: fields.apply_to(question))
    if question.key != old_key:  # its translations follow it under its new key
        suffixes = ["text", "guidance", *(suffix for suffix, _label in get_kind(question.kind).option_labels(question.options))]
        rename_keys(db, questionnaire, {question_key(old_key, suffix): question_key(question.key, suffix)
                                        for suffix in suffixes})
    action = "questionnaire.question.correct" if questionnaire.structure_frozen else "questionnaire.question.edit"
    record(db, user, action, _target(questionnaire), key=question.key,
           before={name: old for name, (old, _new) in changes.items()},
           after={name: new for name, (_old, new) in changes.items()})


def delete_question(db: Session, question: Question, user: User | None) -> None:
    """Delete a question. Refused when frozen or when a follow-up question depends on it."""
    questionnaire = question.questionnaire
    require_unfrozen(questionnaire)
    cluster = question.cluster
    before = QuestionFields.of(question).as_dict()

    def change() -> None:
        cluster.questions.remove(question)
        renumber(cluster.questions)

    apply_checked(db, questionnaire, change)
    record(db, user, "questionnaire.question.delete", _target(questionnaire), before=before)


def move_question(db: Session, question: Question, user: User | None, position: int,
                  cluster: Cluster | None = None) -> None:
    """Put a question at 1-based ``position`` in ``cluster`` (its own cluster when None).

    Raises ``StructureFrozen`` when frozen; ``StructureError`` for an impossible position, a cluster of
    another questionnaire, or a follow-up rule the move would break (pointing forward). Audited with what
    changed (its cluster, its position), unless the question stays where it was.
    """
    questionnaire = question.questionnaire
    require_unfrozen(questionnaire)
    source = question.cluster
    target = cluster or source
    if target.questionnaire_id != questionnaire.id:
        raise StructureError(_("That cluster belongs to another questionnaire."))
    before: dict[str, Any] = {"cluster": source.code, "position": question.position}

    def change() -> None:
        if target is source:
            move_in_list(source.questions, question, position)
            return
        if not 1 <= position <= len(target.questions) + 1:
            raise position_refused(position, len(target.questions) + 1)
        source.questions.remove(question)
        renumber(source.questions)
        target.questions.insert(position - 1, question)
        question.cluster = target
        renumber(target.questions)

    apply_checked(db, questionnaire, change)
    after = {"cluster": target.code, "position": question.position}
    if after != before:
        record(db, user, "questionnaire.question.move", _target(questionnaire), key=question.key, before=before,
               after=after)
