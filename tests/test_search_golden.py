"""Golden search cases against the demo register (tests/search_cases.yaml), through the public API."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from litestar.testing import TestClient

CASES = yaml.safe_load((Path(__file__).parent / "search_cases.yaml").read_text("utf-8"))
FLAT = [(group, case) for group, cases in CASES.items() for case in cases]


@pytest.mark.parametrize(("group", "case"), FLAT, ids=[f"{g}:{c['woord']}" for g, c in FLAT])
def test_golden_search_case(demo_client: TestClient, group: str, case: dict) -> None:
    body = demo_client.get("/api/v1/search", params={"q": case["woord"], "limit": 50}).json()
    check_case(case, [item["name"] for item in body["items"]])


def check_case(case: dict, names: list[str]) -> None:
    """`names`, the first 50 results in order, answer the case (tests/test_search_backends.py uses this too)."""
    top = names[: case.get("top", 10)]
    missing = [name for name in case["expected"] if name not in top]
    assert not missing, f"{case['woord']!r}: missing {missing} in {top}"
    unwanted = [name for name in case.get("not_expected", []) if name in names]
    assert not unwanted, f"{case['woord']!r}: should not find {unwanted}"
    if case.get("exactly"):
        assert sorted(names) == sorted(case["expected"])


def test_the_cases_cover_every_kind_of_query() -> None:
    assert set(CASES) == {
        "combinaties", "zinnen", "spelfouten", "samenstellingen", "stammen", "weging", "concepten", "synoniemen"
    }
    assert len(FLAT) >= 20
