"""The Eurocities / Dutch consortium Algorithmic Transparency Standard v0.3.1 (FIELDS.md C2 and C3).

The standard is its YAML file, shipped in `data/eurocities-v0.3.1/`: the 49 attributes in order, their
types, English enumerations and `required` flags are read from it, not retyped. The JSON Schema is
generated from it the way the official Liquid template does (the tests render that template and compare).
That schema puts a boolean `required` inside each property, which JSON Schema validators ignore, so
`eurocities_problems` checks the required attributes itself besides validating against the schema.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import msgspec
from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from schemas.entry import EMAIL_PATTERN, Assessment, EntryContent
from schemas.enums import (
    AlgorithmType,
    AssessmentStatus,
    AssessmentType,
    NationalStatus,
    OrganisationRole,
    RiskClass,
    Theme,
)
from schemas.problems import Problem, new_problem
from schemas.richtext import strip_html, text_length
from schemas.validation import too_long

EUROCITIES_VERSION = "0.3.1"
EUROCITIES_LANG = "nl"
"""ISO 639-1, as the standard asks; our content is Dutch."""
DATA_FOLDER = "eurocities-v0.3.1"
SHORT_DESCRIPTION_LIMIT = 150
DESCRIPTION_RANGE = (500, 10_000)
"""The standard asks for an explanation "between 500 and 10000 chars"; the schema does not enforce it."""


def _load_standard() -> dict[str, Any]:
    # msgspec reads YAML with libyaml's C loader: a sixteenth of PyYAML's pure-Python time, paid on every start
    data = resources.files("schemas.data").joinpath(DATA_FOLDER, "schema-v0_3_1.yaml").read_bytes()
    standard: dict[str, Any] = msgspec.yaml.decode(data)
    return standard


EUROCITIES_STANDARD: dict[str, Any] = _load_standard()
"""The YAML of the standard as published, parsed."""
_PROPERTIES: dict[str, dict[str, Any]] = {prop["attribute"]: prop for prop in EUROCITIES_STANDARD["properties"]}
EUROCITIES_ATTRIBUTES: tuple[str, ...] = tuple(_PROPERTIES)
"""The 49 attribute names in YAML order: the order of the CSV template and of our records."""
EUROCITIES_REQUIRED: tuple[str, ...] = tuple(name for name, prop in _PROPERTIES.items() if prop.get("required") is True)


def eurocities_enum(attribute: str) -> tuple[str, ...]:
    """The English values the standard allows for an enum attribute (written exactly, "spacial" included)."""
    return tuple(_PROPERTIES[attribute]["enum"]["en"])


# FIELDS.md C3. Every value is checked against the YAML's enumeration by the tests.
STATUSES: dict[NationalStatus, str] = {
    NationalStatus.IN_DEVELOPMENT: "development",
    NationalStatus.IN_USE: "operational",
    NationalStatus.OUT_OF_USE: "retired",
}
"""The Eurocities status of an entry without `lifecycle_phase` (whose values are the Eurocities ones)."""
RISK_CATEGORIES: dict[RiskClass, str] = {
    RiskClass.PROHIBITED: "unacceptable",
    RiskClass.HIGH_RISK: "high risk",
    RiskClass.LIMITED_RISK_TRANSPARENCY: "limited risk",
    RiskClass.MINIMAL_RISK: "minimal risk",
}
"""`not_ai` has no Eurocities value: unless the municipality chose one (`not_ai_as`), the attribute stays empty
and the record is refused with an explanation."""
NOT_AI_REMARK = ("Geen AI-systeem in de zin van de AI-verordening; als risicocategorie is '{category}' opgegeven "
                 "omdat de standaard daarvoor geen waarde heeft.")
DOMAINS: dict[Theme, str] = {
    Theme.ORGANISATIE: "government",
    Theme.CULTUUR: "culture, sports and leisure",
    Theme.ECONOMIE: "economy and entrepreneurship",
    Theme.FINANCIEN: "finance",
    Theme.WONEN: "housing, living and living environment",
    Theme.INTERNATIONAAL: "international collaboration and development aid",
    Theme.MIGRATIE: "immigration and integration",
    Theme.NATUUR: "environment, spacial planning and water",
    Theme.ONDERWIJS: "education and science",
    Theme.ORDE: "public safety",
    Theme.RECHT: "justice",
    Theme.RUIMTE: "environment, spacial planning and water",
    Theme.SOCIAAL: "subsidies, benefits and allowances",
    Theme.VERKEER: "traffic and transportation",
    Theme.WERK: "work and career",
    Theme.ZORG: "health and health care",
}
"""Our default domain of the first national theme; `eurocities_domain` overrides it (e.g. `taxes` for WOZ)."""
ALGORITHM_TYPES: dict[AlgorithmType, str] = {
    AlgorithmType.SELF_LEARNING: "self-learning",
    AlgorithmType.RULE_BASED: "rule-based",
    AlgorithmType.HYBRID: "hybrid",
}
DPIA_TYPES = (AssessmentType.DPIA,)
AIA_TYPES = (AssessmentType.IAMA, AssessmentType.FRIA, AssessmentType.FRAIA, AssessmentType.AIIA)
"""The algorithm impact assessments whose summary and link fill `AIA_description` and `AIA_url`."""


def eurocities_json_schema() -> dict[str, Any]:
    """The official JSON Schema (draft 2020-12) of the standard, generated from the YAML as the template
    `registration-v0.3.1.schema.json.liquid` generates it: a fresh dict on every call."""
    return {
        "$id": f"https://standaard.algoritmeregister.org/schemas/registration-v{EUROCITIES_STANDARD['version']}"
               ".schema.json",
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": EUROCITIES_STANDARD["title"]["en"],
        "description": EUROCITIES_STANDARD["description"]["en"],
        "type": "object",
        "properties": {name: _property_schema(prop) for name, prop in _PROPERTIES.items()},
    }


def _property_schema(prop: Mapping[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = {"name": prop["name"]["en"], "category": prop["category"]["en"]}
    kind = prop["type"]
    if kind == "const":
        schema["const"] = str(prop["const"])
    elif kind == "enum":
        schema["enum"] = [str(value) for value in prop["enum"]["en"]]
    elif kind == "url":
        schema.update({"type": "string", "format": "uri", "pattern": "^https?://"})
    elif kind in ("uuid", "email", "date"):
        schema.update({"type": "string", "format": kind})
    else:
        schema["type"] = kind
        if _truthy(prop.get("format")):
            schema["format"] = prop["format"]
        if _truthy(prop.get("pattern")):
            schema["pattern"] = prop["pattern"]
    examples = (prop.get("examples") or {}).get("en")
    schema["description"] = prop["description"]["en"] + (f" Examples: {examples}" if _truthy(examples) else "")
    schema["required"] = prop["required"] if _truthy(prop.get("required")) else False  # `| default: false`
    return schema


def _truthy(value: Any) -> bool:
    """Liquid's truth: everything but nil and false (an empty string is true)."""
    return value is not None and value is not False


