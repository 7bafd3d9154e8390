"""One dataset or data collection in DCAT-AP-DONL 1.1, the profile of data.overheid.nl: as the CKAN package
its portal takes (ckanext-dataoverheid) and as DCAT triples.

Sources, read in 2025 from the public repositories of data.overheid.nl:

- the mandatory properties: the DCAT-AP-DONL 1.1 documentation (dataoverheid/readthedocs-dcat-ap-donl-1.1,
  `source/classes-dataset.rst`, `classes-distribution.rst`, `classes-legalfoundation.rst`) and the CKAN schema
  that enforces it (dataoverheid/ckanext-dataoverheid, `ckanext/dataoverheid/logic/schemas/dcat_ap_donl.py`
  and `logic/validators.py`). Dataset: identifier, title, description (`notes`), metadata language,
  language, theme, modification date, authority, publisher, contact point (a name plus an e-mail address,
  website or telephone number), licence (`license_id`, mandatory at package level in CKAN). Resource:
  access URL (`url`), name, description, metadata language, language, licence, format. The catalogue's own
  mandatory properties (title, description, publisher, datasets) come from DCAT-AP 1.1, which DCAT-AP-DONL
  inherits through DCAT-AP-NL 1.1;
- the value lists: waardelijsten.dcat-ap-donl.nl as named in ckanext-dataoverheid's `config.json`
  (languages, access rights, dataset status, licences, file types, frequencies, spatial schemes) and the
  top level of the policy-agenda taxonomy (`resources/solr/hierarchy_theme.json`);
- organisations: TOOI URIs (https://identifier.overheid.nl/tooi/id/gemeente/gm0363 and the like). The DONL
  1.1 organisation list was written in OWMS terms (http://standaarden.overheid.nl/owms/terms/...), which
  TOOI succeeds.

Every CKAN key is filled from the entry or left out; a mandatory value the entry cannot give, or a value the
portal's lists do not hold, is a Problem naming the entry's own field, and the package is then not to be sent.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

import msgspec
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, XSD

from schemas.entry import EMAIL_PATTERN, ContactDetails, EntryContent
from schemas.enums import (
    AccessRights,
    EntryKind,
    LifecyclePhase,
    LinkRelation,
    NationalStatus,
    OrganisationRole,
    PersonalDataLevel,
    Theme,
)
from schemas.local_time import AMSTERDAM
from schemas.problems import Problem, new_problem
from schemas.richtext import strip_html

PROFILE = "DCAT-AP-DONL 1.1"
DESCRIBED_KINDS = (EntryKind.DATASET, EntryKind.DATA_COLLECTION)
"""The entries the profile describes: datasets, and data collections as the datasets they make."""
CKAN_DATETIME = "%Y-%m-%dT%H:%M:%S"

LANGUAGE_PREFIX = "http://publications.europa.eu/resource/authority/language/"
DUTCH = f"{LANGUAGE_PREFIX}NLD"
ACCESS_RIGHTS = {
    AccessRights.PUBLIC: "http://publications.europa.eu/resource/authority/access-right/PUBLIC",
    AccessRights.RESTRICTED: "http://publications.europa.eu/resource/authority/access-right/RESTRICTED",
    AccessRights.NON_PUBLIC: "http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC",
}
STATUS_PREFIX = "http://data.overheid.nl/status/"
AVAILABLE, PLANNED, RESEARCHED, UNAVAILABLE = (f"{STATUS_PREFIX}{s}" for s in (
    "beschikbaar", "gepland", "in_onderzoek", "niet_beschikbaar"))
DATASET_STATUSES = frozenset({AVAILABLE, PLANNED, RESEARCHED, UNAVAILABLE})
NEEDS_DATE_PLANNED = frozenset({PLANNED, RESEARCHED})

CLOSED_LICENCE = "http://standaarden.overheid.nl/owms/terms/geslotenlicentie"
UNKNOWN_LICENCE = "http://standaarden.overheid.nl/owms/terms/licentieonbekend"
_CREATIVE_COMMONS = {
    "publicdomain/zero/1.0": "http://creativecommons.org/publicdomain/zero/1.0/deed.nl",
    "publicdomain/mark/1.0": "http://creativecommons.org/publicdomain/mark/1.0/deed.nl",
    "licenses/by/4.0": "http://creativecommons.org/licenses/by/4.0/deed.nl",
    "licenses/by-sa/4.0": "http://creativecommons.org/licenses/by-sa/4.0/deed.nl",
}
_LICENCE_CODES = {  # SPDX identifiers and the short names people write
    "CC0-1.0": "publicdomain/zero/1.0", "CC0": "publicdomain/zero/1.0", "PDM-1.0": "publicdomain/mark/1.0",
    "CC-BY-4.0": "licenses/by/4.0", "CC-BY-SA-4.0": "licenses/by-sa/4.0",
}
CC0_LICENCE = _CREATIVE_COMMONS["publicdomain/zero/1.0"]
LICENCES = frozenset({*_CREATIVE_COMMONS.values(), CLOSED_LICENCE, UNKNOWN_LICENCE})
OPEN_LICENCES = LICENCES - {CLOSED_LICENCE, UNKNOWN_LICENCE}

FILE_TYPE_PREFIX = "http://publications.europa.eu/resource/authority/file-type/"
_FILE_TYPES = {
    "CSV": "CSV", "JSON": "JSON", "GEOJSON": "GEOJSON", "XML": "XML", "XLSX": "XLSX", "XLS": "XLS", "ODS": "ODS",
    "PDF": "PDF", "ZIP": "ZIP", "HTML": "HTML", "GML": "GML", "KML": "KML", "SHP": "SHP", "TXT": "TXT",
    "GPKG": "GPKG", "GEOPACKAGE": "GPKG", "RDF": "RDF", "JSON-LD": "JSON_LD", "TURTLE": "RDF_TURTLE",
    "TTL": "RDF_TURTLE", "ATOM": "ATOM", "WMS": "WMS_SRVC", "WFS": "WFS_SRVC",
}
_MEDIA_FILE_TYPES = {
    "text/csv": "CSV", "application/json": "JSON", "application/geo+json": "GEOJSON", "application/xml": "XML",
    "text/xml": "XML", "application/pdf": "PDF", "application/zip": "ZIP", "text/html": "HTML",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.ms-excel": "XLS", "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "application/gml+xml": "GML", "application/vnd.google-earth.kml+xml": "KML", "text/plain": "TXT",
    "application/geopackage+sqlite3": "GPKG", "application/ld+json": "JSON_LD", "text/turtle": "RDF_TURTLE",
    "application/rdf+xml": "RDF", "application/atom+xml": "ATOM",
}
MEDIA_TYPE_PREFIX = "https://www.iana.org/assignments/media-types/"
_MEDIA_TYPE = re.compile(r"^[a-z]+/[a-z0-9][a-z0-9!#$&^_.+-]*$")

FREQUENCY_PREFIX = "http://publications.europa.eu/resource/authority/frequency/"
FREQUENCIES = frozenset(f"{FREQUENCY_PREFIX}{code}" for code in (
    "CONT", "DAILY", "WEEKLY", "BIWEEKLY", "MONTHLY", "QUARTERLY", "ANNUAL", "BIENNIAL", "IRREG", "UNKNOWN"))
_FREQUENCY_WORDS = (  # more often than daily counts as continuous: the list has nothing finer
    (re.compile(r"continu|realtime|real-time|minu(ut|ten)|kwartier|\buur\b"), "CONT"),
    (re.compile(r"\bdag\b|dagelijks"), "DAILY"),
    (re.compile(r"twee weken|tweewekelijks"), "BIWEEKLY"),
    (re.compile(r"\bweek\b|wekelijks"), "WEEKLY"),
    (re.compile(r"\bmaand\b|maandelijks"), "MONTHLY"),
    (re.compile(r"kwartaal"), "QUARTERLY"),
    (re.compile(r"twee jaar|tweejaarlijks"), "BIENNIAL"),
    (re.compile(r"\bjaar\b|jaarlijks"), "ANNUAL"),
    (re.compile(r"onregelmatig|wisselend"), "IRREG"),
)

THEME_PREFIX = "http://standaarden.overheid.nl/owms/terms/"
THEME_TAXONOMY = f"{THEME_PREFIX}TaxonomieBeleidsagenda"
NATIONAL_THEMES = {  # the national algorithm register's 16 themes → the top of the policy-agenda taxonomy
    Theme.ORGANISATIE: "Bestuur", Theme.CULTUUR: "Cultuur_en_recreatie", Theme.ECONOMIE: "Economie",
    Theme.FINANCIEN: "Financien", Theme.WONEN: "Huisvesting_(thema)", Theme.INTERNATIONAAL: "Internationaal",
    Theme.MIGRATIE: "Migratie_en_integratie", Theme.NATUUR: "Natuur_en_milieu",
    Theme.ONDERWIJS: "Onderwijs_en_wetenschap", Theme.ORDE: "Openbare_orde_en_veiligheid",
    Theme.RECHT: "Recht_(thema)", Theme.RUIMTE: "Ruimte_en_infrastructuur", Theme.SOCIAAL: "Sociale_zekerheid",
    Theme.VERKEER: "Verkeer_(thema)", Theme.WERK: "Werk_(thema)", Theme.ZORG: "Zorg_en_gezondheid",
}

SPATIAL_SCHEME_PREFIX = "http://standaarden.overheid.nl/owms/4.0/doc/"
EPSG_28992 = f"{SPATIAL_SCHEME_PREFIX}syntax-codeerschemas/overheid.epsg28992"
POSTCODE = f"{SPATIAL_SCHEME_PREFIX}syntax-codeerschemas/overheid.postcodehuisnummer"
SPATIAL_SCHEMES = frozenset({
    *(f"{SPATIAL_SCHEME_PREFIX}waardelijsten/overheid.{name}"
      for name in ("gemeente", "koninkrijksdeel", "provincie", "waterschap")),
    EPSG_28992, POSTCODE,
})
_SPATIAL_VALUE = {EPSG_28992: re.compile(r"^\d{6}(\.\d{3})? \d{6}(\.\d{3})?$"),
                  POSTCODE: re.compile(r"^[1-9]\d{3}([A-Z]{2}(\d+(\S+)?)?)?$")}

TOOI_PREFIX = "https://identifier.overheid.nl/tooi/id/"
_TOOI_KINDS = {"gm": "gemeente", "pv": "provincie", "ws": "waterschap", "mnre": "ministerie", "oorg": "oorg"}
_TOOI_CODE = re.compile(r"^(?P<kind>[a-z]+)\d+$")
TOOI_URI = re.compile(r"^https://identifier\.overheid\.nl/tooi/id/[a-z]+/[a-z]+\d+$")

_CKAN_NAME = re.compile(r"^[a-z0-9_-]{2,100}$")
_CKAN_TAG = re.compile(r"^[\w .-]{2,100}$")
_NOT_IN_TAG = re.compile(r"[^\w .-]")
_EMAIL = re.compile(EMAIL_PATTERN)


class DcatEntry(msgspec.Struct, frozen=True, kw_only=True):
    """One entry in DCAT-AP-DONL 1.1: its CKAN package, what the package cannot say (exact locations, the
    names of the organisations), and what keeps it from being exported."""

    entry_id: str
    name: str
    page_url: str
    package: dict[str, Any]
    geometries: list[dict[str, Any]] = []
    """GeoJSON geometries (WGS84) of a data collection's locations, for `dct:spatial` in RDF."""
    agents: dict[str, str] = {}
    """Organisation URI → official name, for the `foaf:Agent`s in RDF."""
    problems: list[Problem] = []

    @property
    def refused(self) -> bool:
        return any(problem.severity == "error" for problem in self.problems)


