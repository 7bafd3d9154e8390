"""MDTO 1.0.1 XML: the guide's samples rebuilt from Structs, full records, the rules of ARCHIVING.md §11.4."""

from __future__ import annotations

import re
from datetime import date, datetime
from importlib import resources
from zoneinfo import ZoneInfo

import msgspec
import pytest
from lxml import etree

from schemas.mdto import (
    NAMESPACE,
    PROVISIONAL_PRONOM_FORMATS,
    XSD_FILE,
    MdtoClassification,
    MdtoEvent,
    MdtoFile,
    MdtoInformationObject,
    MdtoInvolved,
    MdtoPeriod,
    MdtoReference,
    MdtoRelation,
    MdtoRetention,
    MdtoTerm,
    MdtoUseRestriction,
    validate,
    write_file,
    write_information_object,
)
from tests.conftest import REFERENCE, SHARED

AMSTERDAM_TIME = ZoneInfo("Europe/Amsterdam")
REGISTER = "Glazen Stad register, gemeente Voorbeeldstad"
NATIONAL_REGISTER = "Algoritmeregister van de Nederlandse overheid"
ENTRY_ID = "8f14e45f-ceea-467a-9575-6b0d2c1f0a11"
ENTRY_NAME = "Controle parkeerrechten met scanauto"
VERSION_NAME = f"{ENTRY_NAME}, versie 1"
SELECTION_LIST = "Selectielijst gemeenten en intergemeentelijke organen 2020"
VOORBEELDSTAD = ("gm0000", "Gemeente Voorbeeldstad")
ADOPTED = MdtoClassification(result_number="2.1", result_label="Vastgesteld", list_name=SELECTION_LIST)
Q = f"{{{NAMESPACE}}}"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=AMSTERDAM_TIME)


def guide_samples() -> list[bytes]:
    """The three sample skeletons of ARCHIVING.md §11.5, as written in the guide."""
    guide = (SHARED / "docs" / "ARCHIVING.md").read_text("utf-8")
    section = guide[guide.index("### 11.5 Sample skeletons"):guide.index("## 12. Export package")]
    return [block.encode() for block in re.findall(r"```xml\n(.*?)```", section, re.DOTALL)]


def canonical(xml: bytes) -> bytes:
    """The document without layout and without xsi:schemaLocation, for comparing content."""
    root = etree.fromstring(xml, etree.XMLParser(remove_blank_text=True))
    root.attrib.pop("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation", None)
    return etree.tostring(root, method="c14n", exclusive=True)


def sample_dossier() -> MdtoInformationObject:
    return MdtoInformationObject(
        identifiers=[(ENTRY_ID, REGISTER), ("12345670", NATIONAL_REGISTER)],
        name=ENTRY_NAME,
        aggregation_level="Dossier",
        classifications=[MdtoTerm(label="Algoritme", code="algorithm", vocabulary="Glazen Stad soorten registraties")],
        keywords=["parkeren"],
        descriptions=["Registratie van het algoritme dat kentekenscans vergelijkt met parkeerrechten."],
        online_locations=["https://register.voorbeeldstad.nl/registraties/8f14e45f"],
        coverage_in_time=[MdtoPeriod(type_label="In gebruik", start="2019-03", end="2025-06")],
        coverage_in_space=["Betaald-parkerengebied centrum"],
        events=[MdtoEvent(type_label="Creatie", at=at("2023-05-02T09:12:00"), actor="Redacteur, team Parkeren")],
        appraisal="V",
        retention=MdtoRetention(
            trigger_label="Einde bestaan procesobject",
            trigger_code="bestaansduur_procesobject",
            start=date(2025, 6, 30),
            period="P10Y",
            end=date(2035, 6, 30),
        ),
        information_category=ADOPTED,
        part_of=[MdtoReference(name=REGISTER)],
        has_parts=[MdtoReference(name=VERSION_NAME, identifier=(f"{ENTRY_ID}/v1", REGISTER))],
        related=[MdtoRelation(name="Collegebesluit inzet scanauto 2019", relation_type="Refereert aan")],
        archive_creators=[VOORBEELDSTAD],
        involved=[MdtoInvolved(role_label="Leverancier", actor="Voorbeeld Parkeersystemen B.V.")],
        activity="Beleid en regelgeving opstellen (procestype 2)",
    )


