"""MDTO 1.0.1 XML for archival export: plain Structs in, schema-valid XML out (ARCHIVING.md §11).

The register fills the Structs; `write_information_object` and `write_file` write the XML in the
XSD's element order and apply the rules of §11.4 that the schema itself does not enforce. Every
written document is validated against the shipped `data/mdto/MDTO-XML1.0.1.xsd` before it is
returned, so a writer never hands out XML that an e-Depot would refuse.

Empty strings: an optional value that is empty (or only whitespace) is left out; a required one
raises ValueError naming the element. Plain strings in optional lists (keywords, locations) are
optional values; a Struct in such a list carries required parts, and an empty one raises.
"""

from __future__ import annotations

import functools
import re
import threading
from datetime import date, datetime
from importlib import resources

import msgspec
from lxml import etree

NAMESPACE = "https://www.nationaalarchief.nl/mdto"
XSD_FILE = "MDTO-XML1.0.1.xsd"
SCHEMA_LOCATION = f"{NAMESPACE} {NAMESPACE}/{XSD_FILE}"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"

# Vocabulary names for `begripBegrippenlijst` (ARCHIVING.md §11.2); confirm with the receiving archive.
AGGREGATION_LEVELS = "Begrippenlijst Aggregatieniveaus MDTO"
APPRAISALS = "Begrippenlijst Waarderingen MDTO"
EVENT_TYPES = "Begrippenlijst EventTypeLijst MDTO"
RELATION_TYPES = "Begrippenlijst Relatietypen MDTO"
USE_RESTRICTION_TYPES = "Begrippenlijst BeperkingGebruikTypeLijst MDTO"
CHECKSUM_ALGORITHMS = "Begrippenlijst ChecksumAlgoritme MDTO"
FILE_FORMATS = "PRONOM-register"
RETENTION_TRIGGERS = "Selectielijst gemeenten en intergemeentelijke organen 2020 (procestermijnen)"
PERIOD_TYPES = "Glazen Stad periodetypen"
INVOLVED_ROLES = "Glazen Stad rollen betrokkenen"
# Archive creators are identified by their TOOI code; other TOOI lists than the municipalities'
# (water boards, joint arrangements) are to be confirmed, so only `gm` codes are accepted.
TOOI_MUNICIPALITIES = "TOOI register Gemeenten compleet"

# The closed MDTO appraisal vocabulary, by our appraisal code.
APPRAISAL_LABELS: dict[str, str] = {"B": "Blijvend te bewaren", "V": "Tijdelijk te bewaren", "N": "Nader te bepalen"}
AGGREGATION_LEVEL_LABELS = ("Archief", "Serie", "Dossier", "Archiefstuk")
NO_RESTRICTION = "Geen beperking"

# PRONOM identifiers (PUID, format name) of the files the register writes. PROVISIONAL: ARCHIVING.md
# §13 wants every file's format confirmed by a format-identification tool (DROID, siegfried) at
# export time; when the tool says otherwise, its PUID and name win.
PROVISIONAL_PRONOM_FORMATS: dict[str, tuple[str, str]] = {
    "json": ("fmt/817", "JSON Data Interchange Format"),
    "html": ("fmt/471", "Hypertext Markup Language 5"),
    "csv": ("x-fmt/18", "Comma Separated Values"),
}

Identifier = tuple[str, str]
"""(identificatieKenmerk, identificatieBron): MDTO requires both whenever an identification is given."""


class MdtoTerm(msgspec.Struct, frozen=True, kw_only=True):
    """A *begrip*: a label, optionally its code, and the vocabulary it comes from."""

    label: str
    code: str | None = None
    vocabulary: str


class MdtoReference(msgspec.Struct, frozen=True, kw_only=True):
    """A *verwijzing* to another informatieobject or bestand."""

    name: str
    identifier: Identifier | None = None


class MdtoRelation(msgspec.Struct, frozen=True, kw_only=True):
    """A `gerelateerdInformatieobject`; `relation_type` is a label of the MDTO relation types."""

    name: str
    identifier: Identifier | None = None
    relation_type: str


class MdtoEvent(msgspec.Struct, frozen=True, kw_only=True):
    """An event; `type_label` from the MDTO event types; a date-time `at` must carry its time zone."""

    type_label: str
    at: datetime | date
    actor: str | None = None
    result: str | None = None