def tooi_uri(code: str) -> str | None:
    """The TOOI URI of an organisation code (`gm0363` → …/tooi/id/gemeente/gm0363); None for a kind of
    organisation this register does not know the TOOI path of."""
    match = _TOOI_CODE.match(code)
    kind = _TOOI_KINDS.get(match.group("kind")) if match else None
    return f"{TOOI_PREFIX}{kind}/{code}" if kind else None


def donl_licence(value: str) -> str | None:
    """The licence URI of the DONL list for an SPDX code (`CC-BY-4.0`) or a Creative Commons address."""
    value = value.strip()
    if value in LICENCES:
        return value
    parts = urlsplit(value)
    if parts.netloc == "creativecommons.org":
        path = re.sub(r"/(deed\.[a-z]+|legalcode(\.[a-z]+)?)$", "", parts.path.strip("/")).strip("/")
        return _CREATIVE_COMMONS.get(path)
    code = _LICENCE_CODES.get(re.sub(r"[\s_]+", "-", value.upper()))
    return _CREATIVE_COMMONS[code] if code else None


def donl_file_type(file_format: str | None, media_type: str | None) -> str | None:
    """The file-type URI (EU list) of a distribution's format name, or else of its media type."""
    if file_format and file_format.startswith(FILE_TYPE_PREFIX):
        return file_format
    code = _FILE_TYPES.get((file_format or "").strip().upper()) or _MEDIA_FILE_TYPES.get(
        (media_type or "").strip().lower())
    return f"{FILE_TYPE_PREFIX}{code}" if code else None


