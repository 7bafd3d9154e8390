"""What the index holds for one published version of an entry."""

from __future__ import annotations

import datetime

import msgspec


class SearchDocument(msgspec.Struct, frozen=True, kw_only=True):
    """The public text and facet values of one published version, ready to index."""

    id: str
    version_no: int
    kind: str
    name: str
    description_short: str
    tags: list[str] = []
    body: str = ""
    organisations: list[str] = []
    themes: list[str] = []
    status: str = ""
    personal_data: str = ""
    publication_category: str = ""
    risk_class: str = ""
    published_at: datetime.datetime | None = None
