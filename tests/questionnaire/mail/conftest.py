"""A real SMTP server in the test process (aiosmtpd), and the app pointed at it."""
from __future__ import annotations

import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """What the SMTP server accepted; addresses in ``refuse`` are refused at RCPT TO (550)."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


class SmtpServer:
    """An aiosmtpd server on a fixed free port that a test can stop and start again."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.inbox = Inbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(app):
    """The running SMTP server; the app sends to it, retrying at once (no backoff wait in tests)."""
    server = SmtpServer()
    server.start()
    app.config.update(MAIL_URL=f"smtp://127.0.0.1:{server.port}", MAIL_RETRY_SECONDS=0,
                      MAIL_FROM="Secretariat <secretariat@example.org>", BASE_URL="https://saq.example.org")
    yield server
    server.stop()


@pytest.fixture
def run_worker(runner):
    """``run_worker()``: `questionnaire worker --once`, as cron would run it; returns its output."""

    def run() -> str:
        result = runner.invoke(args=["worker", "--once"])
        assert result.exit_code == 0, result.output
        return result.output

    return run


@pytest.fixture
def text_of():
    """``text_of(message, "plain" | "html")``: a part of a received message, decoded."""
    return lambda message, subtype="plain": message.get_body((subtype,)).get_content()
