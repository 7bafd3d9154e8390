"""Rich text: the national HTML allow-list, Markdown input, and length counting.

Every rich-text field is stored as HTML restricted to the tags the national standard allows
(`div`, `br`, `p`, `ul`, `ol`, `li`), without attributes. Input that holds no HTML tags is
read as Markdown (raw HTML disabled) and then restricted the same way, so an editor may type
either and the stored value stays portable to the national register.
"""

from __future__ import annotations

import html
import re

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset({"div", "br", "p", "ul", "ol", "li"})
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
_WHITESPACE = re.compile(r"\s+")
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def sanitise_html(value: str) -> str:
    """Restrict HTML to the national allow-list; script and style content is dropped."""
    cleaned = nh3.clean(
        value,
        tags=set(ALLOWED_TAGS),
        attributes={},
        clean_content_tags={"script", "style"},
        link_rel=None,
    )
    return cleaned.strip()


def looks_like_html(value: str) -> bool:
    return bool(_TAG.search(value))


def normalise_rich_text(value: str) -> str:
    """Turn what an editor or importer supplied into stored rich text."""
    text = value.strip()
    if not text:
        return ""
    if looks_like_html(text):
        cleaned = sanitise_html(text)
        # Keep the result HTML even when every tag was removed, so normalising again changes nothing.
        return cleaned if not cleaned or looks_like_html(cleaned) else f"<p>{cleaned}</p>"
    return sanitise_html(_markdown.render(text))


def strip_html(value: str) -> str:
    """The plain text of a fragment, as the national register counts it."""
    without_tags = _TAG.sub(" ", value)
    return _WHITESPACE.sub(" ", html.unescape(without_tags)).strip()


def text_length(value: str) -> int:
    """Length in characters after stripping HTML (the national rule for limits)."""
    return len(strip_html(value))
