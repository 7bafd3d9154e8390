"""Retention rules: strict retention periods, calendar arithmetic, trigger and end dates (ARCHIVING.md §3–5).

Pure functions without a database, so the desk, the worklists and the exports compute the same dates."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Annotated

import msgspec
from msgspec import Meta

from schemas.entry import EntryContent
from schemas.enums import Appraisal, EntryKind, ImpactProfile, ProcessTerm, PublicationCategory
from schemas.problems import Problem
from schemas.selection_list import SelectionResult

_PERIOD = re.compile(r"P(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)W)?(?:([0-9]+)D)?")
_YEAR_MONTH = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")
_PERIOD_HELP = (
    "schrijf P met jaren (Y), maanden (M) en dagen (D) in die volgorde, in hele getallen, zoals P10Y, P6M of P28D",
    "write P with years (Y), months (M) and days (D) in that order, as whole numbers, such as P10Y, P6M or P28D",
)


class RetentionPeriodError(ValueError):
    """A retention period that is not a strict `PnYnMnD`; carries the reason in Dutch and English."""

    def __init__(self, message: str, message_en: str) -> None:
        self.message = message
        self.message_en = message_en
        super().__init__(f"{message} / {message_en}")


class RetentionPeriod(msgspec.Struct, frozen=True, kw_only=True):
    years: int = 0
    months: int = 0
    days: int = 0

    def isoformat(self) -> str:
        """The canonical text: zero parts left out, `P0D` for nothing at all."""
        parts = (f"{n}{unit}" for n, unit in ((self.years, "Y"), (self.months, "M"), (self.days, "D")) if n)
        return "P" + ("".join(parts) or "0D")

    def __str__(self) -> str:
        return self.isoformat()


def parse_retention_period(text: str) -> RetentionPeriod:
    """Read `PnYnMnD` strictly (§5.1 step 1). Weeks are accepted on input and become days,
    because `xsd:duration`, which MDTO uses, has no weeks."""
    found = _PERIOD.fullmatch(text)
    if found is None or not any(found.groups()):
        raise RetentionPeriodError(*_period_reason(text))
    years, months, weeks, days = (int(group or 0) for group in found.groups())
    return RetentionPeriod(years=years, months=months, days=7 * weeks + days)


def _period_reason(text: str) -> tuple[str, str]:
    if "T" in text:
        reason = ("uren, minuten en seconden zijn niet toegestaan", "hours, minutes and seconds are not allowed")
    elif "." in text or "," in text:
        reason = ("alleen hele getallen zijn toegestaan", "only whole numbers are allowed")
    elif "-" in text:
        reason = ("negatieve termijnen zijn niet toegestaan", "negative periods are not allowed")
    else:
        reason = _PERIOD_HELP
    return (f"ongeldige bewaartermijn {text!r}: {reason[0]}", f"invalid retention period {text!r}: {reason[1]}")


def normalise_period(text: str) -> str:
    """The canonical form of a valid period: `P2W` → `P14D`, `P1Y0M` → `P1Y`."""
    return parse_retention_period(text).isoformat()


def add_period(start: date, period: RetentionPeriod | str) -> date:
    """Add years and months on the calendar (a missing day becomes the month's last), then the days (§5.1)."""
    if isinstance(period, str):
        period = parse_retention_period(period)
    month_index = start.month - 1 + 12 * period.years + period.months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    try:
        day = min(start.day, calendar.monthrange(year, month)[1])
        return date(year, month, day) + timedelta(days=period.days)
    except (ValueError, OverflowError) as error:
        raise ValueError(
            f"{start.isoformat()} plus {period} valt buiten de kalender / "
            f"{start.isoformat()} plus {period} is beyond the calendar"
        ) from error


def month_end(year_month: str) -> date:
    """The last day of a national `YYYY-MM` month, so that nothing falls due early."""
    found = _YEAR_MONTH.fullmatch(year_month)
    if found is None:
        raise ValueError(f"ongeldige maand {year_month!r}, verwacht JJJJ-MM / invalid month {year_month!r}, "
                         "expected YYYY-MM")
    year, month = int(found.group(1)), int(found.group(2))
    return date(year, month, calendar.monthrange(year, month)[1])


class RetentionDecisionInput(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """What the archivist submits for one retention decision (§3)."""

    result_number: Annotated[str, Meta(pattern=r"^[0-9]+(\.[0-9]+){0,3}$")] | None
    appraisal: Appraisal
    retention_period: Annotated[str, Meta(max_length=50)] | None
    process_term: ProcessTerm | None
    trigger: Annotated[str, Meta(max_length=200)] | None
    trigger_date: date | None
    motivation: Annotated[str, Meta(min_length=1, max_length=2500)]
    impact_profiles: list[ImpactProfile] = []
    scope: Annotated[str, Meta(max_length=200)] | None = None


def decision_problems(decision: RetentionDecisionInput, result: SelectionResult | None) -> list[Problem]:
    """Check a decision against §3 and the selection-list result the caller looked up for
    `decision.result_number` (None when it found none). Deviations from the result are warnings:
    they are allowed, but the motivation must explain them."""
    problems = _period_problems(decision) + _result_problems(decision, result)
    if not decision.motivation.strip():
        problems.append(Problem(field="motivation", message="Een motivering is verplicht.",
                                message_en="A motivation is required."))
    return problems


def _period_problems(decision: RetentionDecisionInput) -> list[Problem]:
    if decision.appraisal is Appraisal.DESTROY and not decision.retention_period:
        return [Problem(field="retention_period",
                        message="Bij waardering V (vernietigen) is een bewaartermijn verplicht.",
                        message_en="Appraisal V (destroy) needs a retention period.")]
    if decision.appraisal is Appraisal.KEEP and decision.retention_period:
        return [Problem(field="retention_period",
                        message="Bij waardering B (blijvend bewaren) hoort geen bewaartermijn.",
                        message_en="Appraisal B (keep permanently) takes no retention period.")]
    if decision.retention_period:
        try:
            parse_retention_period(decision.retention_period)
        except RetentionPeriodError as error:
            return [Problem(field="retention_period", message=error.message, message_en=error.message_en)]
    return []


def _result_problems(decision: RetentionDecisionInput, result: SelectionResult | None) -> list[Problem]:
    number = decision.result_number
    if result is None:
        if number is None:
            return []
        return [Problem(field="result_number", message=f"Resultaat {number} staat niet in de selectielijst.",
                        message_en=f"Result {number} is not in the selection list.")]
    if number != result.number:
        return [Problem(field="result_number",
                        message=f"Resultaatnummer {number or '(leeg)'} hoort niet bij resultaat {result.number}.",
                        message_en=f"Result number {number or '(empty)'} does not match result {result.number}.")]
    if result.withdrawn:
        return [Problem(field="result_number", message=f"Resultaat {number} is vervallen en kan niet worden gekozen.",
                        message_en=f"Result {number} has been withdrawn and cannot be chosen.")]
    return _deviations(decision, result)


def _deviations(decision: RetentionDecisionInput, result: SelectionResult) -> list[Problem]:
    """Where the decision departs from its result; N is not a departure but a decision still to be made."""
    if decision.appraisal is Appraisal.UNDECIDED:
        return []
    if decision.appraisal != result.appraisal:
        return [_deviation("appraisal", "De waardering", "The appraisal", decision.appraisal, result.appraisal, result)]
    if decision.appraisal is not Appraisal.DESTROY:
        return []
    warnings = []
    # A missing or unreadable period is already an error; only a readable one can deviate.
    if decision.retention_period and _same_period(decision.retention_period, result.retention_period) is False:
        warnings.append(_deviation("retention_period", "De bewaartermijn", "The retention period",
                                   decision.retention_period, result.retention_period, result))
    if decision.process_term != result.process_term:
        warnings.append(_deviation("process_term", "De procestermijn", "The process term",
                                   decision.process_term, result.process_term, result))
    return warnings


def _same_period(chosen: str, listed: str | None) -> bool | None:
    """Whether two periods are equal (`P2W` equals `P14D`); None when the chosen one cannot be read."""
    try:
        return normalise_period(chosen) == (normalise_period(listed) if listed else None)
    except RetentionPeriodError:
        return None


def _deviation(field: str, what: str, what_en: str, chosen: object, listed: object,
               result: SelectionResult) -> Problem:
    return Problem(
        field=field,
        severity="warning",
        message=f"{what} {chosen or '(leeg)'} wijkt af van resultaat {result.number} ({listed or 'leeg'}); "
                "leg in de motivering uit waarom.",
        message_en=f"{what_en} {chosen or '(empty)'} differs from result {result.number} ({listed or 'empty'}); "
                   "explain why in the motivation.",
    )


def proposed_trigger_date(
    process_term: ProcessTerm | None,
    *,
    national_end_date: str | None,
    active_until: date | None,
    out_of_use_since: date | None,
    closed_at: date | None,
    today: date,
) -> date | None:
    """The trigger date the register can fill in itself (§5.2); None means the archivist enters it."""
    if process_term in (ProcessTerm.NIHIL, ProcessTerm.MERGED):
        return closed_at
    if process_term is ProcessTerm.LIFETIME:
        if national_end_date:
            return month_end(national_end_date)
        if active_until is not None and active_until < today:
            return active_until
        return out_of_use_since
    # ingeschatte_bestaansduur_procesobject and vast_te_leggen_datum are estimates or choices made by hand.
    return None


def end_date(appraisal: Appraisal, retention_period: RetentionPeriod | str | None,
             trigger_date: date | None) -> date | None:
    """When a V decision falls due (§5.1); None for B and N, and for V until both term and trigger date are known."""
    if appraisal is not Appraisal.DESTROY or not retention_period or trigger_date is None:
        return None
    return add_period(trigger_date, retention_period)


def proposed_result_number(content: EntryContent) -> str:
    """The result the desk proposes for an entry (§4.3); the archivist decides."""
    if content.kind is EntryKind.DATASET:
        return "20.1.7"
    if content.kind is EntryKind.DATA_COLLECTION:
        # The entry describing a data collection follows the archivist's choice for register content, which
        # §4.3 leaves open; we propose the ordinary 2.1 until a setting says otherwise. The collected data
        # themselves get a term per data stage (§14), not this result.
        return "2.1"
    if content.publication_category in (PublicationCategory.HIGH_RISK_AI, PublicationCategory.IMPACTFUL):
        return "2.1.2"
    # §4.3 proposes 2.2 for a project stopped before use, but neither NationalStatus nor LifecyclePhase says
    # "stopped before use": `Buiten gebruik`/`retired` also ends a normal life, so that rule is left to the archivist.
    return "2.1"

