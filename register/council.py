"""Councillor review: questions on the record, answers from the owning department, reviews, and
the dashboard of what needs a councillor's attention."""

from __future__ import annotations

import datetime

import msgspec
from sqlalchemy import select
from sqlalchemy.orm import Session

from register.accounts import Actor
from register.entries import current_public_version
from register.events import EventType, record_event, utcnow
from register.hashing import decode_stored
from register.models import Entry, EntryOrganisation, PublicEntry, Question, Review, Version
from register.workflow import entry_for, owners, require
from schemas.entry import EntryContent
from schemas.enums import (
    AssessmentStatus,
    AssessmentType,
    PersonalDataLevel,
    PublicationCategory,
    RiskClass,
    Role,
    VersionState,
)
from schemas.problems import ContentError, Problem, required_text

MAX_TEXT = 4000




def ask_question(session: Session, entry_id: str, text: str, actor: Actor, *, internal: bool = False) -> Question:
    """A councillor's question or remark on the entry's current public version."""
    current = _public_version(session, entry_id, actor)
    question = Question(entry_id=entry_id, version_no=current.version_no, asked_by=actor.name, asked_at=utcnow(),
                        question=required_text(text, "question", MAX_TEXT), internal=internal)
    session.add(question)
    session.flush()
    record_event(session, EventType.QUESTION_ASKED, actor=actor.name, entry_id=entry_id,
                 version_no=current.version_no, details={"question_id": question.id, "internal": internal})
    return question


def answer_question(session: Session, question_id: int, text: str, actor: Actor) -> Question:
    """The owning department answers; an answer, once given, is not overwritten."""
    question = session.get(Question, question_id)
    if question is None:
        raise LookupError(f"question {question_id} does not exist")
    require(actor, (Role.EDITOR, Role.APPROVER), owners(session, question.entry_id))
    if question.answer is not None:
        raise ContentError([Problem(field="answer", message="deze vraag is al beantwoord",
                                    message_en="this question has already been answered")])
    question.answer = required_text(text, "answer", MAX_TEXT)
    question.answered_by, question.answered_at = actor.name, utcnow()
    session.flush()
    record_event(session, EventType.QUESTION_ANSWERED, actor=actor.name, entry_id=question.entry_id,
                 version_no=question.version_no, details={"question_id": question.id})
    return question


def mark_reviewed(session: Session, entry_id: str, on: datetime.date, actor: Actor, note: str = "") -> Review:
    current = _public_version(session, entry_id, actor)
    if on > datetime.date.today():
        raise ContentError([Problem(field="reviewed_on", message="de datum ligt in de toekomst",
                                    message_en="the date lies in the future")])
    review = Review(entry_id=entry_id, version_no=current.version_no, reviewed_by=actor.name, reviewed_on=on,
                    note=note.strip()[:MAX_TEXT] or None, recorded_at=utcnow())
    session.add(review)
    session.flush()
    record_event(session, EventType.REVIEWED, actor=actor.name, entry_id=entry_id, version_no=current.version_no,
                 details={"reviewed_on": on.isoformat()})
    return review


def _public_version(session: Session, entry_id: str, actor: Actor) -> Version:
    """The version a councillor's question or review is about: the one the public sees."""
    entry = entry_for(session, entry_id, actor, (Role.COUNCILLOR,))
    current = current_public_version(entry.versions)
    if current is None:
        raise ContentError([Problem(field="entry", message="alleen over gepubliceerde registraties",
                                    message_en="only about published entries")])
    return current


def questions_for(session: Session, organisations: frozenset[str], *, unanswered: bool) -> list[Question]:
    """Questions on entries of these organisations, for the desk."""
    query = (select(Question).join(EntryOrganisation, EntryOrganisation.entry_id == Question.entry_id)
             .where(EntryOrganisation.tooi_id.in_(organisations)).distinct().order_by(Question.asked_at))
    if unanswered:
        query = query.where(Question.answer.is_(None))
    return list(session.scalars(query))


