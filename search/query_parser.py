"""A tolerant parser for what citizens type in the search box.

Plain words are all required, "a quoted phrase" must appear as written, -word excludes,
and OR or Dutch "of" between two terms makes them alternatives. Anything else (stray
quotes, brackets, colons, emoji) is read as a word separator, so every input parses.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import msgspec

MAX_QUERY_CHARS = 1000
MAX_WORDS = 50

# a phrase may lack its closing quote: it then runs to the end of the text
_CHUNK = re.compile(r'(?P<negated>-*)"(?P<quoted>[^"]*)"?|(?P<bare>[^\s"]+)')
WORD = re.compile(r"[^\W_]+")
_ALTERNATIVE = frozenset({"or", "of"})
_CONJUNCTION = "AND"


class Clause(msgspec.Struct, frozen=True):
    """One word (matched loosely) or a phrase (matched as written, in order)."""

    words: tuple[str, ...]
    phrase: bool = False


class ParsedQuery(msgspec.Struct, frozen=True):
    required: tuple[tuple[Clause, ...], ...] = ()
    """Every group must match; a group matches when one of its alternatives does."""
    excluded: tuple[Clause, ...] = ()


def parse_query(text: str, is_stop_word: Callable[[str], bool] = lambda _: False) -> ParsedQuery:
    """Parse citizen text; stop words are dropped unless the query has nothing else."""
    groups: list[list[Clause]] = []
    excluded: list[Clause] = []
    after_required = False
    join_previous = False
    budget = MAX_WORDS
    for chunk in _CHUNK.finditer(text[:MAX_QUERY_CHARS]):
        bare = chunk["bare"]
        if bare is not None and bare.lower() in _ALTERNATIVE:
            join_previous = after_required
            continue
        if bare == _CONJUNCTION:
            join_previous = False
            continue
        negated = bool(chunk["negated"]) if bare is None else bare.startswith("-")
        words = WORD.findall(chunk["quoted"] if bare is None else bare)
        if bare is not None:
            # the lone letters of "camera's" and "'s-Hertogenbosch" only get in the way
            words = [word for word in words if len(word) > 1] or words
        words = words[:budget]
        if not words:
            continue
        budget -= len(words)
        # "covid-19" or "camera's" is one chunk: keep its words together, as the index does
        clause = Clause(tuple(words), phrase=bare is None or len(words) > 1)
        if negated:
            excluded.append(clause)
        elif join_previous:
            groups[-1].append(clause)
        else:
            groups.append([clause])
        after_required = not negated
        join_previous = False
        if budget == 0:
            break
    return ParsedQuery(_without_stop_words(groups, is_stop_word), tuple(excluded))


def _without_stop_words(
    groups: list[list[Clause]], is_stop_word: Callable[[str], bool]
) -> tuple[tuple[Clause, ...], ...]:
    # "parkeren in amsterdam" must not require "in"; a query of only stop words keeps them
    kept = [tuple(clause for clause in group if clause.phrase or not is_stop_word(clause.words[0])) for group in groups]
    if any(kept):
        return tuple(group for group in kept if group)
    return tuple(tuple(group) for group in groups)