def sample_version() -> MdtoInformationObject:
    return MdtoInformationObject(
        identifiers=[(f"{ENTRY_ID}/v1", REGISTER)],
        name=VERSION_NAME,
        aggregation_level="Archiefstuk",
        online_locations=["https://register.voorbeeldstad.nl/registraties/8f14e45f/versies/1"],
        coverage_in_time=[MdtoPeriod(type_label="Gepubliceerd", start="2023-05-10", end="2024-02-01")],
        events=[
            MdtoEvent(type_label="Accordering", at=at("2023-05-10T14:03:00"),
                      actor="Goedkeurder, afdeling Stadsbeheer"),
            MdtoEvent(type_label="Publicatie", at=at("2023-05-10T14:03:05")),
        ],
        appraisal="V",
        retention=MdtoRetention(period="P10Y", end=date(2035, 6, 30)),
        information_category=ADOPTED,
        part_of=[MdtoReference(name=ENTRY_NAME, identifier=(ENTRY_ID, REGISTER))],
        representations=[MdtoReference(name="v1.json"), MdtoReference(name="v1.html")],
        additional_metadata=[MdtoReference(name="v1.algoritmeregister-1.0.json")],
        related=[MdtoRelation(name=f"{ENTRY_NAME}, versie 2", relation_type="Is vervangen door")],
        archive_creators=[VOORBEELDSTAD],
    )


def sample_rendition() -> MdtoFile:
    return MdtoFile(
        identifiers=[(f"{ENTRY_ID}/v1/html", REGISTER)],
        name="v1.html",
        size=18342,
        format_puid="fmt/471",
        format_label="HTML",
        sha256="9f2c0d5e8a7b6c1d2e3f40516273849506a7b8c9d0e1f2a3b4c5d6e7f8091a2b",
        checksum_at=at("2023-05-10T14:03:07"),
        url="https://register.voorbeeldstad.nl/registraties/8f14e45f/versies/1.html",
        representation_of=MdtoReference(name=VERSION_NAME, identifier=(f"{ENTRY_ID}/v1", REGISTER)),
    )


