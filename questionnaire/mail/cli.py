"""`questionnaire worker`: deliver the outbox (and queue reminders) and purge expired uploads continuously, or
once."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from questionnaire.mail.worker import make_huey, purge_expired_uploads, run_once


@click.command("worker")
@click.option("--once", is_flag=True, help="Deliver what is due now and purge expired uploads, then exit (for cron "
                                           "and tests).")
@with_appcontext
def worker_command(once: bool) -> None:
    """Send queued mail and reminders, and purge expired uploads: a huey consumer running its periodic tasks,
    or one pass with --once."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if once:
        report = run_once(app)
        click.echo(f"Sent {report.delivery.sent}, to retry {report.delivery.retried}, failed "
                   f"{report.delivery.failed}; reminders queued {report.reminders}.")
        click.echo(f"Expired uploaded definitions purged: {purge_expired_uploads(app)}.")
        return
    huey = make_huey(app)
    click.echo(f"Mail worker running ({type(huey).__name__}); stop it with Ctrl+C.")
    huey.create_consumer(workers=1, periodic=True, check_worker_health=True).run()
