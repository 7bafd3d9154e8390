"""Turning the content of a published version into the document the index holds."""

from __future__ import annotations

import datetime

from schemas.entry import EntryContent, public_status
from schemas.richtext import strip_html
from schemas.validation import RICH_TEXT_FIELDS
from search.documents import SearchDocument


def document_from_content(
    entry_id: str,
    version_no: int,
    content: EntryContent,
    *,
    withdrawn: bool,
    published_at: datetime.datetime | None,
) -> SearchDocument:
    """Public text only: the version must be a published (or withdrawn) one."""
    return SearchDocument(
        id=entry_id,
        version_no=version_no,
        kind=str(content.kind),
        name=content.name,
        description_short=content.description_short,
        tags=[tag.strip() for tag in (content.tags or "").split(",") if tag.strip()],
        body=_body(content),
        organisations=[o.name for o in content.organisations],
        themes=[str(theme) for theme in content.category],
        status=public_status(content, withdrawn=withdrawn),
        personal_data=str(content.personal_data or ""),
        publication_category=str(content.publication_category or ""),
        risk_class=str(content.ai_act.risk_class or "") if content.ai_act else "",
        published_at=published_at,
    )


def _body(content: EntryContent) -> str:
    parts: list[str] = [strip_html(getattr(content, f) or "") for f in RICH_TEXT_FIELDS]
    parts += [content.provider or "", content.responsible_department or "", content.short_summary or ""]
    parts += [r.title for r in content.law_references] + [s.title for s in content.source_data_grouping]
    parts += [a.title for a in content.assessments] + content.data_subject_categories
    parts += [item.category for item in content.personal_data_items]
    if content.kind:
        parts.append(content.kind.label("nl"))
    collection = content.data_collection
    if collection:
        parts += [collection.observes or "", collection.location_description or "", collection.collector or ""]
        parts += [q.name for q in collection.quantities] + [g.goal for g in collection.observation_goals]
        parts += collection.sensor_themes
        if collection.sensor_type:
            parts.append(collection.sensor_type.label("nl"))
    if content.dataset:
        parts += [d.title for d in content.dataset.distributions]
    return "\n".join(part for part in parts if part)
