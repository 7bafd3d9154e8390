"""The curated synonym list (data/synonyms.yaml): words, abbreviations and phrases for one thing.

Members are compared by their key: the words as the index sees them (folded, stemmed), without
stop words and lone letters, as the query parser leaves them out too. So "nummerplaten" finds
the group of "nummerplaat", and "Wet openbaarheid van bestuur" is matched without "van".
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterator, Sequence
from importlib import resources

import msgspec

from search.analysis import DUTCH, FOLDED, is_stop_word, tokens
from search.query_parser import Clause

_VERSION = re.compile(r"\d+\.\d+\.\d+")

SYNONYM_WEIGHT = 0.8
"""An entry found through a synonym scores this share of what the word itself would score, in every
backend."""


class SynonymList(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    version: str
    date: datetime.date
    groups: list[list[str]]


@functools.cache
def synonym_list() -> SynonymList:
    """The list as shipped (data/synonyms.yaml)."""
    return parse_synonyms(resources.files(__package__).joinpath("data", "synonyms.yaml").read_bytes())


def parse_synonyms(raw: bytes) -> SynonymList:
    """A synonym list, checked: a semantic version, groups of two or more, a member in one group only."""
    try:
        synonyms = msgspec.yaml.decode(raw, type=SynonymList)
    except msgspec.ValidationError as error:
        raise ValueError(f"synonyms.yaml: {error}") from error
    if not _VERSION.fullmatch(synonyms.version):
        raise ValueError(f"synonyms.yaml: version {synonyms.version!r} is not major.minor.patch")
    owner: dict[tuple[str, ...], int] = {}
    for number, group in enumerate(synonyms.groups):
        if len(group) < 2:
            raise ValueError(f"synonyms.yaml: group {group} needs at least two members")
        for member in group:
            key = phrase_key(member)
            if not key:
                raise ValueError(f"synonyms.yaml: {member!r} in {group} has no words to search for")
            if owner.setdefault(key, number) != number:
                raise ValueError(f"synonyms.yaml: {member!r} is in two groups: {synonyms.groups[owner[key]]}, {group}")
    return synonyms


def synonym_groups() -> list[list[str]]:
    """The groups as written in the list (a copy: the list itself is cached)."""
    return [list(group) for group in synonym_list().groups]


def synonyms_version() -> str:
    return synonym_list().version


@functools.lru_cache(maxsize=4096)  # keyed by what visitors type: bounded
def phrase_key(text: str) -> tuple[str, ...]:
    """The words of `text` as synonyms are matched: folded and stemmed, without stop words and lone letters."""
    words = [token.text for token in tokens(FOLDED, text)]
    kept = [word for word in words if len(word) > 1 and not is_stop_word(word)] or words
    return tuple(stem.text for word in kept for stem in tokens(DUTCH, word))


@functools.cache
def _groups_by_key() -> dict[tuple[str, ...], tuple[str, ...]]:
    return {phrase_key(member): tuple(group) for group in synonym_list().groups for member in group}


@functools.cache
def longest_synonym() -> int:
    """The most words a member has: no longer run of query words can be a synonym."""
    return max(len(key) for key in _groups_by_key())


def expansions(text: str) -> tuple[str, ...]:
    """The other members of the group of this word or phrase, as written in the list; () if it has none."""
    key = phrase_key(text)
    group = _groups_by_key().get(key, ())
    return tuple(member for member in group if phrase_key(member) != key)


def synonym_runs(
    groups: Sequence[Sequence[Clause]],
) -> Iterator[tuple[Sequence[Sequence[Clause]], tuple[str, ...]]]:
    """A query's required groups with the other members of the synonym its words form: consecutive
    one-word groups that together are a member of the list ("basisregistratie personen") come as one
    run, the longest first; any other group comes alone, with (). Only words that are alone in their
    group can form a run ("basisregistratie OR register personen" forms none)."""
    start = 0
    while start < len(groups):
        for length in range(min(longest_synonym(), len(groups) - start), 1, -1):
            run = groups[start : start + length]
            if all(len(group) == 1 for group in run):
                members = expansions(" ".join(word for group in run for word in group[0].words))
                if members:
                    yield run, members
                    start += length
                    break
        else:
            yield groups[start : start + 1], ()
            start += 1