def _validation_schema() -> dict[str, Any]:
    """The generated schema without the boolean `required` inside the properties: in JSON Schema `required`
    is a list of names on an object, so a validator's schema check rejects those booleans (and they would
    trip it on a non-text value). Required attributes are checked by `eurocities_problems` instead."""
    schema = eurocities_json_schema()
    for prop in schema["properties"].values():
        del prop["required"]
    return schema


_EMAIL = re.compile(EMAIL_PATTERN)
_FORMATS = FormatChecker(formats=("date", "uuid"))


@_FORMATS.checks("email")
def _is_email(value: object) -> bool:
    """An e-mail address, not a URL or a contact form (jsonschema's own check only looks for an @)."""
    return not isinstance(value, str) or bool(_EMAIL.match(value))


@_FORMATS.checks("uri")
def _is_uri(value: object) -> bool:
    """An absolute URI with a host and no spaces (jsonschema checks `uri` only with an extra package)."""
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc) and not re.search(r"\s", value)


_VALIDATOR = Draft202012Validator(_validation_schema(), format_checker=_FORMATS)
_FORMAT_NAMES = {
    "email": ("geen geldig e-mailadres", "not a valid e-mail address"),
    "uri": ("geen geldig webadres", "not a valid URL"),
    "date": ("geen geldige datum (JJJJ-MM-DD)", "not a valid date (YYYY-MM-DD)"),
    "uuid": ("geen geldige UUID", "not a valid UUID"),
}


def eurocities_problems(record: Mapping[str, Any]) -> list[Problem]:
    """What keeps a record out of a Eurocities export: a required attribute missing or empty, a value the
    JSON Schema refuses (enumeration, format, URL scheme, constant), an attribute the standard does not have,
    a short description over 150 characters. An explanation outside 500 to 10,000 characters is a warning.
    Each problem names its attribute, in Dutch and English; at most one error per attribute."""
    if not isinstance(record, Mapping):
        return [new_problem("(record)", "is geen object", "is not an object")]
    problems: dict[str, Problem] = {}
    for key in record:
        if key not in _PROPERTIES:
            problems[key] = new_problem(key, f"onbekend veld in standaard {EUROCITIES_VERSION}",
                                     f"not an attribute of standard {EUROCITIES_VERSION}")
    for name in EUROCITIES_REQUIRED:
        value = record.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems[name] = new_problem(name, "verplicht veld is leeg", "required field is empty")
    known = {key: value for key, value in record.items() if key in _PROPERTIES}
    for error in sorted(_VALIDATOR.iter_errors(known), key=_error_order):
        field = str(error.absolute_path[0]) if error.absolute_path else "(record)"
        problems.setdefault(field, _schema_problem(field, error))
    short = record.get("description_short")
    if "description_short" not in problems and isinstance(short, str) and (
            problem := too_long("description_short", short, SHORT_DESCRIPTION_LIMIT)):
        problems["description_short"] = problem
    ordered = sorted(problems.values(), key=lambda p: _position(p.field))
    description = record.get("description")
    if "description" not in problems and isinstance(description, str) and description.strip():
        low, high = DESCRIPTION_RANGE
        if not low <= len(description) <= high:
            ordered.append(new_problem("description", f"de standaard vraagt {low} tot {high} tekens, dit zijn er "
                                    f"{len(description)}", f"the standard asks for {low} to {high} characters, "
                                    f"this has {len(description)}", "warning"))
    return ordered