class DashboardEntry(msgspec.Struct, frozen=True, kw_only=True):
    entry_id: str
    name: str
    kind: str
    version_no: int
    published_at: datetime.datetime
    publication_category: str | None
    risk_class: str | None
    review_date: datetime.date | None
    reasons: list[str] = []


class ChangedEntry(msgspec.Struct, frozen=True, kw_only=True):
    entry: DashboardEntry
    before: EntryContent | None
    after: EntryContent


class ReviewDashboard(msgspec.Struct, frozen=True, kw_only=True):
    since: datetime.datetime | None
    high_risk: list[DashboardEntry]
    changed: list[ChangedEntry]
    missing_assessment: list[DashboardEntry]
    review_overdue: list[DashboardEntry]
    no_decision: list[DashboardEntry]


def review_dashboard(
    session: Session, actor: Actor, *, since: datetime.datetime | None, today: datetime.date | None = None
) -> ReviewDashboard:
    """What a councillor of these organisations should look at, from published versions only."""
    today = today or datetime.date.today()
    high_risk, missing, overdue, no_decision, changed = [], [], [], [], []
    for entry in _public_entries(session, actor.organisations):
        current = current_public_version(entry.versions)
        if current is None or current.state == VersionState.WITHDRAWN:
            continue
        content = decode_stored(current.content)
        row = _row(entry, current, content)
        if _impactful(content):
            high_risk.append(row)
        if (_impactful(content) or _has_personal_data(content)) and not _has_dpia_or_iama(content):
            missing.append(row)
        if content.review_date is not None and content.review_date < today:
            overdue.append(row)
        if _impactful(content) and not any(d.url for d in content.council_decisions):
            no_decision.append(row)
        if since is not None and current.published_at is not None and current.published_at > since:
            changed.append(ChangedEntry(entry=row, before=_before(entry, since), after=content))
    return ReviewDashboard(since=since, high_risk=high_risk, changed=changed, missing_assessment=missing,
                           review_overdue=overdue, no_decision=no_decision)


def _public_entries(session: Session, organisations: frozenset[str]) -> list[Entry]:
    ids = select(EntryOrganisation.entry_id).where(EntryOrganisation.tooi_id.in_(organisations))
    return list(session.scalars(
        select(Entry).join(PublicEntry, PublicEntry.entry_id == Entry.id)
        .where(Entry.id.in_(ids)).order_by(PublicEntry.name)))


def _before(entry: Entry, since: datetime.datetime) -> EntryContent | None:
    """The version that was public at `since`, to diff against."""
    earlier = [v for v in entry.versions if v.published_at is not None and v.published_at <= since
               and v.state in (VersionState.PUBLISHED, VersionState.SUPERSEDED, VersionState.WITHDRAWN)]
    return decode_stored(max(earlier, key=lambda v: v.version_no).content) if earlier else None


def _row(entry: Entry, version: Version, content: EntryContent) -> DashboardEntry:
    risk = content.ai_act.risk_class if content.ai_act else None
    assert version.published_at is not None
    return DashboardEntry(entry_id=entry.id, name=content.name, kind=entry.kind, version_no=version.version_no,
                          published_at=version.published_at,
                          publication_category=str(content.publication_category or "") or None,
                          risk_class=str(risk) if risk else None, review_date=content.review_date)


def _impactful(content: EntryContent) -> bool:
    risk = content.ai_act.risk_class if content.ai_act else None
    return content.publication_category in (PublicationCategory.HIGH_RISK_AI, PublicationCategory.IMPACTFUL) or (
        risk == RiskClass.HIGH_RISK)


def _has_personal_data(content: EntryContent) -> bool:
    return content.personal_data not in (None, PersonalDataLevel.NONE) or bool(content.special_categories)


def _has_dpia_or_iama(content: EntryContent) -> bool:
    """A DPIA or IAMA (or its successor FRAIA) that was carried out; planned or 'not needed' does not count."""
    return any(a.type in (AssessmentType.DPIA, AssessmentType.IAMA, AssessmentType.FRAIA)
               and a.status in (None, AssessmentStatus.DONE) for a in content.assessments)