def full_dossier() -> MdtoInformationObject:
    """An entry with every optional element of informatieobject filled, several where repeatable."""
    return MdtoInformationObject(
        identifiers=[(ENTRY_ID, REGISTER), ("12345670", NATIONAL_REGISTER)],
        name="Toewijzing sociale huurwoningen via urgentiescore",
        aggregation_level="Dossier",
        classifications=[
            MdtoTerm(label="Algoritme", code="algorithm", vocabulary="Glazen Stad soorten registraties"),
            MdtoTerm(label="Wonen", vocabulary="Thema's algoritmeregister"),
        ],
        keywords=["woningzoekenden", "urgentie", "coördinatie"],
        descriptions=["Berekent een urgentiescore voor aanvragen van een sociale huurwoning.", "Zie ook het besluit."],
        physical_locations=["Stadsarchief Voorbeeldstad, studiezaal"],
        online_locations=["https://register.voorbeeldstad.nl/registraties/8f14e45f"],
        coverage_in_time=[
            MdtoPeriod(type_label="In gebruik", start="2021", end="2025-06-30"),
            MdtoPeriod(type_label="Ontwikkeling", start="2020-01"),
        ],
        coverage_in_space=["Gemeente Voorbeeldstad", "Wijk Oost"],
        language="nl",
        events=[
            MdtoEvent(type_label="Import", at=date(2022, 11, 3), result="Overgenomen uit het landelijke register"),
            MdtoEvent(type_label="Creatie", at=at("2023-01-16T10:30:00"), actor="Redacteur, team Wonen"),
            MdtoEvent(type_label="Wijziging", at=at("2025-07-01T08:00:00"), actor="Archivaris",
                      result="Registratie afgesloten: algoritme buiten gebruik"),
            MdtoEvent(type_label="Bevriezing", at=at("2025-07-02T09:00:00"), actor="Archivaris",
                      result="Bewaarplicht wegens lopend Woo-verzoek"),
        ],
        appraisal="B",
        retention=MdtoRetention(trigger_label="Einde bestaan procesobject", trigger_code="bestaansduur_procesobject",
                                start=date(2025, 6, 30), period="P20Y", end=date(2045, 6, 30)),
        information_category=MdtoClassification(result_number="2.1.2", list_name=SELECTION_LIST,
                                                 result_label="Algoritme met grote maatschappelijke impact"),
        part_of=[MdtoReference(name=REGISTER, identifier=("register", REGISTER))],
        has_parts=[MdtoReference(name=f"Toewijzing sociale huurwoningen, versie {n}",
                                 identifier=(f"{ENTRY_ID}/v{n}", REGISTER)) for n in (1, 2)],
        representations=[MdtoReference(name=f"{ENTRY_ID}.html")],
        additional_metadata=[MdtoReference(name=f"{ENTRY_ID}.json", identifier=(f"{ENTRY_ID}/json", REGISTER))],
        related=[
            MdtoRelation(name="Raadsbesluit huisvestingsverordening 2020", identifier=("2020-0412", "Raadsinformatie"),
                         relation_type="Refereert aan"),
            MdtoRelation(name="Basisregistratie Personen (gebruik)", relation_type="Heeft nodig"),
        ],
        archive_creators=[VOORBEELDSTAD, ("gm0363", "Gemeente Amsterdam")],
        involved=[
            MdtoInvolved(role_label="Leverancier", actor="Woonsleutel Software B.V."),
            MdtoInvolved(role_label="Uitvoerende afdeling", actor="Afdeling Wonen en Welzijn"),
        ],
        activity="Beleid en regelgeving opstellen (procestype 2)",
        use_restrictions=[
            MdtoUseRestriction(type_label="Geen beperking"),
            MdtoUseRestriction(type_label="Beveiliging van de staat (Woo 5.1 lid 1 sub b)",
                               explanation="De drempelwaarden van de score zijn niet openbaar.", term="P5Y",
                               vocabulary="Glazen Stad beperkingen op grond van de Woo"),
        ],
    )


def full_version() -> MdtoInformationObject:
    """A published version with every element that §11.1 fills for an Archiefstuk."""
    return msgspec.structs.replace(
        sample_version(),
        identifiers=[(f"{ENTRY_ID}/v1", REGISTER), ("12345670-1", NATIONAL_REGISTER)],
        descriptions=["Eerste publicatie; doelbinding en menselijke tussenkomst beschreven."],
        events=[
            MdtoEvent(type_label="Creatie", at=at("2023-05-02T09:12:00"), actor="Redacteur, team Parkeren"),
            *sample_version().events,
            MdtoEvent(type_label="Wijziging", at=at("2024-02-01T12:00:00"), actor="Redacteur, team Parkeren",
                      result="Vervangen door versie 2"),
        ],
        related=[
            MdtoRelation(name=f"{ENTRY_NAME}, versie 2", identifier=(f"{ENTRY_ID}/v2", REGISTER),
                         relation_type="Is vervangen door"),
        ],
        use_restrictions=[MdtoUseRestriction(type_label="Geen beperking", explanation="Openbaar sinds publicatie.")],
    )


