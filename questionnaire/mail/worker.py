"""The worker: a huey consumer whose periodic tasks deliver the outbox and queue reminders (every minute), and
purge the definition files kept for replacing a draft once they have expired (every quarter of an hour).

huey keeps its queue and schedule in SQLite in the instance folder by default (nothing to install), in
Redis when ``REDIS_URL`` is set (several machines). The outbox table, not huey, is the record of what
must be sent: a lost huey task loses nothing, the next run finds the message still due.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from flask import Flask
from huey import Huey, RedisHuey, SqliteHuey, crontab

from questionnaire.mail.delivery import DeliveryReport, DeliverySettings, deliver_due

log = logging.getLogger(__name__)


@dataclass
class WorkReport:
    delivery: DeliveryReport
    reminders: int = 0


def run_once(app: Flask) -> WorkReport:
    """Queue the reminders that are due, then deliver every message that is due; one pass."""
    from questionnaire.mail.reminders import queue_due_reminders

    with app.app_context():
        make_session = app.extensions["db_sessionmaker"]
        with make_session() as db:
            reminders = queue_due_reminders(db)
            db.commit()
        report = deliver_due(make_session, DeliverySettings.from_config(app.config))
    return WorkReport(report, reminders)


def purge_expired_uploads(app: Flask) -> int:
    """Delete the definition files kept for replacing a draft that have expired, used or not (see
    ``questionnaire.builder.kept_definitions``); how many."""
    from questionnaire.builder.kept_definitions import purge_expired
    from questionnaire.models import utcnow

    with app.app_context():
        with app.extensions["db_sessionmaker"]() as db:
            purged = purge_expired(db, now=utcnow())
            db.commit()
    return purged


def make_huey(app: Flask) -> Huey:
    """The task queue for ``app``: Redis when ``REDIS_URL`` is set, else SQLite in the instance folder,
    with the periodic tasks registered: delivery (every minute) and the purge of expired uploads."""
    name = "questionnaire-mail"
    if app.config.get("REDIS_URL"):
        huey: Huey = RedisHuey(name, url=app.config["REDIS_URL"])
    else:
        os.makedirs(app.instance_path, exist_ok=True)
        huey = SqliteHuey(name, filename=os.path.join(app.instance_path, "worker.sqlite"))

    @huey.periodic_task(crontab(minute="*"), name="deliver_mail")
    def deliver_mail() -> None:
        report = run_once(app)
        if report.delivery.sent or report.delivery.retried or report.delivery.failed or report.reminders:
            log.info("mail: %s sent, %s to retry, %s failed, %s reminders queued", report.delivery.sent,
                     report.delivery.retried, report.delivery.failed, report.reminders)

    @huey.periodic_task(crontab(minute="*/15"), name="purge_expired_uploads")
    def purge_uploads() -> None:
        purged = purge_expired_uploads(app)
        if purged:
            log.info("kept uploads: %s expired, purged", purged)

    return huey
