"""The selection list 2020 as shipped reference data and the retention rules (ARCHIVING.md §3–5)."""

from __future__ import annotations

from datetime import date
from importlib import resources
from typing import Any

import msgspec
import pytest

from publisher.demo import load_demo_entries
from schemas.entry import EntryContent
from schemas.enums import Appraisal, EntryKind, ProcessTerm, PublicationCategory
from schemas.retention import (
    RetentionDecisionInput,
    RetentionPeriod,
    RetentionPeriodError,
    add_period,
    decision_problems,
    end_date,
    month_end,
    normalise_period,
    parse_retention_period,
    proposed_result_number,
    proposed_trigger_date,
)
from schemas.selection_list import SelectionResult, number_key, selectable_results, selection_list
from tests.conftest import REFERENCE

B, V, N = Appraisal.KEEP, Appraisal.DESTROY, Appraisal.UNDECIDED
TODAY = date(2026, 6, 1)


# --- the reference data -------------------------------------------------------------------------


def test_shipped_fixtures_are_unchanged_copies_of_the_reference_folder() -> None:
    shipped = resources.files("schemas.data").joinpath("selectielijst-2020")
    for name in ("resultaten.json", "procestypen.json"):
        assert shipped.joinpath(name).read_bytes() == (REFERENCE / "selectielijst-2020" / name).read_bytes()


def test_counts_match_archiving_chapter() -> None:
    results = selection_list().results
    assert len(results) == 346
    assert sum(1 for r in results if len(r.number.split(".")) == 3) == 252  # a generic parent
    assert sum(1 for r in results if r.appraisal is B) == 89
    assert [r.number for r in results if r.withdrawn] == ["7.1.20", "19.1.13"]
    assert sum(1 for r in results if r.retention_period is None) == 91
    assert {r.process_type_number for r in results} == set(range(1, 30))
    assert len(selectable_results()) == 344


def test_list_identity_and_lookups() -> None:
    listed = selection_list()
    assert (listed.name, listed.year) == ("Selectielijst gemeenten en intergemeentelijke organen", 2020)
    assert "11143" in listed.source
    assert listed is selection_list()  # read once
    result = listed.by_number("2.1.2")
    assert result is not None
    assert listed.by_uuid(result.uuid) is result
    assert listed.by_uuid(result.uuid.upper()) is result
    assert listed.by_number("2.1.9") is None
    assert listed.by_uuid("00000000-0000-0000-0000-000000000000") is None
    assert listed.reference().year == 2020


def test_numbers_are_built_from_process_type_and_generic_parent() -> None:
    result = selection_list().by_number("19.1.22")
    assert result is not None
    assert (result.process_type_number, result.process_type_name) == (
        19, "Secretariaat voeren en gegevens administreren / verwerken")
    assert result.name == "Verwerkt"
    assert result.description == "Scans kentekens (waarbij een boete is opgelegd)"


def listed(number: str) -> SelectionResult:
    result = selection_list().by_number(number)
    assert result is not None, number
    return result


def test_labels_for_pick_lists() -> None:
    assert listed("2.1.2").label == (
        "2.1.2 Vastgesteld – Algoritme met ingrijpend maatschappelijk effect en/of complexe structuur")
    assert listed("2.1").label == "2.1 Vastgesteld"


def test_selectable_results_are_sorted_numerically_and_leave_out_withdrawn() -> None:
    numbers = [r.number for r in selectable_results()]
    assert numbers == sorted(numbers, key=number_key)
    assert numbers.index("19.1.9") < numbers.index("19.1.10")
    assert numbers.index("9.1") < numbers.index("10.1")
    assert "7.1.20" not in numbers
    assert "19.1.13" not in numbers


def test_withdrawn_results_carry_no_appraisal() -> None:
    for number in ("7.1.20", "19.1.13"):
        result = selection_list().by_number(number)
        assert result is not None
        assert result.withdrawn
        assert result.appraisal is None
        assert result.description.startswith("Vervallen")