def json_rendition() -> MdtoFile:
    return MdtoFile(
        identifiers=[(f"{ENTRY_ID}/v1/json", REGISTER)],
        name="v1.json",
        size=5211,
        format_puid=PROVISIONAL_PRONOM_FORMATS["json"][0],
        sha256="0" * 63 + "a",
        checksum_at=at("2023-05-10T14:03:06"),
        representation_of=MdtoReference(name=VERSION_NAME, identifier=(f"{ENTRY_ID}/v1", REGISTER)),
    )


def xsd_element_names(type_names: tuple[str, ...]) -> list[str]:
    """The element names the XSD declares for the given complex types, in sequence order."""
    xsd = etree.parse(str(REFERENCE / "mdto" / XSD_FILE))
    xs = {"xsd": "http://www.w3.org/2001/XMLSchema"}
    return [name for type_name in type_names
            for name in xsd.xpath(f"//xsd:complexType[@name='{type_name}']//xsd:element/@name", namespaces=xs)]


def child_tags(xml: bytes) -> list[str]:
    return [child.tag.removeprefix(Q) for child in etree.fromstring(xml)[0]]


def swapped(xml: bytes, first: str, second: str, inside: str = "") -> bytes:
    """The document with the first `first` element moved after the first `second` one, by hand."""
    root = etree.fromstring(xml)
    parent = root[0] if not inside else root[0].find(Q + inside)
    moving = parent.find(Q + first)
    parent.remove(moving)
    parent.find(Q + second).addnext(moving)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


# --- the shipped schema


def test_the_shipped_xsd_is_the_reference_copy_unchanged() -> None:
    shipped = resources.files("schemas.data").joinpath("mdto", XSD_FILE).read_bytes()
    assert shipped == (REFERENCE / "mdto" / XSD_FILE).read_bytes()


def test_the_guide_samples_themselves_validate() -> None:
    samples = guide_samples()
    assert len(samples) == 3
    for sample in samples:
        assert validate(sample) == []


# --- the guide's samples, rebuilt


def test_the_dossier_sample_rebuilt_from_structs_is_the_guide_sample() -> None:
    xml = write_information_object(sample_dossier())
    assert validate(xml) == []
    assert canonical(xml) == canonical(guide_samples()[0])


def test_the_archiefstuk_sample_rebuilt_from_structs_is_the_guide_sample() -> None:
    xml = write_information_object(sample_version())
    assert validate(xml) == []
    # The guide names the archive creator only; we always identify it by its TOOI code.
    expected = guide_samples()[1].replace(
        b"<archiefvormer><verwijzingNaam>Gemeente Voorbeeldstad</verwijzingNaam></archiefvormer>",
        b"<archiefvormer><verwijzingNaam>Gemeente Voorbeeldstad</verwijzingNaam><verwijzingIdentificatie>"
        b"<identificatieKenmerk>gm0000</identificatieKenmerk>"
        b"<identificatieBron>TOOI register Gemeenten compleet</identificatieBron>"
        b"</verwijzingIdentificatie></archiefvormer>",
    )
    assert canonical(xml) == canonical(expected)


def test_the_bestand_sample_rebuilt_from_structs_is_the_guide_sample() -> None:
    xml = write_file(sample_rendition())
    assert validate(xml) == []
    assert canonical(xml) == canonical(guide_samples()[2])


def test_the_document_is_utf8_with_declaration_namespace_and_schema_location() -> None:
    xml = write_information_object(full_dossier())
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<MDTO xmlns="https://www.nationaalarchief.nl/mdto"')
    assert b'xsi:schemaLocation="https://www.nationaalarchief.nl/mdto ' \
           b'https://www.nationaalarchief.nl/mdto/MDTO-XML1.0.1.xsd"' in xml
    assert "coördinatie".encode() in xml


# --- every optional element filled


