"""Dutch text analysis: the analyzers the index registers and the query side reuses."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Sequence
from importlib import resources

from tantivy import Filter, Index, TextAnalyzer, TextAnalyzerBuilder, Token, Tokenizer

DUTCH = "nl_stemmed"
"""Whole words, lowercased, accent-folded and stemmed."""
DUTCH_PARTS = "nl_parts"
"""Like DUTCH, but compound words are replaced by their parts (all at the word's position)."""
FOLDED = "nl_folded"
"""Whole words, lowercased and accent-folded but not stemmed: the vocabulary typos are matched against."""

MAX_TOKEN_BYTES = 40
"""Longer tokens are dropped at index time (tantivy counts UTF-8 bytes); no query can match them."""

_PART = re.compile(r"[a-z0-9]+")

ANALYZERS_VERSION = 1
"""Raise when the analyzers below change how text is split or stemmed: an index made with the
earlier ones is then rebuilt when the register starts (`analysis_stamp`)."""


@functools.cache
def word_parts() -> tuple[str, ...]:
    """The curated compound-word parts from data/word_parts.txt, in file order."""
    text = resources.files(__package__).joinpath("data", "word_parts.txt").read_text("utf-8")
    parts = tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))
    malformed = [part for part in parts if not _PART.fullmatch(part)]
    if malformed:
        raise ValueError(f"word_parts.txt: parts must be lowercase a-z or 0-9: {malformed}")
    return parts


@functools.cache
def analysis_stamp() -> str:
    """Names the analysis text is indexed with: the analyzers' version and the word parts list. An
    index records it, so an upgrade that splits compound words differently rebuilds the index
    instead of leaving words unfindable that the new list would split."""
    parts = "\n".join(word_parts()).encode()  # the parts only: a comment changes nothing
    return f"analyzers {ANALYZERS_VERSION}, word parts {hashlib.sha256(parts).hexdigest()[:16]}"


def _second_pass_parts(parts: tuple[str, ...]) -> list[str]:
    """Parts without the longer of two overlapping parts ("drukte" goes when "druk" is there).

    tantivy splits greedily by longest match without backtracking, so "druktelling" fails as
    drukte + lling; a second pass without "drukte" finds druk + telling.
    """
    prefixes = [part for part in parts if len(part) >= 3]
    return [part for part in parts if not any(part != other and part.startswith(other) for other in prefixes)]


def _words() -> TextAnalyzerBuilder:
    return (
        TextAnalyzerBuilder(Tokenizer.simple())
        .filter(Filter.lowercase())
        .filter(Filter.remove_long(MAX_TOKEN_BYTES))
        .filter(Filter.ascii_fold())
    )


@functools.cache
def analyzer(name: str) -> TextAnalyzer:
    """One of DUTCH, DUTCH_PARTS, FOLDED, built once per process."""
    if name == DUTCH:
        return _words().filter(Filter.stemmer("dutch")).build()
    if name == DUTCH_PARTS:
        parts = word_parts()
        return (
            _words()
            .filter(Filter.split_compound(list(parts)))
            .filter(Filter.split_compound(_second_pass_parts(parts)))
            .filter(Filter.stemmer("dutch"))
            .build()
        )
    if name == FOLDED:
        return _words().build()
    raise ValueError(f"unknown analyzer {name!r}")


def register_analyzers(index: Index) -> None:
    """Analyzers are not stored in the index, so every opened index needs them again."""
    for name in (DUTCH, DUTCH_PARTS, FOLDED):
        index.register_tokenizer(name, analyzer(name))


KEPT_TEXT_CHARS = 64
"""Texts up to this length (words, synonyms, short phrases) keep their tokens; longer ones, which a
visitor can vary at will, are analysed each time, so the kept tokens stay a few megabytes at most."""


def tokens(name: str, text: str) -> tuple[Token, ...]:
    """The tokens (text and position) that analyzer `name` makes of `text`.

    Kept for the words and synonyms that queries repeat: one search analyses each of its words
    and each synonym of them several times over, and every call crosses into tantivy."""
    if len(text) <= KEPT_TEXT_CHARS:
        return _kept_tokens(name, text)
    return tuple(analyzer(name).pre_tokenize(text).tokens)


@functools.lru_cache(maxsize=8192)
def _kept_tokens(name: str, text: str) -> tuple[Token, ...]:
    return tuple(analyzer(name).pre_tokenize(text).tokens)


def query_parts(text: str) -> tuple[Token, ...]:
    """The DUTCH_PARTS tokens of what a citizen typed, without the lone "s" of a word that splits into
    more: "boetes" is asked as "boete" (which also finds "parkeerboete" and "boetes"), and
    "veiligheidscamera" as veiligheid + camera, whose pair the index holds too. Meilisearch's query
    words leave lone letters out likewise."""
    parts = tokens(DUTCH_PARTS, text)
    # a lone "s" stays only where nothing else stands at its position, so nothing is ever asked as nothing
    shared = {token.position for token in parts if token.text != "s"}
    return tuple(token for token in parts if token.text != "s" or token.position not in shared)


@functools.cache
def _stop_words() -> TextAnalyzer:
    return TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.lowercase()).filter(Filter.stopword("dutch")).build()


def is_stop_word(word: str) -> bool:
    """True for Dutch function words such as "de", "van" and "voor" (tantivy's Dutch list)."""
    return not _stop_words().analyze(word)


def neighbour_pairs(stream: Sequence[Token]) -> list[str]:
    """Each two neighbouring tokens as one term, once per occurrence: two parts of one compound (same
    position, in alphabetical order, joined by "+") and a token with each token of the next position
    (joined by a space).

    A text holds a phrase of two tokens exactly when it holds their pair, and a longer phrase only
    if it holds all its pairs; so indexed, a phrase is looked up like a word instead of reading the
    positions of its words in every entry that has them all (Elasticsearch's `index_phrases`)."""
    by_position: dict[int, list[str]] = {}
    for token in stream:
        by_position.setdefault(token.position, []).append(token.text)
    pairs: list[str] = []
    for position, here in by_position.items():
        ordered = sorted(here)
        pairs += [f"{a}+{b}" for i, a in enumerate(ordered) for b in ordered[i + 1:]]
        pairs += [f"{a} {b}" for a in here for b in by_position.get(position + 1, ())]
    return pairs


def text_pairs(texts: Iterable[str]) -> list[str]:
    """The neighbour pairs of each text as the compound-splitting analyzer reads it; none spans two texts."""
    found: list[str] = []
    for text in texts:
        found += neighbour_pairs(analyzer(DUTCH_PARTS).pre_tokenize(text).tokens)
    return found