def donl_frequency(value: str) -> str | None:
    """The frequency URI of a free-text update frequency ("elk uur", "eens per jaar")."""
    if value in FREQUENCIES:
        return value
    text = value.casefold()
    return next((f"{FREQUENCY_PREFIX}{code}" for pattern, code in _FREQUENCY_WORDS if pattern.search(text)), None)


def rd_new(longitude: float, latitude: float) -> tuple[float, float] | None:
    """WGS84 → Amersfoort / RD New (EPSG:28992), by the approximation of Schreutelkamp and Strang van Hees
    (within a metre on Dutch territory); None outside the area the approximation holds for. Not pyproj: without
    the RDNAPTRANS grid (which it would fetch from the internet) it is no more exact here (0.2 m off at the
    Amersfoort origin), and CKAN only needs a point per sensor."""
    if not (50.5 <= latitude <= 54.0 and 3.0 <= longitude <= 7.5):
        return None
    dp, dl = 0.36 * (latitude - 52.15517440), 0.36 * (longitude - 5.38720621)
    x = (190094.945 * dl - 11832.228 * dp * dl - 114.221 * dp**2 * dl - 32.391 * dl**3 - 0.705 * dp
         - 2.340 * dp**3 * dl - 0.608 * dp * dl**3 - 0.008 * dl**2 + 0.148 * dp**2 * dl**3)
    y = (309056.544 * dp + 3638.893 * dl**2 + 73.077 * dp**2 - 157.984 * dp * dl**2 + 59.788 * dp**3
         + 0.433 * dl - 6.439 * dp**2 * dl**2 - 0.032 * dp * dl + 0.092 * dl**4 - 0.054 * dp * dl**4)
    return 155000 + x, 463000 + y


def ckan_name(name: str, entry_id: str) -> str:
    """A CKAN package name (lowercase, digits, dashes): the entry's name, made unique by its id."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:90].rstrip("-")
    return f"{slug}-{entry_id[:8]}" if slug else entry_id


def ckan_datetime(moment: datetime.datetime | datetime.date) -> str:
    """A moment as CKAN's DONL schema writes it: local (Dutch) time without an offset."""
    if isinstance(moment, datetime.datetime):
        local = moment.astimezone(AMSTERDAM) if moment.tzinfo else moment
        return local.replace(tzinfo=None, microsecond=0).strftime(CKAN_DATETIME)
    return f"{moment.isoformat()}T00:00:00"


def content_to_dcat(
    content: EntryContent,
    *,
    entry_id: str,
    page_url: str,
    modified: datetime.datetime,
    issued: datetime.datetime | None = None,
    linked_pages: Mapping[str, str] | None = None,
) -> DcatEntry:
    """The DCAT-AP-DONL 1.1 description of one dataset or data collection: the CKAN package, and the
    problems that keep it out. `page_url` is the entry's public page: the dataset's URI and landing page.
    `linked_pages` gives the public pages of entries it may link to (by entry id)."""
    if content.kind not in DESCRIBED_KINDS:
        raise ValueError(f"only datasets and data collections are described in {PROFILE}, not {content.kind}")
    builder = _PackageBuilder(content, entry_id, page_url, linked_pages or {})
    package = builder.package(modified, issued)
    problems = builder.problems
    if not any(problem.severity == "error" for problem in problems):
        problems += dcat_problems(package)  # a guard: the mapping above should already have said it
    return DcatEntry(entry_id=entry_id, name=content.name, page_url=page_url, package=package,
                     geometries=builder.geometries, agents=builder.agents, problems=problems)


def _mandatory(field: str, donl: str, hint: str, hint_en: str) -> Problem:
    return Problem(field=field, message=f"verplicht in {PROFILE} ({donl}): {hint}",
                   message_en=f"mandatory in {PROFILE} ({donl}): {hint_en}")


def _not_listed(field: str, value: object, donl: str) -> Problem:
    return Problem(field=field, message=f"{value!r} staat niet in de waardelijst van {PROFILE} ({donl})",
                   message_en=f"{value!r} is not in the {PROFILE} value list ({donl})")


