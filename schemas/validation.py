"""One validation for every door: decoding, national limits after stripping HTML, and checks
across fields. Problems name the field and say what is wrong in Dutch and English."""

from __future__ import annotations

from typing import Any

import msgspec

from schemas.entry import EntryContent
from schemas.enums import AiSystemAnswer, EntryKind, OrganisationRole, PersonalDataLevel, RiskClass
from schemas.geojson import geojson_problems
from schemas.national_config import NATIONAL_LIMITS
from schemas.problems import ContentError, Problem, new_problem, problem_from_decode_error
from schemas.richtext import normalise_rich_text, strip_html, text_length

RICH_TEXT_FIELDS = (
    "goal", "proportionality", "human_intervention", "risks", "lawful_basis", "impacttoetsen",
    "source_data", "methods_and_models", "data_subject_rights", "objection_procedure", "impact",
    "decision_making_process", "training_data", "data_bias", "performance", "monitoring",
    "rollback", "alternatives_considered",
)  # fmt: skip
PLAIN_TEXT_FIELDS = ("name", "description_short", "provider", "tags", "short_summary")
EXTENSION_LIMITS = {
    "data_subject_rights": 2500, "objection_procedure": 2500, "impact": 2500,
    "decision_making_process": 2500, "training_data": 2500, "data_bias": 2500,
    "performance": 2500, "monitoring": 2500, "rollback": 1000, "alternatives_considered": 2500,
}  # fmt: skip


_decoder = msgspec.json.Decoder(EntryContent)
def decode_content(data: bytes | str | dict[str, Any]) -> EntryContent:
    """Decode and validate content from JSON text or an already parsed object."""
    try:
        content = msgspec.convert(data, EntryContent) if isinstance(data, dict) else _decoder.decode(data)
    except msgspec.ValidationError as error:
        raise ContentError([problem_from_decode_error(error)]) from None
    except msgspec.DecodeError as error:
        raise ContentError(
            [Problem(field="(document)", message=f"geen geldige JSON: {error}", message_en=str(error))]
        ) from None
    return validated(content)


def normalised(content: EntryContent) -> EntryContent:
    """Rich text restricted to the allow-list, plain text stripped of tags and outer spaces."""
    changes: dict[str, str | None] = {}
    for field in RICH_TEXT_FIELDS:
        value = getattr(content, field)
        if value is not None:
            changes[field] = normalise_rich_text(value) or None
    for field in PLAIN_TEXT_FIELDS:
        value = getattr(content, field)
        if value is not None:
            changes[field] = strip_html(value) if "<" in value else value.strip()
    return msgspec.structs.replace(content, **changes)


def validated(content: EntryContent) -> EntryContent:
    """Normalise, then raise ContentError when any rule is broken."""
    content = normalised(content)
    problems = content_problems(content)
    if problems:
        raise ContentError(problems)
    return content


def content_problems(content: EntryContent) -> list[Problem]:
    problems = _limit_problems(content)
    if not content.name:
        problems.append(new_problem("name", "verplicht veld is leeg", "required field is empty"))
    if not content.organisations:
        problems.append(new_problem("organisations", "minstens één organisatie is nodig",
                                 "at least one organisation is required"))
    elif not any(o.role == OrganisationRole.RESPONSIBLE for o in content.organisations):
        problems.append(new_problem("organisations", "minstens één organisatie moet verantwoordelijk zijn",
                                 "at least one organisation must be responsible"))
    codes = [o.tooi_id for o in content.organisations]
    if len(codes) != len(set(codes)):
        problems.append(new_problem("organisations", "een organisatie staat er meer dan eens in",
                                 "an organisation is listed more than once"))
    if content.begin_date and content.end_date and content.end_date < content.begin_date:
        problems.append(new_problem("end_date", "einddatum ligt voor de begindatum",
                                 "end date is before the begin date"))
    if content.personal_data == PersonalDataLevel.NONE and content.special_categories:
        problems.append(new_problem("special_categories",
                                 "bijzondere persoonsgegevens terwijl 'geen persoonsgegevens' is gekozen",
                                 "special categories given while personal data is 'none'"))
    ai_act = content.ai_act
    if ai_act and ai_act.is_ai_system and ai_act.risk_class:
        not_ai = ai_act.risk_class == RiskClass.NOT_AI
        if not_ai != (ai_act.is_ai_system == AiSystemAnswer.NO):
            problems.append(new_problem("ai_act.risk_class",
                                     "'geen AI-systeem' hoort precies bij het antwoord 'nee'",
                                     "'not_ai' goes with is_ai_system 'no' and only with it"))
    collection = content.data_collection
    if collection is not None:
        if content.kind != EntryKind.DATA_COLLECTION:
            problems.append(new_problem("data_collection", "alleen voor dataverzamelingen",
                                     "only for data collections"))
        if collection.locations is not None:
            problems.extend(geojson_problems(collection.locations, "data_collection.locations"))
        if (collection.active_from and collection.active_until
                and collection.active_until < collection.active_from):
            problems.append(new_problem("data_collection.active_until", "ligt voor de startdatum",
                                     "is before active_from"))
    if content.dataset is not None and content.kind != EntryKind.DATASET:
        problems.append(new_problem("dataset", "alleen voor datasets", "only for datasets"))
    seen_links = set()
    for index, link in enumerate(content.links):
        key = (link.target, link.relation)
        if key in seen_links:
            problems.append(new_problem(f"links[{index}]", "deze koppeling staat er al",
                                     "duplicate link"))
        seen_links.add(key)
    return problems


def too_long(field: str, value: str, limit: int) -> Problem | None:
    """The problem of a text over its limit, counted without markup as the national register counts it."""
    length = text_length(value)
    if length <= limit:
        return None
    return new_problem(field, f"te lang: {length} tekens, maximaal {limit} (zonder opmaak geteld)",
                    f"too long: {length} characters, at most {limit} (counted without markup)")


def _limit_problems(content: EntryContent) -> list[Problem]:
    problems = []
    limits = {**NATIONAL_LIMITS, **EXTENSION_LIMITS}
    for field, limit in limits.items():
        value = getattr(content, field, None)
        if isinstance(value, str) and (problem := too_long(field, value, limit)):
            problems.append(problem)
    for index, reference in enumerate(content.law_references):
        limit = NATIONAL_LIMITS.get("lawful_basis_grouping.title", 100)
        if problem := too_long(f"law_references[{index}].title", reference.title, limit):
            problems.append(problem)
    return problems


