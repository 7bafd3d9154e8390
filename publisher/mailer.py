"""Delivering the outbox: by SMTP when a mail server is configured, otherwise to the `glazenstad.mail` log.

Each message is claimed, sent and marked in a transaction of its own, so a crash halfway loses nothing
and sends nothing twice (except the one message whose sending and marking the crash came between).
Runs in one process take turns; on PostgreSQL a claimed message is locked against other processes too,
while on SQLite a run from the command line that overlaps one in the server may, rarely, send a message twice."""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

import msgspec
from sqlalchemy.orm import Session, sessionmaker

from publisher.settings import Settings
from register.models import OutboxMessage
from register.outbox import Delivery, claim, mark_delivered, mark_failed, pending

logger = logging.getLogger("glazenstad.mail")

BATCH = 1000  # messages per run; what is left waits for the next run
TIMEOUT = 30.0  # seconds to wait for the mail server
_one_run_at_a_time = threading.Lock()  # the app delivers after each workflow step, from several threads

# Errors about one message (a refused recipient, sender or text, an address that cannot be a header or
# needs SMTPUTF8): the message is marked failed and the run goes on. Any other error means the server
# cannot be reached or dropped the connection; the run stops there and the rest waits for the next run.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError,
                  smtplib.SMTPNotSupportedError, ValueError)


class DeliveryReport(msgspec.Struct, frozen=True, kw_only=True):
    sent: int = 0
    logged: int = 0
    failed: int = 0


def deliver_pending(sessions: sessionmaker[Session], settings: Settings) -> DeliveryReport:
    """Deliver what waits in the outbox, oldest first; failures stay pending with their error."""
    with _one_run_at_a_time:
        with sessions() as session:
            message_ids = [message.id for message in pending(session, BATCH)]
        if not settings.smtp_host:
            return DeliveryReport(logged=_deliver_to_log(sessions, message_ids))
        return _deliver_by_smtp(sessions, settings, message_ids)


def _deliver_to_log(sessions: sessionmaker[Session], message_ids: list[int]) -> int:
    logged = 0
    for message_id in message_ids:
        with sessions.begin() as session:
            message = claim(session, message_id)
            if message is None:
                continue
            logger.info("Mail to %s\nSubject: %s\n\n%s", message.recipient, message.subject, message.body)
            mark_delivered(message, Delivery.LOG)
            logged += 1
    return logged


def _deliver_by_smtp(sessions: sessionmaker[Session], settings: Settings, message_ids: list[int]) -> DeliveryReport:
    sent = failed = 0
    connection: smtplib.SMTP | None = None
    try:
        for message_id in message_ids:
            with sessions.begin() as session:
                message = claim(session, message_id)
                if message is None:
                    continue
                try:
                    connection = connection or _connect(settings)
                except OSError as error:
                    _server_failed(message, error, settings)
                    return DeliveryReport(sent=sent, failed=failed + 1)
                try:
                    connection.send_message(_email(message, settings), _address(settings.mail_from),
                                            [message.recipient])
                except MESSAGE_ERRORS as error:
                    mark_failed(message, _describe(error))
                    failed += 1
                except OSError as error:  # smtplib.SMTPException is an OSError too
                    _server_failed(message, error, settings)
                    return DeliveryReport(sent=sent, failed=failed + 1)
                else:
                    mark_delivered(message, Delivery.SMTP)
                    sent += 1
    finally:
        if connection is not None:
            _close(connection)
    return DeliveryReport(sent=sent, failed=failed)


def _server_failed(message: OutboxMessage, error: OSError, settings: Settings) -> None:
    """The server is unreachable, refused the connection or hung up: counted on the message being sent."""
    mark_failed(message, _describe(error))
    logger.warning("mail server %s:%s: %s", settings.smtp_host, settings.smtp_port, _describe(error))


def _connect(settings: Settings) -> smtplib.SMTP:
    connection = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT)
    try:
        if settings.smtp_starttls:
            connection.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            connection.login(settings.smtp_user, settings.smtp_password)
    except BaseException:
        _close(connection)
        raise
    return connection


def _close(connection: smtplib.SMTP) -> None:
    try:
        connection.quit()
    except OSError:
        connection.close()


def _email(message: OutboxMessage, settings: Settings) -> EmailMessage:
    domain = _address(settings.mail_from).rpartition("@")[2]
    email = EmailMessage()
    email["From"] = settings.mail_from
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.created_at)
    # The same id on a resent message lets mail systems recognise the duplicate.
    email["Message-ID"] = f"<outbox.{message.id}.{message.created_at:%Y%m%d%H%M%S}@{domain}>"
    email["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to the register
    email.set_content(message.body, charset="utf-8", cte="quoted-printable")
    return email


def _address(mailbox: str) -> str:
    """The bare address of `Name <address>` or of a bare address."""
    return parseaddr(mailbox)[1]


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"
