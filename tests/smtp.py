"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, keeping every message it receives."""
from __future__ import annotations

import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Collector:
    def __init__(self, messages: list, envelopes: list) -> None:
        self.messages = messages
        self.envelopes = envelopes

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        self.messages.append(message_from_bytes(envelope.original_content or envelope.content,
                                                policy=policy.default))
        return "250 Message accepted for delivery"


class SMTPServer:
    """``.messages``: what arrived, parsed; ``.config``: the MAIL_* settings that send here."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list = []  # aiosmtpd envelopes: mail_from, rcpt_tos, content
        self.port = free_port()
        self._controller = Controller(_Collector(self.messages, self.envelopes),
                                      hostname="127.0.0.1", port=self.port)

    @property
    def config(self) -> dict:
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": self.port, "MAIL_USE_TLS": False,
                "MAIL_USE_SSL": False, "MAIL_USERNAME": None, "MAIL_PASSWORD": None, "MAIL_TIMEOUT": 5}

    def start(self) -> SMTPServer:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def to(self, address: str) -> list[EmailMessage]:
        """The messages addressed to ``address``."""
        return [m for m in self.messages if address in m["To"]]

    @staticmethod
    def text_of(message: EmailMessage) -> str:
        return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