class _PackageBuilder:
    """Builds one CKAN package, noting a Problem (under the entry's own field) for every value it cannot give."""

    def __init__(self, content: EntryContent, entry_id: str, page_url: str, linked_pages: Mapping[str, str]):
        self.content = content
        self.entry_id = entry_id
        self.page_url = page_url
        self.linked_pages = linked_pages
        self.collection = content.data_collection if content.kind == EntryKind.DATA_COLLECTION else None
        self.dataset = content.dataset if content.kind == EntryKind.DATASET else None
        self.problems: list[Problem] = []
        self.geometries: list[dict[str, Any]] = []
        self.agents: dict[str, str] = {}

    def package(self, modified: datetime.datetime, issued: datetime.datetime | None) -> dict[str, Any]:
        content = self.content
        identifier = self.dataset.identifier if self.dataset and self.dataset.identifier else self.page_url
        licence = self.licence()
        status, date_planned = self.status()
        package: dict[str, Any] = {
            "name": ckan_name(content.name, self.entry_id),
            "title": content.name,
            "notes": self.notes(),
            "url": self.page_url,
            "identifier": identifier,
            "alternate_identifier": [self.page_url] if identifier != self.page_url else [],
            "metadata_language": DUTCH,
            "language": [DUTCH],
            "theme": self.themes(),
            "modified": ckan_datetime(modified),
            "issued": ckan_datetime(issued) if issued else None,
            **self.organisations(),
            **self.contact_point(),
            "license_id": licence,
            "access_rights": ACCESS_RIGHTS[rights] if (rights := self.access_rights()) else None,
            "dataset_status": status,
            "date_planned": date_planned,
            **self.temporal(),
            **self.spatial(),
            "frequency": self.frequency(),
            **self.legal_foundation(),
            "conforms_to": list(dict.fromkeys(self.dataset.conforms_to)) if self.dataset else [],
            **self.relations(),
            "documentation": list(dict.fromkeys(url for url in (content.website, content.documentation_url) if url)),
            "high_value": self.dataset.high_value if self.dataset else None,
            "tags": [{"name": tag} for tag in self.tags()],
            "resources": self.resources(licence),
        }
        return {key: value for key, value in package.items() if value not in (None, "", [])}

    def notes(self) -> str:
        content = self.content
        parts = [content.description_short.strip(), strip_html(content.goal or "")]
        if self.collection:
            if self.collection.observes:
                parts.append(f"Wat wordt gemeten: {self.collection.observes.strip()}")
            if self.collection.quantities:
                quantities = ", ".join(f"{q.name} in {q.unit}" if q.unit else q.name
                                       for q in self.collection.quantities)
                parts.append(f"Grootheden: {quantities}.")
        notes = "\n\n".join(part for part in parts if part)
        if not notes:
            self.problems.append(_mandatory("description_short", "description", "geef een omschrijving",
                                            "give a description"))
        return notes

    def themes(self) -> list[str]:
        if self.dataset and self.dataset.themes_donl:
            for index, theme in enumerate(self.dataset.themes_donl):
                if not theme.startswith(THEME_PREFIX):
                    self.problems.append(_not_listed(f"dataset.themes_donl[{index}]", theme, "theme"))
            return list(dict.fromkeys(self.dataset.themes_donl))
        themes = list(dict.fromkeys(f"{THEME_PREFIX}{NATIONAL_THEMES[theme]}" for theme in self.content.category))
        if not themes:
            field = "dataset.themes_donl" if self.content.kind == EntryKind.DATASET else "category"
            self.problems.append(_mandatory(field, "theme", "kies minstens één thema", "choose at least one theme"))
        return themes

    def organisations(self) -> dict[str, str | None]:
        """The authority (the responsible organisation) and the publisher, as TOOI URIs."""
        content = self.content
        index, responsible = next(((i, o) for i, o in enumerate(content.organisations)
                                   if o.role == OrganisationRole.RESPONSIBLE), (0, None))
        if responsible is None:
            self.problems.append(_mandatory("organisations", "authority", "geef de verantwoordelijke organisatie",
                                            "give the responsible organisation"))
            return {}
        authority = self.organisation_uri(responsible.tooi_id, responsible.name, f"organisations[{index}].tooi_id")
        code = self.dataset.publisher if self.dataset and self.dataset.publisher else responsible.tooi_id
        named = next((o.name for o in content.organisations if o.tooi_id == code), None)
        return {"authority": authority, "publisher": self.organisation_uri(code, named, "dataset.publisher")}

    def organisation_uri(self, code: str, name: str | None, field: str) -> str | None:
        """The TOOI URI of an organisation code; a named organisation also becomes an agent in RDF (one
        whose name the entry does not give is left without, rather than given a wrong one)."""
        uri = tooi_uri(code)
        if uri is None:
            self.problems.append(Problem(field=field, message=f"geen TOOI-organisatiesoort bekend voor {code!r}",
                                         message_en=f"no TOOI kind of organisation known for {code!r}"))
        elif name:
            self.agents[uri] = name
        return uri

    def contact_point(self) -> dict[str, str | None]:
        """The dataset's own contact point, completed from the entry's contact details; named after the
        department or organisation when no person or team is given."""
        content = self.content
        given = self.dataset.contact_point if self.dataset and self.dataset.contact_point else ContactDetails()
        contact = content.contact_email or ""
        is_email = bool(_EMAIL.match(contact))
        responsible = next((o.name for o in content.organisations if o.role == OrganisationRole.RESPONSIBLE), None)
        point = {
            "contact_point_name": given.name or content.contact_name or content.responsible_department or responsible,
            "contact_point_email": given.email or (contact if is_email else None),
            "contact_point_website": given.url or (None if is_email else contact or None),
            "contact_point_phone": content.contact_phone,
        }
        if not any(point[key] for key in ("contact_point_email", "contact_point_website", "contact_point_phone")):
            field = "dataset.contact_point" if self.dataset else "contact_email"
            self.problems.append(_mandatory(field, "contactPoint", "geef een e-mailadres, website of telefoonnummer",
                                            "give an e-mail address, website or telephone number"))
        return point

    def access_rights(self) -> AccessRights | None:
        """A dataset says it itself; a data collection is public only when it is open data without personal
        data (its published, open part is then described by its open-data dataset as well)."""
        if self.dataset:
            return self.dataset.access_rights
        open_data = self.collection.open_data if self.collection else None
        if open_data and open_data.is_open_data and self.content.personal_data == PersonalDataLevel.NONE:
            return AccessRights.PUBLIC
        return AccessRights.NON_PUBLIC

    def licence(self) -> str | None:
        """The licence of the DONL list; data that are not public carry the closed licence."""
        rights = self.access_rights()
        if self.dataset and self.dataset.licence:
            given, field = self.dataset.licence, "dataset.licence"
        elif self.collection and rights == AccessRights.PUBLIC:
            open_data = self.collection.open_data
            given, field = (open_data.licence if open_data else None), "data_collection.open_data.licence"
        elif rights in (AccessRights.NON_PUBLIC, AccessRights.RESTRICTED):
            return CLOSED_LICENCE
        else:
            given, field = None, "dataset.licence"
        if not given:
            self.problems.append(_mandatory(field, "license_id", "kies een licentie", "choose a licence"))
            return None
        licence = donl_licence(given)
        if licence is None:
            self.problems.append(_not_listed(field, given, "license_id"))
        elif rights == AccessRights.PUBLIC and licence not in OPEN_LICENCES:
            self.problems.append(Problem(field=field, message="openbare data vragen een open licentie",
                                         message_en="public data need an open licence"))
        return licence

    def status(self) -> tuple[str | None, str | None]:
        """The DONL dataset status, and the date a planned one becomes available."""
        content = self.content
        given = self.dataset.status if self.dataset else None
        if given:
            status = given if given in DATASET_STATUSES else f"{STATUS_PREFIX}{given.strip().lower()}"
            if status not in DATASET_STATUSES:
                self.problems.append(_not_listed("dataset.status", given, "dataset_status"))
                return None, None
        elif content.status == NationalStatus.OUT_OF_USE or content.lifecycle_phase == LifecyclePhase.RETIRED:
            status = UNAVAILABLE
        elif content.status == NationalStatus.IN_DEVELOPMENT or content.lifecycle_phase in (
                LifecyclePhase.PLANNED, LifecyclePhase.DESIGN, LifecyclePhase.DEVELOPMENT):
            status = PLANNED
        elif content.status == NationalStatus.IN_USE:
            status = AVAILABLE
        else:
            return None, None
        if status not in NEEDS_DATE_PLANNED:
            return status, None
        start = self.collection.active_from if self.collection and self.collection.active_from else (
            datetime.date.fromisoformat(f"{content.begin_date}-01") if content.begin_date else None)
        if start is None:  # without a date the portal would call it available
            self.problems.append(_mandatory("begin_date", "date_planned",
                                            "geef de maand waarin de data beschikbaar komen",
                                            "give the month the data become available"))
        return status, ckan_datetime(start) if start else None

    def temporal(self) -> dict[str, str]:
        if self.dataset:
            start, end, field = self.dataset.temporal_start, self.dataset.temporal_end, "dataset.temporal_end"
        elif self.collection:
            start, end, field = self.collection.active_from, self.collection.active_until, \
                "data_collection.active_until"
        else:
            return {}
        if start and end and start >= end:
            self.problems.append(Problem(field=field, message="het einde moet na het begin liggen",
                                         message_en="the end must come after the start"))
        return {key: ckan_datetime(day) for key, day in (("temporal_start", start), ("temporal_end", end)) if day}

    def spatial(self) -> dict[str, list[str]]:
        if self.collection:
            return self.located()
        if not self.dataset or not (self.dataset.spatial_scheme or self.dataset.spatial_value):
            return {}
        scheme, value = self.dataset.spatial_scheme or "", self.dataset.spatial_value or ""
        if not scheme.startswith(SPATIAL_SCHEME_PREFIX):
            scheme = next((s for s in SPATIAL_SCHEMES if scheme and s.endswith(f"overheid.{scheme}")), scheme)
        if scheme not in SPATIAL_SCHEMES:
            self.problems.append(_not_listed("dataset.spatial_scheme", scheme or None, "spatial_scheme"))
        elif not value or (scheme in _SPATIAL_VALUE and not _SPATIAL_VALUE[scheme].match(value)):
            self.problems.append(Problem(field="dataset.spatial_value",
                                         message="geen geldige waarde voor het gekozen ruimtelijke schema",
                                         message_en="not a valid value for the chosen spatial scheme"))
        return {"spatial_scheme": [scheme], "spatial_value": [value]}

    def located(self) -> dict[str, list[str]]:
        """A data collection's points as RD New coordinates; every geometry for RDF."""
        assert self.collection is not None
        features = (self.collection.locations or {}).get("features") or []
        self.geometries = [f["geometry"] for f in features if isinstance(f, dict) and isinstance(f.get("geometry"),
                                                                                               dict)]
        points = [rd_new(*g["coordinates"][:2]) for g in self.geometries if g.get("type") == "Point"]
        values = list(dict.fromkeys(f"{x:010.3f} {y:010.3f}" for x, y in filter(None, points)
                                    if 0 <= x < 1e6 and 0 <= y < 1e6))
        return {"spatial_scheme": [EPSG_28992] * len(values), "spatial_value": values} if values else {}

    def frequency(self) -> str | None:
        given = self.dataset.frequency if self.dataset else None
        frequency = donl_frequency(given) if given else None
        if given and frequency is None:
            self.problems.append(Problem(
                field="dataset.frequency", severity="warning",
                message=f"{given!r} past niet op de frequentielijst van {PROFILE} en blijft weg",
                message_en=f"{given!r} does not match the {PROFILE} frequency list and is left out"))
        return frequency

    def legal_foundation(self) -> dict[str, str]:
        """The first reference to national law (with its BWB id, as a Juriconnect reference)."""
        law = next((law for law in self.content.law_references if law.bwb_id), None)
        if law is None:
            return {}
        article = re.sub(r"^(art\.?|artikel)\s*", "", (law.article or "").strip(), flags=re.IGNORECASE)
        reference = f"jci1.3:c:{law.bwb_id}" + (f"&artikel={article.replace(' ', '')}" if article else "")
        return {"legal_foundation_label": law.title, "legal_foundation_ref": reference,
                "legal_foundation_uri": law.link}

    def relations(self) -> dict[str, list[str]]:
        """Linked public entries (the sources a dataset derives from, and the rest) and a collection's open
        data and live feed."""
        sources, related = [], []
        for link in self.content.links:
            page = self.linked_pages.get(link.target)
            if page:
                derived = link.relation in (LinkRelation.DERIVED_FROM, LinkRelation.USES_DATA_FROM)
                (sources if derived else related).append(page)
        open_data = self.collection.open_data if self.collection else None
        if open_data and open_data.is_open_data:
            related += [page for page in (self.linked_pages.get(open_data.dataset_entry or ""), open_data.url) if page]
        if self.collection and self.collection.realtime_api_url:
            related.append(self.collection.realtime_api_url)
        return {"source": list(dict.fromkeys(sources)), "related_resource": list(dict.fromkeys(related))}

    def tags(self) -> list[str]:
        words = (_NOT_IN_TAG.sub("", word).strip() for word in (self.content.tags or "").split(","))
        return list(dict.fromkeys(word for word in words if _CKAN_TAG.match(word)))

    def resources(self, dataset_licence: str | None) -> list[dict[str, Any]]:
        """A dataset's distributions as CKAN resources; they inherit the dataset's licence."""
        resources = []
        for index, distribution in enumerate(self.dataset.distributions if self.dataset else []):
            field = f"dataset.distributions[{index}]"
            licence = dataset_licence
            if distribution.licence:
                licence = donl_licence(distribution.licence)
                if licence is None:
                    self.problems.append(_not_listed(f"{field}.licence", distribution.licence, "license_id"))
            if not distribution.description.strip():
                self.problems.append(_mandatory(f"{field}.description", "resource description",
                                                "beschrijf deze distributie", "describe this distribution"))
            file_type = donl_file_type(distribution.format, distribution.media_type)
            if file_type is None:
                self.problems.append(_mandatory(f"{field}.format", "resource format",
                                                "kies een bestandsformaat uit de EU-lijst (CSV, JSON, …)",
                                                "choose a file format of the EU list (CSV, JSON, …)"))
            media_type = (distribution.media_type or "").strip().lower()
            resource = {
                "url": distribution.access_url, "name": distribution.title,
                "description": distribution.description.strip(), "metadata_language": DUTCH, "language": [DUTCH],
                "license_id": licence, "format": file_type,
                "media_type": f"{MEDIA_TYPE_PREFIX}{media_type}" if _MEDIA_TYPE.match(media_type) else None,
                "download_url": [distribution.download_url] if distribution.download_url else [],
            }
            resources.append({key: value for key, value in resource.items() if value not in (None, "", [])})
        return resources


