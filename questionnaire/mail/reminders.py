"""Reminders before and after the deadline in force, and the secretariat's weekly digest.

Run by the worker at every pass (``questionnaire worker``); each message carries a ``dedupe_key``, unique in
the outbox, naming the questionnaire, the State, the deadline in force, the step and the person. So a
reminder is never queued twice for the same State and deadline, however often or concurrently the worker
runs, and a moved deadline or an extension starts the steps again for the new date. Like every notice, each
names the questionnaire and the State in its reader's language (see ``notices``).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaire.replies.answering import days_left, effective_deadline
from questionnaire.mail.notices import as_read_by
from questionnaire.mail.outbox import absolute_url, once_per_language, queue_mail, secretariat_users
from questionnaire.models import Questionnaire, QuestionnaireStatus, Response, Role, User, utcnow
from questionnaire.texts import localized_each

AFTER = "after"


def reminder_days(config) -> list[int]:
    """The configured days before the deadline, largest first (``REMINDER_DAYS``: "30,14,7,1")."""
    raw = config["REMINDER_DAYS"]
    values = raw if isinstance(raw, (list, tuple)) else str(raw).split(",")
    return sorted({int(value) for value in values if str(value).strip()}, reverse=True)


def reminder_step(deadline: datetime, now: datetime, days: list[int]) -> str | None:
    """Which reminder is due at ``now``: the smallest configured number of days that the time left has
    reached (so a questionnaire opened 5 days before its deadline sends the 7-day one, not four at once),
    "after" once the deadline has passed, or None."""
    left = deadline - now
    if left < timedelta(0):
        return AFTER
    reached = [day for day in days if left <= timedelta(days=day)]
    return str(min(reached)) if reached else None


def queue_due_reminders(db: Session, now: datetime | None = None) -> int:
    """Queue every reminder and digest due at ``now``; returns how many messages were queued. Only flushes."""
    now = now or utcnow()
    days = reminder_days(current_app.config)
    queued = 0
    questionnaires = db.scalars(select(Questionnaire).where(Questionnaire.status == QuestionnaireStatus.OPEN,
                                                            Questionnaire.deadline.is_not(None))).all()
    for questionnaire in questionnaires:
        queued += _remind_states(db, questionnaire, now, days)
    queued += _weekly_digest(db, questionnaires, now)
    return queued


def _remind_states(db: Session, questionnaire: Questionnaire, now: datetime, days: list[int]) -> int:
    responses = {r.state_id: r for r in db.scalars(select(Response).where(Response.questionnaire_id == questionnaire.id))}
    people: dict[int, list[User]] = defaultdict(list)
    for user in db.scalars(select(User).where(User.active.is_(True), User.role.in_((Role.FOCAL_POINT, Role.EXPERT)))
                           .order_by(User.id)).unique():
        people[user.state_id].append(user)
    as_read = as_read_by(db, questionnaire)
    queued = 0
    for state_id, users in people.items():
        response = responses.get(state_id)
        if response is not None and response.is_submitted:
            continue
        deadline = effective_deadline(questionnaire, response)
        step = reminder_step(deadline, now, days)
        if step is None:
            continue
        state = users[0].state
        link = absolute_url("forms.overview", questionnaire_id=questionnaire.id, iso3=state.iso3)
        for user in users:
            key = f"reminder:{questionnaire.id}:{state_id}:{deadline:%Y%m%d%H%M}:{step}:{user.id}"
            shown = as_read(user)
            subject = ((lambda: _("The deadline has passed: %(title)s", title=shown.title)) if step == AFTER
                       else (lambda: _("Reminder: %(title)s is due on %(date)s", title=shown.title,
                                       date=f"{deadline:%Y-%m-%d}")))
            if queue_mail(db, user, "reminder", subject, dedupe_key=key, questionnaire=shown, state=state,
                          deadline=deadline, passed=step == AFTER, days_left=days_left(deadline, now), link=link,
                          started=response is not None):
                queued += 1
    return queued


def _weekly_digest(db: Session, questionnaires: list[Questionnaire], now: datetime) -> int:
    """Once per ISO week, a summary per open questionnaire and regional group to the secretariat."""
    if not questionnaires:
        return 0
    from questionnaire.monitoring.service import monitor

    summaries = []
    for questionnaire in questionnaires:
        groups: dict[str, Counter] = defaultdict(Counter)
        for row in monitor(db, questionnaire, now).rows:
            groups[row.regional_group][row.status] += 1
            groups[row.regional_group]["late"] += int(row.late)
        summaries.append((questionnaire, sorted(groups.items()),
                          absolute_url("monitoring.table", questionnaire_id=questionnaire.id)))
    as_read = once_per_language(lambda language: localized_each(db, questionnaires, language))
    year, week, _day = now.isocalendar()
    queued = 0
    for user in secretariat_users(db):
        shown = [(view, groups, link) for view, (_model, groups, link) in zip(as_read(user), summaries)]
        if queue_mail(db, user, "digest", lambda: _("Weekly progress of the replies"),
                      dedupe_key=f"digest:{year}-W{week:02d}:{user.id}", summaries=shown):
            queued += 1
    return queued
