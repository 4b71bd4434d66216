"""Delivering the outbox: each due message claimed, sent and marked in its own short transaction.

Nothing lost, nothing sent twice on purpose:
- a message is *claimed* (queued → sending) by a conditional UPDATE that only one worker can win, and
  that claim is committed before the mail server is contacted;
- it is marked *sent* right after the server accepted it; a failure puts it back to *queued* with the
  error and the next attempt after an exponential backoff (``MAIL_RETRY_SECONDS`` doubling, at most a
  day), until ``MAIL_MAX_ATTEMPTS`` makes it *failed*;
- a worker killed after claiming leaves the message *sending*; once ``MAIL_SENDING_TIMEOUT_SECONDS`` has
  passed it is due again. The only window for a duplicate is a kill between the server's acceptance and
  the commit of *sent*; the message then goes out again under the same Message-ID, which receiving
  systems use to recognise it.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime as rfc2822_date
from typing import Callable, Mapping

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from questionnaire.mail.transport import MailTarget, parse_mail_url, send
from questionnaire.models import MailStatus, OutboxMessage, utcnow

log = logging.getLogger(__name__)
MAX_BACKOFF = timedelta(days=1)


@dataclass(frozen=True)
class DeliverySettings:
    target: MailTarget
    sender: str
    timeout: float = 30
    max_attempts: int = 8
    retry_seconds: float = 60
    sending_timeout_seconds: float = 600

    @classmethod
    def from_config(cls, config: Mapping) -> "DeliverySettings":
        return cls(parse_mail_url(config["MAIL_URL"]), config["MAIL_FROM"], float(config["MAIL_TIMEOUT_SECONDS"]),
                   int(config["MAIL_MAX_ATTEMPTS"]), float(config["MAIL_RETRY_SECONDS"]),
                   float(config["MAIL_SENDING_TIMEOUT_SECONDS"]))

    def backoff(self, attempts: int) -> timedelta:
        """The wait after the ``attempts``-th failed attempt: the retry delay, doubled each time."""
        return min(timedelta(seconds=self.retry_seconds * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def as_email(message: OutboxMessage, sender: str) -> EmailMessage:
    """The MIME message (plain text with an HTML alternative) for an outbox row, the same on every retry."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Message-ID"] = message.message_id
    email["Date"] = rfc2822_date(message.created_at.replace(tzinfo=timezone.utc))
    email["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to the platform
    email["X-Questionnaire-Kind"] = message.kind  # lets mail systems (and tests) sort reminders from notices
    email.set_content(message.body_text)
    email.add_alternative(message.body_html, subtype="html")
    email["Content-Language"] = message.language  # after the body: set_content drops Content-* headers
    return email


def _due(settings: DeliverySettings, now: datetime):
    stale = now - timedelta(seconds=settings.sending_timeout_seconds)
    return or_(
        (OutboxMessage.status == MailStatus.QUEUED) & (OutboxMessage.next_attempt_at <= now),
        (OutboxMessage.status == MailStatus.SENDING) & (OutboxMessage.claimed_at <= stale),
    )


def _claim(db: Session, message_id: int, settings: DeliverySettings, now: datetime) -> bool:
    """Take the message for this worker; False when another worker has it (or it is no longer due)."""
    claimed = db.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id, _due(settings, now))
        .values(status=MailStatus.SENDING, claimed_at=now, attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.commit()
    return claimed == 1


def deliver_due(make_session: Callable[[], Session], settings: DeliverySettings,
                now: Callable[[], datetime] = utcnow, limit: int = 500) -> DeliveryReport:
    """Send every message that is due now, each in its own transactions; returns what happened.

    Takes a session factory, not a session: each message commits its claim and its outcome, so one
    message's failure or a crash never touches another's state.
    """
    report = DeliveryReport()
    with make_session() as db:
        due = db.scalars(select(OutboxMessage.id).where(_due(settings, now()))
                         .order_by(OutboxMessage.id).limit(limit)).all()
    for message_id in due:
        with make_session() as db:
            if not _claim(db, message_id, settings, now()):
                continue
            message = db.get(OutboxMessage, message_id)
            try:
                send(settings.target, as_email(message, settings.sender), settings.timeout)
            except Exception as error:  # noqa: BLE001 - any failure: keep the message, retry later
                db.rollback()
                message = db.get(OutboxMessage, message_id)
                message.last_error = f"{type(error).__name__}: {error}"[:2000]
                if message.attempts >= settings.max_attempts:
                    message.status = MailStatus.FAILED
                    report.failed += 1
                else:
                    message.status = MailStatus.QUEUED
                    message.next_attempt_at = now() + settings.backoff(message.attempts)
                    report.retried += 1
                log.warning("mail %s to %s not delivered (attempt %s): %s", message.id, message.recipient,
                            message.attempts, message.last_error)
            else:
                message.status = MailStatus.SENT
                message.sent_at = now()
                message.last_error = None
                report.sent += 1
            db.commit()
    return report


def retry_now(db: Session, message: OutboxMessage) -> None:
    """Make a failed or waiting message due at once, with all its attempts again (the secretariat, after
    fixing the mail settings or the address)."""
    if message.status in (MailStatus.FAILED, MailStatus.QUEUED):
        message.status, message.next_attempt_at, message.attempts = MailStatus.QUEUED, utcnow(), 0
        db.flush()