MANDATORY_PACKAGE_KEYS = ("title", "notes", "theme", "identifier", "authority", "publisher", "contact_point_name",
                          "metadata_language", "language", "license_id", "modified")
MANDATORY_RESOURCE_KEYS = ("url", "name", "description", "metadata_language", "language", "license_id", "format")
_URI_KEYS = ("identifier", "url", "contact_point_website", "legal_foundation_uri")
_URI_LIST_KEYS = ("alternate_identifier", "conforms_to", "related_resource", "source", "documentation")


def dcat_problems(package: Mapping[str, Any]) -> list[Problem]:
    """What data.overheid.nl's CKAN (the DCAT-AP-DONL 1.1 schema of ckanext-dataoverheid) would refuse in a
    package: a mandatory key left empty, a value outside its value list, a broken URI or date, and the rules
    that tie keys together. Fields are CKAN keys. Nothing means the package may be sent."""
    problems = [_mandatory(key, key, "leeg", "empty") for key in MANDATORY_PACKAGE_KEYS if not package.get(key)]
    problems += _listed(package, {
        "metadata_language": _is_language, "language": _is_language, "theme": lambda v: v.startswith(THEME_PREFIX),
        "authority": TOOI_URI.match, "publisher": TOOI_URI.match, "license_id": LICENCES.__contains__,
        "access_rights": set(ACCESS_RIGHTS.values()).__contains__, "dataset_status": DATASET_STATUSES.__contains__,
        "frequency": FREQUENCIES.__contains__, "spatial_scheme": SPATIAL_SCHEMES.__contains__,
    })
    problems += [new_problem(key, "geen geldige URI", "not a valid URI") for key in _URI_KEYS
                 if package.get(key) and not _is_uri(package[key])]
    problems += [new_problem(f"{key}[{i}]", "geen geldige URI", "not a valid URI") for key in _URI_LIST_KEYS
                 for i, value in enumerate(package.get(key) or []) if not _is_uri(value)]
    problems += [new_problem(key, f"verwacht {CKAN_DATETIME}", f"expected {CKAN_DATETIME}")
                 for key in ("modified", "issued", "temporal_start", "temporal_end", "date_planned")
                 if package.get(key) and not _is_ckan_datetime(package[key])]
    if package.get("name") is not None and not _CKAN_NAME.match(str(package["name"])):
        problems.append(new_problem("name", "alleen kleine letters, cijfers, - en _ (2 tot 100)",
                                 "only lowercase letters, digits, - and _ (2 to 100)"))
    problems += [new_problem(f"tags[{i}]", "ongeldige trefwoordnaam", "invalid tag name")
                 for i, tag in enumerate(package.get("tags") or []) if not _CKAN_TAG.match(str(tag.get("name", "")))]
    problems += _combined_rules(package)
    for index, resource in enumerate(package.get("resources") or []):
        problems += _resource_problems(f"resources[{index}]", resource)
    return problems