def _position(field: str) -> int:
    return EUROCITIES_ATTRIBUTES.index(field) if field in _PROPERTIES else len(EUROCITIES_ATTRIBUTES)


_ERROR_PRIORITY = ("type", "const", "enum", "pattern", "format")


def _error_order(error: ValidationError) -> tuple[int, int]:
    field = str(error.absolute_path[0]) if error.absolute_path else ""
    kind = str(error.validator)
    return _position(field), _ERROR_PRIORITY.index(kind) if kind in _ERROR_PRIORITY else len(_ERROR_PRIORITY)


def _schema_problem(field: str, error: ValidationError) -> Problem:
    value, expected = error.instance, error.validator_value
    match error.validator:
        case "enum":
            allowed = ", ".join(str(item) for item in expected)
            return new_problem(field, f"ongeldige waarde {value!r}; toegestaan: {allowed}",
                            f"invalid value {value!r}; allowed: {allowed}")
        case "const":
            return new_problem(field, f"moet {expected!r} zijn", f"must be {expected!r}")
        case "type":
            return new_problem(field, "verwacht tekst", "expected text")
        case "pattern":
            return new_problem(field, "moet beginnen met http:// of https://", "must start with http:// or https://")
        case "format" if expected in _FORMAT_NAMES:
            dutch, english = _FORMAT_NAMES[expected]
            return new_problem(field, dutch, english)
    return new_problem(field, f"voldoet niet aan het schema: {error.message}", error.message)


def content_to_eurocities(
    content: EntryContent,
    *,
    entry_id: str,
    page_url: str,
    published_first: datetime.date,
    published_last: datetime.date,
    data_sources: Sequence[str] = (),
    not_ai_as: str = "",
) -> dict[str, str]:
    """One Eurocities v0.3.1 record of an algorithm's public version (FIELDS.md C2, C3).

    `page_url` is the entry's public page, the `website` when the entry names no page of its own;
    `published_first` and `published_last` are the days its first and its current version were published;
    `data_sources` names the public entries it takes data from (`connected_data_sources` when the entry
    gives no text). `not_ai_as` is the municipality's choice for an algorithm that is no AI system, which the
    standard has no category for: "" leaves `risk_category` empty (the record is refused, with the reason), or
    one of the standard's categories (in practice "minimal risk"), stated with a remark that says why.
    Rich text becomes plain text. Empty attributes are left out, in YAML order."""
    dpia = _assessment(content.assessments, DPIA_TYPES, with_reason=True)
    aia = _assessment(content.assessments, AIA_TYPES, with_reason=False)
    risk_class = content.ai_act.risk_class if content.ai_act else None
    remark = content.remark
    risk_category = RISK_CATEGORIES.get(risk_class) if risk_class else None
    if risk_class == RiskClass.NOT_AI and not_ai_as:
        risk_category = not_ai_as
        remark = " ".join(filter(None, (remark, NOT_AI_REMARK.format(category=not_ai_as))))
    values: dict[str, str | None] = {
        "name": content.name,
        "description_short": content.short_summary or shortened(content.description_short),
        "organization": ", ".join(_responsible(content)),
        "department": content.responsible_department,
        "contact_email": content.contact_email,
        "contact_phone": content.contact_phone,
        "contact_name": content.contact_name,
        "area": content.area or ", ".join(_responsible(content)),
        "domain": content.eurocities_domain or (DOMAINS[content.category[0]] if content.category else None),
        "website": content.website or page_url,
        "status": _status(content),
        "remark": remark,
        "decision_making_process": _plain(content.decision_making_process),
        "goal": _plain(content.goal),
        "impact": _plain(content.impact) or _plain(content.goal),
        "risks": _plain(content.risks),
        "risk_category": risk_category,
        "proportionality": _plain(content.proportionality),
        "lawful_basis": _lawful_basis(content),
        "documentation": content.documentation_url,
        "training_data": _plain(content.training_data),
        "source_data": _plain(content.source_data),
        "data_bias": _plain(content.data_bias),
        "connected_data_sources": content.connected_data_sources or ", ".join(data_sources),
        "DPIA_description": dpia and _plain(dpia.summary or dpia.reason),
        "DPIA_url": dpia and _public_link(dpia),
        "algorithm_type": ALGORITHM_TYPES[content.algorithm_type] if content.algorithm_type else None,
        "description": _plain(content.methods_and_models),
        "methods_and_models": _plain(content.methods_and_models),
        "performance": _plain(content.performance),
        "alternatives_considered": _plain(content.alternatives_considered),
        "product_information": content.product_information_url,
        "codebase_url": content.publiccode,
        "product_page": content.product_page_url,
        "AIA_description": aia and _plain(aia.summary),
        "AIA_url": aia and _public_link(aia),
        "monitoring": _plain(content.monitoring),
        "type": content.use_type and str(content.use_type),
        "human_intervention": _plain(content.human_intervention),
        "objection_procedure": _plain(content.objection_procedure),
        "rollback": _plain(content.rollback),
        "standard_version": EUROCITIES_VERSION,
        "uuid": entry_id,
        "lang": EUROCITIES_LANG,
        "publication_date": published_first.isoformat(),
        "last_change_date": published_last.isoformat(),
        "revision_date": content.review_date and content.review_date.isoformat(),
        "revision_note": content.review_note,
        "keywords": content.tags,
    }
    return {name: value.strip() for name in EUROCITIES_ATTRIBUTES
            if isinstance(value := values[name], str) and value.strip()}


