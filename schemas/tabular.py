"""An entry version as a row of text cells, for CSV files and spreadsheets: every field of the content,
in the order `EntryContent` declares them. Lists of plain values are joined with "; ", nested parts are
written as compact JSON, rich text as plain text (the JSON exports keep the markup)."""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Any

import msgspec

from schemas.entry import EntryContent
from schemas.richtext import strip_html
from schemas.validation import RICH_TEXT_FIELDS

CONTENT_COLUMNS: tuple[str, ...] = EntryContent.__struct_fields__
LIST_SEPARATOR = "; "


def content_cells(content: EntryContent) -> list[str]:
    return [cell(getattr(content, field), rich=field in RICH_TEXT_FIELDS) for field in CONTENT_COLUMNS]


def cell(value: Any, *, rich: bool = False) -> str:
    """One value as the text of a cell; "" for nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, str):
        return strip_html(value) if rich else value
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list) and all(isinstance(item, str | int | float | Enum) for item in value):
        return LIST_SEPARATOR.join(cell(item) for item in value)
    return msgspec.json.encode(value).decode()
