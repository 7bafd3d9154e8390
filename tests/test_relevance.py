"""Search relevance on the demo register may not fall below the recorded baseline (benchmarks/relevance.py).

After a change that improves search, record the new floor with
`.venv/bin/python -m benchmarks.relevance --record-baseline`.
"""

from __future__ import annotations

import math
from collections import Counter

import pytest

from benchmarks.relevance import (
    KINDS,
    JudgedQuery,
    entry_names,
    evaluate,
    load_judgements,
    read_baseline,
    score_query,
    summarise,
    unknown_entries,
)
from publisher.services import Services

TOLERANCE = 0.005
"""For float noise only: the figures are the same on every run (ties are averaged)."""
JUDGEMENTS = load_judgements()


def test_the_judged_set_is_large_and_covers_every_kind() -> None:
    counts = Counter(judged.kind for judged in JUDGEMENTS)
    assert len(JUDGEMENTS) >= 60
    assert {kind: counts[kind] for kind in KINDS if counts[kind] < 6} == {}
    assert [query for query, n in Counter(j.query.lower() for j in JUDGEMENTS).items() if n > 1] == []


def test_every_query_is_judged_as_its_kind_requires() -> None:
    # a no_results query has nothing to grade; any other needs an entry that is clearly relevant
    assert [j.query for j in JUDGEMENTS if j.kind == "no_results" and j.grades] == []
    assert [j.query for j in JUDGEMENTS if j.kind != "no_results" and max(j.grades.values(), default=0) < 2] == []


def test_every_judged_entry_is_in_the_demo_register(demo_services: Services) -> None:
    assert unknown_entries(JUDGEMENTS, entry_names(demo_services)) == []


def test_relevance_does_not_fall_below_the_baseline(demo_services: Services) -> None:
    summary = summarise(evaluate(demo_services.search, JUDGEMENTS, entry_names(demo_services)))
    baseline = read_baseline()
    assert set(baseline) == {*KINDS, "overall"}
    fallen = {
        kind: f"{summary[kind].ndcg_at_10:.4f} < {floor}"
        for kind, floor in baseline.items()
        if summary[kind].ndcg_at_10 < floor - TOLERANCE
    }
    assert not fallen, f"nDCG@10 fell below the baseline: {fallen} (see .venv/bin/python -m benchmarks.relevance)"


NAMES = {"a": "Alfa", "b": "Bravo", "c": "Charlie"}
LOG2_3 = math.log2(3)
IDEAL = (2**3 - 1) + (2**1 - 1) / LOG2_3
"""Alfa (grade 3) first, Bravo (grade 1) second."""


@pytest.mark.parametrize(
    ("groups", "ndcg", "recall", "mrr"),
    [
        ([["a"], ["b"], ["c"]], 1.0, 1.0, 1.0),
        ([["c"], ["a"]], (7 / LOG2_3) / IDEAL, 0.5, 0.5),
        # a and c tie: either may be first, so each of ranks 1 and 2 gains half of a's 7
        ([["a", "c"]], (3.5 + 3.5 / LOG2_3) / IDEAL, 0.5, 0.75),
        ([], 0.0, 0.0, 0.0),
    ],
)
def test_figures_of_one_query(groups: list[list[str]], ndcg: float, recall: float, mrr: float) -> None:
    judged = JudgedQuery(query="q", kind="plain", meant="", grades={"Alfa": 3, "Bravo": 1})
    score = score_query(judged, groups, NAMES)
    assert (score.ndcg_at_10, score.recall_at_10, score.mrr) == pytest.approx((ndcg, recall, mrr), abs=1e-3)


def test_a_no_results_query_scores_only_when_nothing_is_found() -> None:
    judged = JudgedQuery(query="q", kind="no_results", meant="")
    assert score_query(judged, [], NAMES).ndcg_at_10 == 1.0
    assert score_query(judged, [["c"]], NAMES).ndcg_at_10 == 0.0
