"""Glazen Stad and datasette serving the same synthetic register over HTTP on this machine.

    .venv/bin/python -m benchmarks.http [--entries 20000] [--concurrency 16] [--seconds 15]
                                      [--workers N] [--datasette-defaults] [--search-layer-100k]

The entries come from `benchmarks/register_scale.py`'s generator. Glazen Stad gets a fresh data
folder (import in one transaction, reindex) and runs as `glazenstad serve` on a free port.
datasette gets a SQLite file of the same entries with an FTS5 table over the same text, and runs
from its own virtual environment (`.cache/bench-venv`, made with pip on first use; never the
project's), immutable and without facet suggestions, its fastest setup for this. Both are served
by uvicorn with the same number of worker processes, uvloop and httptools, and no access log.

Three endpoints are measured, each side by side:

    search page   /zoeken?q=…                 /bench/entries?_search=…&_size=20
    entry page    /register/{id}              /bench/entries/{id}
    search JSON   /api/v1/search?q=…          /bench/entries.json?_search=…&_size=20

The load is a closed loop of `--concurrency` keep-alive connections (a small HTTP/1.1 client on
asyncio, in this process) asking for `Accept-Encoding: gzip` as browsers do. Two mixes:

    unique    every URL carries a distinct `_r=N` that both servers ignore, and entry pages walk all
              entries once before any comes again: nothing is answered from Glazen Stad's kept
              answers; every request is rendered, as on a first visit after a publication
    repeated  queries and entries drawn by Zipf's law from the same pools, as popular queries
              and entries repeat on a real site; Glazen Stad answers repeats from memory, datasette
              (which keeps no rendered answers) runs them again

The load generator shares the machine's cores with the server, equally for both.
"""

from __future__ import annotations

import sys

if __name__ == "__main__" and not __package__:
    # run as a file, this folder comes first on the path and this module would stand in for the
    # standard library's `http`: run it as the module `benchmarks.http` from the project instead
    import runpy
    from pathlib import Path

    sys.path[0] = str(Path(__file__).resolve().parents[1])
    runpy.run_module("benchmarks.http", run_name="__main__", alter_sys=True)
    raise SystemExit

import argparse
import asyncio
import contextlib
import importlib.util
import itertools
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import msgspec

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.register_scale import PLACES, SUBJECTS, percentile, synthetic_document  # noqa: E402
from publisher.cli import default_workers  # noqa: E402
from publisher.indexing import reindex  # noqa: E402
from publisher.services import open_services  # noqa: E402
from publisher.settings import Settings  # noqa: E402
from register.exchange import import_files  # noqa: E402
from schemas.export_format import ExportDocument  # noqa: E402

BENCH_VENV = ROOT / ".cache" / "bench-venv"
DATASETTE_PACKAGES = ["datasette"]
WARMUP_SECONDS = 2.0
REQUESTS_PER_CONNECTION = 20
ENDPOINTS = ("search page", "entry page", "search JSON")
MIXES = ("unique", "repeated")
TARGET_RATIO = 2.0
TARGET_SEARCH_P95_MS = 5.0


# --- the register, two ways -----------------------------------------------------------------------


def query_pool(seed: int = 11) -> list[str]:
    """What citizens type: a word of a subject, two words of the same subject, or a word and a place."""
    rng = random.Random(seed)
    subjects = [[word.strip(".,'").lower() for word in f"{title} {text}".split() if len(word.strip(".,'")) > 3]
                for title, text, _ in SUBJECTS]
    places = [place.lower() for place in PLACES]
    pool = [word for words in subjects for word in words]
    pool += [" ".join(rng.sample(words, 2)) for words in subjects for _ in range(20)]
    pool += [f"{rng.choice(words)} {rng.choice(places)}" for words in subjects for _ in range(20)]
    rng.shuffle(pool)
    return list(dict.fromkeys(pool))


def prepare_glazenstad(folder: Path, document: ExportDocument) -> Settings:
    settings = Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'glazenstad.db'}",
                        search_index_dir=folder / "index")
    folder.mkdir(parents=True)
    export = folder / "synthetic.json"
    export.write_bytes(msgspec.json.encode(document))
    services = open_services(settings)
    try:
        with services.sessions.begin() as session:
            import_files(session, [export], publish=False, actor="benchmark",
                         default_organisation=settings.organisation)
        reindex(services)
    finally:
        services.close()
    return settings