def _combined_rules(package: Mapping[str, Any]) -> list[Problem]:
    """ckanext-dataoverheid's rules across keys: contact point, legal foundation, temporal, spatial, rights."""
    problems = []
    if not any(package.get(f"contact_point_{key}") for key in ("email", "website", "phone")):
        problems.append(new_problem("contact_point_email", "een e-mailadres, website of telefoonnummer is verplicht",
                                 "an e-mail address, website or telephone number is mandatory"))
    foundation = [key for key in ("legal_foundation_label", "legal_foundation_ref", "legal_foundation_uri")
                  if package.get(key)]
    if foundation and len(foundation) < 3:
        problems.append(new_problem("legal_foundation_ref", "label, verwijzing en URI horen samen",
                                 "label, reference and URI go together"))
    start, end = package.get("temporal_start"), package.get("temporal_end")
    if start and end and start >= end:
        problems.append(new_problem("temporal_end", "het einde moet na het begin liggen",
                                 "the end must come after the start"))
    schemes, values = package.get("spatial_scheme") or [], package.get("spatial_value") or []
    if len(schemes) != len(values) or len(set(values)) != len(values):
        problems.append(new_problem("spatial_value", "één unieke waarde per schema", "one unique value per scheme"))
    problems += [new_problem("spatial_value", f"{value!r} past niet bij het schema",
                             f"{value!r} does not fit the scheme")
                 for scheme, value in zip(schemes, values, strict=False)
                 if scheme in _SPATIAL_VALUE and not _SPATIAL_VALUE[scheme].match(value)]
    if package.get("dataset_status") in NEEDS_DATE_PLANNED and not package.get("date_planned"):
        problems.append(new_problem("date_planned", "verplicht bij deze status", "mandatory with this status"))
    if (package.get("dataset_status", AVAILABLE) == AVAILABLE
            and package.get("access_rights") == ACCESS_RIGHTS[AccessRights.PUBLIC]
            and package.get("license_id") not in OPEN_LICENCES):
        problems.append(new_problem("license_id", "openbare, beschikbare data vragen een open licentie",
                                 "public, available data need an open licence"))
    return problems