def conversion_notes(content: EntryContent, *, not_ai_as: str = "") -> list[Problem]:
    """Warnings about how a record was made from this content, to show beside its problems: a short
    description shortened for want of a `short_summary`, a risk class the standard has no category for."""
    notes = []
    if not content.short_summary and text_length(content.description_short) > SHORT_DESCRIPTION_LIMIT:
        notes.append(new_problem(
            "description_short", f"geen korte samenvatting (short_summary): de korte omschrijving is ingekort tot "
            f"hoogstens {SHORT_DESCRIPTION_LIMIT} tekens", f"no short summary (short_summary): the short description "
            f"was shortened to at most {SHORT_DESCRIPTION_LIMIT} characters", "warning"))
    if content.ai_act and content.ai_act.risk_class == RiskClass.NOT_AI and not not_ai_as:
        notes.append(new_problem(
            "risk_category", "geen AI-systeem: de standaard kent daarvoor geen risicocategorie; de gemeente beslist "
            "of zij 'minimal risk' met een opmerking opgeeft (GLAZENSTAD_EUROCITIES_NOT_AI)", "not an AI system: the "
            "standard has no risk category for it; the municipality decides whether to state 'minimal risk' with a "
            "remark (GLAZENSTAD_EUROCITIES_NOT_AI)", "warning"))
    return notes


def shortened(text: str, limit: int = SHORT_DESCRIPTION_LIMIT) -> str:
    """Plain text of at most `limit` characters: whole sentences where they fit, else cut at a word with "…"."""
    plain = strip_html(text)
    if len(plain) <= limit:
        return plain
    kept = ""
    for sentence in re.split(r"(?<=[.!?])\s+", plain):
        longer = f"{kept} {sentence}".strip()
        if len(longer) > limit:
            break
        kept = longer
    if kept:
        return kept
    return plain[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _responsible(content: EntryContent) -> list[str]:
    return [o.name for o in content.organisations if o.role == OrganisationRole.RESPONSIBLE]


def _status(content: EntryContent) -> str | None:
    if content.lifecycle_phase:
        return str(content.lifecycle_phase)
    return STATUSES.get(content.status) if content.status else None


def _plain(value: str | None) -> str | None:
    return strip_html(value) if value else None


def _lawful_basis(content: EntryContent) -> str | None:
    """The explanation, then the laws it rests on: "Gemeentewet, art. 225; Parkeerverordening …"."""
    references = list(dict.fromkeys(
        f"{ref.title}, {ref.article}" if ref.article else ref.title for ref in content.law_references))
    text = _plain(content.lawful_basis)
    listed = f"Wet- en regelgeving: {'; '.join(references)}." if references else None
    return " ".join(part for part in (text, listed) if part) or None


def _assessment(assessments: Sequence[Assessment], types: Sequence[AssessmentType], *,
                with_reason: bool) -> Assessment | None:
    """The first assessment of these types that has something to export: a summary or a link (or, for the
    DPIA, the reason it was not needed)."""
    return next((a for a in assessments
                 if a.type in types and (a.summary or a.link or (with_reason and a.reason))), None)


def _public_link(assessment: Assessment) -> str | None:
    """The link of a public assessment that is done, as the national export gives it."""
    if assessment.public and assessment.status in (None, AssessmentStatus.DONE):
        return assessment.link
    return None