@pytest.mark.parametrize(
    ("number", "appraisal", "period", "process_term"),
    [
        ("2.1.2", B, None, None),
        ("2.1", V, "P10Y", ProcessTerm.LIFETIME),
        ("2.1.1", B, None, None),
        ("2.2", V, "P5Y", ProcessTerm.NIHIL),
        ("2.3", V, "P10Y", ProcessTerm.NIHIL),
        ("2.3.1", B, None, None),
        ("2.4", V, "P1Y", ProcessTerm.NIHIL),
        ("4.1", V, "P10Y", ProcessTerm.NIHIL),
        ("4.1.1", B, None, None),
        ("4.1.3", V, "P5Y", ProcessTerm.NIHIL),
        ("12.1.9", V, "P28D", ProcessTerm.NIHIL),
        ("13.1", V, "P5Y", ProcessTerm.NIHIL),
        ("13.1.3", B, None, None),
        ("16.1", V, "P10Y", ProcessTerm.LIFETIME),
        ("16.1.2", B, None, None),
        ("19.1.4", B, None, None),
        ("19.1.6", B, None, None),
        ("19.1.14", B, None, None),
        ("19.1.18", B, None, None),
        ("19.1.22", V, "P91D", ProcessTerm.NIHIL),
        ("19.2.1", V, "P0D", ProcessTerm.NIHIL),
        ("19.1.24", V, "P6M", ProcessTerm.NIHIL),
        ("20.1.2", B, None, None),
        ("20.1.5", V, "P5Y", ProcessTerm.NIHIL),
        ("20.1.7", V, "P1Y", ProcessTerm.LIFETIME),
        ("24.1.2", B, None, None),
    ],
)
def test_archiving_table_4_2_matches_the_data(
    number: str, appraisal: Appraisal, period: str | None, process_term: ProcessTerm | None
) -> None:
    result = selection_list().by_number(number)
    assert result is not None
    assert (result.appraisal, result.retention_period, result.process_term) == (appraisal, period, process_term)
    assert not result.withdrawn


def test_every_listed_period_parses() -> None:
    for result in selection_list().results:
        if result.retention_period is not None:
            assert normalise_period(result.retention_period) == result.retention_period


# --- periods and calendar arithmetic ------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "trigger", "period", "expected"),
    [
        ("algorithm under 2.1, out of use June 2025", month_end("2025-06"), "P10Y", date(2035, 6, 30)),
        ("licence-plate scan with a fine (19.1.22)", date(2024, 3, 1), "P91D", date(2024, 5, 31)),
        ("camera image (12.1.9)", date(2024, 1, 10), "P28D", date(2024, 2, 7)),
        ("login record (19.1.24)", date(2024, 8, 31), "P6M", date(2025, 2, 28)),
        ("leap day plus one year and six months", date(2024, 2, 29), "P1Y6M", date(2025, 8, 29)),
        ("leap day plus one year", date(2024, 2, 29), "P1Y", date(2025, 2, 28)),
        ("scan without a fine (19.2.1)", date(2024, 3, 1), "P0D", date(2024, 3, 1)),
        ("open dataset withdrawn (20.1.7)", date(2026, 1, 15), "P1Y", date(2027, 1, 15)),
    ],
)
def test_worked_examples_of_5_3(case: str, trigger: date, period: str, expected: date) -> None:
    assert add_period(trigger, period) == expected, case
    assert end_date(V, period, trigger) == expected, case


def test_first_worked_example_takes_its_trigger_from_the_national_month() -> None:
    assert month_end("2025-06") == date(2025, 6, 30)


@pytest.mark.parametrize(
    ("start", "period", "expected"),
    [
        (date(2025, 1, 31), "P1M", date(2025, 2, 28)),
        (date(2024, 1, 31), "P1M", date(2024, 2, 29)),
        (date(2025, 3, 31), "P1M", date(2025, 4, 30)),
        (date(2025, 1, 31), "P1M1D", date(2025, 3, 1)),  # months first, then days
        (date(2025, 11, 30), "P3M", date(2026, 2, 28)),  # across a year end
        (date(2024, 2, 29), "P4Y", date(2028, 2, 29)),
        (date(2025, 12, 31), "P2W", date(2026, 1, 14)),
    ],
)
def test_months_clamp_to_the_last_day(start: date, period: str, expected: date) -> None:
    assert add_period(start, period) == expected


def test_add_period_takes_a_parsed_period() -> None:
    assert add_period(date(2024, 1, 1), RetentionPeriod(years=1, days=1)) == date(2025, 1, 2)


