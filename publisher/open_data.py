"""What the open-data exports share: the register's current public versions and their deep links, and
the GeoJSON map layer of the data collections (RFC 7946)."""

from __future__ import annotations

from typing import Any, NamedTuple

import msgspec

from register.published import PublicVersion, PublishedRegister
from schemas.enums import EntryKind, VersionState
from schemas.geojson import data_collection_features
from schemas.problems import Problem

GEOJSON_MEDIA_TYPE = "application/geo+json"


def entry_url(public_url: str, entry_id: str) -> str:
    """The deep link of an entry's public page."""
    return f"{public_url.rstrip('/')}/register/{entry_id}"


def current_versions_by_name(register: PublishedRegister) -> list[PublicVersion]:
    """Every entry's current public version (withdrawn ones too), in name order: the order of every export."""
    return sorted(register.current_versions(), key=lambda version: (version.content.name.casefold(), version.entry_id))


def not_withdrawn(version: PublicVersion, kind: EntryKind) -> bool:
    """A public version of this kind that was not withdrawn (whatever its status: out of use still shows)."""
    return version.content.kind == kind and version.state != VersionState.WITHDRAWN


class RefusedEntry(msgspec.Struct, frozen=True, kw_only=True):
    """An entry that an export in a standard leaves out, and why; `organisation` names the organisation whose
    record it is where a standard has a record per organisation (the national one)."""

    entry_id: str
    name: str
    organisation: str = ""
    problems: list[Problem]


def refusal_lines(refused: list[RefusedEntry]) -> list[str]:
    """One line per refused entry and error, in Dutch, for the command line; a warning about the same field
    (which often says why it is empty) follows the error in brackets."""
    lines = []
    for entry in refused:
        notes = {problem.field: problem.message for problem in entry.problems if problem.severity != "error"}
        who = ", ".join(filter(None, (entry.entry_id, entry.organisation)))
        lines += [f"{entry.name} ({who}): {problem.field}: {problem.message}"
                  + (f" ({notes[problem.field]})" if problem.field in notes else "")
                  for problem in entry.problems if problem.severity == "error"]
    return lines


def data_collections_geojson(register: PublishedRegister, public_url: str) -> dict[str, Any]:
    """A FeatureCollection of the located data collections that are not withdrawn, one Feature per location."""
    features = [
        feature
        for version in current_versions_by_name(register) if not_withdrawn(version, EntryKind.DATA_COLLECTION)
        for feature in data_collection_features(version.entry_id, version.content,
                                                entry_url(public_url, version.entry_id))
    ]
    return {"type": "FeatureCollection", "features": features}


class Download(NamedTuple):
    """One file of the open-data page: its address, what it holds and the standard it follows, in Dutch and
    English."""

    path: str
    contents: tuple[str, str]
    standard: tuple[str, str]


