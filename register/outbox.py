"""The e-mail outbox: notifications are written in the transaction of the step they report,
so a step that is rolled back never sends mail, and delivered later by `publisher.mailer`."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from register.events import utcnow
from register.models import OutboxMessage

# After this many failed attempts a message is no longer tried; `glazenstad outbox list` shows it.
MAX_ATTEMPTS = 5
SUBJECT_LENGTH = 300  # the length of the `subject` column


class NotificationKind(StrEnum):
    SUBMITTED = "submitted"
    REJECTED = "rejected"
    PUBLISHED = "published"
    QUESTION_ASKED = "question_asked"
    ANSWER_GIVEN = "answer_given"


class Delivery(StrEnum):
    SMTP = "smtp"
    LOG = "log"  # no mail server configured: the message went to the `glazenstad.mail` log


FOOTER = "\n\n-- \nDit bericht is automatisch verstuurd door het register van algoritmes en dataverzamelingen.\n"

# Subject and body of each kind, in Dutch: the people who receive them work for the municipality or its council.
TEMPLATES: dict[NotificationKind, tuple[str, str]] = {
    NotificationKind.SUBMITTED: (
        "Ter goedkeuring: {name} (versie {version_no})",
        "{actor} heeft versie {version_no} van ‘{name}’ ter goedkeuring aangeboden.\n\n"
        "Bekijk en beoordeel de versie:\n{url}",
    ),
    NotificationKind.REJECTED: (
        "Teruggestuurd: {name} (versie {version_no})",
        "{actor} heeft versie {version_no} van ‘{name}’ teruggestuurd.\n\nReden:\n{reason}\n\n"
        "Pas de versie aan en bied haar opnieuw aan:\n{url}",
    ),
    NotificationKind.PUBLISHED: (
        "Gepubliceerd: {name} (versie {version_no})",
        "{actor} heeft versie {version_no} van ‘{name}’ gepubliceerd. De versie staat nu in het openbare register:\n"
        "{url}",
    ),
    NotificationKind.QUESTION_ASKED: (
        "Vraag van de raad over {name}",
        "{actor} heeft een vraag gesteld over versie {version_no} van ‘{name}’:\n\n{reason}\n\n"
        "Beantwoord de vraag:\n{url}",
    ),
    NotificationKind.ANSWER_GIVEN: (
        "Antwoord op uw vraag over {name}",
        "{actor} heeft uw vraag over versie {version_no} van ‘{name}’ beantwoord:\n\n{reason}\n\n"
        "Lees het antwoord:\n{url}",
    ),
}


def notification(
    kind: NotificationKind,
    *,
    entry_name: str,
    entry_url: str,
    actor: str,
    reason: str = "",
    version_no: int,
) -> tuple[str, str]:
    """The Dutch subject and plain-text body of a notification.

    `reason` is the reason a version was sent back, the question asked or the answer given."""
    subject_template, body_template = TEMPLATES[kind]
    one_line_name = " ".join(entry_name.split())  # a line break in a header would end it
    values = {"name": one_line_name, "url": entry_url, "actor": actor, "reason": reason.strip(),
              "version_no": version_no}
    subject = subject_template.format(**values)
    if len(subject) > SUBJECT_LENGTH:
        subject = subject[: SUBJECT_LENGTH - 1] + "…"
    return subject, body_template.format(**values) + FOOTER


def enqueue(
    session: Session,
    *,
    kind: NotificationKind,
    recipients: Iterable[str],
    subject: str,
    body: str,
    entry_id: str | None,
) -> int:
    """Queue one message per distinct, non-empty address in the caller's transaction; returns how many."""
    at = utcnow()
    addresses: dict[str, str] = {}
    for recipient in recipients:
        address = recipient.strip()
        if address:
            addresses.setdefault(address.casefold(), address)
    session.add_all(
        OutboxMessage(created_at=at, kind=kind, recipient=address, subject=subject, body=body, entry_id=entry_id,
                      attempts=0)
        for address in addresses.values()
    )
    return len(addresses)


def pending(session: Session, limit: int) -> list[OutboxMessage]:
    """Messages still to deliver that have not failed too often, oldest first."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.delivered_at.is_(None), OutboxMessage.attempts < MAX_ATTEMPTS)
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def finished(session: Session, limit: int) -> list[OutboxMessage]:
    """Messages delivered or given up on, newest first."""
    query = (
        select(OutboxMessage)
        .where(or_(OutboxMessage.delivered_at.is_not(None), OutboxMessage.attempts >= MAX_ATTEMPTS))
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def claim(session: Session, message_id: int) -> OutboxMessage | None:
    """The message if it still waits for delivery, locked (on PostgreSQL) until the caller's transaction ends,
    so two senders running at once do not both send it."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.delivered_at.is_(None),
               OutboxMessage.attempts < MAX_ATTEMPTS)
        .with_for_update(skip_locked=True)
    )
    return session.scalars(query).one_or_none()


def mark_delivered(message: OutboxMessage, delivery: Delivery) -> None:
    message.delivered_at = utcnow()
    message.delivery = delivery
    message.last_error = None


def mark_failed(message: OutboxMessage, error: str) -> None:
    message.attempts += 1
    message.last_error = error
