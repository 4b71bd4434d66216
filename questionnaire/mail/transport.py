"""Handing a message to the mail server named by ``MAIL_URL``, or writing it to a folder.

``smtp://host:25`` (plain), ``smtp+starttls://user:password@host:587`` (STARTTLS before the
password), ``smtps://user:password@host:465`` (TLS from the start), ``file:///path/to/folder`` (one
``.eml`` file per message: the embedded default, under the instance folder). User and password may be
percent-encoded.
"""
from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

SCHEMES = {"smtp": 25, "smtp+starttls": 587, "smtps": 465, "file": None}


class BadMailUrl(ValueError):
    """``MAIL_URL`` cannot be understood; ``str()`` says why."""


@dataclass(frozen=True)
class MailTarget:
    scheme: str
    host: str = ""
    port: int | None = None
    username: str | None = None
    password: str | None = None
    folder: str | None = None

    def __repr__(self) -> str:  # never the password, in logs or tracebacks
        return f"<MailTarget {self.scheme}://{self.host}:{self.port}{self.folder or ''}>"


def parse_mail_url(url: str) -> MailTarget:
    """The mail target ``url`` names; raises BadMailUrl for an unknown scheme or a missing host."""
    parts = urlsplit(url or "")
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise BadMailUrl(f"MAIL_URL must start with one of {', '.join(s + '://' for s in SCHEMES)}")
    if scheme == "file":
        folder = unquote(parts.netloc + parts.path)
        if not folder:
            raise BadMailUrl("file:// needs a folder, e.g. file:///var/lib/saq/mail")
        return MailTarget(scheme, folder=folder)
    if not parts.hostname:
        raise BadMailUrl(f"{scheme}:// needs a host")
    return MailTarget(
        scheme, parts.hostname, parts.port or SCHEMES[scheme],
        unquote(parts.username) if parts.username else None,
        unquote(parts.password) if parts.password else None,
    )


def send(target: MailTarget, message: EmailMessage, timeout: float = 30) -> None:
    """Deliver ``message`` to ``target``; raises OSError / smtplib.SMTPException when it was not accepted
    (for every recipient: a refused recipient is a failure, so the message is retried)."""
    if target.scheme == "file":
        _write_file(Path(target.folder or "."), message)
        return
    if target.scheme == "smtps":
        server: smtplib.SMTP = smtplib.SMTP_SSL(target.host, target.port or 465, timeout=timeout,
                                                context=ssl.create_default_context())
    else:
        server = smtplib.SMTP(target.host, target.port or 25, timeout=timeout)
    with server:
        if target.scheme == "smtp+starttls":
            server.starttls(context=ssl.create_default_context())
        if target.username:
            server.login(target.username, target.password or "")
        refused = server.send_message(message)
        if refused:
            raise smtplib.SMTPRecipientsRefused(refused)


def _write_file(folder: Path, message: EmailMessage) -> None:
    """Write ``message`` atomically as ``<Message-ID>.eml``: a retry overwrites, never duplicates."""
    folder.mkdir(parents=True, exist_ok=True)
    name = "".join(c if c.isalnum() or c in "-._" else "_" for c in message["Message-ID"].strip("<>"))
    target = folder / f"{name}.eml"
    partial = folder / f".{name}.partial"
    partial.write_bytes(bytes(message))
    os.replace(partial, target)
