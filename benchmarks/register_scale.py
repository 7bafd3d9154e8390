"""Import, index and search N synthetic entries through the real code paths; print a table.

    .venv/bin/python benchmarks/register_scale.py 10000 [--database-url URL]

The entries are written as a Glazen Stad export file first, then imported the way
`glazenstad import` does it (one transaction), indexed the way `glazenstad reindex` does it,
and searched at the search layer with a mix of citizen queries.
"""

from __future__ import annotations

import argparse
import datetime
import random
import resource
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from publisher.indexing import reindex
from publisher.services import open_services
from publisher.settings import Settings
from register.exchange import import_files
from schemas.entry import EntryContent, Organisation
from schemas.export_format import ExportDocument, ExportedEntry, ExportedVersion
from search import SearchQuery

SUBJECTS = [
    ("Controle parkeerrecht", "parkeerhandhaving met scanauto's en kentekenherkenning", "Verkeer"),
    ("Meten van luchtkwaliteit", "sensoren meten fijnstof en stikstofdioxide", "Natuur en milieu"),
    ("Tellen van drukte", "wifi-sensoren tellen bezoekers in de binnenstad", "Openbare orde en veiligheid"),
    ("Cameratoezicht", "camera's in uitgaansgebieden voor de openbare orde", "Openbare orde en veiligheid"),
    ("WOZ-waardering", "taxatiemodel bepaalt de woningwaarde voor de onroerendezaakbelasting", "Overheidsfinanciën"),
    ("Risicogestuurde controle bijstand", "risicomodel voor aanvragen van een uitkering", "Sociale zekerheid"),
    ("Meldingen openbare ruimte sorteren", "classificatie van meldingen over afval en losliggende tegels",
     "Ruimte en infrastructuur"),
    ("Chatbot voor inwoners", "virtuele assistent beantwoordt vragen over producten en diensten",
     "Organisatie en bedrijfsvoering"),
    ("Route-optimalisatie afvalinzameling", "vulgraadsensoren in containers bepalen de route", "Natuur en milieu"),
    ("Vroegsignalering schulden", "signalen van betalingsachterstanden voor schuldhulpverlening", "Sociale zekerheid"),
]
PLACES = ["Noord", "Zuid", "Oost", "West", "Centrum", "Haven", "Dorp", "Polder", "Binnenstad", "Stationsgebied"]
QUERIES = [
    "parkeren", "parkeerhandhaving", "handhaving", "scanauto", "kenteken", "fijnstof", "luchtkwaliteit",
    "wifi tellen", "camera", "woz", "woningwaarde", "bijstand", "uitkering", "meldingen", "chatbot",
    "afval container", "schulden", "parkerne", "luchtkwalitiet", '"openbare orde"', "camera -haven",
    "woz OR bijstand", "drukte binnenstad", "route afvalinzameling", "taxatiemodel",
]


def synthetic_document(count: int, seed: int = 7) -> ExportDocument:
    rng = random.Random(seed)
    organisation = Organisation(tooi_id="gm9999", name="Gemeente Voorbeeldstad")
    start = datetime.datetime(2023, 1, 1, tzinfo=datetime.UTC)
    entries = []
    for number in range(count):
        title, text, theme = SUBJECTS[number % len(SUBJECTS)]
        place = rng.choice(PLACES)
        moment = start + datetime.timedelta(minutes=number * 7)
        content = EntryContent(
            kind="algorithm",  # type: ignore[arg-type]
            name=f"{title} {place} {number}",
            description_short=f"In {place} gebruikt de gemeente {text}. Registratie {number}.",
            organisations=[organisation],
            category=[theme],  # type: ignore[list-item]
            status="In gebruik",  # type: ignore[arg-type]
            goal=f"<p>Het doel is dat {text} in {place} eerlijk en zorgvuldig gebeurt.</p>",
            risks="<p>Risico's worden beheerd met menselijke controle en periodieke evaluatie.</p>",
            tags=f"{title.split()[0].lower()}, {place.lower()}",
        )
        entries.append(ExportedEntry(
            id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            kind="algorithm",  # type: ignore[arg-type]
            created_at=moment,
            versions=[ExportedVersion(version_no=1, state="published", content=content,  # type: ignore[arg-type]
                                      created_at=moment, published_at=moment)],
        ))
    return ExportDocument(entries=entries)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int, nargs="?", default=1000, help="number of entries (1000, 10000, 100000)")
    parser.add_argument("--database-url", help="default: a new SQLite file in a temporary folder")
    parser.add_argument("--rounds", type=int, default=20, help="times each query is run")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="glazenstad-bench-"))
    settings = Settings(data_dir=folder, database_url=args.database_url or f"sqlite:///{folder / 'bench.db'}",
                        search_index_dir=folder / "index")
    services = open_services(settings)
    export = folder / "synthetic.json"
    started = time.perf_counter()
    export.write_bytes(msgspec.json.encode(synthetic_document(args.count)))
    generated = time.perf_counter() - started

    started = time.perf_counter()
    with services.sessions.begin() as session:
        report = import_files(session, [export], publish=False, actor="benchmark",
                              default_organisation=settings.organisation)
    import_seconds = time.perf_counter() - started
    started = time.perf_counter()
    indexed = reindex(services)
    index_seconds = time.perf_counter() - started
    assert len(report.entry_ids) == indexed == args.count

    timings, hits = [], {}
    for query in QUERIES:
        services.search.search(SearchQuery(text=query))  # warm
    for _ in range(args.rounds):
        for query in QUERIES:
            started = time.perf_counter()
            result = services.search.search(SearchQuery(text=query, limit=20))
            timings.append((time.perf_counter() - started) * 1000)
            hits[query] = result.total
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"Glazen Stad register benchmark: {args.count:,} entries, {len(QUERIES)} queries x {args.rounds} rounds")
    print(f"database: {settings.database_url.split('://')[0]}, search: embedded (tantivy)")
    print()
    print("| measure | value |")
    print("|---|---|")
    print(f"| generate export file | {generated:.1f} s |")
    print(f"| import (one transaction) | {import_seconds:.1f} s ({args.count / import_seconds:,.0f} entries/s) |")
    print(f"| index (reindex) | {index_seconds:.1f} s ({args.count / index_seconds:,.0f} entries/s) |")
    print(f"| import + index | {import_seconds + index_seconds:.1f} s |")
    print(f"| search latency median | {statistics.median(timings):.2f} ms |")
    print(f"| search latency p95 | {percentile(timings, 0.95):.2f} ms |")
    print(f"| search latency max | {max(timings):.2f} ms |")
    print(f"| peak memory (max RSS) | {peak_mib:,.0f} MiB |")
    print()
    print("hits per query: " + ", ".join(f"{q}={n}" for q, n in hits.items()))


if __name__ == "__main__":
    main()
