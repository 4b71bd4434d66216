"""Plausible synthetic answers, for newcomers' demos and the export benchmark.

:func:`synthetic_values` is plain Python with a seeded ``random.Random``: every kind gets a valid value,
texts have realistic lengths, and follow-ups are answered only when their parent's answer shows them.
:func:`fill_demo_answers` stores such answers for States that have no response yet.

Demo answers are recognised by their author: every one is written by an account in the reserved
``demo.example`` domain (RFC 2606), which real people never use.  :func:`real_answer_count` counts the
answers written by anyone else (or by nobody), and the ``demo answers`` command refuses to run while
there are any, unless forced.
"""
from __future__ import annotations

import datetime as dt
import random
from typing import Any, Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from questionnaire.models.participants import parties
from questionnaire.replies.answering import visible_keys
from questionnaire.kinds import get_kind
from questionnaire.models import Answer, Questionnaire, Response, Role, State, User, utcnow
from questionnaire.models.audit import record

DEMO_DOMAIN = "@demo.example"
#: The language the synthetic texts are written in (their words are English whatever the questionnaire's
#: languages), recorded on each answer so that pages and exports mark it as people's answers are marked.
DEMO_LANGUAGE = "en"

_WORDS = (
    "the law provides that any person who intentionally procures the illegal entry of another person "
    "for a financial or other material benefit commits an offence punishable by imprisonment and a fine "
    "article section paragraph code criminal migration border authority police prosecutor court ministry "
    "interior justice cooperation training protection assistance victims migrants smuggling documents "
    "fraudulent identity travel carriers vessels sea land air agreement bilateral regional information "
    "exchange capacity officials awareness campaign national strategy coordination mechanism amended "
    "adopted entered into force regulation decree implementation challenges resources data statistics"
).split()

_ARABIC = "ينص القانون على معاقبة كل من يدبر الدخول غير المشروع لشخص آخر بقصد الحصول على منفعة مالية"
_CHINESE = "本法规定任何人为直接或间接获取经济或其他物质利益而安排他人非法入境的行为构成犯罪"


def _sentence(rng: random.Random) -> str:
    words = rng.choices(_WORDS, k=rng.randint(8, 22))
    return " ".join(words).capitalize() + "."


def synthetic_text(rng: random.Random, low: int, high: int) -> str:
    """Sentences of ``low`` to ``high`` characters; now and then with Arabic or Chinese in them."""
    target = rng.randint(low, high)
    parts: list[str] = []
    length = 0
    while length < target:
        roll = rng.random()
        part = _ARABIC if roll < 0.03 else _CHINESE if roll < 0.06 else _sentence(rng)
        parts.append(part)
        length += len(part) + 1
    return " ".join(parts)[:high].strip()


def synthetic_values(
    questions: Sequence[Any], rng: random.Random, text_range: tuple[int, int] = (200, 2000),
    skip_optional: float = 0.15,
) -> dict[str, Any]:
    """Answer values by key for ``questions`` (in order): only visible questions, all valid for their kind.

    Optional questions are left unanswered with probability ``skip_optional``.
    """
    values: dict[str, Any] = {}

    def write_text(low: int, high: int) -> str:
        return synthetic_text(rng, low, high)

    for question in questions:
        if question.key not in visible_keys(questions, values):
            continue
        kind = get_kind(question.kind)
        if not kind.answerable or (not question.required and rng.random() < skip_optional):
            continue
        value = kind.sample_answer(rng, question.options or {}, write_text, text_range)
        values[question.key] = kind.coerce(value, question.options)
    return values


def real_answer_count(db: Session) -> int:
    """How many stored answers were not written by a demo account."""
    return db.scalar(
        select(func.count(Answer.id))
        .outerjoin(User, Answer.updated_by_id == User.id)
        .where(or_(User.id.is_(None), ~User.email.endswith(DEMO_DOMAIN)))
    ) or 0


def _demo_author(db: Session, state: State) -> User:
    """The State's demo focal point (created without a usable password: nobody signs in as it)."""
    email = f"demo.answers.{state.iso3.lower()}{DEMO_DOMAIN}"
    user = db.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, name=f"Demo answers ({state.name})", role=Role.FOCAL_POINT,
                    state=state, active=False, password_hash="")
        db.add(user)
    return user


def fill_demo_answers(
    db: Session, questionnaire: Questionnaire, count: int, *, submit: bool = False, seed: int = 5,
    text_range: tuple[int, int] = (200, 2000), parties_only: bool = True,
) -> list[State]:
    """Give ``count`` States (parties first, in a seeded order) without a response demo answers.

    States that already have a response to ``questionnaire`` are left alone.  Only flushes.
    """
    rng = random.Random(seed)
    questions = questionnaire.questions_in_order()
    answered = set(db.scalars(select(Response.state_id).where(Response.questionnaire_id == questionnaire.id)))
    query = select(State).order_by(State.iso3)
    if parties_only:
        query = query.where(State.id.in_(parties(db, questionnaire.instrument).state_ids))
    candidates = [state for state in db.scalars(query) if state.id not in answered]
    rng.shuffle(candidates)
    chosen = candidates[:count]
    now = utcnow()
    for state in chosen:
        author = _demo_author(db, state)
        response = Response(questionnaire=questionnaire, state=state)
        at = now - dt.timedelta(days=rng.randint(1, 60), minutes=rng.randint(0, 1440))
        by_key = {question.key: question for question in questions}
        for key, value in synthetic_values(questions, rng, text_range).items():
            answer = Answer(question=by_key[key], value=value, revision=1, updated_at=at, updated_by=author,
                            language=DEMO_LANGUAGE)
            response.answers.append(answer)
            db.add(answer.record_change(author, at, DEMO_LANGUAGE))
        if submit:
            response.mark_submitted(author, at)
        db.add(response)
    db.flush()
    record(db, None, "demo.answers", f"questionnaire:{questionnaire.id}",
           states=[state.iso3 for state in chosen], submitted=submit)
    return chosen
