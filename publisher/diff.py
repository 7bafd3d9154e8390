"""A readable, field-by-field comparison of two published versions."""

from __future__ import annotations

import difflib
from typing import Any

import msgspec
from markupsafe import Markup, escape

from publisher.entry_view import label_for
from schemas.entry import EntryContent
from schemas.richtext import strip_html


class FieldChange(msgspec.Struct, frozen=True):
    key: str
    label: str
    before: Markup
    after: Markup


def compare(old: EntryContent, new: EntryContent, lang: str) -> list[FieldChange]:
    """Every field whose text differs, with removed words in <del> and added words in <ins>."""
    before, after = _flatten(old, lang), _flatten(new, lang)
    changes = []
    for key in [field.name for field in msgspec.structs.fields(EntryContent)]:
        if key == "change_summary":
            continue
        a, b = before.get(key, ""), after.get(key, "")
        if a != b:
            old_html, new_html = _word_diff(a, b)
            changes.append(FieldChange(key=key, label=label_for(key, lang), before=old_html, after=new_html))
    return changes


def _flatten(content: EntryContent, lang: str) -> dict[str, str]:
    data = msgspec.to_builtins(content)
    return {key: _text(value, lang) for key, value in data.items()}


def _text(value: Any, lang: str) -> str:
    """Readable text of a value; nested fields carry their labels so a reader sees what changed."""
    if isinstance(value, str):
        return strip_html(value) if "<" in value else value
    if isinstance(value, list):
        return "; ".join(_text(item, lang) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{label_for(key, lang).lower()}: {_text(item, lang)}" for key, item in value.items())
    return str(value)


def _word_diff(a: str, b: str) -> tuple[Markup, Markup]:
    old_words, new_words = a.split(), b.split()
    old_out: list[Markup] = []
    new_out: list[Markup] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part = escape(" ".join(old_words[i1:i2]))
        new_part = escape(" ".join(new_words[j1:j2]))
        if tag == "equal":
            old_out.append(old_part)
            new_out.append(new_part)
            continue
        if i2 > i1:
            old_out.append(Markup("<del>{}</del>").format(old_part))
        if j2 > j1:
            new_out.append(Markup("<ins>{}</ins>").format(new_part))
    return Markup(" ").join(old_out), Markup(" ").join(new_out)