class MdtoRetention(msgspec.Struct, frozen=True, kw_only=True):
    """A `bewaartermijn`; `period` is an ISO 8601 duration such as `P10Y`, written as given."""

    trigger_label: str | None = None
    trigger_code: str | None = None
    start: date | None = None
    period: str | None = None
    end: date | None = None


class MdtoClassification(msgspec.Struct, frozen=True, kw_only=True):
    """The `informatiecategorie`: a selection-list result."""

    result_number: str
    result_label: str
    list_name: str


class MdtoUseRestriction(msgspec.Struct, frozen=True, kw_only=True):
    """A `beperkingGebruik`; `term` is how long it applies, an ISO 8601 duration such as `P5Y`."""

    type_label: str
    explanation: str | None = None
    term: str | None = None
    vocabulary: str = USE_RESTRICTION_TYPES


class MdtoPeriod(msgspec.Struct, frozen=True, kw_only=True):
    """A `dekkingInTijd`; `start` and `end` are a year, `YYYY-MM` or `YYYY-MM-DD`."""

    start: str
    end: str | None = None
    type_label: str
    vocabulary: str = PERIOD_TYPES


class MdtoInvolved(msgspec.Struct, frozen=True, kw_only=True):
    """A `betrokkene`: a supplier, processor or department, with its role in our own vocabulary."""

    role_label: str
    actor: str
    vocabulary: str = INVOLVED_ROLES


def _no_restriction() -> list[MdtoUseRestriction]:
    return [MdtoUseRestriction(type_label=NO_RESTRICTION)]


class MdtoInformationObject(msgspec.Struct, frozen=True, kw_only=True):
    """An `informatieobject`: an entry (Dossier), a published version (Archiefstuk) or the register (Serie).

    `appraisal` is our code B, V or N; `archive_creators` are (TOOI code, name) pairs.
    """

    identifiers: list[Identifier]
    name: str
    aggregation_level: str
    classifications: list[MdtoTerm] = []
    keywords: list[str] = []
    descriptions: list[str] = []
    physical_locations: list[str] = []
    online_locations: list[str] = []
    coverage_in_time: list[MdtoPeriod] = []
    coverage_in_space: list[str] = []
    language: str = "nl"
    events: list[MdtoEvent] = []
    appraisal: str
    retention: MdtoRetention | None = None
    information_category: MdtoClassification | None = None
    part_of: list[MdtoReference] = []
    has_parts: list[MdtoReference] = []
    representations: list[MdtoReference] = []
    additional_metadata: list[MdtoReference] = []
    related: list[MdtoRelation] = []
    archive_creators: list[tuple[str, str]]
    involved: list[MdtoInvolved] = []
    activity: str | None = None
    use_restrictions: list[MdtoUseRestriction] = msgspec.field(default_factory=_no_restriction)


class MdtoFile(msgspec.Struct, frozen=True, kw_only=True):
    """A `bestand`: a rendition or attachment. `format_label` defaults to PRONOM's name for the PUID."""

    identifiers: list[Identifier]
    name: str
    size: int
    format_puid: str
    format_label: str | None = None
    sha256: str
    checksum_at: datetime
    url: str | None = None
    representation_of: MdtoReference


_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_TOOI_MUNICIPALITY = re.compile(r"^gm\d{4}$")
_PRONOM_NAMES = dict(PROVISIONAL_PRONOM_FORMATS.values())


