"""The tolerant parser for what citizens type in the search box."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from search.analysis import is_stop_word
from search.query_parser import MAX_QUERY_CHARS, MAX_WORDS, Clause, ParsedQuery, parse_query


def word(text: str) -> Clause:
    return Clause((text,))


def phrase(*words: str) -> Clause:
    return Clause(words, phrase=True)


def test_plain_words_are_all_required() -> None:
    assert parse_query("amsterdam parkeren") == ParsedQuery(((word("amsterdam"),), (word("parkeren"),)))


def test_or_and_of_make_alternatives() -> None:
    either = ParsedQuery(((word("amsterdam"), word("parkeren")),))
    for text in ("amsterdam or parkeren", "amsterdam OR parkeren", "amsterdam of parkeren", "amsterdam OF parkeren"):
        assert parse_query(text) == either
    assert parse_query("camera toezicht of handhaving wifi") == ParsedQuery(
        ((word("camera"),), (word("toezicht"), word("handhaving")), (word("wifi"),))
    )


def test_dangling_operators_are_ignored() -> None:
    assert parse_query("or parkeren") == ParsedQuery(((word("parkeren"),),))
    assert parse_query("parkeren of") == ParsedQuery(((word("parkeren"),),))
    assert parse_query("parkeren OR OR AND woz") == ParsedQuery(((word("parkeren"),), (word("woz"),)))
    assert parse_query("of") == ParsedQuery()


def test_minus_excludes() -> None:
    assert parse_query("amsterdam -parkeren") == ParsedQuery(((word("amsterdam"),),), (word("parkeren"),))
    assert parse_query('-"openbare ruimte" woz') == ParsedQuery(((word("woz"),),), (phrase("openbare", "ruimte"),))
    # an exclusion never joins an alternative
    assert parse_query("woz -wob or bag") == ParsedQuery(((word("woz"),), (word("bag"),)), (word("wob"),))


def test_quotes_make_phrases_even_when_unbalanced() -> None:
    assert parse_query('"openbare ruimte" melding') == ParsedQuery(
        ((phrase("openbare", "ruimte"),), (word("melding"),))
    )
    assert parse_query('melding "openbare ruimte') == ParsedQuery(((word("melding"),), (phrase("openbare", "ruimte"),)))
    assert parse_query('""') == ParsedQuery()


def test_punctuated_words_stay_together() -> None:
    assert parse_query("covid-19") == ParsedQuery(((phrase("covid", "19"),),))
    # the lone letters of Dutch plurals and place names only get in the way
    assert parse_query("camera's 's-Hertogenbosch") == ParsedQuery(((word("camera"),), (word("Hertogenbosch"),)))


def test_syntax_of_other_engines_is_just_text() -> None:
    assert parse_query("title:parkeren*") == ParsedQuery(((phrase("title", "parkeren"),),))
    assert parse_query("(woz) ~2 ^3 \\") == ParsedQuery(((word("woz"),), (word("2"),), (word("3"),)))


def test_stop_words_are_dropped_unless_nothing_else_is_left() -> None:
    assert parse_query("parkeren in de stad", is_stop_word) == ParsedQuery(((word("parkeren"),), (word("stad"),)))
    assert parse_query("de of het", is_stop_word) == ParsedQuery(((word("de"), word("het")),))
    assert parse_query('"de stad"', is_stop_word) == ParsedQuery(((phrase("de", "stad"),),))


def test_length_is_capped() -> None:
    many = parse_query(" ".join(f"woord{n}" for n in range(MAX_WORDS + 30)))
    assert sum(len(clause.words) for group in many.required for clause in group) == MAX_WORDS
    assert parse_query("woz " + "-" * MAX_QUERY_CHARS + " wob") == ParsedQuery(((word("woz"),),))


@given(st.text())
def test_any_text_parses(text: str) -> None:
    parsed = parse_query(text, is_stop_word)
    words = [w for group in parsed.required for clause in group for w in clause.words]
    words += [w for clause in parsed.excluded for w in clause.words]
    assert len(words) <= MAX_WORDS
    assert all(w and w.isalnum() for w in words)
