"""The e-mail outbox, delivered to a real SMTP server (aiosmtpd) on localhost, or to the log."""

from __future__ import annotations

import datetime
import email
import email.policy
import ipaddress
import logging
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import msgspec
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import select

from publisher.cli import main
from publisher.mailer import DeliveryReport, deliver_pending
from publisher.services import Services, open_services
from publisher.settings import Settings
from register.models import OutboxMessage
from register.outbox import MAX_ATTEMPTS, NotificationKind, enqueue, finished, notification, pending

ENTRY_URL = "https://register.voorbeeldstad.nl/beheer/registraties/0b6f"
SENDER = "Register Voorbeeldstad <register@voorbeeldstad.nl>"


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class Inbox:
    """An aiosmtpd handler that keeps what it accepts and refuses the addresses in `refused`."""

    refused: set[str] = field(default_factory=set)
    received: list[Received] = field(default_factory=list)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address in self.refused:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def with_smtp(settings: Settings, port: int) -> Settings:
    return msgspec.structs.replace(settings, smtp_host="127.0.0.1", smtp_port=port, mail_from=SENDER)


def queue(services: Services, kind: NotificationKind, recipients: list[str], *, reason: str = "",
          name: str = "Parkeerscan Binnenstad") -> None:
    subject, body = notification(kind, entry_name=name, entry_url=ENTRY_URL,
                                 actor="Femke de Vries", reason=reason, version_no=2)
    with services.sessions.begin() as session:
        enqueue(session, kind=kind, recipients=recipients, subject=subject, body=body, entry_id="0b6f")


def messages(services: Services) -> list[OutboxMessage]:
    with services.sessions() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


@pytest.mark.parametrize(("kind", "subject", "in_body"), [
    (NotificationKind.SUBMITTED, "Ter goedkeuring: Parkeerscan Binnenstad (versie 2)", "ter goedkeuring aangeboden"),
    (NotificationKind.REJECTED, "Teruggestuurd: Parkeerscan Binnenstad (versie 2)", "Reden:\nBron ontbreekt"),
    (NotificationKind.PUBLISHED, "Gepubliceerd: Parkeerscan Binnenstad (versie 2)", "openbare register"),
    (NotificationKind.QUESTION_ASKED, "Vraag van de raad over Parkeerscan Binnenstad", "Bron ontbreekt"),
    (NotificationKind.ANSWER_GIVEN, "Antwoord op uw vraag over Parkeerscan Binnenstad", "Bron ontbreekt"),
])
def test_each_kind_has_a_dutch_subject_and_a_body_with_the_link(
    kind: NotificationKind, subject: str, in_body: str
) -> None:
    made_subject, body = notification(kind, entry_name="Parkeerscan\nBinnenstad", entry_url=ENTRY_URL,
                                      actor="Femke de Vries", reason="  Bron ontbreekt ", version_no=2)
    assert made_subject == subject
    assert in_body in body
    assert "Femke de Vries" in body
    assert ENTRY_URL in body


def test_enqueue_queues_one_message_per_distinct_address(services: Services) -> None:
    subject, body = notification(NotificationKind.SUBMITTED, entry_name="Parkeerscan", entry_url=ENTRY_URL,
                                 actor="Femke", reason="", version_no=1)
    with services.sessions.begin() as session:
        count = enqueue(session, kind=NotificationKind.SUBMITTED, recipients=["a@voorbeeldstad.nl", " ",
                        "A@Voorbeeldstad.nl", "", "b@voorbeeldstad.nl "], subject=subject, body=body, entry_id=None)
    assert count == 2
    with services.sessions() as session:
        waiting = pending(session, 10)
        assert [m.recipient for m in waiting] == ["a@voorbeeldstad.nl", "b@voorbeeldstad.nl"]
        assert {(m.kind, m.subject, m.attempts, m.delivered_at) for m in waiting} == {
            ("submitted", "Ter goedkeuring: Parkeerscan (versie 1)", 0, None)}
        assert pending(session, 1) == waiting[:1]