def write_information_object(obj: MdtoInformationObject) -> bytes:
    """The MDTO document of one informatieobject; ValueError names what stops it being written."""
    appraisal = APPRAISAL_LABELS.get(obj.appraisal)
    if appraisal is None:
        raise ValueError(f"informatieobject.waardering: unknown appraisal {obj.appraisal!r}, expected B, V or N")
    if obj.appraisal == "V" and obj.retention is None:
        raise ValueError(
            "informatieobject.bewaartermijn is missing for appraisal V (Tijdelijk te bewaren): without a retention "
            "period nobody can tell when the record may be destroyed, so its export is blocked (ARCHIVING.md §11.4)"
        )
    if obj.aggregation_level not in AGGREGATION_LEVEL_LABELS:
        raise ValueError(f"informatieobject.aggregatieniveau: unknown level {obj.aggregation_level!r}")
    where = "informatieobject"
    root = _root()
    parent = _element(root, "informatieobject")
    _object_header(parent, obj.identifiers, obj.name, where)
    _term(parent, "aggregatieniveau", obj.aggregation_level, None, AGGREGATION_LEVELS, f"{where}.aggregatieniveau")
    for n, term in enumerate(obj.classifications, 1):
        _term(parent, "classificatie", term.label, term.code, term.vocabulary, f"{where}.classificatie[{n}]")
    for keyword in obj.keywords:
        _optional_text(parent, "trefwoord", keyword)
    for description in obj.descriptions:
        _optional_text(parent, "omschrijving", description)
    _consultation_locations(parent, obj.physical_locations, obj.online_locations)
    for n, period in enumerate(obj.coverage_in_time, 1):
        _coverage_in_time(parent, period, f"{where}.dekkingInTijd[{n}]")
    for place in obj.coverage_in_space:
        if _clean(place):
            _reference(parent, "dekkingInRuimte", place, None, f"{where}.dekkingInRuimte")
    _optional_text(parent, "taal", obj.language)
    for n, event in enumerate(obj.events, 1):
        _event(parent, event, f"{where}.event[{n}]")
    _term(parent, "waardering", appraisal, obj.appraisal, APPRAISALS, f"{where}.waardering")
    if obj.retention is not None:
        _retention(parent, "bewaartermijn", obj.retention, f"{where}.bewaartermijn")
    if obj.information_category is not None:
        category = obj.information_category
        _term(parent, "informatiecategorie", category.result_label, category.result_number, category.list_name,
              f"{where}.informatiecategorie")
    for tag, references in (
        ("isOnderdeelVan", obj.part_of),
        ("bevatOnderdeel", obj.has_parts),
        ("heeftRepresentatie", obj.representations),
        ("aanvullendeMetagegevens", obj.additional_metadata),
    ):
        for n, reference in enumerate(references, 1):
            _reference(parent, tag, reference.name, reference.identifier, f"{where}.{tag}[{n}]")
    for n, relation in enumerate(obj.related, 1):
        _relation(parent, relation, f"{where}.gerelateerdInformatieobject[{n}]")
    _archive_creators(parent, obj.archive_creators, where)
    for n, involved in enumerate(obj.involved, 1):
        _involved(parent, involved, f"{where}.betrokkene[{n}]")
    if _clean(obj.activity):
        _reference(parent, "activiteit", obj.activity, None, f"{where}.activiteit")
    if not obj.use_restrictions:
        raise ValueError(f"{where}.beperkingGebruik: at least one is required (use {NO_RESTRICTION!r})")
    for n, restriction in enumerate(obj.use_restrictions, 1):
        _use_restriction(parent, restriction, f"{where}.beperkingGebruik[{n}]")
    return _finish(root)


def write_file(obj: MdtoFile) -> bytes:
    """The MDTO document of one bestand; ValueError names what stops it being written."""
    where = "bestand"
    if isinstance(obj.size, bool) or obj.size < 0:
        raise ValueError(f"{where}.omvang: {obj.size!r} is not a size in bytes")
    if not _SHA256.match(obj.sha256):
        raise ValueError(f"{where}.checksumWaarde: {obj.sha256!r} is not a lowercase hexadecimal SHA-256")
    format_label = _clean(obj.format_label) or _PRONOM_NAMES.get(obj.format_puid)
    if format_label is None:
        raise ValueError(f"{where}.bestandsformaat: no name known for {obj.format_puid!r}; give format_label")
    root = _root()
    parent = _element(root, "bestand")
    _object_header(parent, obj.identifiers, obj.name, where)
    _element(parent, "omvang", str(obj.size))
    puid = _required(obj.format_puid, f"{where}.bestandsformaat.begripCode")
    _term(parent, "bestandsformaat", format_label, puid, FILE_FORMATS, f"{where}.bestandsformaat")
    checksum = _element(parent, "checksum")
    _term(checksum, "checksumAlgoritme", "SHA-256", None, CHECKSUM_ALGORITHMS, f"{where}.checksum.checksumAlgoritme")
    _element(checksum, "checksumWaarde", obj.sha256)
    _element(checksum, "checksumDatum", _date_time(obj.checksum_at, f"{where}.checksum.checksumDatum"))
    _optional_text(parent, "URLBestand", obj.url)
    reference = obj.representation_of
    _reference(parent, "isRepresentatieVan", reference.name, reference.identifier, f"{where}.isRepresentatieVan")
    return _finish(root)