def test_add_period_beyond_the_calendar_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="kalender"):
        add_period(date(2024, 1, 1), "P9000Y")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P10Y", RetentionPeriod(years=10)),
        ("P1Y6M", RetentionPeriod(years=1, months=6)),
        ("P91D", RetentionPeriod(days=91)),
        ("P0D", RetentionPeriod()),
        ("P1Y2M3D", RetentionPeriod(years=1, months=2, days=3)),
        ("P2W", RetentionPeriod(days=14)),
        ("P1W3D", RetentionPeriod(days=10)),
    ],
)
def test_parse_valid_periods(text: str, expected: RetentionPeriod) -> None:
    assert parse_retention_period(text) == expected


@pytest.mark.parametrize("text", ["PT1H", "P1.5Y", "P1,5Y", "P-1Y", "P", "1Y", "P1D1Y", "P1Y1Y", "p1y", " P1Y",
                                  "P1YT", "P1H", "", "P١Y"])
def test_parse_rejects(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_retention_period(text)
    assert isinstance(caught.value, RetentionPeriodError)
    assert caught.value.message.startswith("ongeldige bewaartermijn")
    assert caught.value.message_en.startswith("invalid retention period")


def test_rejection_names_the_reason() -> None:
    with pytest.raises(RetentionPeriodError, match="uren, minuten en seconden"):
        parse_retention_period("PT1H")
    with pytest.raises(RetentionPeriodError, match="hele getallen"):
        parse_retention_period("P1.5Y")
    with pytest.raises(RetentionPeriodError, match="negative periods"):
        parse_retention_period("P-1Y")


@pytest.mark.parametrize(
    ("text", "expected"), [("P2W", "P14D"), ("P1W3D", "P10D"), ("P1Y0M", "P1Y"), ("P0Y", "P0D"), ("P6M", "P6M")]
)
def test_normalise_period(text: str, expected: str) -> None:
    assert normalise_period(text) == expected


@pytest.mark.parametrize(("month", "expected"), [("2024-02", date(2024, 2, 29)), ("2025-02", date(2025, 2, 28)),
                                                 ("2025-12", date(2025, 12, 31)), ("2025-04", date(2025, 4, 30))])
def test_month_end(month: str, expected: date) -> None:
    assert month_end(month) == expected


@pytest.mark.parametrize("month", ["2025-13", "2025-6", "2025-06-01", "juni 2025", ""])
def test_month_end_rejects(month: str) -> None:
    with pytest.raises(ValueError, match="JJJJ-MM"):
        month_end(month)


# --- trigger dates and end dates for every kind of process term ---------------------------------

CLOSED = date(2026, 3, 10)


def trigger(process_term: ProcessTerm | None, **given: Any) -> date | None:
    sources: dict[str, Any] = {"national_end_date": None, "active_until": None, "out_of_use_since": None,
                               "closed_at": CLOSED, "today": TODAY}
    return proposed_trigger_date(process_term, **(sources | given))


def test_nihil_starts_at_closing() -> None:
    assert trigger(ProcessTerm.NIHIL, national_end_date="2025-06") == CLOSED
    assert end_date(V, "P5Y", trigger(ProcessTerm.NIHIL)) == date(2031, 3, 10)
    assert trigger(ProcessTerm.NIHIL, closed_at=None) is None


def test_merged_with_the_term_starts_at_closing() -> None:
    assert trigger(ProcessTerm.MERGED, active_until=date(2025, 1, 1)) == CLOSED
    assert end_date(V, "P7Y", trigger(ProcessTerm.MERGED)) == date(2033, 3, 10)
    assert trigger(ProcessTerm.MERGED, closed_at=None) is None


def test_lifetime_prefers_the_national_end_month() -> None:
    found = trigger(ProcessTerm.LIFETIME, national_end_date="2025-06", active_until=date(2025, 1, 1),
                    out_of_use_since=date(2025, 3, 3))
    assert found == date(2025, 6, 30)
    assert end_date(V, "P10Y", found) == date(2035, 6, 30)


def test_lifetime_then_active_until_once_it_has_passed() -> None:
    found = trigger(ProcessTerm.LIFETIME, active_until=date(2025, 12, 31), out_of_use_since=date(2026, 2, 1))
    assert found == date(2025, 12, 31)
    assert end_date(V, "P1Y", found) == date(2026, 12, 31)


def test_lifetime_ignores_active_until_still_to_come() -> None:
    assert trigger(ProcessTerm.LIFETIME, active_until=TODAY, out_of_use_since=date(2026, 2, 1)) == date(2026, 2, 1)
    assert trigger(ProcessTerm.LIFETIME, active_until=date(2027, 4, 30)) is None


def test_lifetime_then_the_date_it_went_out_of_use() -> None:
    found = trigger(ProcessTerm.LIFETIME, out_of_use_since=date(2026, 1, 15))
    assert found == date(2026, 1, 15)
    assert end_date(V, "P1Y", found) == date(2027, 1, 15)


def test_lifetime_without_any_source_has_no_trigger_and_no_end_date() -> None:
    assert trigger(ProcessTerm.LIFETIME) is None
    assert end_date(V, "P10Y", None) is None


@pytest.mark.parametrize("process_term", [ProcessTerm.ESTIMATED_LIFETIME, ProcessTerm.FIXED_DATE])
def test_estimated_lifetime_and_fixed_date_are_entered_by_hand(process_term: ProcessTerm) -> None:
    assert trigger(process_term, national_end_date="2025-06", active_until=date(2025, 1, 1),
                   out_of_use_since=date(2025, 3, 3)) is None
    entered = date(2030, 5, 31)
    assert end_date(V, "P5Y", entered) == date(2035, 5, 31)


def test_permanent_results_have_no_process_term_and_no_end_date() -> None:
    assert trigger(None, national_end_date="2025-06") is None
    assert end_date(B, None, date(2025, 6, 30)) is None
    assert end_date(B, "P10Y", date(2025, 6, 30)) is None


def test_undecided_and_incomplete_decisions_have_no_end_date() -> None:
    assert end_date(N, "P10Y", date(2025, 6, 30)) is None
    assert end_date(V, None, date(2025, 6, 30)) is None
    assert end_date(V, "P10Y", None) is None


def test_every_process_term_is_covered() -> None:
    covered = {ProcessTerm.NIHIL, ProcessTerm.MERGED, ProcessTerm.LIFETIME, ProcessTerm.ESTIMATED_LIFETIME,
               ProcessTerm.FIXED_DATE}
    assert covered == set(ProcessTerm)


# --- the decision record ------------------------------------------------------------------------


def decision(**given: Any) -> RetentionDecisionInput:
    fields: dict[str, Any] = {"result_number": "2.1", "appraisal": V, "retention_period": "P10Y",
                              "process_term": ProcessTerm.LIFETIME, "trigger": "algoritme buiten gebruik",
                              "trigger_date": None, "motivation": "Gewoon algoritme, profiel 3."}
    return RetentionDecisionInput(**(fields | given))


def problems_for(made: RetentionDecisionInput) -> list[tuple[str, str]]:
    result = selection_list().by_number(made.result_number) if made.result_number else None
    found = decision_problems(made, result)
    for problem in found:
        assert problem.message and problem.message_en
    return [(problem.field, problem.severity) for problem in found]


def test_a_decision_following_its_result_has_no_problems() -> None:
    assert problems_for(decision()) == []
    assert problems_for(decision(result_number="2.1.2", appraisal=B, retention_period=None,
                                 process_term=None)) == []


def test_v_without_period_is_an_error() -> None:
    assert problems_for(decision(retention_period=None)) == [("retention_period", "error")]


def test_b_with_period_is_an_error() -> None:
    assert problems_for(decision(result_number="2.1.2", appraisal=B, retention_period="P10Y",
                                 process_term=None)) == [("retention_period", "error")]


def test_n_is_allowed() -> None:
    assert problems_for(decision(result_number=None, appraisal=N, retention_period=None, process_term=None)) == []
    assert problems_for(decision(appraisal=N)) == []


def test_invalid_period_is_an_error() -> None:
    assert problems_for(decision(retention_period="P10J")) == [("retention_period", "error")]
    assert problems_for(decision(retention_period="PT1H")) == [("retention_period", "error")]


def test_unknown_result_is_an_error() -> None:
    assert problems_for(decision(result_number="2.1.9")) == [("result_number", "error")]


def test_withdrawn_result_is_an_error() -> None:
    assert problems_for(decision(result_number="19.1.13")) == [("result_number", "error")]
    assert problems_for(decision(result_number="7.1.20")) == [("result_number", "error")]


def test_result_that_does_not_match_the_number_is_an_error() -> None:
    other = selection_list().by_number("2.2")
    assert [p.field for p in decision_problems(decision(), other)] == ["result_number"]


def test_deviating_period_is_a_warning() -> None:
    assert problems_for(decision(retention_period="P20Y")) == [("retention_period", "warning")]
    problem = decision_problems(decision(retention_period="P20Y"), selection_list().by_number("2.1"))[0]
    assert "P20Y" in problem.message and "P10Y" in problem.message and "motivering" in problem.message


def test_same_period_written_differently_is_no_deviation() -> None:
    assert problems_for(decision(result_number="12.1.9", retention_period="P4W", process_term=ProcessTerm.NIHIL)) == []


def test_deviating_appraisal_is_a_warning() -> None:
    assert problems_for(decision(result_number="2.1.2")) == [("appraisal", "warning")]
    assert problems_for(decision(appraisal=B, retention_period=None, process_term=None)) == [("appraisal", "warning")]


def test_deviating_process_term_is_a_warning() -> None:
    assert problems_for(decision(process_term=ProcessTerm.NIHIL)) == [("process_term", "warning")]


def test_motivation_is_required() -> None:
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert({"result_number": None, "appraisal": "N", "retention_period": None, "process_term": None,
                         "trigger": None, "trigger_date": None, "motivation": ""}, RetentionDecisionInput)
    assert problems_for(decision(motivation="   ")) == [("motivation", "error")]


def test_decision_input_decodes_strictly() -> None:
    body = {"result_number": "19.1.22", "appraisal": "V", "retention_period": "P91D", "process_term": "nihil",
            "trigger": "zaak gesloten", "trigger_date": "2024-03-01", "motivation": "Scanauto, met boete.",
            "impact_profiles": ["personal"], "scope": "gegevensfase: verwerkte scans"}
    made = msgspec.json.decode(msgspec.json.encode(body), type=RetentionDecisionInput)
    assert made.trigger_date == date(2024, 3, 1)
    assert problems_for(made) == []
    with pytest.raises(msgspec.ValidationError, match="unknown field"):
        msgspec.convert(body | {"end_date": "2024-05-31"}, RetentionDecisionInput)
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert(body | {"scope": "x" * 201}, RetentionDecisionInput)


# --- proposals per entry kind, on the demo register ---------------------------------------------


def demo_contents() -> list[EntryContent]:
    return [entry.versions[-1].content for entry in load_demo_entries()]


def expected_proposal(content: EntryContent) -> str:
    if content.kind is EntryKind.DATASET:
        return "20.1.7"
    if content.kind is EntryKind.ALGORITHM and content.publication_category in (
        PublicationCategory.HIGH_RISK_AI, PublicationCategory.IMPACTFUL
    ):
        return "2.1.2"
    return "2.1"


def test_proposals_per_entry_kind_on_demo_content() -> None:
    contents = demo_contents()
    assert {content.kind for content in contents} == set(EntryKind)
    for content in contents:
        proposal = proposed_result_number(content)
        assert proposal == expected_proposal(content), content.name
        result = selection_list().by_number(proposal)
        assert result is not None and not result.withdrawn


@pytest.mark.parametrize(
    ("name_start", "proposal"),
    [
        ("Risicogestuurde controle bijstandsaanvragen", "2.1.2"),  # Hoog-risico AI-systeem
        ("WOZ-waarde bepalen", "2.1.2"),  # Impactvolle algoritmes
        ("Route-optimalisatie afvalinzameling", "2.1"),  # Overige algoritmes
        ("Warmtefoto's van daken", "2.1"),  # out of use after a normal life
        ("Bomen in Voorbeeldstad", "20.1.7"),  # dataset
        ("Cameratoezicht in de openbare ruimte", "2.1"),  # data collection: the archivist decides
    ],
)
def test_proposal_for_named_demo_entries(name_start: str, proposal: str) -> None:
    (content,) = [c for c in demo_contents() if c.name.startswith(name_start)]
    assert proposed_result_number(content) == proposal


def test_demo_archive_decisions_name_selectable_results() -> None:
    for content in demo_contents():
        if content.archive is None or content.archive.result_number is None:
            continue
        result: SelectionResult | None = selection_list().by_number(content.archive.result_number)
        assert result is not None and not result.withdrawn, content.name
