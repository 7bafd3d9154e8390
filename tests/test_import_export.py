"""Import and export through the command line, as an administrator would run them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import tantivy
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, func, select

from publisher.cli import main
from publisher.services import open_services
from publisher.settings import Settings
from register.models import Entry, Event, Version
from search import SearchQuery
from search.analysis import analysis_stamp
from search.embedded import ANALYSIS_FILE
from tests.conftest import NATIONAL_ENTRIES


def run(args: list[str], database_url: str, data_dir: Path) -> Result:
    env = {"GLAZENSTAD_DATABASE_URL": database_url, "GLAZENSTAD_DATA_DIR": str(data_dir),
           "GLAZENSTAD_SEARCH_INDEX_DIR": str(data_dir / "index")}
    return CliRunner().invoke(main, args, env=env, catch_exceptions=False)


def count(database_url: str, table: type) -> int:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        result = connection.execute(select(func.count()).select_from(table.__table__)).scalar_one()
    engine.dispose()
    return result


def test_all_27_reference_entries_import_and_publish(database_url: str, tmp_path: Path) -> None:
    result = run(["import", "--publish", *map(str, NATIONAL_ENTRIES)], database_url, tmp_path)
    assert result.exit_code == 0, result.output
    assert "Imported 27 entries (27 versions, 27 published)" in result.output
    assert "import: 7/7" in result.output  # progress per file (centric.json holds 7 records)
    assert "note: gemeente-tilburg.json · record 1 (Virtuele gemeente assistent Gem) · website" in result.output
    assert count(database_url, Version) == 27
    services = open_services(Settings(data_dir=tmp_path, database_url=database_url,
                                      search_index_dir=tmp_path / "index"))
    assert services.search.count() == 27  # publishing updated the index; no reindex needed
    services.close()
    search = run(["reindex"], database_url, tmp_path)
    assert "Indexed 27 entries" in search.output


def test_without_publish_imported_entries_stay_drafts(sqlite_url: str, tmp_path: Path) -> None:
    result = run(["import", str(NATIONAL_ENTRIES[0])], sqlite_url, tmp_path)
    assert result.exit_code == 0, result.output
    engine = create_engine(sqlite_url)
    with engine.connect() as connection:
        assert connection.execute(select(Version.state)).scalars().all() == ["draft"]


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("not json", "broken.json · (bestand) · (bestand): niet te lezen als JSON"),
        ('{"hello": 1}', "broken.json · (bestand) · (bestand): onbekend formaat"),
        ('[{"name": "Goed", "description_short": "Kort", "status": "In gebruik"},'
         ' {"name": "Fout", "description_short": "Kort", "status": "Kapot"}]',
         "broken.json · record 2 (Fout) · status: onbekende waarde 'Kapot'"),
        ('[{"name": "Te lang", "description_short": "' + "x" * 401 + '"}]',
         "broken.json · record 1 (Te lang) · description_short: te lang: 401 tekens, maximaal 400"),
    ],
)
def test_a_bad_file_is_reported_and_nothing_is_written(
    content: str, expected: str, sqlite_url: str, tmp_path: Path
) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text(content)
    result = run(["import", "--publish", str(NATIONAL_ENTRIES[0]), str(bad)], sqlite_url, tmp_path)
    assert result.exit_code == 1
    assert expected in result.output
    assert "nothing was written" in result.output
    assert count(sqlite_url, Entry) == 0
    assert count(sqlite_url, Event) == 0


def test_export_import_export_gives_identical_output(database_url: str, tmp_path: Path) -> None:
    source = f"sqlite:///{tmp_path / 'source.db'}"
    assert run(["demo"], source, tmp_path).exit_code == 0
    assert run(["import", "--publish", *map(str, NATIONAL_ENTRIES[:3])], source, tmp_path).exit_code == 0
    first = tmp_path / "first.json"
    assert run(["export", str(first)], source, tmp_path).exit_code == 0
    second_dir = tmp_path / "second"
    result = run(["import", str(first)], database_url, second_dir)
    assert result.exit_code == 0, result.output
    second = tmp_path / "second.json"
    assert run(["export", str(second)], database_url, second_dir).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    document = json.loads(first.read_bytes())
    assert document["format"] == "glazenstad-export"
    states = {v["state"] for e in document["entries"] for v in e["versions"]}
    assert {"published", "superseded", "withdrawn", "draft"} <= states
    assert all(v["content_hash"] for e in document["entries"] for v in e["versions"])


def test_importing_an_export_twice_is_refused(sqlite_url: str, tmp_path: Path) -> None:
    assert run(["import", "--publish", str(NATIONAL_ENTRIES[0])], sqlite_url, tmp_path).exit_code == 0
    export = tmp_path / "export.json"
    run(["export", str(export)], sqlite_url, tmp_path)
    again = run(["import", str(export)], sqlite_url, tmp_path)
    assert again.exit_code == 1
    assert "bestaat al in dit register; ids worden nooit hergebruikt" in again.output


def test_a_tampered_export_is_refused(sqlite_url: str, tmp_path: Path) -> None:
    assert run(["import", "--publish", str(NATIONAL_ENTRIES[0])], sqlite_url, tmp_path).exit_code == 0
    export = tmp_path / "export.json"
    run(["export", str(export)], sqlite_url, tmp_path)
    document = json.loads(export.read_text())
    document["entries"][0]["versions"][0]["content"]["name"] = "Stilletjes gewijzigd"
    export.write_text(json.dumps(document))
    result = run(["import", str(export)], f"sqlite:///{tmp_path / 'other.db'}", tmp_path / "other")
    assert result.exit_code == 1
    assert "versions[0].content_hash: content_hash klopt niet" in result.output


def test_demo_loads_only_into_an_empty_register(sqlite_url: str, tmp_path: Path) -> None:
    assert run(["demo"], sqlite_url, tmp_path).exit_code == 0
    again = run(["demo"], sqlite_url, tmp_path)
    assert again.exit_code == 1 and "not empty" in again.output
    tolerant = run(["demo", "--if-empty"], sqlite_url, tmp_path)
    assert tolerant.exit_code == 0 and "demo not loaded" in tolerant.output


def test_serve_help_lists_the_settings() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert "GLAZENSTAD_DATABASE_URL" in result.output and "GLAZENSTAD_DATA_DIR" in result.output


def test_db_upgrade_creates_the_schema(sqlite_url: str, tmp_path: Path) -> None:
    result = run(["db", "upgrade"], sqlite_url, tmp_path)
    assert result.exit_code == 0 and "up to date" in result.output
    assert count(sqlite_url, Entry) == 0


def test_a_search_index_from_another_version_is_rebuilt(sqlite_url: str, tmp_path: Path) -> None:
    assert run(["import", "--publish", str(NATIONAL_ENTRIES[0])], sqlite_url, tmp_path).exit_code == 0
    index_dir = tmp_path / "index"
    for child in index_dir.iterdir():
        child.unlink()
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("something_else", stored=True)
    tantivy.Index(builder.build(), path=str(index_dir))
    result = run(["reindex"], sqlite_url, tmp_path)
    assert result.exit_code == 0, result.output
    assert "Indexed 1 entries" in result.output
    services = open_services(Settings(data_dir=tmp_path, database_url=sqlite_url, search_index_dir=index_dir))
    assert services.search.count() == 1
    services.close()


def test_an_index_of_an_earlier_layout_is_rebuilt_on_start(tmp_path: Path) -> None:
    """An upgrade that changes the index's fields must not leave the site searching a stale index."""
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'r.db'}",
                        search_index_dir=tmp_path / "index")
    result = run(["import", "--publish", *map(str, NATIONAL_ENTRIES)], settings.database_url, tmp_path)
    assert result.exit_code == 0, result.output
    shutil.rmtree(tmp_path / "index")
    (tmp_path / "index").mkdir()
    earlier = tantivy.SchemaBuilder()
    earlier.add_text_field("id", stored=True)
    earlier.add_text_field("body", stored=True)  # the body field's name before it held every word
    old = tantivy.Index(earlier.build(), path=str(tmp_path / "index"))
    writer = old.writer()
    writer.add_document(tantivy.Document(id="stale", body="verouderd"))
    writer.commit()
    writer.wait_merging_threads()

    services = open_services(settings)
    try:
        assert services.search.count() == 27
        found = services.search.search(SearchQuery(text="gemeente"))
        assert found.total > 0 and "stale" not in {hit.id for hit in found.hits}
    finally:
        services.close()


def test_an_index_made_with_another_word_list_is_rebuilt_on_start(tmp_path: Path) -> None:
    """An upgrade with a longer word parts list must not leave compound words unsplit in the index."""
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'r.db'}",
                        search_index_dir=tmp_path / "index")
    result = run(["import", "--publish", *map(str, NATIONAL_ENTRIES)], settings.database_url, tmp_path)
    assert result.exit_code == 0, result.output
    stamp = tmp_path / "index" / ANALYSIS_FILE
    stamp.write_text("analyzers 1, word parts 0123456789abcdef")

    services = open_services(settings)
    try:
        assert stamp.read_text() == analysis_stamp()
        assert services.search.count() == 27
        assert services.search.search(SearchQuery(text="gemeente")).total > 0
    finally:
        services.close()
