"""`questionnaire worker`: deliver the outbox (and queue reminders) continuously, or once."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from questionnaire.mail.worker import make_huey, run_once


@click.command("worker")
@click.option("--once", is_flag=True, help="Deliver what is due now, then exit (for cron and tests).")
@with_appcontext
def worker_command(once: bool) -> None:
    """Send queued mail and reminders: a huey consumer running every minute, or one pass with --once."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if once:
        report = run_once(app)
        click.echo(f"Sent {report.delivery.sent}, to retry {report.delivery.retried}, failed "
                   f"{report.delivery.failed}; reminders queued {report.reminders}.")
        return
    huey = make_huey(app)
    click.echo(f"Mail worker running ({type(huey).__name__}); stop it with Ctrl+C.")
    huey.create_consumer(workers=1, periodic=True, check_worker_health=True).run()