def test_a_rolled_back_step_sends_nothing(services: Services, smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    subject, body = notification(NotificationKind.PUBLISHED, entry_name="Parkeerscan", entry_url=ENTRY_URL,
                                 actor="Femke", reason="", version_no=1)
    with pytest.raises(RuntimeError), services.sessions.begin() as session:
        enqueue(session, kind=NotificationKind.PUBLISHED, recipients=["a@voorbeeldstad.nl"], subject=subject,
                body=body, entry_id=None)
        raise RuntimeError("the workflow step failed")
    assert deliver_pending(services.sessions, with_smtp(services.settings, port)) == DeliveryReport()
    assert inbox.received == []
    assert messages(services) == []


def test_smtp_delivers_each_message_once_in_dutch(services: Services, smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    settings = with_smtp(services.settings, port)
    queue(services, NotificationKind.SUBMITTED, ["goedkeurder@voorbeeldstad.nl", "tweede@voorbeeldstad.nl"])
    queue(services, NotificationKind.REJECTED, ["redacteur@voorbeeldstad.nl"], reason="Vul de bron in, graag.",
          name="Geluidsmeting café’s")

    assert deliver_pending(services.sessions, settings) == DeliveryReport(sent=3)

    assert [(r.mail_from, r.rcpt_tos) for r in inbox.received] == [
        ("register@voorbeeldstad.nl", ["goedkeurder@voorbeeldstad.nl"]),
        ("register@voorbeeldstad.nl", ["tweede@voorbeeldstad.nl"]),
        ("register@voorbeeldstad.nl", ["redacteur@voorbeeldstad.nl"]),
    ]
    rejected = inbox.received[2].message
    assert rejected["Subject"] == "Teruggestuurd: Geluidsmeting café’s (versie 2)"
    assert rejected["From"] == SENDER
    assert rejected["To"] == "redacteur@voorbeeldstad.nl"
    assert rejected["Auto-Submitted"] == "auto-generated"
    assert rejected["Date"] and rejected["Message-ID"].endswith("@voorbeeldstad.nl>")
    assert rejected.get_content_type() == "text/plain"
    assert rejected.get_content_charset() == "utf-8"
    body = rejected.get_content().replace("\r\n", "\n")
    assert "Femke de Vries heeft versie 2 van ‘Geluidsmeting café’s’ teruggestuurd." in body
    assert "Reden:\nVul de bron in, graag." in body
    assert ENTRY_URL in body

    stored = messages(services)
    assert {(m.delivery, m.attempts, m.last_error) for m in stored} == {("smtp", 0, None)}
    assert all(m.delivered_at is not None for m in stored)
    assert deliver_pending(services.sessions, settings) == DeliveryReport()
    assert len(inbox.received) == 3


def test_without_a_mail_server_messages_go_to_the_log(services: Services, caplog: pytest.LogCaptureFixture) -> None:
    queue(services, NotificationKind.PUBLISHED, ["redacteur@voorbeeldstad.nl"])
    with caplog.at_level(logging.INFO, logger="glazenstad.mail"):
        assert deliver_pending(services.sessions, services.settings) == DeliveryReport(logged=1)
    [record] = [r for r in caplog.records if r.name == "glazenstad.mail"]
    assert record.levelno == logging.INFO
    text = record.getMessage()
    assert "redacteur@voorbeeldstad.nl" in text
    assert "Gepubliceerd: Parkeerscan Binnenstad (versie 2)" in text
    assert "heeft versie 2 van ‘Parkeerscan Binnenstad’ gepubliceerd" in text
    [stored] = messages(services)
    assert stored.delivery == "log"
    assert stored.delivered_at is not None
    assert deliver_pending(services.sessions, services.settings) == DeliveryReport()


def test_a_refused_recipient_stays_pending_and_the_others_are_delivered(
    services: Services, smtp_server: tuple[Inbox, int]
) -> None:
    inbox, port = smtp_server
    inbox.refused.add("vertrokken@voorbeeldstad.nl")
    settings = with_smtp(services.settings, port)
    queue(services, NotificationKind.SUBMITTED,
          ["eerste@voorbeeldstad.nl", "vertrokken@voorbeeldstad.nl", "laatste@voorbeeldstad.nl"])

    assert deliver_pending(services.sessions, settings) == DeliveryReport(sent=2, failed=1)

    assert [r.rcpt_tos for r in inbox.received] == [["eerste@voorbeeldstad.nl"], ["laatste@voorbeeldstad.nl"]]
    refused = next(m for m in messages(services) if m.recipient == "vertrokken@voorbeeldstad.nl")
    assert refused.delivered_at is None
    assert refused.attempts == 1
    assert refused.last_error is not None
    assert "550" in refused.last_error
    for _ in range(MAX_ATTEMPTS - 1):
        assert deliver_pending(services.sessions, settings) == DeliveryReport(failed=1)
    assert deliver_pending(services.sessions, settings) == DeliveryReport()  # given up after five attempts
    with services.sessions() as session:
        assert pending(session, 10) == []
        given_up = [m for m in finished(session, 10) if m.delivered_at is None]
        assert [(m.recipient, m.attempts) for m in given_up] == [("vertrokken@voorbeeldstad.nl", MAX_ATTEMPTS)]
    assert len(inbox.received) == 2


def test_an_unreachable_server_keeps_the_messages_for_the_next_run(
    services: Services, smtp_server: tuple[Inbox, int]
) -> None:
    inbox, port = smtp_server
    queue(services, NotificationKind.SUBMITTED, ["eerste@voorbeeldstad.nl", "tweede@voorbeeldstad.nl"])

    nothing_listens = with_smtp(services.settings, free_port())
    assert deliver_pending(services.sessions, nothing_listens) == DeliveryReport(failed=1)

    first, second = messages(services)
    assert first.delivered_at is None
    assert first.attempts == 1
    assert first.last_error is not None
    assert "ConnectionRefusedError" in first.last_error
    assert (second.attempts, second.last_error) == (0, None)  # not tried: the run stopped at the first failure

    assert deliver_pending(services.sessions, with_smtp(services.settings, port)) == DeliveryReport(sent=2)
    assert [r.rcpt_tos for r in inbox.received] == [["eerste@voorbeeldstad.nl"], ["tweede@voorbeeldstad.nl"]]
    assert {(m.delivery, m.last_error) for m in messages(services)} == {("smtp", None)}


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "smtp.crt", folder / "smtp.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def test_starttls_and_login(
    sqlite_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert_file, key_file = self_signed_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))  # the client trusts this test server only
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert_file, key_file)
    logins: list[tuple[bytes, bytes]] = []

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        assert isinstance(data, LoginPassword)
        logins.append((data.login, data.password))
        return AuthResult(success=data.password == b"geheim")

    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=tls, require_starttls=True,
                            auth_required=True, authenticator=authenticator)
    controller.start()
    try:
        queue(sqlite_services, NotificationKind.ANSWER_GIVEN, ["raadslid@voorbeeldstad.nl"], reason="Zie bijlage B.")
        settings = msgspec.structs.replace(with_smtp(sqlite_services.settings, port), smtp_starttls=True,
                                           smtp_user="register", smtp_password="geheim")
        assert deliver_pending(sqlite_services.sessions, settings) == DeliveryReport(sent=1)
    finally:
        controller.stop()
    assert logins == [(b"register", b"geheim")]
    [received] = inbox.received
    assert received.message["Subject"] == "Antwoord op uw vraag over Parkeerscan Binnenstad"
    assert "Zie bijlage B." in received.message.get_content()


