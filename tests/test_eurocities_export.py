"""The Eurocities v0.3.1 export: the JSON Schema checked against the official Liquid template, the attribute
order against the CSV template, the rules a record is held to, the value mappings on real demo entries, the
demo register's export (and the same register with its missing Eurocities texts filled in) and the CSV."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import json
from collections.abc import Iterator
from importlib import resources
from typing import Any

import jsonschema
import liquid
import msgspec
import pytest
import yaml

from publisher.demo import load_demo_entries
from publisher.eurocities_export import EurocitiesExport, eurocities_csv, eurocities_export
from publisher.formatting import AMSTERDAM
from publisher.open_data import entry_url
from publisher.services import Services, open_services
from publisher.spreadsheet_export import FORMULA_START
from register.exchange import import_entries
from register.published import PublicVersion
from schemas.entry import EntryContent
from schemas.enums import (
    AlgorithmType,
    EntryKind,
    LifecyclePhase,
    LinkRelation,
    NationalStatus,
    RiskClass,
    Theme,
    UseType,
    VersionState,
)
from schemas.eurocities import (
    ALGORITHM_TYPES,
    DOMAINS,
    EUROCITIES_ATTRIBUTES,
    EUROCITIES_REQUIRED,
    RISK_CATEGORIES,
    STATUSES,
    content_to_eurocities,
    eurocities_enum,
    eurocities_json_schema,
    eurocities_problems,
)
from schemas.richtext import strip_html
from tests.conftest import REFERENCE, settings_for

DATA = resources.files("schemas.data").joinpath("eurocities-v0.3.1")
TEMPLATES = ("schema-v0_3_1.yaml", "registration-v0.3.1.schema.json.liquid", "registration-v0.3.1.template.csv")
FILLED_IN = {
    "decision_making_process": "<p>Het algoritme ondersteunt de medewerkers die de aanvragen behandelen.</p>",
    "training_data": "<p>Niet van toepassing of beschreven bij de gegevens.</p>",
    "monitoring": "<p>Het team bekijkt elk kwartaal de uitkomsten en de bezwaren.</p>",
    "connected_data_sources": "Geen koppelingen met andere bronnen.",
    "review_date": datetime.date(2027, 12, 31),
}
"""Eurocities texts the demo register leaves empty, filled in for the algorithms of the completed register."""
NO_CATEGORY = {None, RiskClass.NOT_AI}
"""AI Act answers that give no Eurocities risk category: such a record is refused."""


def rendered(template: str) -> str:
    """A vendored Jekyll page rendered as the standard's site renders it: front matter off, the YAML as
    `site.data.schema-v0_3_1`. python-liquid 1.x, since 2.x cannot parse `property.required`."""
    text = DATA.joinpath(template).read_text("utf-8")
    empty, _front_matter, body = text.split("---\n", 2)
    assert empty == ""
    standard = yaml.safe_load(DATA.joinpath("schema-v0_3_1.yaml").read_text("utf-8"))
    return liquid.Template(body).render(site={"data": {"schema-v0_3_1": standard}})


def validator() -> jsonschema.Draft202012Validator:
    """A plain jsonschema validator of the generated schema, formats checked (not our own checks)."""
    schema = eurocities_json_schema()
    for prop in schema["properties"].values():
        assert isinstance(prop.pop("required"), bool)  # a marker, not JSON Schema's list of names
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def fields(record: dict[str, Any], severity: str = "error") -> dict[str, str]:
    return {p.field: p.message for p in eurocities_problems(record) if p.severity == severity}


def current_algorithms(services: Services) -> list[PublicVersion]:
    with services.published() as register:
        return [v for v in register.current_versions() if v.content.kind == EntryKind.ALGORITHM]


def demo_content(services: Services, name: str) -> tuple[PublicVersion, EntryContent]:
    version = next(v for v in current_algorithms(services) if v.content.name == name)
    return version, version.content


def record_of(content: EntryContent, entry_id: str = "00000000-0000-4000-8000-000000000000") -> dict[str, str]:
    return content_to_eurocities(content, entry_id=entry_id, page_url=f"https://register.example/register/{entry_id}",
                                 published_first=datetime.date(2023, 2, 1), published_last=datetime.date(2025, 1, 14))


@pytest.fixture(scope="module")
def completed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, EurocitiesExport]]:
    """The demo register with the Eurocities texts it lacks filled in (the AI Act answers left as they are),
    and its export."""
    entries = load_demo_entries()
    for entry in entries:
        for version in entry.versions if entry.kind == EntryKind.ALGORITHM else []:
            content = version.content
            linked = any(link.relation == LinkRelation.USES_DATA_FROM for link in content.links)
            version.content = msgspec.structs.replace(content, **{
                key: value for key, value in FILLED_IN.items()
                if getattr(content, key) is None and not (key == "connected_data_sources" and linked)})
            version.content_hash = None
    folder = tmp_path_factory.mktemp("eurocities")
    services = open_services(settings_for(f"sqlite:///{folder / 'register.db'}", folder))
    try:
        with services.sessions.begin() as session:
            import_entries(session, entries, actor="tests", origin="demo")
        with services.published() as register:
            export = eurocities_export(register, services.settings.public_url)
        yield services, export
    finally:
        services.close()


def guarded(value: str) -> str:
    """A cell as the CSV writes it: a leading apostrophe before anything that starts like a formula."""
    return f"'{value}" if value.startswith(FORMULA_START) else value


def risk_class(version: PublicVersion) -> RiskClass | None:
    return version.content.ai_act.risk_class if version.content.ai_act else None


def test_the_vendored_files_are_the_reference_files() -> None:
    folder = REFERENCE / "eurocities-v0.3.1"
    if not folder.is_dir():
        pytest.skip("the shared reference folder is not beside this checkout")
    for name in TEMPLATES:
        assert DATA.joinpath(name).read_bytes() == (folder / name).read_bytes(), name


def test_the_generated_schema_is_the_official_template_rendered() -> None:
    official = json.loads(rendered("registration-v0.3.1.schema.json.liquid"))
    generated = eurocities_json_schema()
    assert generated == official
    assert list(generated["properties"]) == list(official["properties"])
    properties = official["properties"]
    assert properties["website"] == {**properties["website"], "type": "string", "format": "uri",
                                     "pattern": "^https?://"}
    assert properties["standard_version"]["const"] == "0.3.1"
    assert properties["domain"]["enum"][0] == "taxes"  # English values
    assert {name for name, prop in properties.items() if prop["required"] is True} == set(EUROCITIES_REQUIRED)
    # those booleans are no JSON Schema: the meta-schema refuses them, so we validate without them
    with pytest.raises(jsonschema.SchemaError):
        jsonschema.Draft202012Validator.check_schema(official)
    jsonschema.Draft202012Validator.check_schema(validator().schema)


def test_the_attributes_are_in_the_order_of_the_csv_template() -> None:
    header = rendered("registration-v0.3.1.template.csv")
    assert header.endswith('"keywords"\n') and header.count("\n") == 1
    assert tuple(next(csv.reader(io.StringIO(header), delimiter=";"))) == EUROCITIES_ATTRIBUTES
    assert len(EUROCITIES_ATTRIBUTES) == 49  # FIELDS.md C2


def test_every_mapped_value_is_one_the_standard_allows() -> None:
    assert set(DOMAINS) == set(Theme)
    assert set(DOMAINS.values()) <= set(eurocities_enum("domain"))
    assert {*STATUSES.values(), *(str(phase) for phase in LifecyclePhase)} == set(eurocities_enum("status"))
    assert set(RISK_CATEGORIES.values()) == set(eurocities_enum("risk_category"))
    assert set(RISK_CATEGORIES) == set(RiskClass) - {RiskClass.NOT_AI}
    assert set(ALGORITHM_TYPES) == set(AlgorithmType)
    assert set(ALGORITHM_TYPES.values()) == set(eurocities_enum("algorithm_type"))
    assert {str(use) for use in UseType} == set(eurocities_enum("type"))


def test_a_record_is_held_to_the_schema_and_to_the_required_attributes(
        completed: tuple[Services, EurocitiesExport]) -> None:
    record = dict(completed[1].records[0])
    assert fields(record) == {}

    without_department = {key: value for key, value in record.items() if key != "department"}
    assert validator().is_valid(without_department)  # a validator alone lets it through
    assert fields(without_department) == {"department": "verplicht veld is leeg"}
    assert fields({**record, "goal": "  "}) == {"goal": "verplicht veld is leeg"}
    assert fields({**record, "domain": "parking"})["domain"].startswith(
        "ongeldige waarde 'parking'; toegestaan: taxes, housing")
    assert set(fields({**record, "status": "In gebruik"})) == {"status"}
    assert set(fields({**record, "risk_category": "high_risk"})) == {"risk_category"}
    assert fields({**record, "contact_email": "https://www.voorbeeldstad.nl/contact"}) == {
        "contact_email": "geen geldig e-mailadres"}
    assert fields({**record, "website": "ftp://bestanden.voorbeeldstad.nl/"}) == {
        "website": "moet beginnen met http:// of https://"}
    assert fields({**record, "revision_date": "31-12-2027"}) == {"revision_date": "geen geldige datum (JJJJ-MM-DD)"}
    assert fields({**record, "standard_version": "1.0"}) == {"standard_version": "moet '0.3.1' zijn"}
    assert fields({**record, "uuid": "scanauto"}) == {"uuid": "geen geldige UUID"}
    assert fields({**record, "lang": 1}) == {"lang": "verwacht tekst"}
    assert fields({**record, "kleur": "rood"}) == {"kleur": "onbekend veld in standaard 0.3.1"}
    assert fields({**record, "description_short": "a" * 151})["description_short"].startswith("te lang: 151")
    assert set(fields({**record, "description": "Kort."}, "warning")) == {"description"}
    assert fields({**record, "description": "Kort."}) == {}
    problems = [p for p in eurocities_problems({**record, "domain": "parking", "name": ""}) if p.severity == "error"]
    assert [(p.field, p.message_en) for p in problems] == [
        ("name", "required field is empty"), ("domain", problems[1].message_en)]
    assert problems[1].message_en.startswith("invalid value 'parking'; allowed: taxes")


def test_the_demo_register_exports_or_refuses_each_public_algorithm(demo_services: Services) -> None:
    with demo_services.published() as register:
        export = eurocities_export(register, demo_services.settings.public_url)
        current = list(register.current_versions())
    algorithms = {v.entry_id for v in current if v.content.kind == EntryKind.ALGORITHM
                  and v.state != VersionState.WITHDRAWN}
    withdrawn = {v.entry_id for v in current if v.state == VersionState.WITHDRAWN}
    assert withdrawn & {v.entry_id for v in current if v.content.kind == EntryKind.ALGORITHM}
    exported = [record["uuid"] for record in export.records]
    refused = [entry.entry_id for entry in export.refused]
    assert sorted(exported + refused) == sorted(algorithms)  # each once, nothing withdrawn, no other kind
    assert export.left_out == len(current) - len(algorithms)
    # what keeps a demo algorithm out is content it lacks, never a value the conversion got wrong
    for entry in export.refused:
        errors = [problem for problem in entry.problems if problem.severity == "error"]
        assert errors, entry.name
        assert all(p.field in EUROCITIES_REQUIRED and p.message_en == "required field is empty" for p in errors)
    check = validator()
    for record in export.records:
        assert not list(check.iter_errors(record))
        assert all(record.get(name) for name in EUROCITIES_REQUIRED)


def test_every_exported_record_meets_the_standard(completed: tuple[Services, EurocitiesExport]) -> None:
    services, export = completed
    versions = {version.entry_id: version for version in current_algorithms(services)}
    public = {entry_id for entry_id, version in versions.items() if version.state != VersionState.WITHDRAWN}
    assert export.records and public - {record["uuid"] for record in export.records}
    check = validator()
    with services.published() as register:
        for record in export.records:
            assert not list(check.iter_errors(record)), record["name"]
            assert all(record.get(name, "").strip() for name in EUROCITIES_REQUIRED), record["name"]
            assert list(record) == [name for name in EUROCITIES_ATTRIBUTES if name in record]
            version = versions[record["uuid"]]
            assert version.state == VersionState.PUBLISHED
            view = register.entry(record["uuid"])
            assert view is not None
            assert record["publication_date"] == view.first_published_at.astimezone(AMSTERDAM).date().isoformat()
            assert record["last_change_date"] == version.published_at.astimezone(AMSTERDAM).date().isoformat()
            assert record["website"] == (version.content.website or entry_url(services.settings.public_url,
                                                                             record["uuid"]))
    assert any(record["publication_date"] < record["last_change_date"] for record in export.records)
    # filled in, only the AI Act answers without a Eurocities risk category keep an algorithm out
    assert {entry.entry_id for entry in export.refused} == {
        entry_id for entry_id in public if risk_class(versions[entry_id]) in NO_CATEGORY}
    for entry in export.refused:
        errors = [p for p in entry.problems if p.severity == "error"]
        assert "risk_category" in {p.field for p in errors}
        assert all(p.message_en == "required field is empty" for p in errors)  # no value made wrong
        explained = any(p.field == "risk_category" and p.severity == "warning" for p in entry.problems)
        assert explained == (risk_class(versions[entry.entry_id]) == RiskClass.NOT_AI)
    assert len(export.records) + len(export.refused) == len(public)


def test_connected_data_sources_name_the_linked_entries(completed: tuple[Services, EurocitiesExport]) -> None:
    services, export = completed
    versions = {version.entry_id: version for version in current_algorithms(services)}
    with services.published() as register:
        names = {v.entry_id: v.content.name for v in register.current_versions()}
    checked = 0
    for record in export.records:
        content = versions[record["uuid"]].content
        sources = [names[link.target] for link in content.links if link.relation == LinkRelation.USES_DATA_FROM]
        if sources and not content.connected_data_sources:
            assert record["connected_data_sources"] == ", ".join(sources)
            checked += 1
    assert checked


def test_the_value_mappings_on_real_demo_entries(demo_services: Services) -> None:
    retired = demo_content(demo_services, "Warmtefoto's van daken")[1]
    assert retired.status == NationalStatus.OUT_OF_USE
    assert record_of(retired)["status"] == "retired"
    assert record_of(msgspec.structs.replace(retired, lifecycle_phase=None))["status"] == "retired"
    in_design = demo_content(demo_services, "Keuzehulp voor passende jeugdhulp")[1]
    assert (in_design.status, in_design.lifecycle_phase) == (NationalStatus.IN_DEVELOPMENT, LifecyclePhase.DESIGN)
    assert record_of(in_design)["status"] == "design"
    assert record_of(msgspec.structs.replace(in_design, lifecycle_phase=None))["status"] == "development"

    high_risk = demo_content(demo_services, "Risicogestuurde controle bijstandsaanvragen")[1]
    assert high_risk.ai_act and high_risk.ai_act.risk_class == RiskClass.HIGH_RISK
    assert high_risk.category[0] == Theme.SOCIAAL
    record = record_of(high_risk)
    assert record["risk_category"] == "high risk"
    assert record["domain"] == "subsidies, benefits and allowances"
    assert (record["algorithm_type"], record["type"]) == ("self-learning", "predictive")

    version, scan = demo_content(demo_services, "Controle parkeerrecht met scanauto's")
    record = record_of(scan, version.entry_id)
    assert scan.category[0] == Theme.VERKEER and record["domain"] == "traffic and transportation"
    assert record_of(msgspec.structs.replace(scan, eurocities_domain="taxes"))["domain"] == "taxes"
    assert scan.ai_act and scan.ai_act.risk_class == RiskClass.NOT_AI and "risk_category" not in record
    assert record["algorithm_type"] == "rule-based"
    dpia = next(a for a in scan.assessments if a.type == "dpia")
    assert (record["DPIA_description"], record["DPIA_url"]) == (strip_html(dpia.summary or ""), dpia.link)
    assert "AIA_description" not in record  # the IAMA was not needed: a reason, no summary
    assert scan.lawful_basis and record["lawful_basis"].startswith(strip_html(scan.lawful_basis))
    assert "Gemeentewet, art. 225; Gemeentewet, art. 234; Verordening parkeerbelastingen" in record["lawful_basis"]
    assert record["goal"] == strip_html(scan.goal or "") and "<" not in record["goal"]
    assert record["description"] == record["methods_and_models"] == strip_html(scan.methods_and_models or "")
    responsible = ", ".join(o.name for o in scan.organisations if o.role == "responsible")
    assert record["organization"] == responsible
    assert scan.area and record["area"] == scan.area
    assert record_of(msgspec.structs.replace(scan, area=None))["area"] == responsible  # else the municipalities
    assert record["uuid"] == version.entry_id and record["lang"] == "nl" and record["standard_version"] == "0.3.1"
    # no short summary: whole sentences of the short description, within 150 characters
    assert not scan.short_summary and len(scan.description_short) > 150
    assert len(record["description_short"]) <= 150 and record["description_short"].endswith(".")
    assert scan.description_short.startswith(record["description_short"])
    # a page of its own, else the register's page
    assert record["website"] == scan.website
    assert record_of(msgspec.structs.replace(scan, website=None), version.entry_id)["website"] == (
        f"https://register.example/register/{version.entry_id}")

    shared = [v.content for v in current_algorithms(demo_services)
              if sum(o.role == "responsible" for o in v.content.organisations) > 1]
    assert shared
    for content in shared:
        names = [o.name for o in content.organisations if o.role == "responsible"]
        assert record_of(content)["organization"] == ", ".join(names)


def test_the_csv_is_the_template_filled_in(completed: tuple[Services, EurocitiesExport]) -> None:
    records = completed[1].records
    data = eurocities_csv(records)
    assert data.startswith(codecs.BOM_UTF8)
    header = rendered("registration-v0.3.1.template.csv").encode("utf-8")
    assert data[len(codecs.BOM_UTF8):len(codecs.BOM_UTF8) + len(header)] == header
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == list(EUROCITIES_ATTRIBUTES)
    assert rows[1:] == [[guarded(record.get(name, "")) for name in EUROCITIES_ATTRIBUTES] for record in records]
    second_line = text.split("\n")[1]
    assert second_line.startswith(f'"{records[0]["name"]}";"')  # every cell quoted, as in the template


def test_a_csv_cell_never_starts_a_formula() -> None:
    record = {"name": '=HYPERLINK("https://kwaad.example","klik")', "remark": "-1+1", "keywords": "@SUM(A1)",
              "goal": "Gewoon; met een puntkomma\nen een nieuwe regel"}
    rows = list(csv.reader(io.StringIO(eurocities_csv([record]).decode("utf-8-sig"), newline=""), delimiter=";"))
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells["name"] == "'" + record["name"]
    assert (cells["remark"], cells["keywords"]) == ("'-1+1", "'@SUM(A1)")
    assert cells["goal"] == record["goal"]
    assert cells["department"] == ""