def validate(xml: bytes) -> list[str]:
    """The errors of an MDTO document against the shipped XSD; empty when it is valid."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        document = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        return [f"not well-formed XML: {error}"]
    schema = _schema()
    with _SCHEMA_LOCK:  # a schema keeps its last error log on itself, so validations take turns
        if schema.validate(document):
            return []
        return [f"line {entry.line}: {entry.message}" for entry in schema.error_log]


_SCHEMA_LOCK = threading.Lock()


@functools.cache
def _schema() -> etree.XMLSchema:
    source = resources.files("schemas.data").joinpath("mdto", XSD_FILE).read_bytes()
    return etree.XMLSchema(etree.fromstring(source, etree.XMLParser(resolve_entities=False, no_network=True)))


def _root() -> etree._Element:
    root = etree.Element(f"{{{NAMESPACE}}}MDTO", nsmap={None: NAMESPACE, "xsi": _XSI})
    root.set(f"{{{_XSI}}}schemaLocation", SCHEMA_LOCATION)
    return root


def _finish(root: etree._Element) -> bytes:
    xml = b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8", pretty_print=True)
    errors = validate(xml)
    if errors:
        raise ValueError(f"the MDTO document does not validate against {XSD_FILE}: " + "; ".join(errors))
    return xml


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


def _required(value: str | None, where: str) -> str:
    text = _clean(value)
    if text is None:
        raise ValueError(f"{where} is empty; MDTO requires a value")
    return text


def _element(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}")
    element.text = text
    return element


def _optional_text(parent: etree._Element, tag: str, value: str | None) -> None:
    text = _clean(value)
    if text is not None:
        _element(parent, tag, text)


def _identification(parent: etree._Element, tag: str, identifier: Identifier, where: str) -> None:
    kenmerk, bron = identifier
    element = _element(parent, tag)
    _element(element, "identificatieKenmerk", _required(kenmerk, f"{where}.identificatieKenmerk"))
    _element(element, "identificatieBron", _required(bron, f"{where}.identificatieBron"))


def _reference(parent: etree._Element, tag: str, name: str | None, identifier: Identifier | None, where: str) -> None:
    element = _element(parent, tag)
    _element(element, "verwijzingNaam", _required(name, f"{where}.verwijzingNaam"))
    if identifier is not None:
        _identification(element, "verwijzingIdentificatie", identifier, f"{where}.verwijzingIdentificatie")


def _term(parent: etree._Element, tag: str, label: str | None, code: str | None, vocabulary: str, where: str) -> None:
    element = _element(parent, tag)
    _element(element, "begripLabel", _required(label, f"{where}.begripLabel"))
    _optional_text(element, "begripCode", code)
    _reference(element, "begripBegrippenlijst", vocabulary, None, f"{where}.begripBegrippenlijst")


def _object_header(parent: etree._Element, identifiers: list[Identifier], name: str, where: str) -> None:
    if not identifiers:
        raise ValueError(f"{where}.identificatie: at least one is required")
    for n, identifier in enumerate(identifiers, 1):
        _identification(parent, "identificatie", identifier, f"{where}.identificatie[{n}]")
    _element(parent, "naam", _required(name, f"{where}.naam"))


def _consultation_locations(parent: etree._Element, physical: list[str], online: list[str]) -> None:
    physical_names = [text for text in map(_clean, physical) if text]
    urls = [text for text in map(_clean, online) if text]
    if not physical_names and not urls:
        return
    element = _element(parent, "raadpleeglocatie")
    for name in physical_names:  # the XSD wants every raadpleeglocatieFysiek before raadpleeglocatieOnline
        _reference(element, "raadpleeglocatieFysiek", name, None, "raadpleeglocatie.raadpleeglocatieFysiek")
    for url in urls:
        _element(element, "raadpleeglocatieOnline", url)


def _partial_date(value: str | None, where: str) -> str:
    text = _required(value, where)
    if not _PARTIAL_DATE.match(text):
        raise ValueError(f"{where}: {text!r} is not a year, YYYY-MM or YYYY-MM-DD")
    return text


def _date_time(value: datetime, where: str) -> str:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{where}: {value.isoformat()} has no time zone")
    return value.isoformat()


def _coverage_in_time(parent: etree._Element, period: MdtoPeriod, where: str) -> None:
    element = _element(parent, "dekkingInTijd")
    _term(element, "dekkingInTijdType", period.type_label, None, period.vocabulary, f"{where}.dekkingInTijdType")
    _element(element, "dekkingInTijdBegindatum", _partial_date(period.start, f"{where}.dekkingInTijdBegindatum"))
    if _clean(period.end):
        _element(element, "dekkingInTijdEinddatum", _partial_date(period.end, f"{where}.dekkingInTijdEinddatum"))


def _event(parent: etree._Element, event: MdtoEvent, where: str) -> None:
    element = _element(parent, "event")
    _term(element, "eventType", event.type_label, None, EVENT_TYPES, f"{where}.eventType")
    at = event.at
    moment = _date_time(at, f"{where}.eventTijd") if isinstance(at, datetime) else at.isoformat()
    _element(element, "eventTijd", moment)
    if _clean(event.actor):
        _reference(element, "eventVerantwoordelijkeActor", event.actor, None, f"{where}.eventVerantwoordelijkeActor")
    _optional_text(element, "eventResultaat", event.result)


def _retention(parent: etree._Element, tag: str, retention: MdtoRetention, where: str) -> None:
    period = _clean(retention.period)
    if not (_clean(retention.trigger_label) or retention.start or period or retention.end):
        raise ValueError(f"{where} is empty: give a trigger, a start date, a duration or an end date")
    element = _element(parent, tag)
    if _clean(retention.trigger_label):
        _term(element, "termijnTriggerStartLooptijd", retention.trigger_label, retention.trigger_code,
              RETENTION_TRIGGERS, f"{where}.termijnTriggerStartLooptijd")
    elif _clean(retention.trigger_code):
        raise ValueError(f"{where}.termijnTriggerStartLooptijd.begripLabel is empty; MDTO requires a value")
    if retention.start is not None:
        _element(element, "termijnStartdatumLooptijd", retention.start.isoformat())
    if period is not None:
        _element(element, "termijnLooptijd", period)
    if retention.end is not None:
        _element(element, "termijnEinddatum", retention.end.isoformat())


def _relation(parent: etree._Element, relation: MdtoRelation, where: str) -> None:
    element = _element(parent, "gerelateerdInformatieobject")
    _reference(element, "gerelateerdInformatieobjectVerwijzing", relation.name, relation.identifier,
               f"{where}.gerelateerdInformatieobjectVerwijzing")
    _term(element, "gerelateerdInformatieobjectTypeRelatie", relation.relation_type, None, RELATION_TYPES,
          f"{where}.gerelateerdInformatieobjectTypeRelatie")


def _archive_creators(parent: etree._Element, creators: list[tuple[str, str]], where: str) -> None:
    if not creators:
        raise ValueError(f"{where}.archiefvormer: at least one is required")
    for n, (tooi_code, name) in enumerate(creators, 1):
        here = f"{where}.archiefvormer[{n}]"
        code = _required(tooi_code, f"{here}.identificatieKenmerk")
        if not _TOOI_MUNICIPALITY.match(code):
            raise ValueError(f"{here}: {code!r} is not a municipality's TOOI code (gm followed by four digits)")
        _reference(parent, "archiefvormer", name, (code, TOOI_MUNICIPALITIES), here)


def _involved(parent: etree._Element, involved: MdtoInvolved, where: str) -> None:
    element = _element(parent, "betrokkene")
    _term(element, "betrokkeneTypeRelatie", involved.role_label, None, involved.vocabulary,
          f"{where}.betrokkeneTypeRelatie")
    _reference(element, "betrokkeneActor", involved.actor, None, f"{where}.betrokkeneActor")


def _use_restriction(parent: etree._Element, restriction: MdtoUseRestriction, where: str) -> None:
    element = _element(parent, "beperkingGebruik")
    _term(element, "beperkingGebruikType", restriction.type_label, None, restriction.vocabulary,
          f"{where}.beperkingGebruikType")
    _optional_text(element, "beperkingGebruikNadereBeschrijving", restriction.explanation)
    term = _clean(restriction.term)
    if term is not None:
        _element(_element(element, "beperkingGebruikTermijn"), "termijnLooptijd", term)
