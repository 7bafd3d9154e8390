"""“Bedoelde u …?”: a query that finds (nearly) nothing, again with its misspelt words corrected.

The vocabulary is the index's own: the unstemmed words of all text, with the number of entries
that hold each. A word is corrected when the index does not know it, or knows it so rarely that
it is most likely a typo too, to the most frequent word within the edits the search tolerates
(1 for 5 to 8 letters, 2 from 9; swapping two neighbours is one edit), nearest first. Only words
sharing the first or second letter are read from the term dictionary, never all of it.
"""

from __future__ import annotations

import re

from tantivy import Schema, Searcher

from search.analysis import DUTCH_PARTS, FOLDED, is_stop_word, tokens
from search.backend import NEARLY_NOTHING
from search.index_schema import ALL_FOLDED, ALL_PARTS
from search.query_builder import QueryBuilder, all_of, typo_distance
from search.query_parser import MAX_QUERY_CHARS, WORD, ParsedQuery, parse_query
from search.synonyms import expansions

RARITY = 10
"""A word the index holds is only replaced by a word this many times as frequent."""
VOCABULARY = (ALL_FOLDED,)
"""The body field's folded words hold the head's too: one term dictionary to read, nothing counted twice."""


def correction(schema: Schema, searcher: Searcher, text: str) -> str | None:
    """`text` with misspelt words replaced, if the query finds NEARLY_NOTHING entries or fewer and the correction
    more."""
    text = text[:MAX_QUERY_CHARS]
    parsed = parse_query(text, is_stop_word)
    found = _found(schema, searcher, parsed)
    if found is None or found > NEARLY_NOTHING:
        return None
    corrected = Speller(searcher).corrected(text, parsed)
    if corrected is None:
        return None
    better = _found(schema, searcher, parse_query(corrected, is_stop_word))
    return corrected if better is not None and better > found else None


def _found(schema: Schema, searcher: Searcher, parsed: ParsedQuery) -> int | None:
    """How many entries the query's own words find (near misses aside); None if it requires nothing."""
    queries = QueryBuilder(schema, searcher)
    required = queries.required(parsed, scored=False, near_misses=False)
    if required is None:
        return None
    return searcher.search(all_of([required], queries.excluded(parsed)), limit=1, count=True).count


class Speller:
    def __init__(self, searcher: Searcher) -> None:
        self._searcher = searcher

    def corrected(self, text: str, parsed: ParsedQuery) -> str | None:
        """`text` with its required words corrected, operators, quotes and minus signs kept; None if none is."""
        words = {folded for group in parsed.required for clause in group for folded in map(_folded, clause.words)}
        corrections = {word: better for word in words if word and (better := self.correction(word))}
        if not corrections:
            return None

        def replace(match: re.Match[str]) -> str:
            better = corrections.get(_folded(match.group()) or "")
            return _same_case(match.group(), better) if better else match.group()

        return WORD.sub(replace, text)

    def correction(self, word: str) -> str | None:
        """The most frequent word of the index near `word` (folded), if `word` looks misspelt."""
        distance = typo_distance(word)
        if not distance or not word.isalpha() or expansions(word):
            return None
        frequency = self.frequency(word)
        needed = RARITY * frequency if frequency else 1
        best: tuple[int, int, str] | None = None
        for term, count in self._candidates(word, distance).items():
            if count < needed or term == word:
                continue
            edits = edit_distance(word, term, distance)
            if edits <= distance and (best is None or (edits, -count, term) < best):
                best = (edits, -count, term)
        return best[2] if best else None

    def frequency(self, word: str) -> int:
        """Entries holding the word as typed, or else its stem or all its compound parts."""
        typed = sum(self._searcher.doc_freq(field, word) for field in VOCABULARY)
        if typed:
            return typed
        parts = [token.text for token in tokens(DUTCH_PARTS, word)]
        found = [self._searcher.doc_freq(ALL_PARTS, part) for part in parts]
        return min(found, default=0)

    def _candidates(self, word: str, distance: int) -> dict[str, int]:
        counts: dict[str, int] = {}
        # a typo in the first letter is rare; an extra or swapped first letter leaves the second one first
        for prefix in dict.fromkeys(word[:2]):
            for field in VOCABULARY:
                for term, count in self._searcher.terms_with_prefix(field, prefix):
                    if abs(len(term) - len(word)) <= distance and not is_stop_word(term):
                        counts[term] = counts.get(term, 0) + count
        return counts


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours is one edit), or limit + 1 once above `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, before[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[-1], limit + 1)


def _folded(word: str) -> str | None:
    """The word as the vocabulary holds it (lowercase, accent-free), or None if it is not one word."""
    folded = tokens(FOLDED, word)
    return folded[0].text if len(folded) == 1 else None


def _same_case(typed: str, word: str) -> str:
    if len(typed) > 1 and typed.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if typed[:1].isupper() else word