def _resource_problems(field: str, resource: Mapping[str, Any]) -> list[Problem]:
    problems = [_mandatory(f"{field}.{key}", f"resource {key}", "leeg", "empty")
                for key in MANDATORY_RESOURCE_KEYS if not resource.get(key)]
    problems += _listed(resource, {
        "metadata_language": _is_language, "language": _is_language, "license_id": LICENCES.__contains__,
        "format": lambda v: bool(re.fullmatch(re.escape(FILE_TYPE_PREFIX) + r"[A-Z0-9_]+", v)),
        "media_type": lambda v: v.startswith(MEDIA_TYPE_PREFIX),
    }, prefix=f"{field}.")
    if resource.get("url") and not _is_uri(resource["url"]):
        problems.append(new_problem(f"{field}.url", "geen geldige URI", "not a valid URI"))
    problems += [new_problem(f"{field}.download_url[{i}]", "geen geldige URI", "not a valid URI")
                 for i, value in enumerate(resource.get("download_url") or []) if not _is_uri(value)]
    return problems


def _listed(values: Mapping[str, Any], checks: Mapping[str, Any], prefix: str = "") -> list[Problem]:
    """Every value (single or a list) of the checked keys that its value list does not hold."""
    problems = []
    for key, check in checks.items():
        given = values.get(key)
        for item in given if isinstance(given, list) else [given] if given else []:
            if not isinstance(item, str) or not check(item):
                problems.append(_not_listed(f"{prefix}{key}", item, key))
    return problems


def _is_language(value: str) -> bool:
    return bool(re.fullmatch(re.escape(LANGUAGE_PREFIX) + r"[A-Z]{3}", value))


def _is_uri(value: object) -> bool:
    parts = urlsplit(value) if isinstance(value, str) else None
    return bool(parts and parts.scheme in ("http", "https") and parts.netloc)


def _is_ckan_datetime(value: object) -> bool:
    try:
        datetime.datetime.strptime(str(value), CKAN_DATETIME)
    except ValueError:
        return False
    return True


# ---- RDF ---------------------------------------------------------------------------------------------------

