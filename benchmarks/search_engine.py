"""Index N synthetic entries with the embedded backend and time a mix of citizen queries.

    .venv/bin/python -m benchmarks.search_engine [N]      (default N = 10000, run from the repo root)

Prints the indexing time and the median and 95th percentile latency (wall clock and CPU time)
per query kind and overall.
The entries are shaped like a register's: each is about one of ten subjects and uses that
subject's words, the register's common words and a long tail of rare words and compounds.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from benchmarks.register_scale import percentile
from search import EmbeddedSearch, SearchDocument, SearchQuery
from search.analysis import word_parts

ROUNDS = 30
SUBJECTS = [
    (
        "Parkeerscanauto",
        "Een scanauto rijdt door de wijk en leest kentekens van geparkeerde auto's.",
        "parkeren parkeerrecht kenteken kentekenherkenning scanauto handhaving camera straat auto boete",
    ),
    (
        "WOZ-taxatiemodel",
        "Het model schat de WOZ-waarde van woningen voor de onroerendezaakbelasting.",
        "woning woningen waarde taxatie taxateur belasting aanslag eigenaar marktwaarde kadaster",
    ),
    (
        "Luchtkwaliteitssensoren",
        "Sensoren meten fijnstof en stikstofdioxide in de binnenstad.",
        "sensor sensoren luchtkwaliteit fijnstof stikstofdioxide meting meetwaarden gezondheid verkeer",
    ),
    (
        "Wifitelling drukte",
        "Wifi-sensoren tellen telefoons om de drukte in het centrum te schatten.",
        "wifi drukte telling telefoons bezoekers centrum passanten druktebeeld evenement",
    ),
    (
        "Cameratoezicht",
        "Camera's in het uitgaansgebied voor de openbare orde en veiligheid.",
        "camera toezicht beelden bewaking politie openbare orde veiligheid uitgaansgebied incident",
    ),
    (
        "Risicomodel bijstand",
        "Een model dat aanvragen voor een bijstandsuitkering op risico beoordeelt.",
        "bijstand uitkering bijstandsuitkering aanvraag fraude rechtmatigheid inkomen discriminatie",
    ),
    (
        "Chatbot Gem",
        "Een chatbot beantwoordt vragen van inwoners op de website van de gemeente.",
        "chatbot vragen antwoorden website klantcontact taalmodel gesprek medewerker",
    ),
    (
        "Afvalcontainers vulgraad",
        "Sensoren in ondergrondse containers melden wanneer ze vol zijn.",
        "afval container containers vulgraad inzameling route ophalen restafval sensor",
    ),
    (
        "Meldingen openbare ruimte",
        "Meldingen over de openbare ruimte worden automatisch gerouteerd.",
        "melding meldingen openbare ruimte losse stoeptegel zwerfafval verlichting routering",
    ),
    (
        "Parkeerhandhaving",
        "Handhaving van betaald parkeren met kentekenherkenning.",
        "parkeren handhaving kentekenherkenning parkeervergunning boete naheffing straat",
    ),
]
COMMON_WORDS = (
    "de het een van en in op voor met te is dat die worden wordt zijn door bij als of aan om naar ook kan "
    "niet deze over uit tot er dan gemeente inwoners gegevens verwerking doel grondslag bewaartermijn "
    "persoonsgegevens algoritme besluit controle beleid data model risico uitleg beoordeling menselijke "
    "tussenkomst bezwaar privacy beveiliging leverancier bron analyse resultaat evaluatie monitoring"
)
THEMES = ["Verkeer", "Openbare orde en veiligheid", "Wonen", "Werk en inkomen", "Milieu", "Dienstverlening"]
STATUSES = ["In gebruik", "In ontwikkeling", "Buiten gebruik", "Ingetrokken"]
PERSONAL = ["none", "pseudonymised", "identifiable", ""]
CATEGORIES = ["Impactvolle algoritmes", "Overige algoritmes", "Hoog-risico AI-systemen"]
RISKS = ["high_risk", "not_ai", "limited_risk", "minimal_risk"]
KINDS = ["algorithm", "data_collection", "dataset"]
QUERIES: list[tuple[str, SearchQuery]] = [
    ("plain", SearchQuery(text="parkeren")),
    ("plain", SearchQuery(text="camera toezicht")),
    ("plain", SearchQuery(text="bijstand risico")),
    ("plain", SearchQuery(text="woz waarde woningen")),
    ("plain", SearchQuery(text="amsterdam or rotterdam")),
    ("plain", SearchQuery(text="drukte -wifi")),
    ("typo", SearchQuery(text="parkerne")),
    ("typo", SearchQuery(text="amsterdamm")),
    ("typo", SearchQuery(text="kentekenherkening")),
    ("typo", SearchQuery(text="luchtkwalitiet sensoren")),
    ("compound", SearchQuery(text="handhaving")),
    ("compound", SearchQuery(text="scanauto")),
    ("compound", SearchQuery(text="uitkering")),
    ("compound", SearchQuery(text="container")),
    ("phrase", SearchQuery(text='"openbare ruimte"')),
    ("phrase", SearchQuery(text='"menselijke tussenkomst" bezwaar')),
    ("facet", SearchQuery(text="parkeren", filters={"kind": ["algorithm"]})),
    ("facet", SearchQuery(text="", filters={"theme": ["Verkeer"], "status": ["In gebruik"]})),
    ("facet", SearchQuery(text="sensor", filters={"risk_class": ["high_risk", "not_ai"]})),
    ("empty", SearchQuery(text="")),
]


def synthetic_documents(count: int, seed: int = 7) -> Iterator[SearchDocument]:
    rng = random.Random(seed)
    parts = [part for part in word_parts() if len(part) > 2]
    places = ["Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "Zwolle", "Groningen", "Tilburg"]
    places += [f"{rng.choice(parts).capitalize()}{rng.choice(['dam', 'veen', 'dorp', 'wijk'])}" for _ in range(340)]
    # common words first, then a long tail of rare words and compounds, drawn by Zipf's law
    syllables = [consonant + vowel for consonant in "bdfgklmnprstvwz" for vowel in "aeiou"]
    vocabulary = COMMON_WORDS.split()
    vocabulary += ["".join(rng.choices(syllables, k=4)) for _ in range(30_000)]
    vocabulary += [rng.choice(parts) + rng.choice(parts) for _ in range(5_000)]
    weights = list(itertools.accumulate(1 / rank**1.07 for rank in range(1, len(vocabulary) + 1)))
    for number in range(count):
        name, description, topic = rng.choice(SUBJECTS)
        place = rng.choice(places)
        words = rng.choices(vocabulary, cum_weights=weights, k=rng.randint(150, 600))
        words += rng.choices(topic.split(), k=rng.randint(5, 30))
        rng.shuffle(words)
        yield SearchDocument(
            id=f"gs-{number:07d}",
            version_no=1,
            kind=rng.choice(KINDS),
            name=f"{name} {place}",
            description_short=description,
            tags=rng.sample(topic.split(), 3),
            body=f"{description} {' '.join(words)}",
            organisations=[f"Gemeente {place}"],
            themes=rng.sample(THEMES, rng.randint(1, 2)),
            status=rng.choice(STATUSES),
            personal_data=rng.choice(PERSONAL),
            publication_category=rng.choice(CATEGORIES),
            risk_class=rng.choice(RISKS),
        )


def machine_reference_ms() -> float:
    """The median of five runs of a fixed pure-Python loop: on a shared virtual machine the same
    benchmark can vary by half from one hour to the next, and this says which kind of hour it was."""
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        sum(range(10_000_000))
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=10_000, help="number of documents")
    count = parser.parse_args().count
    with tempfile.TemporaryDirectory() as directory:
        backend = EmbeddedSearch(Path(directory) / "index")
        documents = list(synthetic_documents(count))
        started = time.perf_counter()
        indexed = backend.rebuild(documents)
        seconds = time.perf_counter() - started
        size = sum(file.stat().st_size for file in (Path(directory) / "index").iterdir()) / 1e6
        print(f"indexed {indexed} documents in {seconds:.1f} s ({indexed / seconds:.0f}/s), {size:.0f} MB on disk")
        for _, query in QUERIES:
            backend.search(query)  # warm caches once
        reference = machine_reference_ms()
        load = os.getloadavg()[0]
        timings: dict[str, list[tuple[float, float]]] = {}
        for _ in range(ROUNDS):
            for kind, query in QUERIES:
                started, cpu = time.perf_counter(), time.process_time()
                backend.search(query)
                took = ((time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000)
                timings.setdefault(kind, []).append(took)
        everything = [took for values in timings.values() for took in values]
        # CPU time counts all threads of this process: on a busy machine it is the steadier figure
        print(f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after the queries ({os.cpu_count()} CPUs); "
              f"reference loop {reference:.0f} ms (lower is a faster or quieter machine)")
        print(f"{'queries':<10} {'n':>5} {'median ms':>10} {'p95 ms':>8} {'CPU median ms':>14} {'CPU p95 ms':>11}")
        for kind, values in [*timings.items(), ("all", everything)]:
            wall, cpu_time = [took[0] for took in values], [took[1] for took in values]
            print(
                f"{kind:<10} {len(values):>5} {statistics.median(wall):>10.2f} {percentile(wall, 0.95):>8.2f}"
                f" {statistics.median(cpu_time):>14.2f} {percentile(cpu_time, 0.95):>11.2f}"
            )


if __name__ == "__main__":
    main()