DOWNLOADS = (
    Download("/api/v1/exports/register.csv",
             ("Alle registraties in hun huidige versie, één regel per registratie, elk veld een kolom",
              "Every entry in its current version, a row each, every field a column"),
             ("CSV (RFC 4180), UTF-8 met byte order mark", "CSV (RFC 4180), UTF-8 with byte order mark")),
    Download("/api/v1/exports/register-history.csv",
             ("De publicatiegeschiedenis: elke gepubliceerde versie van elke registratie",
              "The publication history: every published version of every entry"),
             ("CSV (RFC 4180), UTF-8 met byte order mark", "CSV (RFC 4180), UTF-8 with byte order mark")),
    Download("/api/v1/exports/register.xlsx",
             ("De huidige stand en de publicatiegeschiedenis als twee werkbladen",
              "The current state and the publication history as two sheets"),
             ("Office Open XML-werkmap (XLSX)", "Office Open XML workbook (XLSX)")),
    Download("/api/v1/exports/national-1.0.json",
             ("De algoritmes voor het landelijke Algoritmeregister, één record per verantwoordelijke organisatie",
              "The algorithms for the national algorithm register, one record per responsible organisation"),
             ("Publicatiestandaard Algoritmeregister 1.0 (JSON)", "Dutch algorithm register publication standard "
              "1.0 (JSON)")),
    Download("/api/v1/exports/national-1.0-refused.json",
             ("Algoritmes die (nog) niet aan die standaard voldoen, met de velden en de reden",
              "Algorithms that do not (yet) meet that standard, with the fields and the reason"),
             ("JSON", "JSON")),
    Download("/api/v1/exports/eurocities-0.3.1.json",
             ("De algoritmes in de Europese standaard van Eurocities en het Nederlandse consortium, één record "
              "per algoritme",
              "The algorithms in the European standard of Eurocities and the Dutch consortium, one record per "
              "algorithm"),
             ("Algorithmic Transparency Standard v0.3.1 (JSON, gecontroleerd met het JSON Schema van de standaard)",
              "Algorithmic Transparency Standard v0.3.1 (JSON, checked with the standard's JSON Schema)")),
    Download("/api/v1/exports/eurocities-0.3.1.csv",
             ("Dezelfde records in het CSV-sjabloon van de standaard", "The same records in the standard's CSV "
              "template"),
             ("Algorithmic Transparency Standard v0.3.1 (CSV, puntkomma's)",
              "Algorithmic Transparency Standard v0.3.1 (CSV, semicolons)")),
    Download("/api/v1/exports/eurocities-0.3.1-refused.json",
             ("Algoritmes die (nog) niet aan die standaard voldoen, met de velden en de reden",
              "Algorithms that do not (yet) meet that standard, with the fields and the reason"),
             ("JSON", "JSON")),
    Download("/api/v1/exports/ckan-dcat-ap-donl.json",
             ("De datasets en dataverzamelingen als CKAN-pakketten voor data.overheid.nl, met hun bestanden",
              "The datasets and data collections as CKAN packages for data.overheid.nl, with their files"),
             ("DCAT-AP-DONL 1.1 (CKAN-JSON)", "DCAT-AP-DONL 1.1 (CKAN JSON)")),
    Download("/api/v1/catalog.ttl",
             ("Dezelfde datasets als DCAT-catalogus, voor wie linked data leest",
              "The same datasets as a DCAT catalogue, for readers of linked data"),
             ("DCAT-AP-DONL 1.1 (RDF, Turtle)", "DCAT-AP-DONL 1.1 (RDF, Turtle)")),
    Download("/api/v1/catalog.jsonld",
             ("Dezelfde catalogus in JSON-LD", "The same catalogue in JSON-LD"),
             ("DCAT-AP-DONL 1.1 (RDF, JSON-LD)", "DCAT-AP-DONL 1.1 (RDF, JSON-LD)")),
    Download("/api/v1/exports/dcat-ap-donl-refused.json",
             ("Datasets en dataverzamelingen die (nog) niet aan DCAT-AP-DONL voldoen, met de velden en de reden",
              "Datasets and data collections that do not (yet) meet DCAT-AP-DONL, with the fields and the reason"),
             ("JSON", "JSON")),
    Download("/api/v1/data-collections.geojson",
             ("De dataverzamelingen met hun locaties: wat er wordt gemeten, of het om persoonsgegevens "
              "gaat, de grondslag, het doel en tot wanneer",
              "The data collections with their locations: what is measured, whether personal data are "
              "involved, the legal basis, the goal and until when"),
             ("GeoJSON (RFC 7946), WGS84", "GeoJSON (RFC 7946), WGS84")),
    Download("/api/v1/exports/verwerkingsregister.csv",
             ("Voor het verwerkingsregister (AVG art. 30): elke registratie met persoonsgegevens, met doel, "
              "betrokkenen, gegevens, ontvangers, bewaartermijnen en grondslag",
              "For the record of processing activities (GDPR art. 30): every entry with personal data, with "
              "purpose, data subjects, data, recipients, retention and legal basis"),
             ("CSV (RFC 4180), UTF-8 met byte order mark; kolommen per onderdeel van art. 30 lid 1 AVG",
              "CSV (RFC 4180), UTF-8 with byte order mark; a column per item of GDPR art. 30(1)")),
    Download("/sitemap.xml",
             ("Alle openbare pagina's van het register", "Every public page of the register"),
             ("Sitemaps-protocol 0.9 (XML)", "Sitemaps protocol 0.9 (XML)")),
    Download("/feeds/wijzigingen.atom",
             ("De nieuwste publicaties en intrekkingen", "The newest publications and withdrawals"),
             ("Atom (RFC 4287)", "Atom (RFC 4287)")),
)
LICENCE = "CC0 1.0"
LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/deed.nl"
API_EXAMPLES = (
    "/api/v1/search?q=camera",
    "/api/v1/entries?kind=data_collection&limit=10",
    "/api/v1/suggest?q=kent",
)