def test_a_dossier_with_every_optional_element_validates_in_xsd_order() -> None:
    xml = write_information_object(full_dossier())
    assert validate(xml) == []
    order = xsd_element_names(("objectType", "informatieobjectType"))
    tags = child_tags(xml)
    assert list(dict.fromkeys(tags)) == order  # every element present, in the XSD's sequence
    assert tags.count("event") == 4 and tags.count("archiefvormer") == 2 and tags.count("beperkingGebruik") == 2
    restriction = etree.fromstring(xml).findall(f".//{Q}beperkingGebruik")[1]
    assert [child.tag.removeprefix(Q) for child in restriction] == [
        "beperkingGebruikType", "beperkingGebruikNadereBeschrijving", "beperkingGebruikTermijn"]
    assert restriction.findtext(f"{Q}beperkingGebruikTermijn/{Q}termijnLooptijd") == "P5Y"


def test_an_archiefstuk_with_every_element_of_the_mapping_validates() -> None:
    xml = write_information_object(full_version())
    assert validate(xml) == []
    assert set(child_tags(xml)) >= {"omschrijving", "event", "bewaartermijn", "heeftRepresentatie",
                                    "aanvullendeMetagegevens", "gerelateerdInformatieobject"}


def test_a_bestand_validates_and_takes_its_format_name_from_pronom() -> None:
    xml = write_file(json_rendition())
    assert validate(xml) == []
    assert child_tags(xml) == ["identificatie", "naam", "omvang", "bestandsformaat", "checksum", "isRepresentatieVan"]
    root = etree.fromstring(xml)
    assert root.findtext(f".//{Q}bestandsformaat/{Q}begripCode") == "fmt/817"
    assert root.findtext(f".//{Q}bestandsformaat/{Q}begripLabel") == "JSON Data Interchange Format"
    assert child_tags(write_file(sample_rendition())) == xsd_element_names(("objectType", "bestandType"))


def test_dates_are_written_as_year_month_or_date_as_given() -> None:
    periods = [MdtoPeriod(type_label="In gebruik", start=start, end=end)
               for start, end in (("2019", "2025"), ("2019-03", "2025-06"), ("2019-03-01", "2025-06-30"))]
    xml = write_information_object(msgspec.structs.replace(sample_dossier(), coverage_in_time=periods))
    root = etree.fromstring(xml)
    assert [e.text for e in root.iter(f"{Q}dekkingInTijdBegindatum")] == ["2019", "2019-03", "2019-03-01"]
    with pytest.raises(ValueError, match="dekkingInTijdBegindatum: 'maart 2019'"):
        write_information_object(msgspec.structs.replace(
            sample_dossier(), coverage_in_time=[MdtoPeriod(type_label="In gebruik", start="maart 2019")]))


def test_the_default_use_restriction_is_geen_beperking() -> None:
    version = MdtoInformationObject(
        identifiers=[(f"{ENTRY_ID}/v1", REGISTER)], name=VERSION_NAME, aggregation_level="Archiefstuk",
        appraisal="B", archive_creators=[VOORBEELDSTAD])
    assert version.use_restrictions == [MdtoUseRestriction(type_label="Geen beperking")]
    root = etree.fromstring(write_information_object(version))
    assert root.findtext(f".//{Q}beperkingGebruikType/{Q}begripLabel") == "Geen beperking"


# --- §11.4 rule 4: no empty strings


