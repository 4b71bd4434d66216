"""`questionnaire worker`: deliver the outbox (and queue reminders) and purge expired uploads continuously, or
once."""
from __future__ import annotations

import click
from flask import current_app
from flask_babel import gettext as _

from questionnaire.cli import in_interface_language
from questionnaire.locale import ngettext, npgettext
from questionnaire.mail.worker import WorkReport, make_huey, purge_expired_uploads, run_once


@click.command("worker")
@click.option("--once", is_flag=True, help="Deliver what is due now and purge expired uploads, then exit (for cron "
                                           "and tests).")
@in_interface_language()
def worker_command(once: bool) -> None:
    """Send queued mail and reminders, and purge expired uploads: a huey consumer running its periodic tasks,
    or one pass with --once."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if once:
        click.echo(_pass_summary(run_once(app)))
        purged = purge_expired_uploads(app)
        click.echo(ngettext("%(num)s expired uploaded definition purged.",
                            "%(num)s expired uploaded definitions purged.", purged))
        return
    huey = make_huey(app)
    click.echo(_("Mail worker running (%(queue)s); stop it with Ctrl+C.", queue=type(huey).__name__))
    huey.create_consumer(workers=1, periodic=True, check_worker_health=True).run()


def _pass_summary(report: WorkReport) -> str:
    """How many messages one pass sent, left to retry and gave up on, and how many reminders it queued, each
    count in its language's plural form."""
    delivery = report.delivery  # the context is written out each time: the catalogues' extraction reads literals only
    return _("Mail: %(sent)s, %(retried)s, %(failed)s; %(reminders)s.",
             sent=npgettext("e-mail messages counted", "%(num)s sent", "%(num)s sent", delivery.sent),
             retried=npgettext("e-mail messages counted", "%(num)s to retry", "%(num)s to retry", delivery.retried),
             failed=npgettext("e-mail messages counted", "%(num)s failed", "%(num)s failed", delivery.failed),
             reminders=ngettext("%(num)s reminder queued", "%(num)s reminders queued", report.reminders))
