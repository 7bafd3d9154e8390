"""Snippets for result lists: a passage of escaped text with the query's words in <mark>.

Marking runs in Python on the stored text and is deliberately simple: a query word marks
every word that contains its beginning ("parkeren" marks "parkeerhandhaving" and
"geparkeerde"; "woningen" marks "woning"). Near misses found by typo tolerance are not
marked. tantivy's own snippet generator re-analyses the whole text with the Dutch stemmer
for every hit, which costs a millisecond or more per long entry.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Iterable

import msgspec

from search.analysis import DUTCH, tokens
from search.query_parser import ParsedQuery

SNIPPET_CHARS = 200
LEAD_CHARS = 40
"""How much text comes before the first mark, for context."""
ELLIPSIS = "…"
MARKS_PER_WORD = 5
"""Occurrences of each query word considered for the passage: the first ones are the likely place."""

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_WORD_CHARS = re.compile(r"\w*")
_LETTER = re.compile(r"\w")


class Needle(msgspec.Struct, frozen=True):
    text: str
    """Folded and lowercase."""
    whole_word: bool
    """Short words mark only themselves: "de" must not mark every "geparkeerde"."""


def fold(text: str) -> str:
    """Lowercase without accents, one character for one, so positions stay those of `text`."""
    if text.isascii():
        return text.lower()
    return _NON_ASCII.sub(lambda found: _fold_char(found.group()), text).lower()


@functools.cache
def _fold_char(char: str) -> str:
    """One lowercase character without accents; a character that lowercases to two becomes a space."""
    base = "".join(c for c in unicodedata.normalize("NFKD", char.lower()) if not unicodedata.combining(c))
    if len(base) == 1 and base.lower() == base:
        return base
    return char if char.lower() == char else " "


def needles(parsed: ParsedQuery) -> list[Needle]:
    """What to mark for the words the query requires (excluded words are not in the results)."""
    found: dict[str, Needle] = {}
    for group in parsed.required:
        for clause in group:
            for word in clause.words:
                needle = _needle(word)
                found.setdefault(needle.text, needle)
    return list(found.values())


def _needle(word: str) -> Needle:
    folded = fold(word)
    if len(folded) <= 3:
        return Needle(folded, whole_word=True)
    stems = tokens(DUTCH, word)
    stem = stems[0].text if len(stems) == 1 else folded
    shared = next((i for i, (a, b) in enumerate(zip(folded, stem, strict=False)) if a != b), len(stem))
    # one letter less than what word and stem share, so "parkeren" (stem parker) marks "parkeer...",
    # but at least three fifths of the word: the stem of "overheid" is "over"
    return Needle(folded[: max(4, shared - 1, len(folded) * 3 // 5)], whole_word=False)


class Highlighter:
    def __init__(self, needles: Iterable[Needle]) -> None:
        self._needles = list(needles)

    def snippet(self, body: str, description: str) -> str:
        """A marked passage of the body, else of the description, else the description's start."""
        if self._needles:
            for text in (body, description):
                marks = self._marks(text)
                if marks:
                    return _passage(text, marks)
        return _start_of(description)

    def _marks(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, needle) of each word that holds a needle, in text order."""
        folded = fold(text)
        # the start of a word is the end of its reverse
        backwards = folded[::-1]
        marks: list[tuple[int, int, str]] = []
        for needle in self._needles:
            found = 0
            at = folded.find(needle.text)
            while at >= 0 and found < MARKS_PER_WORD:
                start = len(folded) - _WORD_CHARS.match(backwards, len(folded) - at).end()
                end = _WORD_CHARS.match(folded, at).end()
                if not needle.whole_word or (start, end) == (at, at + len(needle.text)):
                    marks.append((start, end, needle.text))
                    found += 1
                at = folded.find(needle.text, max(end, at + 1))
        return sorted(marks)


def _best_mark(marks: list[tuple[int, int, str]]) -> tuple[int, int, str]:
    """The mark that opens the window showing the most different query words."""
    if len({mark[2] for mark in marks}) == 1:
        return marks[0]
    best, most = marks[0], 0
    inside: dict[str, int] = {}
    after = 0
    for start, _, needle in marks:
        while after < len(marks) and marks[after][0] < start + SNIPPET_CHARS:
            inside[marks[after][2]] = inside.get(marks[after][2], 0) + 1
            after += 1
        if len(inside) > most:
            best, most = (start, _, needle), len(inside)
        inside[needle] -= 1
        if not inside[needle]:
            del inside[needle]
    return best


def _passage(text: str, marks: list[tuple[int, int, str]]) -> str:
    best = _best_mark(marks)
    begin = max(0, best[0] - LEAD_CHARS)
    if begin:
        space = text.find(" ", begin, best[0])
        begin = space + 1 if space >= 0 else best[0]
    end = min(len(text), begin + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", best[1], end)
        end = space if space >= 0 else max(end, best[1])
    pieces = [_left_out(text[:begin])]
    done = begin
    for start, stop, _ in marks:
        if start < done or stop > end:
            continue
        pieces += [html.escape(text[done:start]), "<mark>", html.escape(text[start:stop]), "</mark>"]
        done = stop
    pieces.append(html.escape(text[done:end]))
    pieces.append(_left_out(text[end:]))
    return "".join(pieces)


def _left_out(text: str) -> str:
    """An ellipsis for text outside the passage, unless that is only spaces and punctuation."""
    return ELLIPSIS if _LETTER.search(text) else html.escape(text)


def _start_of(description: str) -> str:
    if len(description) <= SNIPPET_CHARS:
        return html.escape(description)
    cut = description.rfind(" ", 0, SNIPPET_CHARS)
    return html.escape(description[: cut if cut > 0 else SNIPPET_CHARS].rstrip()) + ELLIPSIS
