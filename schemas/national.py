"""Conversion between our entry content and the national publication standard 1.0.

Reading is forgiving where the real-world records are messy (nulls, legacy keys, stray
whitespace, swapped title and link) and says what it did about each; it refuses what it
cannot read truthfully (an unknown status, text over a limit). Writing gives one record per
organisation under the enforced keys.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import msgspec

from schemas.entry import (
    EMAIL_PATTERN,
    URL_PATTERN,
    Assessment,
    EntryContent,
    LawReference,
    Organisation,
    TitleLink,
)
from schemas.enums import AlgorithmType, AssessmentType, EntryKind, Theme
from schemas.national_config import NATIONAL_FIELDS, NATIONAL_KEYS, NATIONAL_LIMITS, permitted_values
from schemas.problems import ContentError, Problem, problem_from_decode_error
from schemas.richtext import strip_html
from schemas.validation import RICH_TEXT_FIELDS, content_problems, normalised, too_long

# Keys of the published JSON Schema that differ from the enforced keys (FIELDS.md A1).
JSON_SCHEMA_KEYS = {
    "theme": "category", "start_date": "begin_date", "contact": "contact_email",
    "link": "website", "source_link": "url", "purpose_and_impact": "goal",
    "considerations": "proportionality", "risk_management": "risks", "legal_basis": "lawful_basis",
    "processing_register_link": "process_index_url", "impact_assessment_explanation": "impacttoetsen",
    "data": "source_data", "technical_operation": "methods_and_models", "supplier": "provider",
    "source_code_link": "publiccode", "language": "lang", "schema": "standard_version",
    "search_terms": "tags",
}  # fmt: skip
PAIRED_JSON_SCHEMA_KEYS = {
    "lawful_basis_grouping": ("legal_basis_title", "legal_basis_link"),
    "source_data_grouping": ("data_source_title", "data_source_link"),
    "impacttoetsen_grouping": ("impact_assessments", "impact_assessment_link"),
}
LEGACY_KEYS = ("id", "type", "uuid", "iama_description", "source_data_link")
SYSTEM_KEYS = ("publication_dt", "create_dt", "state", "org_id", "owner", "code", "preferred_name")
_URL = re.compile(URL_PATTERN)
_EMAIL = re.compile(EMAIL_PATTERN)
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])(-\d{2})?$")
_CATEGORY_SUFFIX = re.compile(r"\s*\(Categorie [ABC]\)$")
_ASSESSMENT_TYPES = {t.label("nl"): t for t in AssessmentType if t != AssessmentType.OTHER}
_ALGORITHM_TYPES = {"op regels gebaseerd": AlgorithmType.RULE_BASED, "zelflerend": AlgorithmType.SELF_LEARNING}
_URL_FIELDS = ("website", "url", "process_index_url", "publiccode")
_PLAIN_FIELDS = ("name", "description_short", "provider", "tags", "source_id", "lars")


class NationalImport(msgspec.Struct, frozen=True, kw_only=True):
    content: EntryContent
    notes: list[Problem]


def content_from_national(
    record: dict[str, Any],
    default_organisation: Organisation,
    known_organisations: dict[str, Organisation] | None = None,
) -> NationalImport:
    """Read one national record. Raises ContentError when it cannot be read truthfully."""
    if not isinstance(record, dict):
        raise ContentError([_note("(record)", "is geen JSON-object", "is not a JSON object", "error")])
    reader = _Reader(_with_enforced_keys(record))
    fields: dict[str, Any] = {"kind": EntryKind.ALGORITHM}
    for key in _PLAIN_FIELDS:
        fields[key] = reader.text(key)
    for key in RICH_TEXT_FIELDS:
        if key in NATIONAL_KEYS:
            fields[key] = reader.text(key)
    for key in _URL_FIELDS:
        fields[key] = reader.url(key)
    fields["contact_email"] = reader.contact()
    fields["begin_date"] = reader.month("begin_date")
    fields["end_date"] = reader.month("end_date")
    fields["status"] = reader.enum("status")
    fields["publication_category"] = reader.enum("publication_category")
    fields["category"] = reader.themes()
    fields["organisations"] = [reader.organisation(default_organisation, known_organisations or {})]
    fields["law_references"] = [
        LawReference(title=title, link=link) for title, link in reader.pairs("lawful_basis_grouping", 100)
    ]
    fields["source_data_grouping"] = [
        TitleLink(title=title, link=link)
        for title, link in reader.pairs("source_data_grouping", 500) + reader.legacy_source_link()
    ]
    fields["assessments"] = reader.assessments()
    fields["algorithm_type"] = reader.legacy_type()
    reader.constants()
    reader.report_unread()
    if reader.errors:
        raise ContentError(reader.errors)
    try:
        content = msgspec.convert({k: v for k, v in fields.items() if v not in (None, [])}, EntryContent)
    except msgspec.ValidationError as error:
        raise ContentError([problem_from_decode_error(error)]) from None
    content = normalised(content)
    problems = [p for p in content_problems(content) if p.severity == "error"]
    if problems:
        raise ContentError(problems)
    return NationalImport(content=content, notes=reader.notes)


def content_to_national(
    content: EntryContent,
    organisation: Organisation | None = None,
    *,
    entry_id: str | None = None,
    public_url: str | None = None,
    published_at: str | None = None,
) -> dict[str, Any]:
    """One national 1.0 record for one organisation (the first responsible one by default)."""
    organisation = organisation or next(o for o in content.organisations if o.role == "responsible")
    record: dict[str, Any] = {key: None for key in NATIONAL_KEYS}
    record.update({
        "name": content.name,
        "description_short": content.description_short,
        "organization": organisation.name,
        "category": [str(theme) for theme in content.category],
        "status": content.status and str(content.status),
        "begin_date": content.begin_date,
        "end_date": content.end_date,
        "contact_email": content.contact_email,
        "website": content.website,
        "publication_category": content.publication_category and str(content.publication_category),
        "url": public_url or content.url,
        "lawful_basis_grouping": [{"title": r.title, "link": r.link} for r in content.law_references],
        "process_index_url": content.process_index_url,
        "impacttoetsen_grouping": [
            {"title": a.title, "link": a.link} for a in content.assessments if a.public
        ],
        "source_data_grouping": [{"title": s.title, "link": s.link} for s in content.source_data_grouping],
        "provider": content.provider,
        "publiccode": content.publiccode,
        "lang": "nld",
        "standard_version": "1.0",
        "source_id": entry_id or content.source_id,
        "tags": content.tags,
        "lars": organisation.lars or content.lars,
        "publication_dt": published_at,
    })
    for key in RICH_TEXT_FIELDS:
        if key in record:
            record[key] = getattr(content, key)
    return record


def national_problems(record: Mapping[str, Any]) -> list[Problem]:
    """What would keep a record out of the national register, by the rules of its enforced
    configuration: a required field left empty, text over its limit (counted without markup), a value
    outside its enumeration, a key the standard does not have. Nothing means it may be uploaded."""
    # the national register's own keys (and legacy ones) come along in its downloads and are ignored there
    problems = [_note(key, "onbekend veld in publicatiestandaard 1.0", "not a field of publication standard 1.0",
                      "error")
                for key in record if key not in NATIONAL_FIELDS and key not in (*LEGACY_KEYS, *SYSTEM_KEYS)]
    for key, spec in NATIONAL_FIELDS.items():
        problems += _value_problems(key, spec, record.get(key))
        items = spec.get("items")
        if isinstance(items, dict) and isinstance(record.get(key), list):
            for index, item in enumerate(record[key]):
                if not isinstance(item, dict):
                    problems.append(_note(f"{key}[{index}]", "verwacht een titel en een link",
                                          "expected a title and a link", "error"))
                    continue
                for item_key, item_spec in items.items():
                    problems += _value_problems(f"{key}[{index}].{item_key}", item_spec, item.get(item_key))
    return problems


def _value_problems(field: str, spec: Mapping[str, Any], value: Any) -> list[Problem]:
    if value is None or value == "" or value == []:
        if spec.get("required") is True:  # the configuration also has the string "false"
            return [_note(field, "verplicht veld is leeg", "required field is empty", "error")]
        return []
    permitted = spec.get("permitted_values") or []
    if spec.get("type") == "array" and not isinstance(value, list):
        return [_note(field, "verwacht een lijst", "expected a list", "error")]
    for item in value if isinstance(value, list) else [value]:
        if permitted and item not in permitted:
            return [_note(field, f"ongeldige waarde {item!r}; toegestaan: {', '.join(permitted)}",
                          f"invalid value {item!r}; allowed: {', '.join(permitted)}", "error")]
    if spec.get("type") in ("string", "enum") and not isinstance(value, str):
        return [_note(field, "verwacht tekst", "expected text", "error")]
    limit = spec.get("max_length")
    problem = too_long(field, value, int(limit)) if limit and isinstance(value, str) else None
    return [problem] if problem else []


def is_national_record(value: Any) -> bool:
    """Whether a parsed JSON object looks like a national 1.0 record rather than our own format."""
    return isinstance(value, dict) and "name" in value and "kind" not in value and "versions" not in value


def _with_enforced_keys(record: dict[str, Any]) -> dict[str, Any]:
    out = dict(record)
    for schema_key, enforced in JSON_SCHEMA_KEYS.items():
        if schema_key in out and enforced not in out:
            out[enforced] = out.pop(schema_key)
    for enforced, (title_key, link_key) in PAIRED_JSON_SCHEMA_KEYS.items():
        if (title_key in out or link_key in out) and enforced not in out:
            out[enforced] = [{"title": out.pop(title_key, None), "link": out.pop(link_key, None)}]
    return out


def _note(field: str, dutch: str, english: str, severity: str = "warning") -> Problem:
    return Problem(field=field, message=dutch, message_en=english, severity=severity)


class _Reader:
    """Reads fields of one record, collecting notes (kept or reported) and errors (refused)."""

    def __init__(self, record: dict[str, Any]) -> None:
        self.record = record
        self.read: set[str] = set()
        self.notes: list[Problem] = []
        self.errors: list[Problem] = []

    def raw(self, key: str) -> Any:
        self.read.add(key)
        value = self.record.get(key)
        if isinstance(value, str):
            value = value.strip()
        return None if value in ("", None) else value

    def text(self, key: str) -> str | None:
        value = self.raw(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.errors.append(_note(key, "moet tekst zijn", "must be text", "error"))
            return None
        limit = NATIONAL_LIMITS.get(key)
        if limit and (problem := too_long(key, value, limit)):
            self.errors.append(problem)
        return value

    def url(self, key: str) -> str | None:
        value = self.text(key)
        if value is not None and not _URL.match(value):
            self.notes.append(_note(key, f"'{value[:80]}' is geen webadres; niet overgenomen (staat in het origineel)",
                                    f"'{value[:80]}' is not a URL; left out (kept in the original)"))
            return None
        return value

    def contact(self) -> str | None:
        value = self.text("contact_email")
        if value is not None and not (_URL.match(value) or _EMAIL.match(value)):
            self.notes.append(_note("contact_email", "geen e-mailadres of webadres; niet overgenomen",
                                    "not an e-mail address or URL; left out"))
            return None
        return value

    def month(self, key: str) -> str | None:
        value = self.raw(key)
        if value is None:
            return None
        match = _MONTH.match(str(value))
        if not match:
            self.notes.append(_note(key, f"'{value}' is geen maand (JJJJ-MM); niet overgenomen",
                                    f"'{value}' is not a month (YYYY-MM); left out"))
            return None
        if match.group(3):
            self.notes.append(_note(key, "dag weggelaten: de standaard kent alleen jaar en maand",
                                    "day dropped: the standard holds year and month only"))
        return f"{match.group(1)}-{match.group(2)}"

    def enum(self, key: str) -> str | None:
        value = self.raw(key)
        if value is None:
            return None
        value = _CATEGORY_SUFFIX.sub("", str(value))
        allowed = permitted_values(key)
        if value not in allowed:
            self.errors.append(_note(key, f"onbekende waarde '{value}'; toegestaan: {', '.join(allowed)}",
                                     f"unknown value '{value}'; allowed: {', '.join(allowed)}", "error"))
            return None
        return value

    def themes(self) -> list[str]:
        value = self.raw("category") or []
        if isinstance(value, str):
            value = [value]
        known = {str(theme) for theme in Theme}
        themes = []
        for theme in value:
            if theme in known:
                themes.append(theme)
            else:
                self.notes.append(_note("category", f"thema '{theme}' hoort niet bij standaard 1.0; weggelaten",
                                        f"theme '{theme}' is not in standard 1.0; left out"))
        return themes

    def organisation(self, default: Organisation, known: dict[str, Organisation]) -> Organisation:
        name = self.raw("organization")
        if name is None:
            self.notes.append(_note("organization", f"leeg; ingevuld met '{default.name}'",
                                    f"empty; set to '{default.name}'"))
            return default
        if name == default.name:
            return default
        if name in known:
            return known[name]
        self.errors.append(_note("organization", f"onbekende organisatie '{name}'; voeg haar eerst toe",
                                 f"unknown organisation '{name}'; add it first", "error"))
        return default

    def pairs(self, key: str, title_limit: int) -> list[tuple[str, str]]:
        items = self.raw(key)
        if items in (None, "false", False):
            return []
        if not isinstance(items, list):
            self.errors.append(_note(key, "moet een lijst zijn", "must be a list", "error"))
            return []
        pairs = []
        for index, item in enumerate(items):
            where = f"{key}[{index}]"
            title = str(item.get("title") or "").strip() if isinstance(item, dict) else ""
            link = str(item.get("link") or "").strip() if isinstance(item, dict) else ""
            if not title and not link:
                self.notes.append(_note(where, "leeg item weggelaten", "empty item left out"))
                continue
            if _URL.match(title) and not _URL.match(link):
                title, link = link, title
                self.notes.append(_note(where, "titel en link waren verwisseld; omgedraaid",
                                        "title and link were swapped; swapped back"))
            if not _URL.match(link) or not title:
                self.notes.append(_note(where, "zonder geldige titel en webadres; niet overgenomen",
                                        "without a valid title and URL; left out"))
                continue
            if len(title) > title_limit:
                title = title[: title_limit - 1].rsplit(" ", 1)[0] + "…"
                self.notes.append(_note(f"{where}.title", f"langer dan {title_limit} tekens; ingekort, het "
                                        "origineel blijft bewaard",
                                        f"longer than {title_limit} characters; shortened, the original is kept"))
            pairs.append((title, link))
        return pairs

    def legacy_source_link(self) -> list[tuple[str, str]]:
        link = self.raw("source_data_link")
        if link is None:
            return []
        if not _URL.match(str(link)):
            self.notes.append(_note("source_data_link", "oud veld zonder geldig webadres; niet overgenomen",
                                    "legacy key without a valid URL; left out"))
            return []
        self.notes.append(_note("source_data_link", "oud veld overgenomen in source_data_grouping",
                                "legacy key moved to source_data_grouping"))
        return [("Gegevensbron", str(link))]

    def assessments(self) -> list[Assessment]:
        result = []
        items = self.raw("impacttoetsen_grouping") or []
        for index, item in enumerate(items if isinstance(items, list) else []):
            title = str(item.get("title") or "").strip() if isinstance(item, dict) else ""
            link = str(item.get("link") or "").strip() if isinstance(item, dict) else ""
            if not title:
                self.notes.append(_note(f"impacttoetsen_grouping[{index}]", "zonder titel; weggelaten",
                                        "without a title; left out"))
                continue
            if link and not _URL.match(link):
                self.notes.append(_note(f"impacttoetsen_grouping[{index}].link", "geen webadres; weggelaten",
                                        "not a URL; left out"))
                link = ""
            kind = _ASSESSMENT_TYPES.get(title, AssessmentType.OTHER)
            result.append(Assessment(type=kind, title=title, link=link or None))
        iama = self.raw("iama_description")
        if iama:
            result.append(Assessment(type=AssessmentType.IAMA, title=AssessmentType.IAMA.label("nl"),
                                     summary=strip_html(str(iama))[:2500]))
            self.notes.append(_note("iama_description", "oud veld overgenomen als IAMA in assessments",
                                    "legacy key moved to an IAMA item in assessments"))
        return result

    def legacy_type(self) -> str | None:
        value = self.raw("type")
        if value is None:
            return None
        found = _ALGORITHM_TYPES.get(str(value).lower())
        if found is None:
            self.notes.append(_note("type", f"oud veld met waarde '{value}' niet overgenomen (staat in het origineel)",
                                    f"legacy key with value '{value}' not used (kept in the original)"))
        return found

    def constants(self) -> None:
        lang = self.raw("lang")
        if lang is not None and str(lang) != "nld":
            self.notes.append(_note("lang", f"'{lang}' gelezen als 'nld'", f"'{lang}' read as 'nld'"))
        version = self.raw("standard_version")
        if version is not None and str(version) not in ("1.0", "1.0.0"):
            self.notes.append(_note("standard_version", f"record volgt standaard {version}; gelezen als 1.0",
                                    f"record follows standard {version}; read as 1.0"))

    def report_unread(self) -> None:
        for key in ("uuid", "id", *SYSTEM_KEYS):
            self.read.add(key)
        for key in self.record:
            if key not in self.read:
                self.notes.append(_note(key, "onbekend veld; bewaard in het originele document",
                                        "unknown key; kept in the original document"))
