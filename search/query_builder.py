"""Turns a parsed citizen query into tantivy queries over the fields of the index.

A word matches in three ways, scored so that the better kinds rank first:
- its stem in a whole-word field of name, description, tags or context, weighted by field;
- its stem among the compound parts of those and of the body ("handhaving" in
  "parkeerhandhaving"); the body is matched only this way, and weighs least;
  a phrase, or a compound word of several parts, must stand as such in the body field (which
  holds the head's words too; looked up by its neighbour pairs, see `analysis.neighbour_pairs`),
  and weighs more in each head field that holds all its words;
- a near miss, scored as a small constant. The near-miss queries match the word itself too,
  so a document with the word always outranks one with only a near miss.

Near misses cost the most time, so a word gets the kind it needs:
- a word found nowhere is taken for a typo: words within edit distance 1 (5 to 8 letters)
  or 2 (9 and more) of it as typed, in all text ("parkerne" finds "parkeren"), and of its
  stem in name, description, tags and context;
- a word that occurs gets the words one edit away from its stem, which is what the Dutch
  stemmer leaves apart (parkeren/parkeer, sensor/sensoren), unless it is so common that
  such near misses could only show after pages of exact matches.

Synonyms (search/data/synonyms.yaml) are added when the query is built, so the list can change
without a reindex: a word or phrase of the list also matches the other members of its group,
as phrases, in name, description, tags and context only (a synonym somewhere in a long text
says little), each scored a little below the word itself in the same field. A member that is one
compound word matches as that whole word, not inside a longer compound. A run of query
words can be one member ("basisregistratie personen" also finds "BRP"). Exclusions stay literal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tantivy import Occur, Query, Schema, Searcher, Token

from search.analysis import DUTCH, FOLDED, neighbour_pairs, query_parts, tokens
from search.index_schema import (
    ALL_FOLDED,
    ALL_PARTS,
    CONTEXT,
    DESCRIPTION,
    HEAD_FOLDED,
    HEAD_PARTS,
    NAME,
    PAIRS,
    TAGS,
    facet_field,
)
from search.query_parser import Clause, ParsedQuery
from search.synonyms import SYNONYM_WEIGHT, expansions, synonym_runs

WORD_FIELDS = ((NAME, 5.0), (DESCRIPTION, 3.0), (TAGS, 3.0), (CONTEXT, 2.0))
PART_FIELDS = ((HEAD_PARTS, 1.5), (ALL_PARTS, 1.0))
NEAR_STEM_HEAD = (HEAD_PARTS, 0.2)
NEAR_STEM_FIELDS = (NEAR_STEM_HEAD, (ALL_PARTS, 0.05))
TYPO_FIELDS = ((HEAD_FOLDED, 0.2), (ALL_FOLDED, 0.05))
"""Near misses weigh more in the head; the body field (last) holds the head's words too."""
SYNONYM_PART_FIELDS = ((HEAD_PARTS, 1.5),)
COMMON_SHARE = 0.1
COMMON_MIN_DOCS = 1000
"""A word in more entries than this share (and this number) gets no near misses."""


def typo_distance(word: str) -> int:
    """Edits tolerated in a word: none below 5 letters, 1 up to 8, 2 from 9."""
    if len(word) < 5:
        return 0
    return 1 if len(word) <= 8 else 2


def all_of(required: Sequence[Query], excluded: Sequence[Query] = ()) -> Query:
    """Documents matching every required query and no excluded one (everything if none)."""
    if not excluded and len(required) <= 1:
        return required[0] if required else Query.all_query()
    # a boolean query with only exclusions matches nothing, so start from all documents
    clauses = [(Occur.Must, query) for query in required or [Query.all_query()]]
    clauses += [(Occur.MustNot, query) for query in excluded]
    return Query.boolean_query(clauses)


def any_of(queries: Sequence[Query]) -> Query:
    if len(queries) == 1:
        return queries[0]
    return Query.boolean_query([(Occur.Should, query) for query in queries])


def facet_filter(schema: Schema, facet: str, values: Iterable[str]) -> Query:
    query = Query.term_set_query(schema, facet_field(facet), list(values))
    # filters narrow the results without moving them up or down
    return Query.const_score_query(query, 0.0)


