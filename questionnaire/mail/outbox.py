"""Queueing mail: rendered in the reader's language and added to the caller's transaction.

A message is written to the outbox with the change that causes it, so a change that is rolled back
sends nothing and a committed one is never lost; the worker (``delivery``) sends it later. Services call
:func:`queue_mail` and only flush, like every service.
"""
from __future__ import annotations

import uuid
from email.utils import parseaddr
from typing import Any, Callable, TypeVar
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from questionnaire.locale import writing_direction
from questionnaire.models import OutboxMessage, Role, State, User, utcnow

T = TypeVar("T")


def absolute_url(endpoint: str, **values: Any) -> str:
    """The absolute address of ``endpoint`` under ``BASE_URL`` (mail is read outside the site)."""
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)


def language_of(user: User | None) -> str:
    """The language mail to ``user`` is written in: theirs if the site has it, else the default."""
    chosen = getattr(user, "locale", None)
    return chosen if chosen in current_app.config["LANGUAGES"] else current_app.config["BABEL_DEFAULT_LOCALE"]


def once_per_language(read: Callable[[str], T]) -> Callable[[User], T]:
    """A function giving, for a recipient, ``read(language)`` in the language of their mail: what a notice
    names (a questionnaire as read in a language) is read once per language, however many people it reaches."""
    done: dict[str, T] = {}

    def for_recipient(recipient: User) -> T:
        language = language_of(recipient)
        if language not in done:
            done[language] = read(language)
        return done[language]

    return for_recipient


def new_message_id() -> str:
    """A Message-ID unique to one queued message; kept for every retry, so a resend is recognisable."""
    domain = parseaddr(current_app.config["MAIL_FROM"])[1].rpartition("@")[2] or "localhost"
    return f"<{uuid.uuid4().hex}@{domain}>"


def _render(name: str, context: dict[str, Any]) -> str:
    """A mail template rendered with ``context`` only: not the page context processors, which expect a
    request (mail is also queued by commands and the worker)."""
    return current_app.jinja_env.get_template(name).render(**context)


def render_mail(kind: str, recipient: User, **context: Any) -> tuple[str, str]:
    """The plain text and HTML bodies of ``mail/<kind>`` for ``recipient``, in the current language. The
    templates also get ``language``, the recipient's (to name a State in it: ``state|state_name(language)``), and
    its ``direction``."""
    language = language_of(recipient)
    context = {"recipient": recipient, "language": language, "direction": writing_direction(language),
               "site_url": absolute_url("home.index"), "config": current_app.config, **context}
    return _render(f"mail/{kind}.txt", context), _render(f"mail/{kind}.html", context)


def queue_mail(
    db: Session,
    recipient: User,
    kind: str,
    subject: Callable[[], str],
    dedupe_key: str | None = None,
    **context: Any,
) -> OutboxMessage | None:
    """Render ``mail/<kind>.txt`` and ``.html`` with ``context`` (plus what :func:`render_mail` adds) and
    ``subject()`` in the recipient's language and add the message to ``db`` (flushed, not committed).

    With ``dedupe_key``, a message already queued under that key (by this or any earlier run) is not
    queued again and None is returned: the database's unique key decides, even when two workers race.
    """
    if dedupe_key is not None and db.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)):
        return None
    language = language_of(recipient)
    with force_locale(language):
        text, html = render_mail(kind, recipient, **context)
        message = OutboxMessage(
            message_id=new_message_id(), kind=kind, recipient=recipient.email, user=recipient,
            language=language, subject=str(subject()), body_text=text, body_html=html,
            dedupe_key=dedupe_key, next_attempt_at=utcnow(),
        )
    if dedupe_key is None:
        db.add(message)
        db.flush()
        return message
    try:
        with db.begin_nested():  # a concurrent run queued it first: keep this transaction alive
            db.add(message)
    except IntegrityError:
        return None
    return message


NATIONAL_ROLES = (Role.FOCAL_POINT, Role.EXPERT)


def state_users(db: Session, state: State | int, roles: tuple[Role, ...] = NATIONAL_ROLES) -> list[User]:
    """The active accounts of ``state`` with one of ``roles``."""
    state_id = state if isinstance(state, int) else state.id
    return users_of_states(db, [state_id], roles).get(state_id, [])


def users_of_states(db: Session, state_ids: list[int], roles: tuple[Role, ...] = NATIONAL_ROLES
                    ) -> dict[int, list[User]]:
    """The active accounts with one of ``roles`` of each of the States ``state_ids``, by State id (one query)."""
    found: dict[int, list[User]] = {}
    if state_ids:
        for user in db.scalars(select(User).where(User.state_id.in_(state_ids), User.active.is_(True),
                                                  User.role.in_(roles)).order_by(User.id)).unique():
            found.setdefault(user.state_id, []).append(user)
    return found


def secretariat_users(db: Session) -> list[User]:
    """The active secretariat accounts."""
    return list(db.scalars(select(User).where(User.role == Role.SECRETARIAT, User.active.is_(True))
                           .order_by(User.id)).unique())
