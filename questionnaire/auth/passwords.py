"""Passwords people choose themselves: invitations, "forgot password" and changing one's password."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaire.auth.password_links import Purpose, issue
from questionnaire.mail.outbox import absolute_url, queue_mail, render_mail
from questionnaire.models import User
from questionnaire.models.audit import record

MIN_PASSWORD_LENGTH = 8


class PasswordRefused(ValueError):
    """The password was not changed; ``str()`` says why."""


def check_new_password(password: str, confirmation: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise PasswordRefused(_("Use a password of at least 8 characters."))
    if password != confirmation:
        raise PasswordRefused(_("The two passwords are not the same."))


def queue_invitation(db: Session, actor: User | None, user: User) -> None:
    """Queue the invitation (a single-use link to choose a password) to ``user``; audited. Only flushes."""
    db.flush()
    link = absolute_url("auth.choose_password", token=issue(user, Purpose.INVITATION))
    queue_mail(db, user, "invitation", lambda: _("Your account on the questionnaire platform"), link=link)
    record(db, actor, "user.invited", f"user:{user.id}")
    db.flush()


def queue_reset(db: Session, email: str) -> bool:
    """Queue a reset link when ``email`` names an active account; returns whether one was queued (never
    shown to the person asking: the page answers the same either way)."""
    user = db.scalar(select(User).where(User.email == (email or "").strip().lower()))
    if user is None or not user.active:
        _same_effort(email)
        return False
    link = absolute_url("auth.choose_password", token=issue(user, Purpose.RESET))
    queue_mail(db, user, "password_reset", lambda: _("Choose a new password"), link=link)
    record(db, None, "user.password_reset_requested", f"user:{user.id}")
    db.flush()
    return True


def _same_effort(email: str) -> None:
    """Render the message that is not sent, so an unknown address costs about the same time as a known one."""
    stand_in = User(id=0, email=email, name="", session_version=1)
    render_mail("password_reset", stand_in,
                link=absolute_url("auth.choose_password", token=issue(stand_in, Purpose.RESET)))


def choose_password(db: Session, user: User, purpose: Purpose, password: str, confirmation: str) -> None:
    """Set the password chosen through a link; every session and link of the person ends. Raises
    PasswordRefused for a short or unconfirmed password."""
    check_new_password(password, confirmation)
    user.set_password(password)
    user.failed_logins, user.locked_until = 0, None
    record(db, user, "user.password_chosen", f"user:{user.id}", purpose=str(purpose))
    db.flush()


def change_password(db: Session, user: User, current: str, password: str, confirmation: str) -> None:
    """A signed-in person changes their password; the current one is required. Other sessions end.
    Raises PasswordRefused."""
    if not user.check_password(current or ""):
        raise PasswordRefused(_("Your current password is not right."))
    check_new_password(password, confirmation)
    user.set_password(password)
    record(db, user, "user.password_changed", f"user:{user.id}")
    db.flush()