def test_settings_read_the_mail_server_from_the_environment() -> None:
    configured = Settings.from_env({
        "GLAZENSTAD_PUBLIC_URL": "https://register.voorbeeldstad.nl/", "GLAZENSTAD_SMTP_HOST": "smtp.voorbeeldstad.nl",
        "GLAZENSTAD_SMTP_PORT": "587", "GLAZENSTAD_SMTP_USER": "register", "GLAZENSTAD_SMTP_PASSWORD": "geheim",
        "GLAZENSTAD_SMTP_STARTTLS": "1",
    })
    assert (configured.smtp_host, configured.smtp_port, configured.smtp_user, configured.smtp_password,
            configured.smtp_starttls, configured.mail_from) == (
        "smtp.voorbeeldstad.nl", 587, "register", "geheim", True, "register@register.voorbeeldstad.nl")
    default = Settings.from_env({"GLAZENSTAD_MAIL_FROM": SENDER})
    assert (default.smtp_host, default.smtp_port, default.smtp_starttls, default.mail_from) == ("", 25, False, SENDER)


def test_cli_outbox_send_and_list(tmp_path: Path, smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    env = {"GLAZENSTAD_DATA_DIR": str(tmp_path), "GLAZENSTAD_SEARCH_INDEX_DIR": str(tmp_path / "index"),
           "GLAZENSTAD_DATABASE_URL": "", "GLAZENSTAD_SMTP_HOST": "127.0.0.1", "GLAZENSTAD_SMTP_PORT": str(port),
           "GLAZENSTAD_MAIL_FROM": SENDER}
    services = open_services(Settings.from_env(env))
    try:
        queue(services, NotificationKind.PUBLISHED, ["redacteur@voorbeeldstad.nl", "eigenaar@voorbeeldstad.nl"])
    finally:
        services.close()
    runner = CliRunner()

    listed = runner.invoke(main, ["outbox", "list"], env=env, catch_exceptions=False)
    assert listed.exit_code == 0, listed.output
    assert "pending, 0 failed attempts  redacteur@voorbeeldstad.nl  Gepubliceerd: Parkeerscan" in listed.output

    sent = runner.invoke(main, ["outbox", "send"], env=env, catch_exceptions=False)
    assert sent.exit_code == 0, sent.output
    assert "Outbox: 2 sent, 0 written to the log, 0 failed." in sent.output
    assert len(inbox.received) == 2

    again = runner.invoke(main, ["outbox", "send"], env=env, catch_exceptions=False)
    assert "Outbox: 0 sent, 0 written to the log, 0 failed." in again.output
    listed = runner.invoke(main, ["outbox", "list"], env=env, catch_exceptions=False)
    assert "Pending:\n  (none)\nRecent:\n" in listed.output
    assert "  smtp " in listed.output
    assert "eigenaar@voorbeeldstad.nl" in listed.output