@pytest.mark.parametrize(("change", "element"), [
    ({"name": ""}, "informatieobject.naam"),
    ({"name": "   "}, "informatieobject.naam"),
    ({"identifiers": [("", REGISTER)]}, r"informatieobject.identificatie\[1\].identificatieKenmerk"),
    ({"identifiers": [(ENTRY_ID, "")]}, r"informatieobject.identificatie\[1\].identificatieBron"),
    ({"classifications": [MdtoTerm(label="", vocabulary="Glazen Stad soorten registraties")]},
     r"informatieobject.classificatie\[1\].begripLabel"),
    ({"events": [MdtoEvent(type_label=" ", at=date(2023, 5, 2))]}, r"informatieobject.event\[1\].eventType"),
    ({"related": [MdtoRelation(name="", relation_type="Refereert aan")]},
     r"gerelateerdInformatieobject\[1\].gerelateerdInformatieobjectVerwijzing.verwijzingNaam"),
    ({"archive_creators": [("gm0000", "")]}, r"informatieobject.archiefvormer\[1\].verwijzingNaam"),
    ({"use_restrictions": [MdtoUseRestriction(type_label="")]}, r"beperkingGebruik\[1\].beperkingGebruikType"),
    ({"identifiers": []}, "informatieobject.identificatie: at least one"),
    ({"archive_creators": []}, "informatieobject.archiefvormer: at least one"),
    ({"use_restrictions": []}, "informatieobject.beperkingGebruik: at least one"),
])
def test_an_empty_required_value_is_refused_and_named(change: dict, element: str) -> None:
    with pytest.raises(ValueError, match=element):
        write_information_object(msgspec.structs.replace(sample_dossier(), **change))


def test_empty_optional_values_are_left_out() -> None:
    dossier = msgspec.structs.replace(
        sample_dossier(), keywords=["", "parkeren", "  "], descriptions=[""], online_locations=[""],
        coverage_in_space=[" "], language="", activity="",
        events=[MdtoEvent(type_label="Creatie", at=at("2023-05-02T09:12:00"), actor="", result="")],
        classifications=[MdtoTerm(label="Algoritme", code="", vocabulary="Glazen Stad soorten registraties")],
        use_restrictions=[MdtoUseRestriction(type_label="Geen beperking", explanation=" ", term="")],
    )
    xml = write_information_object(dossier)
    assert validate(xml) == []
    assert b"></" not in xml and b"/>" not in xml  # no empty element anywhere
    tags = child_tags(xml)
    assert tags.count("trefwoord") == 1
    for absent in ("omschrijving", "raadpleeglocatie", "dekkingInRuimte", "taal", "activiteit"):
        assert absent not in tags
    file_xml = write_file(msgspec.structs.replace(sample_rendition(), url=""))
    assert "URLBestand" not in child_tags(file_xml)


