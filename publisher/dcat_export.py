"""The register's datasets and data collections in DCAT-AP-DONL 1.1, for data.overheid.nl: as CKAN packages
(what its CKAN takes) and as one DCAT catalogue (Turtle, JSON-LD).

Computed from published versions only (`register.published`): every dataset and data collection whose
current version is public and not withdrawn is one `dcat:Dataset`, named by its public page (also its landing
page, and its identifier unless the dataset gives its own). An entry that cannot give a property the profile
makes mandatory is refused, with the fields and the reasons, never sent half right; algorithms and withdrawn
entries are left out. The mapping itself, and the source of the mandatory properties, are in `schemas.dcat`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

import msgspec
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from publisher.open_data import RefusedEntry, current_versions_by_name, entry_url, not_withdrawn
from register.published import PublicVersion, PublishedRegister
from schemas.dcat import (
    CC0_LICENCE,
    DESCRIBED_KINDS,
    DUTCH,
    NAMESPACES,
    PROFILE,
    THEME_TAXONOMY,
    DcatEntry,
    add_dataset,
    content_to_dcat,
    new_graph,
    tooi_uri,
)
from schemas.entry import Organisation

DCAT_FORMAT = PROFILE
METADATA_LICENCE = CC0_LICENCE
"""The register's own metadata are CC0, as the open-data page says (`publisher.open_data.LICENCE`)."""


class DcatExport(msgspec.Struct, frozen=True, kw_only=True):
    datasets: list[DcatEntry]
    """The datasets and data collections that meet the profile, in entry name order."""
    refused: list[RefusedEntry]
    """Entries that cannot give a mandatory property, or give a value outside the profile's lists."""
    left_out: int
    """Public entries that are algorithms, or that were withdrawn."""

    @property
    def packages(self) -> list[dict[str, Any]]:
        """The CKAN packages (with their resources), as data.overheid.nl takes them."""
        return [dataset.package for dataset in self.datasets]


def is_exported(version: PublicVersion) -> bool:
    """Whether a public version belongs in the DCAT catalogue at all."""
    return any(not_withdrawn(version, kind) for kind in DESCRIBED_KINDS)


def entry_dataset(version: PublicVersion, public_url: str, *, linked_pages: Mapping[str, str] | None = None,
                  issued: datetime.datetime | None = None) -> DcatEntry:
    """One public dataset or data collection in DCAT-AP-DONL 1.1: its CKAN package and its problems.
    `linked_pages` are the public pages it may link to, by entry id; `issued` its first publication."""
    return content_to_dcat(version.content, entry_id=version.entry_id,
                           page_url=entry_url(public_url, version.entry_id), modified=version.published_at,
                           issued=issued, linked_pages=linked_pages)


def dcat_export(register: PublishedRegister, public_url: str) -> DcatExport:
    """Every public dataset and data collection in DCAT-AP-DONL 1.1, the refused reported: what both the CKAN
    packages and the catalogue are made of."""
    versions = current_versions_by_name(register)
    exported = [version for version in versions if is_exported(version)]
    pages = {version.entry_id: entry_url(public_url, version.entry_id) for version in exported}
    first_published = register.first_published_at()
    datasets, refused = [], []
    for version in exported:
        dataset = entry_dataset(version, public_url, linked_pages=pages, issued=first_published.get(version.entry_id))
        if dataset.refused:
            refused.append(RefusedEntry(entry_id=dataset.entry_id, name=dataset.name,
                                        problems=[p for p in dataset.problems if p.severity == "error"]))
        else:
            datasets.append(dataset)
    return DcatExport(datasets=datasets, refused=refused, left_out=len(versions) - len(exported))


def dcat_catalog(register: PublishedRegister, public_url: str, publisher: Organisation) -> Graph:
    """A `dcat:Catalog` of every exported dataset, with a `dcat:CatalogRecord` for each (when its description
    changed, in which language). `publisher` is the organisation that runs the register."""
    return catalog_graph(dcat_export(register, public_url).datasets, public_url, publisher)


def catalog_uri(public_url: str) -> str:
    """The catalogue is named by its Turtle download, so that its name is also where to read it."""
    return f"{public_url.rstrip('/')}/api/v1/catalog.ttl"


def catalog_graph(entries: Iterable[DcatEntry], public_url: str, publisher: Organisation) -> Graph:
    """The catalogue graph of already mapped entries (none of them refused)."""
    graph = new_graph()
    catalog = URIRef(catalog_uri(public_url))
    publisher_uri = tooi_uri(publisher.tooi_id)
    if publisher_uri is None:
        raise ValueError(f"no TOOI URI known for the register's organisation {publisher.tooi_id!r}")
    add = graph.add
    add((catalog, RDF.type, DCAT.Catalog))
    add((catalog, DCTERMS.title, Literal(f"Datasets en dataverzamelingen van {publisher.name}", lang="nl")))
    add((catalog, DCTERMS.description, Literal(
        f"De datasets en dataverzamelingen uit het register van algoritmes en dataverzamelingen van "
        f"{publisher.name}, beschreven volgens {DCAT_FORMAT}. Elke dataset verwijst naar zijn registratie.",
        lang="nl")))
    add((catalog, DCTERMS.publisher, URIRef(publisher_uri)))
    add((URIRef(publisher_uri), RDF.type, FOAF.Agent))
    add((URIRef(publisher_uri), FOAF.name, Literal(publisher.name, lang="nl")))
    add((catalog, FOAF.homepage, URIRef(public_url.rstrip("/") + "/")))
    add((catalog, DCTERMS.language, URIRef(DUTCH)))
    add((catalog, DCTERMS.license, URIRef(METADATA_LICENCE)))
    add((catalog, DCAT.themeTaxonomy, URIRef(THEME_TAXONOMY)))
    modified = []
    for entry in entries:
        dataset = add_dataset(graph, entry)
        add((catalog, DCAT.dataset, dataset))
        record = URIRef(f"{entry.page_url}#registratie")
        add((catalog, DCAT.record, record))
        add((record, RDF.type, DCAT.CatalogRecord))
        add((record, FOAF.primaryTopic, dataset))
        add((record, DCTERMS.modified, Literal(entry.package["modified"], datatype=XSD.dateTime)))
        add((record, DCTERMS.language, URIRef(entry.package["metadata_language"])))
        if "issued" in entry.package:
            add((record, DCTERMS.issued, Literal(entry.package["issued"], datatype=XSD.dateTime)))
        modified.append(entry.package["modified"])
    if modified:
        add((catalog, DCTERMS.modified, Literal(max(modified), datatype=XSD.dateTime)))
    return graph


def catalog_turtle(graph: Graph) -> bytes:
    """The catalogue as Turtle (text/turtle), UTF-8."""
    return graph.serialize(format="turtle", encoding="utf-8")


def catalog_jsonld(graph: Graph) -> bytes:
    """The catalogue as JSON-LD (application/ld+json), compacted with the profile's prefixes, UTF-8."""
    context = {prefix: str(namespace) for prefix, namespace in NAMESPACES.items()}
    return graph.serialize(format="json-ld", context=context, auto_compact=True, indent=1, encoding="utf-8")