def prepare_datasette_database(path: Path, document: ExportDocument) -> None:
    """One table of the same entries, and an FTS5 table over the same text, as sqlite-utils makes it
    (`content=[entries]`), which datasette detects for `_search`."""
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "CREATE TABLE entries (id TEXT PRIMARY KEY, kind TEXT, name TEXT, description_short TEXT, status TEXT, "
            "organisation TEXT, theme TEXT, goal TEXT, risks TEXT, tags TEXT, published_at TEXT)")
        connection.executemany(
            "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(entry.id, str(entry.kind), c.name, c.description_short, str(c.status), c.organisations[0].name,
              ", ".join(str(t) for t in c.category), c.goal, c.risks, c.tags,
              v.published_at.isoformat() if v.published_at else None)
             for entry in document.entries for v in entry.versions for c in [v.content]])
        connection.execute(
            "CREATE VIRTUAL TABLE [entries_fts] USING FTS5 ([name], [description_short], [goal], [risks], [tags], "
            "content=[entries])")
        connection.execute("INSERT INTO entries_fts (rowid, name, description_short, goal, risks, tags) "
                           "SELECT rowid, name, description_short, goal, risks, tags FROM entries")
    connection.close()


def datasette_python() -> Path:
    """The benchmark's own environment with datasette, made on first use; never the project's."""
    python = BENCH_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
    missing = [name for name in [*DATASETTE_PACKAGES, *_server_extras()]
               if subprocess.run([str(python), "-c", f"import {name}"], capture_output=True).returncode != 0]
    if missing:
        print(f"installing {', '.join(missing)} into {BENCH_VENV}", file=sys.stderr)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *missing], check=True)
    return python


def _server_extras() -> list[str]:
    """uvicorn's faster loop and parser, when Glazen Stad has them too: the same server for both."""
    return [name for name in ("uvloop", "httptools") if importlib.util.find_spec(name) is not None]


def version_of(python: Path, package: str) -> str:
    found = subprocess.run([str(python), "-c", f"import importlib.metadata as m; print(m.version({package!r}))"],
                           capture_output=True, text=True)
    return found.stdout.strip() or "?"


DATASETTE_APP = '''
from datasette.app import Datasette

app = Datasette(immutables=[{database!r}], settings={settings!r}).app()
'''
DATASETTE_SETTINGS = {"suggest_facets": False}
"""datasette at its fastest for this: immutable, and without the facet suggestions of its table
pages, which cost it four to six times the time of a search (`--datasette-defaults` keeps them)."""


# --- servers --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def serving(command: list[str], port: int, log: Path, env: dict[str, str] | None = None) -> Iterator[int]:
    """Starts a server in a session of its own and yields its process group, for `cpu_seconds`."""
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env, cwd=ROOT,
                                   start_new_session=True)
        try:
            _wait_until_up(port, process)
            yield process.pid
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def cpu_seconds(group: int) -> float:
    """CPU time (user and system) used so far by the live processes of a process group: the server and
    its workers. Unlike requests per second it hardly changes with what else the machine is doing."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group:  # fields[0] is the state; [2] the process group; [11], [12] utime, stime
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _wait_until_up(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped with exit code {process.returncode}; see its log")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"no answer on port {port} within a minute")


# --- the load -------------------------------------------------------------------------------------


@dataclass
class Measurement:
    requests: int
    seconds: float
    latencies_ms: list[float]
    failures: int
    bytes_received: int
    all_requests: int = 0  # warm-up included, for the CPU time per request
    server_cpu_seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    @property
    def cpu_ms(self) -> float:
        """The server's CPU time per request."""
        return self.server_cpu_seconds * 1000 / max(self.all_requests, 1)

    def percentile(self, fraction: float) -> float:
        return percentile(self.latencies_ms, fraction) if self.latencies_ms else float("nan")

    def merged(self, other: Measurement) -> Measurement:
        """Two rounds of the same row as one."""
        return Measurement(
            requests=self.requests + other.requests, seconds=self.seconds + other.seconds,
            latencies_ms=self.latencies_ms + other.latencies_ms, failures=self.failures + other.failures,
            bytes_received=self.bytes_received + other.bytes_received,
            all_requests=self.all_requests + other.all_requests,
            server_cpu_seconds=self.server_cpu_seconds + other.server_cpu_seconds)