@pytest.mark.parametrize(("change", "message"), [
    ({"name": ""}, "bestand.naam is empty"),
    ({"format_puid": ""}, "bestand.bestandsformaat.begripCode is empty"),
    ({"representation_of": MdtoReference(name="")}, "bestand.isRepresentatieVan.verwijzingNaam is empty"),
    ({"size": -1}, "bestand.omvang"),
    ({"sha256": "9F2C"}, "bestand.checksumWaarde"),
    ({"format_puid": "fmt/999999", "format_label": None}, "no name known for 'fmt/999999'"),
    ({"checksum_at": datetime(2023, 5, 10, 14, 3, 7)}, "checksumDatum: .* has no time zone"),
])
def test_a_bestand_with_a_missing_or_impossible_value_is_refused(change: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        write_file(msgspec.structs.replace(sample_rendition(), **change))


# --- §11.4 rule 3: appraisal V needs a bewaartermijn


def test_appraisal_v_without_bewaartermijn_is_refused_with_the_reason() -> None:
    with pytest.raises(ValueError, match=r"bewaartermijn is missing for appraisal V .*export is blocked"):
        write_information_object(msgspec.structs.replace(sample_dossier(), retention=None))


def test_appraisal_b_and_n_need_no_bewaartermijn() -> None:
    for code, label in (("B", "Blijvend te bewaren"), ("N", "Nader te bepalen")):
        xml = write_information_object(msgspec.structs.replace(sample_dossier(), appraisal=code, retention=None))
        assert validate(xml) == []
        assert etree.fromstring(xml).findtext(f".//{Q}waardering/{Q}begripLabel") == label


def test_an_empty_bewaartermijn_and_an_unknown_appraisal_are_refused() -> None:
    with pytest.raises(ValueError, match="bewaartermijn is empty"):
        write_information_object(msgspec.structs.replace(sample_dossier(), retention=MdtoRetention(period=" ")))
    with pytest.raises(ValueError, match="unknown appraisal 'X'"):
        write_information_object(msgspec.structs.replace(sample_dossier(), appraisal="X"))


# --- §11.4 rules 1 and 2: element order


def test_the_validator_rejects_a_hand_swapped_element_order() -> None:
    xml = write_information_object(full_dossier())
    for first, second in (("identificatie", "naam"), ("event", "waardering"), ("archiefvormer", "betrokkene")):
        errors = validate(swapped(xml, first, second))
        assert errors, (first, second)
        assert any("not expected" in error for error in errors)
    assert validate(swapped(write_file(sample_rendition()), "omvang", "bestandsformaat"))


def test_raadpleeglocatie_fysiek_comes_before_online() -> None:
    xml = write_information_object(full_dossier())
    location = etree.fromstring(xml).find(f".//{Q}raadpleeglocatie")
    assert [child.tag.removeprefix(Q) for child in location] == ["raadpleeglocatieFysiek", "raadpleeglocatieOnline"]
    errors = validate(swapped(xml, "raadpleeglocatieFysiek", "raadpleeglocatieOnline", inside="raadpleeglocatie"))
    assert any("raadpleeglocatieFysiek" in error for error in errors)


# --- times, durations, archive creators


def test_an_event_time_without_time_zone_is_refused() -> None:
    event = MdtoEvent(type_label="Publicatie", at=datetime(2023, 5, 10, 14, 3, 5))
    with pytest.raises(ValueError, match=r"event\[1\].eventTijd: 2023-05-10T14:03:05 has no time zone"):
        write_information_object(msgspec.structs.replace(sample_dossier(), events=[event]))


def test_event_times_carry_their_offset() -> None:
    root = etree.fromstring(write_information_object(sample_version()))
    assert [e.text for e in root.iter(f"{Q}eventTijd")] == ["2023-05-10T14:03:00+02:00", "2023-05-10T14:03:05+02:00"]


def test_a_duration_is_written_as_given_and_checked_by_the_schema() -> None:
    with pytest.raises(ValueError, match=r"termijnLooptijd.*'tien jaar'.*duration"):
        write_information_object(msgspec.structs.replace(sample_version(), retention=MdtoRetention(period="tien jaar")))
    xml = write_information_object(msgspec.structs.replace(sample_version(), retention=MdtoRetention(period="P91D")))
    assert etree.fromstring(xml).findtext(f".//{Q}termijnLooptijd") == "P91D"


def test_an_archive_creator_needs_a_municipal_tooi_code() -> None:
    with pytest.raises(ValueError, match=r"archiefvormer\[1\]: 'Voorbeeldstad' is not a municipality's TOOI code"):
        write_information_object(
            msgspec.structs.replace(sample_dossier(), archive_creators=[("Voorbeeldstad", "Gemeente Voorbeeldstad")]))


# --- the validator can fail


def test_validate_reports_the_errors_of_a_broken_document() -> None:
    xml = write_information_object(sample_version())
    assert validate(xml) == []
    root = etree.fromstring(xml)
    informatieobject = root[0]
    informatieobject.remove(informatieobject.find(f"{Q}waardering"))
    informatieobject.find(f"{Q}dekkingInTijd/{Q}dekkingInTijdBegindatum").text = "10 mei 2023"
    errors = validate(etree.tostring(root))
    assert any("dekkingInTijdBegindatum" in error for error in errors)
    assert any("waardering" in error for error in errors)
    assert all(error.startswith("line ") for error in errors)


def test_validate_reports_xml_that_is_not_mdto_or_not_xml() -> None:
    assert validate(b"<MDTO xmlns='https://www.nationaalarchief.nl/mdto'/>")  # neither informatieobject nor bestand
    assert validate(b"<informatieobject/>")
    assert validate(b"<MDTO><informatieobject>")[0].startswith("not well-formed XML")
