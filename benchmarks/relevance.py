"""How well search finds what citizens mean: nDCG@10, recall@10 and MRR on the demo register.

    .venv/bin/python -m benchmarks.relevance [--backend embedded|meilisearch] [--json] [--record-baseline]

Loads the demo register into a temporary SQLite register (with the demo archivist's work, so the
destroyed entry is gone, as on a real site), indexes it with the chosen backend and runs every
judged query of tests/relevance_judgements.yaml. `--backend meilisearch` needs
GLAZENSTAD_MEILISEARCH_URL; the demo replaces what its index holds, which is the index
"glazenstad-relevance" unless GLAZENSTAD_MEILISEARCH_INDEX names another.

The figures look at the first ten results of each query. A result has the grade its judgement gives
it (3 exactly what was meant, 2 clearly relevant, 1 related) and 0 when it is not judged.
- nDCG@10: DCG is the sum over ranks i = 1..10 of (2^grade − 1) / log2(i + 1); nDCG divides it
  by the DCG of the ideal order of that query's judgements, so 1.0 is the best order possible.
- recall@10: the share of the entries judged relevant (grade ≥ 1) that are among the first ten.
- MRR: 1 / the rank of the first result with grade ≥ 2, or 0 when none is among the first ten.
- A `no_results` query should find nothing: each of its figures is 1.0 when the search returns
  no result at all, and 0 when it returns anything.
Results with the same score are in no particular order: the embedded engine scores typo matches
as a constant, and their order changes from one index build to the next. Each figure is therefore
the mean over every order of tied results, which makes it the same on every run.
A kind's figure is the mean over its queries; the overall figure is the mean over all queries.

`--record-baseline` writes the embedded backend's nDCG@10 to tests/relevance_baseline.json, the
floor that tests/test_relevance.py holds the engine to.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import msgspec

from publisher.demo import load_demo
from publisher.services import Services, open_services
from publisher.settings import Settings
from search import SearchBackend, SearchHit, SearchQuery

TESTS = Path(__file__).resolve().parents[1] / "tests"
JUDGEMENTS = TESTS / "relevance_judgements.yaml"
BASELINE = TESTS / "relevance_baseline.json"
KINDS = ("plain", "compound_part", "typo", "synonym", "stem", "phrase", "operator", "no_results")
DEPTH = 10
FETCHED = 100
GRADES = (1, 2, 3)
FIRST_GOOD_GRADE = 2
"""MRR counts the first result at least this relevant."""
BACKENDS = ("embedded", "meilisearch")


class JudgedQuery(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    query: str
    kind: str
    meant: str
    grades: dict[str, int] = {}
    """Entry name (or id) → grade; empty for a `no_results` query."""


class Figures(msgspec.Struct, frozen=True):
    queries: int
    ndcg_at_10: float
    recall_at_10: float
    mrr: float


class QueryScore(msgspec.Struct, frozen=True):
    query: str
    kind: str
    ndcg_at_10: float
    recall_at_10: float
    mrr: float
    found: list[str]
    """Names of the first ten results."""
    missed: list[str]
    """Names of the entries judged 2 or 3 that are not among the first ten."""


def load_judgements(path: Path = JUDGEMENTS) -> list[JudgedQuery]:
    judgements = msgspec.yaml.decode(path.read_bytes(), type=list[JudgedQuery])
    wrong = [j.query for j in judgements if j.kind not in KINDS or set(j.grades.values()) - set(GRADES)]
    if wrong:
        raise ValueError(f"{path.name}: unknown kind or a grade outside {GRADES} for {wrong}")
    return judgements


def entry_names(services: Services) -> dict[str, str]:
    """Entry id → name of every entry the public register shows."""
    with services.published() as register:
        return {version.entry_id: version.content.name for version in register.current_versions()}


def unknown_entries(judgements: Sequence[JudgedQuery], names: Mapping[str, str]) -> list[str]:
    """Judged names (or ids) that are not entries of the public register."""
    known = set(names) | set(names.values())
    return sorted({entry for judged in judgements for entry in judged.grades if entry not in known})


def tied_groups(hits: Sequence[SearchHit]) -> list[list[str]]:
    """The ids of the hits in rank order, with hits of the same positive score in one group.

    The engine's order among equal scores is arbitrary and can change with every index build; a
    backend that reports no scores (all 0) keeps its order.
    """
    groups: list[list[str]] = []
    previous = 0.0
    for hit in hits:
        if groups and hit.score > 0 and math.isclose(hit.score, previous, rel_tol=1e-6):
            groups[-1].append(hit.id)
        else:
            groups.append([hit.id])
        previous = hit.score
    return groups


def _placed(groups: Sequence[Sequence[str]]) -> Iterator[tuple[int, Sequence[str]]]:
    """Each group with the rank of its first member."""
    rank = 1
    for group in groups:
        yield rank, group
        rank += len(group)


def expected_dcg(groups: Sequence[Sequence[str]], grades: Mapping[str, int]) -> float:
    """DCG@10, each rank taking the mean gain of the tied group that holds it."""
    total = 0.0
    for first, group in _placed(groups):
        gain = statistics.fmean(2 ** grades.get(entry, 0) - 1 for entry in group)
        total += sum(gain / math.log2(rank + 1) for rank in range(first, min(first + len(group), DEPTH + 1)))
    return total


def expected_relevant_shown(groups: Sequence[Sequence[str]], grades: Mapping[str, int]) -> float:
    """How many judged-relevant entries are among the first ten, a tied group crossing rank 10 pro rata."""
    total = 0.0
    for first, group in _placed(groups):
        shown = max(0, min(len(group), DEPTH + 1 - first)) / len(group)
        total += shown * sum(1 for entry in group if grades.get(entry, 0) >= 1)
    return total


def expected_reciprocal_rank(groups: Sequence[Sequence[str]], grades: Mapping[str, int]) -> float:
    """1 / rank of the first result graded 2 or more, averaged over the orders of its tied group."""
    for first, group in _placed(groups):
        good = sum(1 for entry in group if grades.get(entry, 0) >= FIRST_GOOD_GRADE)
        if good:
            # the chance that the first good one is at offset j of the group, for a random order
            orders = math.comb(len(group), good)
            return sum(
                math.comb(len(group) - 1 - offset, good - 1) / orders / (first + offset)
                for offset in range(len(group) - good + 1)
                if first + offset <= DEPTH
            )
    return 0.0


def score_query(judged: JudgedQuery, groups: Sequence[Sequence[str]], names: Mapping[str, str]) -> QueryScore:
    """The figures of one query, given its results in rank order as groups of tied ids (see tied_groups)."""
    ranked = [entry for group in groups for entry in group]
    found = [names.get(entry, entry) for entry in ranked[:DEPTH]]
    if judged.kind == "no_results":
        figure = 0.0 if ranked else 1.0
        return QueryScore(judged.query, judged.kind, figure, figure, figure, found, [])
    ids = {name: entry for entry, name in names.items()}
    grades = {ids.get(entry, entry): grade for entry, grade in judged.grades.items()}
    ideal = expected_dcg([[entry] for entry in sorted(grades, key=grades.__getitem__, reverse=True)], grades)
    shown = set(ranked[:DEPTH])
    missed = [names.get(e, e) for e, grade in grades.items() if grade >= FIRST_GOOD_GRADE and e not in shown]
    return QueryScore(
        judged.query,
        judged.kind,
        ndcg_at_10=expected_dcg(groups, grades) / ideal if ideal else 0.0,
        recall_at_10=expected_relevant_shown(groups, grades) / len(grades) if grades else 0.0,
        mrr=expected_reciprocal_rank(groups, grades),
        found=found,
        missed=missed,
    )


def evaluate(backend: SearchBackend, judgements: Sequence[JudgedQuery], names: Mapping[str, str]) -> list[QueryScore]:
    scores = []
    for judged in judgements:
        # more than ten, so that a tied group crossing rank 10 is known whole
        result = backend.search(SearchQuery(text=judged.query, limit=FETCHED))
        scores.append(score_query(judged, tied_groups(result.hits), names))
    return scores


def summarise(scores: Sequence[QueryScore]) -> dict[str, Figures]:
    """Figures per kind (in KINDS order, kinds without queries left out) and "overall"."""
    groups = {kind: [s for s in scores if s.kind == kind] for kind in KINDS}
    groups = {kind: group for kind, group in groups.items() if group}
    groups["overall"] = list(scores)
    return {
        kind: Figures(
            queries=len(group),
            ndcg_at_10=statistics.fmean(s.ndcg_at_10 for s in group),
            recall_at_10=statistics.fmean(s.recall_at_10 for s in group),
            mrr=statistics.fmean(s.mrr for s in group),
        )
        for kind, group in groups.items()
    }


def baseline_of(summary: Mapping[str, Figures], backend: str = "embedded") -> dict[str, object]:
    # rounded down, so that the figure just measured is never below its own floor
    floors = {kind: math.floor(figures.ndcg_at_10 * 10_000) / 10_000 for kind, figures in summary.items()}
    return {"backend": backend, "ndcg_at_10": floors}


def read_baseline(path: Path = BASELINE) -> dict[str, float]:
    """The recorded nDCG@10 per kind and overall."""
    recorded = json.loads(path.read_text("utf-8"))
    if recorded.get("backend") != "embedded":
        raise ValueError(f"{path.name} holds figures for {recorded.get('backend')!r}; the baseline is the embedded's")
    return {kind: float(value) for kind, value in recorded["ndcg_at_10"].items()}


@contextmanager
def demo_register(backend: str) -> Iterator[Services]:
    """The demo register in a temporary folder, indexed with `backend`."""
    # only the Meilisearch settings come from the environment: nothing else of a real register is touched
    environment = {key: value for key, value in os.environ.items() if key.startswith("GLAZENSTAD_MEILISEARCH_")}
    if backend == "meilisearch" and not environment.get("GLAZENSTAD_MEILISEARCH_URL"):
        raise SystemExit("--backend meilisearch needs GLAZENSTAD_MEILISEARCH_URL")
    # never the site's own index: rebuilding it with the demo would empty the register's search
    environment.setdefault("GLAZENSTAD_MEILISEARCH_INDEX", "glazenstad-relevance")
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        environment |= {
            "GLAZENSTAD_DATA_DIR": str(folder),
            "GLAZENSTAD_DATABASE_URL": f"sqlite:///{folder / 'demo.db'}",
            "GLAZENSTAD_SEARCH_BACKEND": backend,
            "GLAZENSTAD_SEARCH_INDEX_DIR": str(folder / "index"),
            "GLAZENSTAD_ARCHIVE_DIR": str(folder / "archief"),
        }
        services = open_services(Settings.from_env(environment))
        try:
            load_demo(services, actor="relevance benchmark")
            yield services
        finally:
            services.close()


def print_table(summary: Mapping[str, Figures], backend: str) -> None:
    print(f"backend {backend}, first {DEPTH} results")
    print(f"{'kind':<14} {'queries':>7} {'nDCG@10':>8} {'recall@10':>10} {'MRR':>6}")
    for kind, figures in summary.items():
        if kind == "overall":
            print("-" * 49)
        print(
            f"{kind:<14} {figures.queries:>7} {figures.ndcg_at_10:>8.3f} {figures.recall_at_10:>10.3f}"
            f" {figures.mrr:>6.3f}"
        )


def print_worst(scores: Sequence[QueryScore], count: int) -> None:
    worst = sorted(scores, key=lambda s: (s.ndcg_at_10, s.mrr, s.recall_at_10))[:count]
    if not worst:
        return
    print(f"\nworst {len(worst)} queries (nDCG@10, MRR)")
    for score in worst:
        print(f"  {score.ndcg_at_10:.3f} {score.mrr:.3f}  {score.kind:<13} {score.query}")
        print(f"        found:  {'; '.join(score.found[:5]) or '(nothing)'}")
        if score.missed:
            print(f"        missed: {'; '.join(score.missed)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=BACKENDS, default="embedded", help="search backend (default embedded)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--worst", type=int, default=10, help="how many of the worst queries to list (default 10)")
    parser.add_argument("--record-baseline", action="store_true", help=f"write the figures to {BASELINE.name}")
    arguments = parser.parse_args()
    if arguments.record_baseline and arguments.backend != "embedded":
        parser.error("the baseline is the embedded backend's: --record-baseline goes with --backend embedded")
    judgements = load_judgements()
    with demo_register(arguments.backend) as services:
        names = entry_names(services)
        unknown = unknown_entries(judgements, names)
        if unknown:
            raise SystemExit(f"{JUDGEMENTS.name} judges entries the demo register does not have: {unknown}")
        scores = evaluate(services.search, judgements, names)
    summary = summarise(scores)
    if arguments.json:
        figures = {
            "backend": arguments.backend,
            "depth": DEPTH,
            "kinds": {kind: msgspec.to_builtins(f) for kind, f in summary.items()},
            "queries": msgspec.to_builtins(scores),
        }
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        print_table(summary, arguments.backend)
        print_worst(scores, arguments.worst)
    if arguments.record_baseline:
        BASELINE.write_text(json.dumps(baseline_of(summary), indent=2) + "\n", "utf-8")
        if not arguments.json:
            print(f"\nrecorded nDCG@10 in {BASELINE}")


if __name__ == "__main__":
    main()
