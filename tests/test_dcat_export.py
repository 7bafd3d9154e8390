"""The DCAT-AP-DONL 1.1 export of the demo register: the catalogue in Turtle and JSON-LD, the mandatory
properties of its catalogue, datasets and distributions (checked by SPARQL, not by our own checker), the CKAN
packages (checked by a JSON Schema written from the profile), which entries are in it, and the refusals.

The value lists below are written out from the profile's sources (ckanext-dataoverheid `config.json`, the
DONL value lists) on purpose, so that these tests do not take the exporter's word for them."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import msgspec
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from publisher.dcat_export import (
    DcatExport,
    catalog_jsonld,
    catalog_turtle,
    dcat_catalog,
    dcat_export,
    entry_dataset,
    is_exported,
)
from publisher.open_data import entry_url
from publisher.services import Services
from register.published import PublicVersion, PublishedRegister
from schemas.dcat import DcatEntry, content_to_dcat, dcat_problems, rd_new
from schemas.entry import ContactDetails, EntryContent, Organisation
from schemas.enums import AccessRights, EntryKind, VersionState

NLD = "http://publications.europa.eu/resource/authority/language/NLD"
DONL_LICENCES = [
    "http://creativecommons.org/publicdomain/zero/1.0/deed.nl",
    "http://creativecommons.org/publicdomain/mark/1.0/deed.nl",
    "http://creativecommons.org/licenses/by/4.0/deed.nl",
    "http://creativecommons.org/licenses/by-sa/4.0/deed.nl",
    "http://standaarden.overheid.nl/owms/terms/geslotenlicentie",
    "http://standaarden.overheid.nl/owms/terms/licentieonbekend",
]
ACCESS_RIGHTS = [f"http://publications.europa.eu/resource/authority/access-right/{code}"
                 for code in ("PUBLIC", "RESTRICTED", "NON_PUBLIC")]
DATASET_STATUSES = [f"http://data.overheid.nl/status/{code}"
                    for code in ("beschikbaar", "gepland", "in_onderzoek", "niet_beschikbaar")]
TOP_THEMES = [f"http://standaarden.overheid.nl/owms/terms/{name}" for name in (
    "Bestuur", "Cultuur_en_recreatie", "Economie", "Financien", "Huisvesting_(thema)", "Internationaal",
    "Landbouw_(thema)", "Migratie_en_integratie", "Natuur_en_milieu", "Onderwijs_en_wetenschap",
    "Openbare_orde_en_veiligheid", "Recht_(thema)", "Ruimte_en_infrastructuur", "Sociale_zekerheid",
    "Verkeer_(thema)", "Werk_(thema)", "Zorg_en_gezondheid")]
TOOI = r"^https://identifier\.overheid\.nl/tooi/id/(gemeente|provincie|waterschap|ministerie|oorg)/[a-z]+\d+$"
FILE_TYPE = r"^http://publications\.europa\.eu/resource/authority/file-type/[A-Z_]+$"

URI: dict[str, Any] = {"type": "string", "pattern": r"^https?://[^\s/]+\S*$"}
TEXT: dict[str, Any] = {"type": "string", "minLength": 1}
CKAN_DATETIME: dict[str, Any] = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$"}
DUTCH_ONLY: dict[str, Any] = {"type": "array", "minItems": 1, "items": {"const": NLD}}
CKAN_RESOURCE: dict[str, Any] = {
    "type": "object",
    "required": ["url", "name", "description", "metadata_language", "language", "license_id", "format"],
    "properties": {
        "url": URI, "name": TEXT, "description": TEXT, "metadata_language": {"const": NLD}, "language": DUTCH_ONLY,
        "license_id": {"enum": DONL_LICENCES}, "format": {"type": "string", "pattern": FILE_TYPE},
        "media_type": {"type": "string", "pattern": r"^https://www\.iana\.org/assignments/media-types/[a-z]+/\S+$"},
        "download_url": {"type": "array", "items": URI},
    },
}
CKAN_PACKAGE: dict[str, Any] = {
    "type": "object",
    "required": ["name", "title", "notes", "theme", "identifier", "authority", "publisher", "contact_point_name",
                 "metadata_language", "language", "license_id", "modified"],
    "anyOf": [{"required": [key]} for key in ("contact_point_email", "contact_point_website", "contact_point_phone")],
    "properties": {
        "name": {"type": "string", "pattern": r"^[a-z0-9_-]{2,100}$"}, "title": TEXT, "notes": TEXT,
        "url": URI, "identifier": URI, "alternate_identifier": {"type": "array", "items": URI},
        "theme": {"type": "array", "minItems": 1, "items": {"enum": TOP_THEMES}},
        "authority": {"type": "string", "pattern": TOOI}, "publisher": {"type": "string", "pattern": TOOI},
        "contact_point_name": TEXT, "contact_point_website": URI, "metadata_language": {"const": NLD},
        "language": DUTCH_ONLY, "license_id": {"enum": DONL_LICENCES}, "access_rights": {"enum": ACCESS_RIGHTS},
        "dataset_status": {"enum": DATASET_STATUSES}, "modified": CKAN_DATETIME, "issued": CKAN_DATETIME,
        "temporal_start": CKAN_DATETIME, "temporal_end": CKAN_DATETIME,
        "frequency": {"type": "string", "pattern": r"^http://publications\.europa\.eu/resource/authority/frequency/"},
        "legal_foundation_uri": URI, "high_value": {"type": "boolean"},
        "tags": {"type": "array", "items": {"type": "object", "required": ["name"]}},
        "resources": {"type": "array", "items": CKAN_RESOURCE},
    },
}
XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"
XSD_ANYURI = "http://www.w3.org/2001/XMLSchema#anyURI"
PREFIXES = """
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX vcard: <http://www.w3.org/2006/vcard/ns#>
PREFIX overheid: <http://standaarden.overheid.nl/owms/terms/>
"""
DATASET_ONE = ("dct:identifier", "dct:title", "dct:description", "dct:modified", "overheid:authority",
               "dct:publisher", "dcat:contactPoint")
"""Mandatory dataset properties of cardinality 1..1 (DCAT-AP-DONL 1.1, classes-dataset)."""
DATASET_SOME = ("dct:language", "dcat:theme")
"""Mandatory dataset properties of cardinality 1..n (metadata language and language are both dct:language)."""
DISTRIBUTION_ONE = ("dcat:accessURL", "dct:license", "dct:title", "dct:description", "dct:format")


@pytest.fixture(scope="module")
def register(demo_services: Services) -> Iterator[PublishedRegister]:
    with demo_services.published() as published:
        yield published


@pytest.fixture(scope="module")
def public_url(demo_services: Services) -> str:
    return demo_services.settings.public_url


@pytest.fixture(scope="module")
def export(register: PublishedRegister, public_url: str) -> DcatExport:
    return dcat_export(register, public_url)


@pytest.fixture(scope="module")
def catalog(register: PublishedRegister, public_url: str, demo_services: Services) -> Graph:
    return dcat_catalog(register, public_url, demo_services.settings.organisation)


@pytest.fixture(scope="module")
def turtle_graph(catalog: Graph) -> Graph:
    return Graph().parse(data=catalog_turtle(catalog), format="turtle")


def public_entries(register: PublishedRegister) -> dict[str, tuple[EntryKind, bool]]:
    """Every public entry as the register lists it: id → (kind, withdrawn)."""
    page = register.page(limit=10_000)
    assert page.next_cursor is None
    return {item.id: (item.kind, item.withdrawn) for item in page.items}


def current_version(register: PublishedRegister, name: str) -> PublicVersion:
    return next(version for version in register.current_versions() if version.content.name == name)


def rows(graph: Graph, query: str) -> list[Any]:
    return list(graph.query(PREFIXES + query))


def test_turtle_and_json_ld_parse_into_the_same_graph(catalog: Graph, turtle_graph: Graph) -> None:
    json_ld_graph = Graph().parse(data=catalog_jsonld(catalog), format="json-ld")
    assert len(turtle_graph) > 100
    assert isomorphic(turtle_graph, json_ld_graph)
    assert isomorphic(turtle_graph, catalog)


def test_the_datasets_are_the_public_datasets_and_data_collections(
    register: PublishedRegister, public_url: str, export: DcatExport, turtle_graph: Graph
) -> None:
    entries = public_entries(register)
    expected = {entry_id for entry_id, (kind, withdrawn) in entries.items()
                if kind in (EntryKind.DATASET, EntryKind.DATA_COLLECTION) and not withdrawn}
    in_graph = {str(row.d) for row in rows(turtle_graph, "SELECT ?d WHERE { ?d a dcat:Dataset }")}
    refused = {entry.entry_id for entry in export.refused}
    assert in_graph == {entry_url(public_url, entry_id) for entry_id in expected - refused}
    assert {package["url"] for package in export.packages} == in_graph
    assert refused <= expected
    assert export.left_out == len(entries) - len(expected)
    assert len(export.packages) >= len(expected) // 2  # the export is not mostly refusals


def test_no_algorithm_appears(register: PublishedRegister, public_url: str, catalog: Graph,
                              export: DcatExport) -> None:
    algorithms = [entry_url(public_url, entry_id) for entry_id, (kind, _) in public_entries(register).items()
                  if kind == EntryKind.ALGORITHM]
    turtle = catalog_turtle(catalog).decode()
    packages = msgspec.json.encode(export.packages).decode()
    assert algorithms
    assert not [page for page in algorithms if page in turtle or page in packages]


def test_every_dataset_has_the_mandatory_properties(turtle_graph: Graph) -> None:
    datasets = rows(turtle_graph, "SELECT ?d WHERE { ?d a dcat:Dataset }")
    assert datasets
    for prop in DATASET_ONE:
        wrong = rows(turtle_graph, f"""SELECT ?d (COUNT(?v) AS ?n) WHERE {{ ?d a dcat:Dataset .
            OPTIONAL {{ ?d {prop} ?v }} }} GROUP BY ?d HAVING (COUNT(?v) != 1)""")
        assert not wrong, f"{prop}: {wrong}"
    for prop in DATASET_SOME:
        assert not rows(turtle_graph, f"SELECT ?d WHERE {{ ?d a dcat:Dataset FILTER NOT EXISTS {{ ?d {prop} ?v }} }}")
    without_contact = rows(turtle_graph, """SELECT ?d WHERE { ?d a dcat:Dataset ; dcat:contactPoint ?c .
        FILTER NOT EXISTS { ?c vcard:fn ?name ; ?how ?reach . FILTER (?how IN (vcard:hasEmail, vcard:hasURL,
        vcard:hasTelephone)) } }""")
    assert not without_contact


def test_dataset_values_come_from_the_value_lists(turtle_graph: Graph) -> None:
    languages = {str(row.v) for row in rows(turtle_graph, "SELECT ?v WHERE { ?d a dcat:Dataset ; dct:language ?v }")}
    themes = {str(row.v) for row in rows(turtle_graph, "SELECT ?v WHERE { ?d a dcat:Dataset ; dcat:theme ?v }")}
    organisations = {str(row.v) for row in rows(turtle_graph, """SELECT ?v WHERE { ?d a dcat:Dataset .
        { ?d dct:publisher ?v } UNION { ?d overheid:authority ?v } }""")}
    assert languages == {NLD}
    assert themes <= set(TOP_THEMES)
    assert all(re.match(TOOI, uri) for uri in organisations)
    named = {str(row.a) for row in rows(turtle_graph, "SELECT ?a WHERE { ?a a foaf:Agent ; foaf:name ?n }")}
    assert organisations <= named
    for row in rows(turtle_graph, "SELECT ?m ?i WHERE { ?d a dcat:Dataset ; dct:modified ?m ; dct:identifier ?i }"):
        assert str(row.m.datatype) == XSD_DATETIME and str(row.i.datatype) == XSD_ANYURI


def test_every_distribution_has_the_mandatory_properties(turtle_graph: Graph) -> None:
    distributions = rows(turtle_graph, "SELECT ?r WHERE { ?d a dcat:Dataset ; dcat:distribution ?r }")
    assert distributions
    for prop in DISTRIBUTION_ONE:
        wrong = rows(turtle_graph, f"""SELECT ?r (COUNT(?v) AS ?n) WHERE {{ ?d dcat:distribution ?r .
            OPTIONAL {{ ?r {prop} ?v }} }} GROUP BY ?r HAVING (COUNT(?v) != 1)""")
        assert not wrong, f"{prop}: {wrong}"
    for row in rows(turtle_graph, """SELECT ?r ?l ?f WHERE { ?d dcat:distribution ?r .
                                     ?r a dcat:Distribution ; dct:license ?l ; dct:format ?f ; dct:language ?t }"""):
        assert str(row.l) in DONL_LICENCES and re.match(FILE_TYPE, str(row.f))


def test_the_catalog_has_its_mandatory_properties(turtle_graph: Graph) -> None:
    catalogs = rows(turtle_graph, """SELECT ?c ?title ?description ?publisher ?name WHERE { ?c a dcat:Catalog ;
        dct:title ?title ; dct:description ?description ; dct:publisher ?publisher . ?publisher foaf:name ?name }""")
    assert len(catalogs) == 1
    assert re.match(TOOI, str(catalogs[0].publisher))
    listed = rows(turtle_graph, "SELECT ?d WHERE { ?c a dcat:Catalog ; dcat:dataset ?d . ?d a dcat:Dataset }")
    assert len(listed) == len(rows(turtle_graph, "SELECT ?d WHERE { ?d a dcat:Dataset }"))
    records = rows(turtle_graph, """SELECT ?d WHERE { ?c a dcat:Catalog ; dcat:record ?r .
        ?r a dcat:CatalogRecord ; foaf:primaryTopic ?d ; dct:modified ?m ; dct:language ?l }""")
    assert {row.d for row in records} == {row.d for row in listed}


def test_the_ckan_packages_meet_the_profile(export: DcatExport) -> None:
    validator = jsonschema.Draft202012Validator(CKAN_PACKAGE)
    for package in export.packages:
        errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(package)]
        assert not errors, (package["title"], errors)
        assert dcat_problems(package) == []
    resources = [resource for package in export.packages for resource in package.get("resources", [])]
    assert resources and all(resource["license_id"] in DONL_LICENCES for resource in resources)
    public = [p for p in export.packages if p.get("access_rights", "").endswith("/PUBLIC")]
    assert public and all(p["license_id"] != DONL_LICENCES[4] for p in public)


def test_identifiers_and_landing_pages_are_stable(register: PublishedRegister, public_url: str) -> None:
    open_data = current_version(register, "Parkeerbezetting parkeergarages (open data)")
    package = entry_dataset(open_data, public_url).package
    assert package["url"] == entry_url(public_url, open_data.entry_id)
    assert package["identifier"] == open_data.content.dataset.identifier  # type: ignore[union-attr]
    assert package["alternate_identifier"] == [package["url"]]
    sensors = current_version(register, "Sensoren voor luchtkwaliteit")
    assert entry_dataset(sensors, public_url).package["identifier"] == entry_url(public_url, sensors.entry_id)
    assert entry_dataset(sensors, public_url).package["name"].endswith(sensors.entry_id[:8])


def test_a_data_collection_is_exported_as_a_dataset(register: PublishedRegister, public_url: str,
                                                    turtle_graph: Graph) -> None:
    sensors = current_version(register, "Sensoren voor luchtkwaliteit")
    collection = sensors.content.data_collection
    assert collection is not None and collection.open_data is not None and collection.locations is not None
    dataset_page = entry_url(public_url, collection.open_data.dataset_entry or "")
    package = entry_dataset(sensors, public_url, linked_pages={collection.open_data.dataset_entry or "": dataset_page}
                            ).package
    assert collection.observes and collection.observes.strip() in package["notes"]
    assert package["temporal_start"] == f"{collection.active_from}T00:00:00"
    assert dataset_page in package["related_resource"]
    points = [feature for feature in collection.locations["features"] if feature["geometry"]["type"] == "Point"]
    assert len(package["spatial_value"]) == len(points)
    assert all(re.fullmatch(r"\d{6}\.\d{3} \d{6}\.\d{3}", value) for value in package["spatial_value"])
    located = rows(turtle_graph, f"""PREFIX locn: <http://www.w3.org/ns/locn#>
        SELECT ?g WHERE {{ <{entry_url(public_url, sensors.entry_id)}> dct:spatial ?l . ?l locn:geometry ?g }}""")
    assert len(located) == len(collection.locations["features"])


def replaced(content: EntryContent, **dataset_changes: Any) -> EntryContent:
    assert content.dataset is not None
    return msgspec.structs.replace(content, dataset=msgspec.structs.replace(content.dataset, **dataset_changes))


def mapped(content: EntryContent) -> DcatEntry:
    """One content object through the mapping, as a public entry of an example register."""
    return content_to_dcat(content, entry_id="e1", page_url="https://register.example/register/e1",
                           modified=datetime.datetime.now(datetime.UTC))


def refusal_fields(content: EntryContent) -> list[str]:
    entry = mapped(content)
    return [problem.field for problem in entry.problems if problem.severity == "error"] if entry.refused else []


def test_a_complete_entry_is_not_refused(register: PublishedRegister) -> None:
    assert refusal_fields(current_version(register, "Parkeerbezetting parkeergarages (open data)").content) == []
    assert refusal_fields(current_version(register, "Sensoren voor luchtkwaliteit").content) == []


@pytest.mark.parametrize(("name", "change", "field"), [
    ("Parkeerbezetting parkeergarages (open data)",
     lambda c: replaced(c, distributions=[msgspec.structs.replace(c.dataset.distributions[0], description=""),
                                          *c.dataset.distributions[1:]]),
     "dataset.distributions[0].description"),
    ("Parkeerbezetting parkeergarages (open data)",
     lambda c: replaced(c, distributions=[msgspec.structs.replace(c.dataset.distributions[0], format=None,
                                                                 media_type=None)]),
     "dataset.distributions[0].format"),
    ("Parkeerbezetting parkeergarages (open data)", lambda c: replaced(c, licence=None), "dataset.licence"),
    ("Parkeerbezetting parkeergarages (open data)", lambda c: replaced(c, licence="MIT"), "dataset.licence"),
    ("Parkeerbezetting parkeergarages (open data)",
     lambda c: msgspec.structs.replace(replaced(c, themes_donl=[]), category=[]), "dataset.themes_donl"),
    ("Parkeerbezetting parkeergarages (open data)",
     lambda c: msgspec.structs.replace(replaced(c, contact_point=ContactDetails(name="Team")), contact_email=None),
     "dataset.contact_point"),
    ("Parkeerbezetting parkeergarages (open data)", lambda c: replaced(c, status="binnenkort"), "dataset.status"),
    ("Sensoren voor luchtkwaliteit", lambda c: msgspec.structs.replace(c, contact_email=None), "contact_email"),
    ("Sensoren voor luchtkwaliteit", lambda c: msgspec.structs.replace(c, category=[]), "category"),
    ("Sensoren voor luchtkwaliteit",
     lambda c: msgspec.structs.replace(c, organisations=[Organisation(tooi_id="zb000143", name="Een zbo")]),
     "organisations[0].tooi_id"),
    ("Sensoren voor luchtkwaliteit",
     lambda c: msgspec.structs.replace(c, data_collection=msgspec.structs.replace(
         c.data_collection, open_data=msgspec.structs.replace(c.data_collection.open_data, licence=None))),
     "data_collection.open_data.licence"),
])
def test_missing_mandatory_data_is_refused_naming_the_field(register: PublishedRegister, name: str, change: Any,
                                                           field: str) -> None:
    assert field in refusal_fields(change(current_version(register, name).content))


def test_non_public_data_without_a_licence_carry_the_closed_licence(register: PublishedRegister) -> None:
    content = current_version(register, "Parkeerbezetting parkeergarages (open data)").content
    closed = replaced(content, licence=None, access_rights=AccessRights.NON_PUBLIC, distributions=[])
    entry = mapped(closed)
    assert not entry.refused
    assert entry.package["license_id"] == DONL_LICENCES[4]


def test_withdrawn_entries_and_algorithms_are_left_out(register: PublishedRegister) -> None:
    sensors = current_version(register, "Sensoren voor luchtkwaliteit")
    assert is_exported(sensors)
    assert not is_exported(msgspec.structs.replace(sensors, state=VersionState.WITHDRAWN))
    algorithm = next(v for v in register.current_versions() if v.content.kind == EntryKind.ALGORITHM)
    assert not is_exported(algorithm)


def test_the_demo_gives_every_mandatory_property(export: DcatExport) -> None:
    """The demo describes its datasets completely: a refusal here means the mapping lost a property (each
    refusal's fields are checked in test_missing_mandatory_data_is_refused_naming_the_field)."""
    assert not export.refused, [(entry.name, [p.field for p in entry.problems]) for entry in export.refused]


def test_another_publisher_is_named_by_its_tooi_uri(register: PublishedRegister) -> None:
    content = replaced(current_version(register, "Parkeerbezetting parkeergarages (open data)").content,
                       publisher="pv26")
    entry = mapped(content)
    assert not entry.refused
    assert entry.package["publisher"] == "https://identifier.overheid.nl/tooi/id/provincie/pv26"
    assert entry.package["authority"] == "https://identifier.overheid.nl/tooi/id/gemeente/gm9999"
    assert entry.package["publisher"] not in entry.agents  # its name is not in the entry


def test_an_unknown_frequency_is_left_out_with_a_warning(register: PublishedRegister) -> None:
    content = replaced(current_version(register, "Parkeerbezetting parkeergarages (open data)").content,
                       frequency="naar behoefte")
    entry = mapped(content)
    assert not entry.refused and "frequency" not in entry.package
    assert [problem.field for problem in entry.problems] == ["dataset.frequency"]


def test_the_checker_refuses_what_the_portal_would(export: DcatExport) -> None:
    package = dict(export.packages[0], license_id="https://example.org/licence", theme=[])
    package["resources"] = [{"url": "https://example.org/data.csv", "name": "Data"}]
    fields = {problem.field for problem in dcat_problems(package)}
    assert {"license_id", "theme", "resources[0].description", "resources[0].format"} <= fields


def test_rd_new_reproduces_the_reference_point() -> None:
    """The Westertoren in Amsterdam, the worked example of the RD approximation."""
    x, y = rd_new(4.88352559, 52.37453253) or (0.0, 0.0)
    assert abs(x - 120700.723) < 0.01 and abs(y - 487525.501) < 0.01
    assert rd_new(-0.1276, 51.5072) is None  # London is outside the RD area


def test_the_catalogue_publisher_needs_a_tooi_uri(register: PublishedRegister, public_url: str) -> None:
    with pytest.raises(ValueError, match="TOOI"):
        dcat_catalog(register, public_url, Organisation(tooi_id="zb000143", name="Een zbo"))