ADMS = Namespace("http://www.w3.org/ns/adms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SCHEMA = Namespace("http://schema.org/")
LOCN = Namespace("http://www.w3.org/ns/locn#")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
OVERHEID = Namespace(THEME_PREFIX)
NAMESPACES = {"dcat": DCAT, "dct": DCTERMS, "foaf": FOAF, "adms": ADMS, "vcard": VCARD, "schema": SCHEMA,
              "locn": LOCN, "gsp": GSP, "overheid": OVERHEID, "xsd": XSD, "rdfs": RDFS}


def new_graph() -> Graph:
    """An empty graph with the profile's prefixes bound."""
    graph = Graph()
    for prefix, namespace in NAMESPACES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph


def add_dataset(graph: Graph, entry: DcatEntry) -> URIRef:
    """The triples of one exported entry: a `dcat:Dataset` named by its public page, its distributions, and
    the `foaf:Agent`s it names. All values come from the CKAN package, so the two outputs say the same."""
    package = entry.package
    dataset = URIRef(entry.page_url)
    add = graph.add
    add((dataset, RDF.type, DCAT.Dataset))
    add((dataset, DCTERMS.identifier, Literal(package["identifier"], datatype=XSD.anyURI)))
    add((dataset, DCTERMS.title, Literal(package["title"], lang="nl")))
    add((dataset, DCTERMS.description, Literal(package["notes"], lang="nl")))
    add((dataset, DCAT.landingPage, URIRef(package["url"])))
    add((dataset, DCTERMS.modified, Literal(package["modified"], datatype=XSD.dateTime)))
    _add_uris(graph, dataset, DCTERMS.language, {package["metadata_language"], *package["language"]})
    _add_uris(graph, dataset, DCAT.theme, package["theme"])
    _add_uris(graph, dataset, OVERHEID.authority, [package["authority"]])
    _add_uris(graph, dataset, DCTERMS.publisher, [package["publisher"]])
    _add_uris(graph, dataset, DCTERMS.license, [package["license_id"]])
    for key, predicate in (("access_rights", DCTERMS.accessRights), ("dataset_status", ADMS.status),
                           ("frequency", DCTERMS.accrualPeriodicity)):
        _add_uris(graph, dataset, predicate, [package[key]] if key in package else [])
    for key, predicate in (("alternate_identifier", ADMS.identifier), ("conforms_to", DCTERMS.conformsTo),
                           ("related_resource", DCTERMS.relation), ("source", DCTERMS.source),
                           ("documentation", FOAF.page)):
        _add_uris(graph, dataset, predicate, package.get(key, []))
    if "issued" in package:
        add((dataset, DCTERMS.issued, Literal(package["issued"], datatype=XSD.dateTime)))
    for tag in package.get("tags", []):
        add((dataset, DCAT.keyword, Literal(tag["name"], lang="nl")))
    _add_contact_point(graph, dataset, package)
    _add_temporal(graph, dataset, package)
    _add_spatial(graph, dataset, package, entry.geometries)
    _add_legal_foundation(graph, dataset, package)
    for index, resource in enumerate(package.get("resources", []), start=1):
        add((dataset, DCAT.distribution, _add_distribution(graph, URIRef(f"{entry.page_url}#distributie-{index}"),
                                                           resource)))
    for uri, name in entry.agents.items():
        add((URIRef(uri), RDF.type, FOAF.Agent))
        add((URIRef(uri), FOAF.name, Literal(name, lang="nl")))
    return dataset


def _add_uris(graph: Graph, subject: URIRef, predicate: URIRef, values: Iterable[str]) -> None:
    for value in values:
        graph.add((subject, predicate, URIRef(value)))


def _add_contact_point(graph: Graph, dataset: URIRef, package: Mapping[str, Any]) -> None:
    contact = BNode()
    graph.add((dataset, DCAT.contactPoint, contact))
    graph.add((contact, RDF.type, VCARD.Kind))
    graph.add((contact, VCARD.fn, Literal(package["contact_point_name"])))
    if "contact_point_email" in package:
        graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{package['contact_point_email']}")))
    if "contact_point_website" in package:
        graph.add((contact, VCARD.hasURL, URIRef(package["contact_point_website"])))
    if "contact_point_phone" in package:
        graph.add((contact, VCARD.hasTelephone, Literal(package["contact_point_phone"])))


def _add_temporal(graph: Graph, dataset: URIRef, package: Mapping[str, Any]) -> None:
    if "temporal_start" not in package and "temporal_end" not in package:
        return
    period = BNode()
    graph.add((dataset, DCTERMS.temporal, period))
    graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
    for key, predicate in (("temporal_start", SCHEMA.startDate), ("temporal_end", SCHEMA.endDate)):
        if key in package:
            graph.add((period, predicate, Literal(package[key][:10], datatype=XSD.date)))


def _add_spatial(graph: Graph, dataset: URIRef, package: Mapping[str, Any], geometries: list[dict[str, Any]]) -> None:
    """A data collection's exact locations as GeoJSON; otherwise the package's scheme and value."""
    if geometries:
        for geometry in geometries:
            _add_location(graph, dataset, Literal(msgspec.json.encode(geometry).decode(),
                                                  datatype=GSP.geoJSONLiteral))
        return
    for scheme, value in zip(package.get("spatial_scheme", []), package.get("spatial_value", []), strict=False):
        if scheme == EPSG_28992:
            x, y = value.split()
            wkt = f"<http://www.opengis.net/def/crs/EPSG/0/28992> POINT({x} {y})"
            _add_location(graph, dataset, Literal(wkt, datatype=GSP.wktLiteral))
        elif _is_uri(value):
            graph.add((dataset, DCTERMS.spatial, URIRef(value)))
        else:
            location = _add_location(graph, dataset, None)
            graph.add((location, RDFS.label, Literal(value)))


def _add_location(graph: Graph, dataset: URIRef, geometry: Literal | None) -> BNode:
    location = BNode()
    graph.add((dataset, DCTERMS.spatial, location))
    graph.add((location, RDF.type, DCTERMS.Location))
    if geometry is not None:
        graph.add((location, LOCN.geometry, geometry))
    return location


def _add_legal_foundation(graph: Graph, dataset: URIRef, package: Mapping[str, Any]) -> None:
    if "legal_foundation_ref" not in package:
        return
    foundation = BNode()
    graph.add((dataset, OVERHEID.grondslag, foundation))
    graph.add((foundation, OVERHEID.juriconnectverwijzing, Literal(package["legal_foundation_ref"])))
    graph.add((foundation, OVERHEID.linktekst, Literal(package["legal_foundation_label"], lang="nl")))
    graph.add((foundation, FOAF.page, URIRef(package["legal_foundation_uri"])))


def _add_distribution(graph: Graph, distribution: URIRef, resource: Mapping[str, Any]) -> URIRef:
    graph.add((distribution, RDF.type, DCAT.Distribution))
    graph.add((distribution, DCAT.accessURL, URIRef(resource["url"])))
    graph.add((distribution, DCTERMS.title, Literal(resource["name"], lang="nl")))
    graph.add((distribution, DCTERMS.description, Literal(resource["description"], lang="nl")))
    _add_uris(graph, distribution, DCTERMS.license, [resource["license_id"]])
    _add_uris(graph, distribution, DCTERMS.format, [resource["format"]])
    _add_uris(graph, distribution, DCTERMS.language, {resource["metadata_language"], *resource["language"]})
    _add_uris(graph, distribution, DCAT.downloadURL, resource.get("download_url", []))
    if "media_type" in resource:
        graph.add((distribution, DCAT.mediaType, URIRef(resource["media_type"])))
    return distribution
