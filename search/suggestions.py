"""Type-ahead: entries whose name has words starting with what is typed, then words to search for.

Everything is found in the term dictionary (a prefix walk over the words of names, and of names,
descriptions, tags and context for terms), so a keystroke never reads every document. Entries
whose name starts with the typed text come first, then the others, each in name order; the
words already typed must be in the name, the last one may be the start of a word.
"""

from __future__ import annotations

import re

from tantivy import Order, Query, Schema, Searcher

from search.analysis import FOLDED, is_stop_word, tokens
from search.backend import MIN_SUGGEST_CHARS, Suggestion
from search.index_schema import HEAD_FOLDED, ID, NAME, NAME_FOLDED, SORT_NAME, sort_key
from search.query_builder import all_of

MIN_TERM_CHARS = 3
_LAST_WORD = re.compile(r"[^\W_]+(?=[\W_]*$)")


def suggestions(schema: Schema, searcher: Searcher, text: str, limit: int) -> list[Suggestion]:
    text = " ".join(text.split())
    words = [token.text for token in tokens(FOLDED, text)]
    if limit <= 0 or sum(map(len, words)) < MIN_SUGGEST_CHARS:
        return []
    typed, last = words[:-1], words[-1]
    terms = _terms(schema, searcher, text, typed, last, limit)
    # terms keep a third of the places, so a common beginning still offers words to search for
    entries = _entries(schema, searcher, text, typed, last, limit=limit - min(len(terms), limit // 3))
    names = {sort_key(entry.text) for entry in entries}
    return [*entries, *(term for term in terms if sort_key(term.text) not in names)][:limit]


def _entries(
    schema: Schema, searcher: Searcher, text: str, typed: list[str], last: str, *, limit: int
) -> list[Suggestion]:
    if limit <= 0:
        return []
    words = [Query.term_query(schema, NAME_FOLDED, word) for word in typed]
    matching = all_of([*words, _prefix(schema, NAME_FOLDED, last)])
    starting = _prefix(schema, SORT_NAME, sort_key(text))
    found: list[Suggestion] = []
    for query in (all_of([matching, starting]), all_of([matching], [starting])):
        wanted = limit - len(found)
        if wanted <= 0:
            break
        hits = searcher.search(query, limit=wanted, order_by_field=SORT_NAME, order=Order.Asc).hits
        for _, address in hits:
            document = searcher.doc(address)
            found.append(Suggestion(text=document.get_first(NAME) or "", kind="entry", entry_id=document.get_first(ID)))
    return found


def _terms(
    schema: Schema, searcher: Searcher, text: str, typed: list[str], last: str, limit: int
) -> list[Suggestion]:
    """The text with its last word completed by words of the index, the most common first."""
    # with words before it, a term counts only the entries that hold those words too
    among = all_of([Query.term_query(schema, HEAD_FOLDED, word) for word in typed]) if typed else None
    found = searcher.terms_with_prefix(HEAD_FOLDED, last, filter_query=among, limit=3 * limit)
    words = [
        term
        for term, count in found
        if count and len(term) >= MIN_TERM_CHARS and not term.isdigit() and not is_stop_word(term)
    ]
    # what comes before the last word stays as typed
    before = text[: match.start()] if (match := _LAST_WORD.search(text)) else ""
    return [Suggestion(text=before + term, kind="term") for term in words[:limit]]


def _prefix(schema: Schema, field: str, prefix: str) -> Query:
    """Terms of `field` that start with `prefix`, every character escaped for tantivy's regular expressions."""
    escaped = "".join(char if char.isascii() and char.isalnum() else f"\\x{{{ord(char):x}}}" for char in prefix)
    return Query.regex_query(schema, field, escaped + ".*")
