"""What follows a workflow step, for forms and API alike: the notifications, written in the
step's own transaction, and after the commit the search index and the outbox delivery."""

from __future__ import annotations

from litestar.background_tasks import BackgroundTask
from sqlalchemy.orm import Session

from publisher.indexing import index_entries
from publisher.mailer import deliver_pending
from publisher.renditions import make_renditions
from publisher.services import Services
from publisher.settings import Settings
from register.accounts import Actor, address_of, addresses_of
from register.models import Question, Version
from register.outbox import NotificationKind, enqueue, notification
from register.workflow import contributors, owners
from schemas.enums import Role, WorkflowAction

_KIND = {
    WorkflowAction.SUBMIT: NotificationKind.SUBMITTED,
    WorkflowAction.REJECT: NotificationKind.REJECTED,
    WorkflowAction.PUBLISH: NotificationKind.PUBLISHED,
}


def notify_transition(
    session: Session, settings: Settings, version: Version, action: WorkflowAction, actor: Actor, reason: str
) -> None:
    kind = _KIND.get(action)
    if kind is None:
        return
    if kind == NotificationKind.SUBMITTED:
        recipients = addresses_of(session, Role.APPROVER, owners(session, version.entry_id))
        url = f"{settings.public_url}/beheer/registraties/{version.entry_id}"
    else:
        recipients = sorted({address for name in contributors(session, version)
                             for address in address_of(session, name)})
        url = (f"{settings.public_url}/register/{version.entry_id}" if kind == NotificationKind.PUBLISHED
               else f"{settings.public_url}/beheer/registraties/{version.entry_id}")
    _send(session, kind, recipients, version.name, url, actor, reason, version.version_no, version.entry_id)


def notify_question(session: Session, settings: Settings, question: Question, entry_name: str, actor: Actor) -> None:
    if question.answer is None:
        kind, recipients = NotificationKind.QUESTION_ASKED, addresses_of(
            session, Role.EDITOR, owners(session, question.entry_id))
        url, text = f"{settings.public_url}/beheer/registraties/{question.entry_id}", question.question
    else:
        kind, recipients = NotificationKind.ANSWER_GIVEN, address_of(session, question.asked_by)
        url, text = f"{settings.public_url}/register/{question.entry_id}#vragen", question.answer
    _send(session, kind, recipients, entry_name, url, actor, text, question.version_no, question.entry_id)


def _send(session: Session, kind: NotificationKind, recipients: list[str], name: str, url: str, actor: Actor,
          reason: str, version_no: int, entry_id: str) -> None:
    subject, body = notification(kind, entry_name=name, entry_url=url, actor=actor.name, reason=reason,
                                 version_no=version_no)
    enqueue(session, kind=kind, recipients=recipients, subject=subject, body=body, entry_id=entry_id)


def after_commit(services: Services, entry_id: str, action: WorkflowAction | None) -> BackgroundTask:
    """Bring the index up to date now (the public site must show a publication at once); deliver
    the outbox after the answer has gone out, so a slow mail server never delays a page."""
    if action == WorkflowAction.PUBLISH:
        make_renditions(services, [entry_id])  # the frozen record of what was published, made once
    if action in (WorkflowAction.PUBLISH, WorkflowAction.WITHDRAW):
        index_entries(services, [entry_id])
    return BackgroundTask(deliver_pending, services.sessions, services.settings)