async def _read_answer(reader: asyncio.StreamReader) -> tuple[int, int]:
    """Reads one HTTP/1.1 answer; returns its status and body size."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])}
    if "content-length" in headers:
        length = int(headers["content-length"])
        await reader.readexactly(length)
        return status, length
    if headers.get("transfer-encoding", "").lower() == "chunked":
        total = 0
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            total += size
            if size == 0:
                return status, total
    raise RuntimeError("an answer without a length on a keep-alive connection")


async def _connection(port: int, urls: Iterator[str], stop: float, measured_from: float,
                      results: Measurement) -> None:
    """One client: keep-alive for `REQUESTS_PER_CONNECTION` requests, then a new connection, as a
    browser's connections come and go. It also spreads the load: uvicorn's workers share one
    listening socket, and connections held for the whole run would stay wherever the first accept
    put them, often all in one worker."""
    while time.perf_counter() < stop:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for _ in range(REQUESTS_PER_CONNECTION):
                if (started := time.perf_counter()) >= stop:
                    break
                writer.write(f"GET {next(urls)} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                             f"Accept: text/html,application/json\r\nAccept-Encoding: gzip\r\n"
                             f"User-Agent: glazenstad-bench\r\n\r\n".encode())
                status, size = await _read_answer(reader)
                finished = time.perf_counter()
                results.all_requests += 1
                if started >= measured_from:
                    results.requests += 1
                    results.latencies_ms.append((finished - started) * 1000)
                    results.bytes_received += size
                    results.failures += status != 200
        finally:
            writer.close()


async def _load(port: int, urls: Iterator[str], concurrency: int, seconds: float) -> Measurement:
    results = Measurement(requests=0, seconds=seconds, latencies_ms=[], failures=0, bytes_received=0)
    measured_from = time.perf_counter() + WARMUP_SECONDS
    stop = measured_from + seconds
    await asyncio.gather(*(_connection(port, urls, stop, measured_from, results) for _ in range(concurrency)))
    return results


def load(port: int, urls: Iterator[str], concurrency: int, seconds: float) -> Measurement:
    try:
        import uvloop

        return uvloop.run(_load(port, urls, concurrency, seconds))
    except ImportError:
        return asyncio.run(_load(port, urls, concurrency, seconds))


# --- what is asked --------------------------------------------------------------------------------


def zipf_choices(items: list[str], rng: random.Random, count: int) -> list[str]:
    weights = list(itertools.accumulate(1 / rank for rank in range(1, len(items) + 1)))
    return rng.choices(items, cum_weights=weights, k=count)


def url_stream(side: str, endpoint: str, mix: str, queries: list[str], entry_ids: list[str]) -> Iterator[str]:
    """The same sequence of requests for both sides: same seed, same draws. Unique entry pages walk
    every entry once, in a shuffled order, before any comes again."""
    rng = random.Random(f"{endpoint}/{mix}")
    pool = entry_ids if endpoint == "entry page" else queries
    if endpoint == "entry page" and mix == "unique":
        drawn = rng.sample(pool, len(pool))
    else:
        drawn = zipf_choices(pool, rng, 200_000)
    for number in itertools.count():
        item = quote(drawn[number % len(drawn)])
        nonce = f"_r={number}" if mix == "unique" else ""
        if side == "glazenstad":
            yield {"search page": f"/zoeken?q={item}&{nonce}",
                   "entry page": f"/register/{item}?{nonce}",
                   "search JSON": f"/api/v1/search?q={item}&{nonce}"}[endpoint].rstrip("?&")
        else:
            yield {"search page": f"/bench/entries?_search={item}&_size=20&{nonce}",
                   "entry page": f"/bench/entries/{item}?{nonce}",
                   "search JSON": f"/bench/entries.json?_search={item}&_size=20&{nonce}"}[endpoint].rstrip("?&")


Row = tuple[str, str]
"""(endpoint, mix)"""


def measure(ports: dict[str, int], groups: dict[str, int], args: argparse.Namespace, queries: list[str],
            entry_ids: list[str]) -> tuple[dict[str, dict[Row, Measurement]], dict[Row, list[float]]]:
    """Each row on both servers back to back, the order alternating, so a change in the machine's
    other load falls on both alike; with `--rounds`, every row again in each round, each side's URLs
    going on where its last round stopped. Returns the rounds of each side merged, and the req/s ratio
    of each round."""
    found: dict[str, dict[Row, Measurement]] = {side: {} for side in ports}
    ratios: dict[Row, list[float]] = {}
    sides = list(ports)
    rows = list(itertools.product(args.mix or MIXES, args.endpoint or ENDPOINTS))
    streams = {(side, endpoint, mix): url_stream(side, endpoint, mix, queries, entry_ids)
               for side in sides for mix, endpoint in rows}
    turn = 0
    for round_no in range(1, args.rounds + 1):
        for mix, endpoint in rows:
            rates: dict[str, float] = {}
            for side in sides if turn % 2 == 0 else reversed(sides):
                cpu = cpu_seconds(groups[side])
                result = load(ports[side], streams[(side, endpoint, mix)], args.concurrency, args.seconds)
                result.server_cpu_seconds = cpu_seconds(groups[side]) - cpu
                rates[side] = result.rate
                found[side][(endpoint, mix)] = found[side][(endpoint, mix)].merged(result) \
                    if (endpoint, mix) in found[side] else result
                print(f"  {round_no}  {side:<10} {mix:<8} {endpoint:<12} {result.rate:8.0f} req/s  "
                      f"p50 {result.percentile(0.5):6.1f} ms  p95 {result.percentile(0.95):6.1f} ms  "
                      f"CPU {result.cpu_ms:5.2f} ms/request  failures {result.failures}", file=sys.stderr)
            ratios.setdefault((endpoint, mix), []).append(rates[sides[0]] / rates[sides[1]] if rates[sides[1]] else 0)
            turn += 1
    return found, ratios


# --- the report -----------------------------------------------------------------------------------


def print_table(mix: str, ours: dict[tuple[str, str], Measurement], theirs: dict[tuple[str, str], Measurement]) -> None:
    print(f"\n{mix} URLs")
    print("| endpoint | Glazen Stad req/s | p50 ms | p95 ms | CPU ms/req | datasette req/s | p50 ms | p95 ms "
          "| CPU ms/req | req/s ratio | p95 ratio | CPU ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for endpoint in [e for e in ENDPOINTS if (e, mix) in ours]:
        a, b = ours[(endpoint, mix)], theirs[(endpoint, mix)]
        ratio = a.rate / b.rate if b.rate else float("inf")
        mark = "" if ratio >= TARGET_RATIO else " (below 2×)"
        print(f"| {endpoint} | {a.rate:,.0f} | {a.percentile(0.5):.1f} | {a.percentile(0.95):.1f} | {a.cpu_ms:.2f} "
              f"| {b.rate:,.0f} | {b.percentile(0.5):.1f} | {b.percentile(0.95):.1f} | {b.cpu_ms:.2f} "
              f"| {ratio:.2f}×{mark} | {b.percentile(0.95) / a.percentile(0.95):.2f}× | {b.cpu_ms / a.cpu_ms:.2f}× |")
    failures = {endpoint: (ours[(endpoint, mix)].failures, theirs[(endpoint, mix)].failures)
                for endpoint in ENDPOINTS if (endpoint, mix) in ours}
    if any(a or b for a, b in failures.values()):
        print("failures (non-200): " + ", ".join(f"{e}: {a} / {b}" for e, (a, b) in failures.items()))
    sizes = ", ".join(f"{e} {ours[(e, mix)].bytes_received / max(ours[(e, mix)].requests, 1) / 1024:.1f} / "
                      f"{theirs[(e, mix)].bytes_received / max(theirs[(e, mix)].requests, 1) / 1024:.1f} KiB"
                      for e in ENDPOINTS if (e, mix) in ours)
    print(f"mean body (Glazen Stad gzip / datasette): {sizes}")


def search_layer(count: int) -> None:
    """The search layer alone, at `count` entries: `benchmarks/search_engine.py`."""
    print(f"\nsearch layer at {count:,} entries (benchmarks/search_engine.py; target p95 ≤ {TARGET_SEARCH_P95_MS} ms)")
    finished = subprocess.run([sys.executable, "-m", "benchmarks.search_engine", str(count)], cwd=ROOT,
                              capture_output=True, text=True, check=True)
    print(finished.stdout.rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=20_000, help="synthetic entries (default 20000)")
    parser.add_argument("--concurrency", type=int, default=16, help="open connections (default 16)")
    parser.add_argument("--seconds", type=float, default=15, help="measured seconds per endpoint and mix (default 15,"
                        f" after {WARMUP_SECONDS:.0f} s of warm-up)")
    parser.add_argument("--workers", type=int, default=default_workers(),
                        help="uvicorn worker processes for both servers (default: as `glazenstad serve`, "
                        f"{default_workers()} here)")
    parser.add_argument("--endpoint", action="append", choices=ENDPOINTS,
                        help="measure only this endpoint (repeatable; default all three)")
    parser.add_argument("--mix", action="append", choices=MIXES,
                        help="measure only this mix (repeatable; default both)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure every row this many times, the two servers taking turns, and print each "
                        "round's ratio (default 1); unique entry pages must not run out: keep rounds × "
                        "seconds × rate below --entries")
    parser.add_argument("--datasette-defaults", action="store_true",
                        help="run datasette with its default settings (facet suggestions on)")
    parser.add_argument("--search-layer-100k", action="store_true",
                        help="also time the search layer at 100,000 entries (about six minutes more, mostly "
                        "indexing)")
    args = parser.parse_args()

    python = datasette_python()
    folder = Path(tempfile.mkdtemp(prefix="glazenstad-http-bench-"))
    started = time.perf_counter()
    document = synthetic_document(args.entries)
    settings = prepare_glazenstad(folder / "glazenstad", document)
    prepare_datasette_database(folder / "bench.db", document)
    datasette_settings = {} if args.datasette_defaults else DATASETTE_SETTINGS
    (folder / "bench_datasette.py").write_text(DATASETTE_APP.format(database=str(folder / "bench.db"),
                                                                    settings=datasette_settings))
    print(f"prepared {args.entries:,} entries in {time.perf_counter() - started:.0f} s in {folder}", file=sys.stderr)
    queries, entry_ids = query_pool(), [entry.id for entry in document.entries]

    ports = {"glazenstad": free_port(), "datasette": free_port()}
    env = {**os.environ, "GLAZENSTAD_DATA_DIR": str(settings.data_dir)}
    load_before = os.getloadavg()[0]
    ours_command = [str(ROOT / ".venv" / "bin" / "glazenstad"), "serve", "--port", str(ports["glazenstad"]),
                    "--workers", str(args.workers), "--no-access-log"]
    theirs_command = [str(python), "-m", "uvicorn", "--app-dir", str(folder), "bench_datasette:app", "--port",
                      str(ports["datasette"]), "--workers", str(args.workers), "--log-level", "warning",
                      "--no-access-log"]
    with (serving(ours_command, ports["glazenstad"], folder / "glazenstad.log", env) as ours_group,
          serving(theirs_command, ports["datasette"], folder / "datasette.log") as theirs_group):
        groups = {"glazenstad": ours_group, "datasette": theirs_group}
        found, ratios = measure(ports, groups, args, queries, entry_ids)
    ours, theirs = found["glazenstad"], found["datasette"]

    extras = ", ".join(_server_extras()) or "none"
    print(f"Glazen Stad {version_of(ROOT / '.venv' / 'bin' / 'python', 'glazenstad')} and datasette "
          f"{version_of(python, 'datasette')}: {args.entries:,} entries, {args.concurrency} connections, "
          f"{args.seconds:.0f} s per row after {WARMUP_SECONDS:.0f} s warm-up, {args.workers} uvicorn worker(s) "
          f"each, no access log, {os.cpu_count()} CPUs shared with the load generator; uvicorn extras: {extras}; "
          f"datasette immutable, settings {datasette_settings or 'default'}; "
          f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
    for mix in args.mix or MIXES:
        print_table(mix, ours, theirs)
    if args.rounds > 1:
        print(f"\nreq/s ratio of each round ({args.rounds} rounds, interleaved):")
        for (endpoint, mix), values in ratios.items():
            print(f"  {mix:<8} {endpoint:<12} " + ", ".join(f"{value:.2f}×" for value in values)
                  + f"; median {statistics.median(values):.2f}×, lowest {min(values):.2f}×")
    print(f"\nsearch queries: {len(queries)} in the pool ({', '.join(queries[:6])}, …), drawn by Zipf's law; "
          f"entries: {len(entry_ids):,}")
    if args.search_layer_100k:
        search_layer(100_000)
    print(f"\nlogs and data: {folder}")


if __name__ == "__main__":
    main()