class QueryBuilder:
    """Builds the queries of one search; the searcher tells how common each word is."""

    def __init__(self, schema: Schema, searcher: Searcher) -> None:
        self._schema = schema
        self._searcher = searcher

    def required(self, parsed: ParsedQuery, *, scored: bool = True, near_misses: bool = True) -> Query | None:
        """What a document must match, or None when the query asks for nothing in particular.

        Unscored, the query matches the same documents with fewer fields to read, for counting.
        Without near misses it matches what the query's own words (and their synonyms) find.
        """
        queries: list[Query] = []
        for run, members in synonym_runs(parsed.required):
            alone = len(run) == 1
            literal = [
                any_of([self._clause(clause, loose=near_misses, scored=scored, synonyms=alone) for clause in group])
                for group in run
            ]
            queries.append(literal[0] if alone else any_of([all_of(literal), *self._synonyms(members, scored)]))
        return all_of(queries) if queries else None

    def excluded(self, parsed: ParsedQuery) -> list[Query]:
        """Exclusions match like words do, near misses aside: "-parkeren" keeps "parkeeren"."""
        return [self._clause(clause, loose=False, scored=False) for clause in parsed.excluded]

    def _clause(self, clause: Clause, *, loose: bool, scored: bool, synonyms: bool = False) -> Query:
        text = " ".join(clause.words)
        parts = query_parts(text)
        if not parts:
            return Query.empty_query()
        if scored:
            stems = tokens(DUTCH, text)
            if len(parts) == 1 and len(stems) == 1:
                alternatives = [self._boosted(field, parts, weight) for field, weight in PART_FIELDS]
                alternatives += [self._boosted(field, stems, weight) for field, weight in WORD_FIELDS]
            else:
                alternatives = [self._phrase(parts, stems)]
        else:
            # the body field holds every word of the entry, parts and all: it alone decides what matches
            alternatives = [self._boosted(ALL_PARTS, parts, 1.0)]
        if loose and not clause.phrase:
            alternatives += self._near_misses(text, parts, scored)
        if synonyms:
            alternatives += self._synonyms(expansions(text), scored)
        return any_of(alternatives)

    def _synonyms(self, members: Sequence[str], scored: bool) -> list[Query]:
        queries = []
        for member in members:
            parts, stems = query_parts(member), tokens(DUTCH, member)
            whole = [self._boosted(field, stems, weight * SYNONYM_WEIGHT) for field, weight in WORD_FIELDS]
            if len(stems) == 1 < len(parts):
                # one compound word ("woningwaarde") is looked up whole: as a phrase of its parts it would
                # read the positions of two common parts in every entry that has both, for a few entries
                queries += whole
                continue
            queries += [self._boosted(field, parts, weight * SYNONYM_WEIGHT) for field, weight in SYNONYM_PART_FIELDS]
            if scored:
                queries += whole
        return queries

    def _near_misses(self, text: str, parts: Sequence[Token], scored: bool) -> list[Query]:
        """Unscored, a field the body field holds too is left out: it weighs, it adds no matches."""
        folded = tokens(FOLDED, text)
        # a compound query word (several parts) already matches exactly through its parts
        stem = parts[0].text if len(parts) == 1 else None
        if len(folded) == 1 and not self._searcher.doc_freq(ALL_FOLDED, folded[0].text):
            word = folded[0].text
            queries = self._fuzzy(word, TYPO_FIELDS if scored else TYPO_FIELDS[1:], typo_distance(word))
            if stem:
                queries += self._fuzzy(stem, (NEAR_STEM_HEAD,), typo_distance(stem))
            return queries
        if stem and not self._common(stem):
            return self._fuzzy(stem, NEAR_STEM_FIELDS if scored else NEAR_STEM_FIELDS[1:], min(1, typo_distance(stem)))
        return []

    def _common(self, stem: str) -> bool:
        frequency = self._searcher.doc_freq(ALL_PARTS, stem)  # the body field holds the head's parts too
        return frequency > max(COMMON_MIN_DOCS, COMMON_SHARE * self._searcher.num_docs)

    def _phrase(self, parts: Sequence[Token], stems: Sequence[Token]) -> Query:
        """Several words, or the parts of a compound: reading positions is what costs, so the phrase is
        read once, in the body field that holds every word; the head fields then only weigh, by holding
        all the words, which needs no positions (and is asked only of the entries the phrase found)."""
        weighing = [(field, parts, weight) for field, weight in PART_FIELDS if field != ALL_PARTS]
        weighing += [(field, stems, weight) for field, weight in WORD_FIELDS]
        body_weight = dict(PART_FIELDS)[ALL_PARTS]
        return Query.boolean_query([
            (Occur.Must, self._boosted(ALL_PARTS, parts, body_weight)),
            *((Occur.Should, self._all_words(field, analyzed, weight)) for field, analyzed, weight in weighing),
        ])

    def _all_words(self, field: str, analyzed: Sequence[Token], weight: float) -> Query:
        words = sorted({token.text for token in analyzed})
        queries = [Query.term_query(self._schema, field, word) for word in words]
        query = queries[0] if len(queries) == 1 else Query.boolean_query([(Occur.Must, q) for q in queries])
        return Query.boost_query(query, weight)

    def _fuzzy(self, term: str, fields: tuple[tuple[str, float], ...], distance: int) -> list[Query]:
        if not distance:
            return []
        return [
            Query.boost_query(Query.fuzzy_term_query(self._schema, field, term, distance), weight)
            for field, weight in fields
        ]

    def _boosted(self, field: str, analyzed: Sequence[Token], weight: float) -> Query:
        if len(analyzed) == 1:
            query = Query.term_query(self._schema, field, analyzed[0].text)
        else:
            # offsets from the analyzer: the parts of one compound share its position
            first = analyzed[0].position
            words = [(token.position - first, token.text) for token in analyzed]
            query = self._paired(field, analyzed, Query.phrase_query(self._schema, field, words))
        return Query.boost_query(query, weight)

    def _paired(self, field: str, analyzed: Sequence[Token], phrase: Query) -> Query:
        """A phrase of the body field by its neighbour pairs: two tokens are their pair, scored like a
        word; more must hold all their pairs (scored) before their positions are read. A phrase of the
        head's parts is narrowed by its pairs too, as the body field holds the head's words."""
        pairs = sorted(set(neighbour_pairs(analyzed))) if field in (ALL_PARTS, HEAD_PARTS) else []
        if not pairs:
            return phrase
        terms = [Query.term_query(self._schema, PAIRS, pair) for pair in pairs]
        if field == ALL_PARTS and len(analyzed) == 2:
            return terms[0]
        if field == ALL_PARTS:
            return Query.boolean_query([*((Occur.Must, term) for term in terms),
                                        (Occur.Must, Query.const_score_query(phrase, 0.0))])
        return Query.boolean_query([(Occur.Must, phrase),
                                    *((Occur.Must, Query.const_score_query(term, 0.0)) for term in terms)])
