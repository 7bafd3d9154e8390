"""The editorial draft form: built from the content schema, and read back into validated content.

Controls are found by walking the types of `EntryContent`, so a field added to the schema appears
in the form without being listed here. Every control is named by its dotted path
(`organisations.0.tooi_id`), and every problem names the same path, so an error sits by its control.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any, ClassVar

import msgspec
from markupsafe import Markup
from msgspec import inspect as types

from publisher.entry_view import SECTIONS, label_for
from schemas.entry import URL_PATTERN, ContactPoint, Duration, EntryContent, EntryId, Month
from schemas.enums import EntryKind, LabelledEnum
from schemas.national_config import NATIONAL_LIMITS, national_help
from schemas.problems import ContentError, Problem
from schemas.richtext import normalise_rich_text, sanitise_html, text_length
from schemas.validation import EXTENSION_LIMITS, RICH_TEXT_FIELDS, decode_content


class Option(msgspec.Struct, frozen=True):
    value: str
    label: str


class FormField(msgspec.Struct, kw_only=True, frozen=True):
    """One control: HTML name and id, Dutch label and help, what it holds now, and its errors.

    `control` is one of text, textarea, richtext, url, email, date, month, number, select,
    yesno, checkbox, checkboxes, lines (one item per line) or json."""

    is_group: ClassVar[bool] = False
    name: str
    id: str
    label: str
    control: str
    help: str = ""
    guidance: str = ""
    required: bool = False
    max_length: int | None = None
    length: int = 0
    minimum: int | None = None
    maximum: int | None = None
    value: str = ""
    values: list[str] = []
    options: list[Option] = []
    errors: list[str] = []
    preview: Markup | None = None


class FormGroup(msgspec.Struct, kw_only=True, frozen=True):
    """A fieldset: a nested Struct, a list of Structs (its items are the rows), or one row."""

    is_group: ClassVar[bool] = True
    name: str
    id: str
    label: str
    help: str = ""
    guidance: str = ""
    required: bool = False
    items: list[FormField | FormGroup] = []
    errors: list[str] = []
    remove: FormField | None = None


class FormSection(msgspec.Struct, kw_only=True, frozen=True):
    id: str
    title: str
    items: list[FormField | FormGroup]


_ENTRY = types.type_info(EntryContent)
_REMOVE = "_remove"
_FIXED = frozenset({"kind"})  # decided by the entry, never by the form
_SHORT_TEXT = 300  # longer plain texts get a textarea
_COUNTED = ("text", "textarea", "richtext")  # controls with a character counter
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WHOLE_NUMBER = re.compile(r"[+-]?\d+")
_NUMBER_LIST = re.compile(r"\[\n\s+(-?[\d.eE+-]+(?:,\n\s+-?[\d.eE+-]+)*)\n\s+\]")

_HEADER = ("algemeen", "Algemeen",
           ("name", "description_short", "short_summary", "organisations", "links", "source_id", "url", "lars"))
_REMAINDER = ("overig", "Overige velden")

# Fields that only say something for one kind of entry; shown for another kind only when filled.
_ONLY_FOR: dict[str, EntryKind] = {
    "data_collection": EntryKind.DATA_COLLECTION,
    "dataset": EntryKind.DATASET,
    **dict.fromkeys((
        "publication_category", "automated_decision", "ai_act", "fria", "algorithm_type", "use_type",
        "decision_making_process", "training_data", "performance", "monitoring", "rollback",
        "eurocities_domain", "product_information_url", "product_page_url",
    ), EntryKind.ALGORITHM),
}

# Our paths whose national counterpart has another key.
_NATIONAL_KEYS = {
    "organisations.name": "organization",
    "law_references": "lawful_basis_grouping",
    "law_references.title": "lawful_basis_grouping.title",
    "law_references.link": "lawful_basis_grouping.link",
    "assessments": "impacttoetsen_grouping",
    "assessments.title": "impacttoetsen_grouping.title",
    "assessments.link": "impacttoetsen_grouping.link",
}


def _pattern(alias: Any) -> str:
    return str(alias.__metadata__[0].pattern)


_MONTH_PATTERN = _pattern(Month)
_BAD_FORMAT = ("ongeldig formaat", "invalid format")
_PATTERN_MESSAGES = {
    URL_PATTERN: ("ongeldig webadres: begin met https://", "invalid web address: start with https://"),
    _pattern(ContactPoint): ("geef een e-mailadres of een webadres dat begint met https://",
                             "give an e-mail address or a web address starting with https://"),
    _MONTH_PATTERN: ("ongeldige maand: schrijf JJJJ-MM, bijvoorbeeld 2024-03",
                     "invalid month: write YYYY-MM, for example 2024-03"),
    _pattern(Duration): ("ongeldige termijn: schrijf een ISO 8601-duur, bijvoorbeeld P91D of P10Y",
                         "invalid duration: write an ISO 8601 duration such as P91D or P10Y"),
    _pattern(EntryId): ("ongeldig registratie-ID: een UUID zoals 830a37c3-f31b-549d-ae05-498b258305e2",
                        "invalid entry id: a UUID"),
    r"^[0-9]{8}$": ("moet uit 8 cijfers bestaan", "must be 8 digits"),
    r"^[a-z]{2,5}[0-9]{1,6}$": ("ongeldige TOOI-code, bijvoorbeeld gm0363", "invalid TOOI code, e.g. gm0363"),
    r"^BWBR[0-9]{7}$": ("ongeldig BWB-id, bijvoorbeeld BWBR0006622", "invalid BWB id, e.g. BWBR0006622"),
}

# Labels where the general label of the key would mislead in this place.
_LABELS = {
    "organisations.name": "Naam van de organisatie",
    "organisations.lars": "Algoritme-ID van deze organisatie",
    "links.target": "Andere registratie (ID)",
    "related_records.url": "Link naar het document",
    "personal_data_items.category": "Soort gegeven",
    "processing_activity.title": "Naam van de verwerking",
    "processing_activity.url": "Link naar de verwerking",
    "ai_act.role": "Rol volgens de AI-verordening",
    "data_collection.observation_goals.goal": "Doel",
    "data_collection.open_data.dataset_entry": "Dataset in dit register (ID)",
    "data_collection.open_data.url": "Link naar de open data",
    "dataset.identifier": "Identificatie (URI)",
    "dataset.contact_point.url": "Link naar een contactformulier",
    "dataset.distributions.access_url": "Toegangslink",
    "dataset.distributions.download_url": "Downloadlink",
    "archive.selection_list.name": "Naam van de selectielijst",
    "council_decisions.url": "Link naar het besluit",
    "supplier.role": "Rol van de leverancier",
    "processors.role": "Rol van de verwerker",
    "audits.url": "Link naar het rapport",
}

# What one row of each list of Structs is called.
_ROW_LABELS = {
    "organisations": "Organisatie",
    "links": "Verband",
    "related_records": "Document",
    "source_data_grouping": "Gegevensbron",
    "personal_data_items": "Persoonsgegeven",
    "law_references": "Wettelijke verwijzing",
    "assessments": "Impacttoets",
    "council_decisions": "Besluit",
    "processors": "Verwerker",
    "audits": "Audit",
    "transparency_limitations": "Beperking",
    "data_collection.quantities": "Grootheid",
    "data_collection.observation_goals": "Meetdoel",
    "data_collection.data_stages": "Fase",
    "dataset.distributions": "Download",
}

# Help for our own fields (FIELDS.md part B); national fields use the national help text.
_HELP = {
    "organisations": "De organisaties waarvoor deze registratie geldt, elk met een rol. "
                     "Minstens één organisatie is verantwoordelijk.",
    "organisations.tooi_id": "De code van de organisatie in de TOOI-waardelijst, bijvoorbeeld gm0363.",
    "organisations.role": "Verantwoordelijk, medeverantwoordelijk, of uitvoerend: de werkorganisatie die het "
                          "voor de andere organisaties uitvoert.",
    "organisations.lars": "Het landelijke algoritme-ID van de registratie van deze organisatie (8 cijfers). "
                          "Het landelijke register maakt dit aan.",
    "links": "Verbanden met andere registraties. Het omgekeerde verband staat vanzelf bij de andere registratie.",
    "links.target": "Het ID (een UUID) van de andere registratie.",
    "links.relation": "Hoe deze registratie met de andere samenhangt, bijvoorbeeld 'gebruikt gegevens van'.",
    "links.note": "Een korte toelichting op het verband, als dat nodig is.",
    "related_records": "Documenten buiten het register, zoals een contract, verwerkersovereenkomst, "
                       "auditrapport of dossier. Besluiten en impacttoetsen hebben een eigen onderdeel.",
    "related_records.kind": "Wat voor document het is.",
    "related_records.title": "De titel van het document.",
    "related_records.identifier": "Het kenmerk of nummer van het document.",
    "related_records.source_system": "Het systeem waarin het document staat, bijvoorbeeld het zaaksysteem.",
    "related_records.url": "Een link naar het document, als het openbaar is.",
    "related_records.date": "De datum van het document.",
    "related_records.public": "Vink uit als het document niet openbaar is.",
    "lifecycle_phase": "De fijnere levensfase (Eurocities). Als u die invult, volgt de landelijke status daaruit.",
    "personal_data": "Of er persoonsgegevens worden verwerkt: geen, gepseudonimiseerd of herleidbaar. "
                     "Gepseudonimiseerde gegevens zijn nog steeds persoonsgegevens.",
    "special_categories": "De bijzondere persoonsgegevens van artikel 9 AVG. Laat leeg als die er niet zijn.",
    "criminal_offence_data": "Of er strafrechtelijke gegevens (artikel 10 AVG) worden verwerkt.",
    "uses_bsn": "Of het burgerservicenummer wordt gebruikt. De wet beperkt het gebruik van het BSN.",
    "data_subject_categories": "Over wie de gegevens gaan, bijvoorbeeld inwoners, bezoekers, weggebruikers, "
                               "aanvragers of medewerkers.",
    "personal_data_items": "Per persoonsgegeven: wat het is, waar het vandaan komt en waarom het nodig is.",
    "personal_data_items.category": "Het soort gegeven, bijvoorbeeld kenteken, locatie of tijdstip.",
    "personal_data_items.attributes": "Welke gegevens precies.",
    "personal_data_items.source": "Waar de gegevens vandaan komen, bijvoorbeeld de BRP.",
    "personal_data_items.necessity": "Waarom dit gegeven nodig is (dataminimalisatie).",
    "processing_activity": "De verwerking in het verwerkingsregister van de gemeente (artikel 30 AVG).",
    "processing_activity.id": "Het kenmerk van de verwerking in het verwerkingsregister.",
    "processing_activity.title": "De naam van de verwerking.",
    "processing_activity.url": "Een link naar de verwerking; die gaat als 'Link naar verwerkingsregister' naar "
                               "het landelijke register.",
    "privacy_statement_url": "Een link naar de privacyverklaring. Nodig voor dataverzamelingen met "
                             "persoonsgegevens.",
    "data_subject_rights": "Hoe iemand zijn rechten uitoefent: inzage, correctie, verwijdering en bezwaar. "
                           "Schrijf op B1-taalniveau.",
    "automated_decision": "Of uitkomsten besluiten zijn zonder menselijke tussenkomst (artikel 22 AVG), of "
                          "besluiten alleen ondersteunen.",
    "profiling": "Of er sprake is van profilering in de zin van de AVG.",
    "avg_grounds": "De grondslagen uit artikel 6 lid 1 AVG. Een overheid kan zich voor haar taken niet op "
                   "gerechtvaardigd belang beroepen.",
    "special_category_exception": "De uitzondering uit artikel 9 lid 2 AVG en de Nederlandse "
                                  "uitvoeringsbepaling waarop de verwerking van bijzondere persoonsgegevens rust.",
    "law_references": "De wetten en regels waarop het proces rust, elk met een link, bijvoorbeeld "
                      "Wegenverkeerswet 1994 met https://wetten.overheid.nl/BWBR0006622.",
    "law_references.bwb_id": "Het BWB-id op wetten.overheid.nl, bijvoorbeeld BWBR0006622.",
    "law_references.article": "Het artikel, bijvoorbeeld 'art. 2.25a'.",
    "law_references.version_date": "De versie van de wettekst waarop u zich baseert.",
    "law_references.kind": "Wat voor regel het is: wet, AMvB, ministeriële regeling, gemeentelijke verordening, "
                           "formeel besluit of EU-verordening.",
    "assessments": "De impacttoetsen, zoals DPIA en IAMA, elk met een status. Vul ook toetsen in die niet "
                   "nodig waren, met de reden.",
    "assessments.type": "Welke toets.",
    "assessments.status": "Niet nodig, gepland, bezig of klaar.",
    "assessments.date": "De datum waarop de toets klaar was, of de geplande datum.",
    "assessments.public": "Vink uit als de uitkomst niet openbaar is; geef dan een beperking van de "
                          "openbaarheid op.",
    "assessments.summary": "Een korte samenvatting van de uitkomst.",
    "assessments.reason": "Waarom de toets niet nodig is.",
    "assessments.review_date": "Wanneer de toets opnieuw bekeken wordt.",
    "source_data_grouping": "Links naar beschrijvingen van de gebruikte gegevens, zoals een datacatalogus of "
                            "een sensorregistratie.",
    "ai_act": "Wat de AI-verordening (EU 2024/1689) voor dit algoritme betekent.",
    "ai_act.is_ai_system": "Of het een AI-systeem is zoals de AI-verordening dat bedoelt.",
    "ai_act.risk_class": "De risicoklasse. 'Geen AI-systeem' hoort precies bij het antwoord 'nee' hierboven.",
    "ai_act.role": "De rol van de gemeente. Meestal is de gemeente gebruiksverantwoordelijke.",
    "ai_act.annex_iii_area": "Het gebied uit bijlage III (1 tot en met 8), bij een hoog-risicosysteem.",
    "ai_act.annex_iii_point": "Het punt uit bijlage III, bijvoorbeeld 5(a).",
    "ai_act.not_high_risk_reasoning": "Waarom een systeem uit bijlage III toch geen hoog risico heeft "
                                      "(artikel 6 lid 3).",
    "ai_act.transparency_obligation": "Of artikel 50 geldt, bijvoorbeeld bij een chatbot of gegenereerde inhoud.",
    "ai_act.eu_database_id": "Het kenmerk van de registratie van ons gebruik in de EU-databank.",
    "ai_act.eu_database_registered_at": "De datum van registratie in de EU-databank.",
    "ai_act.provider_entry_url": "Een link naar de registratie van de aanbieder in de EU-databank.",
    "fria": "De grondrechtentoets van artikel 27 AI-verordening. Nodig bij een hoog-risicosysteem dat de "
            "gemeente gebruikt.",
    "fria.processes": "(a) De processen waarin het systeem wordt gebruikt.",
    "fria.period_and_frequency": "(b) In welke periode en hoe vaak het wordt gebruikt.",
    "fria.affected_groups": "(c) Welke groepen mensen het raakt.",
    "fria.risks_of_harm": "(d) De risico's op schade voor die groepen.",
    "fria.human_oversight": "(e) De maatregelen voor menselijk toezicht.",
    "fria.measures_when_risks_materialise": "(f) Wat er gebeurt als risico's zich voordoen, ook hoe mensen "
                                            "kunnen klagen.",
    "fria.notified_to_market_surveillance_at": "De datum waarop de toets aan de markttoezichthouder is gemeld.",
    "data_collection": "De sensoren, camera's of tellers, en de gegevens die zij opleveren.",
    "data_collection.sensor_type": "De soort sensor, volgens de lijst van het sensorenregister.",
    "data_collection.sensor_type_other": "Welke soort, als u 'anders' kiest.",
    "data_collection.observes": "Wat de sensor meet of waarneemt, bijvoorbeeld 'kentekens van geparkeerde "
                                "auto's, met plaats en tijd'. Schrijf op B1-taalniveau.",
    "data_collection.quantities": "De grootheden die worden gemeten, bijvoorbeeld NO2 in µg/m³.",
    "data_collection.quantities.name": "De grootheid, bijvoorbeeld PM10.",
    "data_collection.quantities.unit": "De eenheid, bijvoorbeeld µg/m³.",
    "data_collection.observation_goals": "Waarom er gemeten wordt: elk doel met een eigen grondslag.",
    "data_collection.observation_goals.goal": "Het doel van het meten.",
    "data_collection.observation_goals.law_reference": "De wet of regel waarop dit doel rust.",
    "data_collection.observation_goals.avg_ground": "De AVG-grondslag voor dit doel, als er persoonsgegevens zijn.",
    "data_collection.sensor_themes": "Thema's van de sensor, bijvoorbeeld mobiliteit, milieu of veiligheid.",
    "data_collection.mobility": "Vast op één plek, of mobiel zoals een scanauto.",
    "data_collection.locations": "De locaties als GeoJSON FeatureCollection in WGS84, eerst lengtegraad en dan "
                                 "breedtegraad: punten voor vaste apparaten, vlakken voor gebieden. Eigenschappen "
                                 "per locatie: label, device_count, active_from, active_until.",
    "data_collection.location_description": "De locaties in woorden, bijvoorbeeld 'alle straten met betaald "
                                            "parkeren'.",
    "data_collection.location_precision": "Exact of gegeneraliseerd. Bij gegeneraliseerd hoort een beperking "
                                          "van de openbaarheid.",
    "data_collection.device_count": "Hoeveel apparaten er zijn.",
    "data_collection.active_from": "Sinds wanneer de apparaten gegevens verzamelen.",
    "data_collection.active_until": "Tot wanneer. Vul geen datum ver in de toekomst in als die niet vaststaat.",
    "data_collection.collector": "Wie de apparaten beheert en de gegevens verzamelt: de gemeente of een "
                                 "leverancier.",
    "data_collection.data_stages": "Elke fase van de gegevens (ruw, afgeleid, gepubliceerd) met haar "
                                   "bewaartermijn.",
    "data_collection.data_stages.stage": "Ruw, afgeleid of gepubliceerd.",
    "data_collection.data_stages.description": "Welke gegevens er in deze fase zijn.",
    "data_collection.data_stages.retention": "Hoe lang de gegevens bewaard blijven, als ISO 8601-duur: P0D "
                                             "(direct weg), P28D (28 dagen), P10Y (10 jaar).",
    "data_collection.data_stages.retention_basis": "Waarop de bewaartermijn rust: een resultaat uit de "
                                                   "selectielijst (bijvoorbeeld 19.1.22) of een wet.",
    "data_collection.data_stages.personal_data": "Of deze fase persoonsgegevens bevat. Ruwe gegevens kunnen "
                                                 "herleidbaar zijn terwijl gepubliceerde dat niet zijn.",
    "data_collection.data_stages.avg_ground": "De AVG-grondslag voor deze fase, als er persoonsgegevens in "
                                              "zitten.",
    "data_collection.data_stages.storage": "Het systeem waarin deze fase wordt bewaard (intern).",
    "data_collection.data_stages.deletion": "Of de gegevens automatisch of met de hand worden verwijderd.",
    "data_collection.data_stages.evidence_ref": "Het logboek of rapport dat aantoont dat er verwijderd is.",
    "data_collection.open_data": "Of de gegevens als open data worden gepubliceerd, en waar.",
    "data_collection.open_data.is_open_data": "Of de gegevens open data zijn.",
    "data_collection.open_data.dataset_entry": "Het ID (een UUID) van de dataset in dit register.",
    "data_collection.open_data.url": "Een link naar de open data.",
    "data_collection.open_data.licence": "De licentie, bijvoorbeeld CC0-1.0.",
    "data_collection.realtime_api_url": "Een link naar een API met actuele meetgegevens.",
    "dataset": "De beschrijving van de dataset volgens DCAT-AP-DONL (data.overheid.nl).",
    "dataset.identifier": "De vaste URI van de dataset.",
    "dataset.publisher": "De TOOI-code van de uitgever, bijvoorbeeld gm0363.",
    "dataset.creator": "De TOOI-code van de maker.",
    "dataset.contact_point": "Waar vragen over de dataset terechtkunnen.",
    "dataset.contact_point.name": "De naam van het team of de afdeling, geen persoonsnaam.",
    "dataset.contact_point.email": "Een algemeen e-mailadres, geen persoonlijk adres.",
    "dataset.contact_point.url": "Een link naar een contactformulier.",
    "dataset.licence": "De licentie, als code of link, bijvoorbeeld CC0-1.0.",
    "dataset.access_rights": "Openbaar, beperkt openbaar of niet openbaar.",
    "dataset.temporal_start": "Het begin van de periode waarover de dataset gaat.",
    "dataset.temporal_end": "Het einde van die periode.",
    "dataset.spatial_scheme": "Het soort gebiedsaanduiding, bijvoorbeeld een gemeentecode.",
    "dataset.spatial_value": "Het gebied waarover de dataset gaat.",
    "dataset.frequency": "Hoe vaak de dataset wordt bijgewerkt.",
    "dataset.themes_donl": "Links naar thema's uit de taxonomie van data.overheid.nl.",
    "dataset.high_value": "Of het een dataset met hoge waarde is volgens de Europese regels.",
    "dataset.status": "De status van de dataset volgens data.overheid.nl.",
    "dataset.conforms_to": "Links naar standaarden die de dataset volgt.",
    "dataset.distributions": "De manieren waarop de dataset te krijgen is: downloads en API's.",
    "dataset.distributions.title": "De naam van deze download.",
    "dataset.distributions.access_url": "Een link naar de pagina of API waar de gegevens te krijgen zijn.",
    "dataset.distributions.description": "Een korte beschrijving van deze download.",
    "dataset.distributions.download_url": "Een directe link naar het bestand.",
    "dataset.distributions.format": "Het bestandsformaat, bijvoorbeeld CSV of JSON.",
    "dataset.distributions.media_type": "Het mediatype, bijvoorbeeld text/csv.",
    "dataset.distributions.licence": "De licentie van deze download, als die afwijkt.",
    "archive": "De archivering van deze registratie volgens de selectielijst.",
    "archive.selection_list": "De selectielijst waaruit het resultaat komt, meestal de Selectielijst gemeenten "
                              "en intergemeentelijke organen 2020.",
    "archive.selection_list.name": "De naam van de selectielijst.",
    "archive.selection_list.year": "Het jaar van de selectielijst, bijvoorbeeld 2020.",
    "archive.selection_list.source": "Waar de selectielijst te vinden is.",
    "archive.result_number": "Het nummer van het resultaat in de selectielijst, bijvoorbeeld 2.1.2.",
    "archive.result_uuid": "De UUID van dat resultaat in de referentiegegevens.",
    "archive.appraisal": "Bewaren (B), vernietigen na de termijn (V) of nog te bepalen (N).",
    "archive.retention_period": "De bewaartermijn als ISO 8601-duur, bijvoorbeeld P10Y. Nodig bij vernietigen.",
    "archive.process_term": "Wanneer de bewaartermijn begint te lopen (de procestermijn van de selectielijst).",
    "archive.trigger": "De gebeurtenis waarmee de termijn begint, bijvoorbeeld 'einde gebruik'.",
    "archive.trigger_date": "De datum van die gebeurtenis.",
    "archive.motivation": "Waarom van het resultaat of de termijn van de selectielijst wordt afgeweken, als dat "
                          "zo is.",
    "archive.impact_profiles": "De impactprofielen: maatschappelijk, persoonlijk of intern.",
    "archive.archive_creators": "De TOOI-codes van de archiefvormers, meestal de verantwoordelijke organisaties.",
    "archive.activity": "Het soort proces volgens de selectielijst.",
    "archive.decided_by": "Wie over de archivering besloot (functie).",
    "archive.decided_at": "Wanneer dat besloten is.",
    "responsible_department": "De afdeling die verantwoordelijk is.",
    "team": "Het team dat het uitvoert.",
    "process_owner_role": "De functie van de proceseigenaar, nooit een persoonsnaam.",
    "council_decisions": "Besluiten van raad, college of burgemeester over inzetten, wijzigen of stoppen. "
                         "Nodig bij publicatiecategorie A of B.",
    "council_decisions.body": "Wie besloot.",
    "council_decisions.kind": "Waarover het besluit ging.",
    "council_decisions.date": "De datum van het besluit.",
    "council_decisions.title": "De titel van het besluit.",
    "council_decisions.reference": "Het kenmerk van het besluit.",
    "council_decisions.url": "Een link naar het besluit.",
    "review_date": "Wanneer de registratie weer wordt nagekeken.",
    "review_note": "Een toelichting bij de volgende herziening.",
    "last_reviewed_at": "Wanneer voor het laatst is nagekeken dat de registratie klopt, ook zonder wijzigingen. "
                        "Dit staat op de openbare pagina.",
    "last_reviewed_by_role": "De functie van wie dat nakeek.",
    "supplier": "Gegevens over de leverancier. De naam staat bij 'Leverancier'.",
    "supplier.kvk_number": "Het KvK-nummer (8 cijfers).",
    "supplier.role": "Wat de leverancier doet.",
    "supplier.procurement_procedure": "Hoe de leverancier is gekozen, bijvoorbeeld met een Europese aanbesteding.",
    "processors": "Verwerkers in de zin van de AVG. Nodig als er persoonsgegevens zijn.",
    "processors.name": "De naam van de verwerker.",
    "processors.role": "Wat de verwerker doet.",
    "audits": "Audits van het algoritme, de dataverzameling of de dataset.",
    "audits.by": "Wie de audit deed.",
    "audits.date": "De datum van de audit.",
    "audits.title": "De titel van het auditrapport.",
    "audits.url": "Een link naar het rapport.",
    "audits.public": "Vink uit als het rapport niet openbaar is.",
    "objection_procedure": "Hoe iemand bezwaar maakt, in beroep gaat of een klacht indient. Schrijf op "
                           "B1-taalniveau.",
    "complaint_url": "Een link naar het klachtenformulier.",
    "transparency_limitations": "Per veld dat niet of niet helemaal openbaar is: waarom, en op welke grond. De "
                                "uitleg staat op de openbare pagina in plaats van het veld.",
    "transparency_limitations.field": "De sleutel van het veld, bijvoorbeeld publiccode, methods_and_models of "
                                      "locations.",
    "transparency_limitations.scope": "Niet openbaar, deels niet openbaar of gegeneraliseerd.",
    "transparency_limitations.reason_code": "De reden van de beperking.",
    "transparency_limitations.explanation": "Uitleg voor de lezer, op B1-taalniveau.",
    "transparency_limitations.legal_ground": "De grond, bijvoorbeeld een uitzonderingsgrond uit de Woo. Niet "
                                             "nodig bij 'nog niet beschikbaar'.",
    "transparency_limitations.legal_ground.title": "De titel van de grond, bijvoorbeeld 'Woo artikel 5.1 lid 2 "
                                                   "onder d'.",
    "transparency_limitations.legal_ground.link": "Een link naar de grond.",
    "transparency_limitations.decided_by_role": "Wie tot de beperking besloot (functie).",
    "transparency_limitations.decided_at": "Wanneer dat besloten is.",
    "transparency_limitations.review_date": "Wanneer de beperking opnieuw bekeken wordt.",
    "algorithm_type": "Regelgebaseerd, zelflerend of een combinatie (Eurocities).",
    "use_type": "Beschrijvend, diagnostisch, voorspellend of voorschrijvend (Eurocities).",
    "short_summary": "Een samenvatting van hooguit 150 tekens voor de Eurocities-export. Leeg laten mag: dan "
                     "wordt de korte omschrijving ingekort.",
    "impact": "De gevolgen voor inwoners en bedrijven, los van het doel (Eurocities).",
    "decision_making_process": "Hoe het algoritme in het besluitvormingsproces past.",
    "training_data": "De gegevens waarmee het model is getraind.",
    "data_bias": "Welke vooringenomenheid er in de gegevens kan zitten, en wat daaraan is gedaan.",
    "connected_data_sources": "Aangesloten databronnen, bijvoorbeeld de BRP.",
    "performance": "Hoe goed het werkt, bijvoorbeeld het foutpercentage of de nauwkeurigheid.",
    "monitoring": "Hoe de werking wordt gevolgd.",
    "rollback": "Wat er gebeurt als het uitgezet moet worden.",
    "alternatives_considered": "Welke andere oplossingen zijn overwogen, en waarom die het niet werden.",
    "area": "Het gebied waar het wordt ingezet. Leeg laten mag: dan gelden de verantwoordelijke organisaties.",
    "remark": "Een opmerking voor de Eurocities-export.",
    "documentation_url": "Een link naar meer informatie of documentatie.",
    "contact_phone": "Een algemeen telefoonnummer, geen persoonlijk nummer.",
    "contact_name": "De naam van een team of afdeling, geen persoonsnaam.",
    "eurocities_domain": "Het domein in de Eurocities-export, als de afleiding uit het thema niet past.",
    "product_information_url": "Een link naar de centrale productinformatie, bijvoorbeeld een publiccode.yml.",
    "product_page_url": "Een link naar de productpagina van de leverancier.",
    "change_summary": "Wat er in deze versie veranderd is. Dit staat in de openbare versiegeschiedenis. Schrijf "
                      "op B1-taalniveau.",
}

_HELP_SUFFIX = {
    "url": " Begin met https://",
    "lines": " Eén per regel.",
    "checkboxes": " Gekozen waarden staan bovenaan.",
    "richtext": " U mag Markdown of eenvoudige HTML gebruiken; de lengte telt zonder opmaak.",
}


# --------------------------------------------------------------------------- the public interface


def draft_form(
    content: EntryContent | None,
    kind: EntryKind,
    problems: Sequence[Problem] = (),
    submitted: Mapping[str, Any] | None = None,
) -> list[FormSection]:
    """The form's sections for `content`, or for what was `submitted` when it is shown again after an error."""
    form = _form_lists(submitted) if submitted is not None else _posted_values(content)
    builder = _FormBuilder(form, _errors_by_control(problems), kind)
    return _sections(builder.top_items())


def content_from_form(form: Mapping[str, Any], kind: EntryKind) -> EntryContent:
    """Validated content from a submitted form; ContentError names the controls that are wrong."""
    reader = _FormReader(_form_lists(form))
    data = reader.entry()
    data["kind"] = kind.value
    problems = list(reader.problems)
    try:
        content = decode_content(data)
    except ContentError as error:
        flagged = {problem.field for problem in problems}
        problems += [p for p in map(reader.form_problem, error.problems) if p.field not in flagged]
        raise ContentError(problems) from None
    if problems:
        raise ContentError(problems)
    return content


def markdown_preview(text: str) -> Markup:
    """The sanitised HTML the public page would show for this rich-text value."""
    return Markup(sanitise_html(normalise_rich_text(text)))


# --------------------------------------------------------------------------- the types


def _unwrap(info: types.Type) -> tuple[types.Type, bool]:
    """The one type behind `X | None`, and whether None was allowed."""
    if not isinstance(info, types.UnionType):
        return info, False
    others = [member for member in info.types if not isinstance(member, types.NoneType)]
    if len(others) != 1:
        raise TypeError(f"no form control for {info}")
    return others[0], len(others) < len(info.types)


def _row_type(info: types.Type) -> types.StructType | None:
    """The Struct of one row when `info` is a list of Structs."""
    if isinstance(info, types.ListType) and isinstance(info.item_type, types.StructType):
        return info.item_type
    return None


def _enum(info: types.Type) -> type[LabelledEnum]:
    """The code list of a select (an enum) or of a checkbox group (a list of an enum)."""
    if isinstance(info, types.ListType):
        info = info.item_type
    if not (isinstance(info, types.EnumType) and issubclass(info.cls, LabelledEnum)):
        raise TypeError(f"not a code list with labels: {info}")
    return info.cls


def _has_default(field: types.Field) -> bool:
    return field.default is not msgspec.NODEFAULT or field.default_factory is not msgspec.NODEFAULT


def _default(field: types.Field) -> Any:
    if field.default_factory is not msgspec.NODEFAULT:
        return field.default_factory()
    return None if field.default is msgspec.NODEFAULT else field.default


def _is_default(field: types.Field, value: Any) -> bool:
    return _has_default(field) and value == _default(field)


def _control_kind(path: str, info: types.Type, nullable: bool, field: types.Field) -> str:
    if isinstance(info, types.StrType):
        return _text_control(path, info)
    if isinstance(info, types.BoolType):
        return "checkbox" if _has_default(field) and not nullable else "yesno"
    if isinstance(info, types.ListType):
        item, _ = _unwrap(info.item_type)
        if isinstance(item, types.EnumType):
            return "checkboxes"
        if isinstance(item, types.StrType):
            return "lines"
    simple = {types.IntType: "number", types.DateType: "date", types.EnumType: "select", types.DictType: "json"}
    if type(info) in simple:
        return simple[type(info)]
    raise TypeError(f"no form control for {path}: {info}")


def _text_control(path: str, info: types.StrType) -> str:
    if path in RICH_TEXT_FIELDS:
        return "richtext"
    if info.pattern:
        return {URL_PATTERN: "url", _MONTH_PATTERN: "month"}.get(info.pattern, "text")
    leaf = path.rpartition(".")[2]
    if leaf == "email":
        return "email"
    limit = _limit(path, info)
    one_line = leaf in ("name", "title") or (limit is not None and limit <= _SHORT_TEXT)
    return "text" if one_line else "textarea"


def _limit(path: str, info: types.StrType) -> int | None:
    national = NATIONAL_LIMITS.get(_NATIONAL_KEYS.get(path, path))
    limits = [limit for limit in (info.max_length, national, EXTENSION_LIMITS.get(path)) if limit]
    return min(limits, default=None)


def _split_at_control(name: str) -> tuple[str, str]:
    """A dotted path cut into the control (or fieldset) it belongs to and whatever lies deeper."""
    segments = _segments(name)
    info: types.Type = _ENTRY
    taken = 0
    while taken < len(segments):
        info, _ = _unwrap(info)
        segment = segments[taken]
        if isinstance(info, types.StructType):
            field = next((f for f in info.fields if f.name == segment), None)
            if field is None:
                break
            info = field.type
        elif (row := _row_type(info)) is not None and segment.isdigit():
            info = row
        else:
            break
        taken += 1
    return ".".join(segments[:taken]), ".".join(segments[taken:])


def _segments(path: str) -> list[str]:
    """`organisations[0].name` and `organisations.0.name` both give organisations, 0, name."""
    return [segment for segment in re.split(r"[.\[\]]+", path) if segment]


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


# --------------------------------------------------------------------------- values as a browser posts them


def _form_lists(form: Mapping[str, Any]) -> dict[str, list[str]]:
    getall = getattr(form, "getall", None)
    if callable(getall):
        return {key: [str(value) for value in getall(key)] for key in form}
    return {key: [str(v) for v in (values if isinstance(values, list | tuple) else [values])]
            for key, values in form.items()}


def _posted_values(content: EntryContent | None) -> dict[str, list[str]]:
    """What a browser would post for the form of `content`, unchanged."""
    form: dict[str, list[str]] = {}
    if content is not None:
        _post_struct(_ENTRY, content, "", "", form)
    return form


def _post_struct(info: types.StructType, value: Any, prefix: str, path: str, form: dict[str, list[str]]) -> None:
    for field in info.fields:
        if field.name in _FIXED and not prefix:
            continue
        name, field_path = _join(prefix, field.name), _join(path, field.name)
        inner, nullable = _unwrap(field.type)
        current = getattr(value, field.name)
        if isinstance(inner, types.StructType):
            if current is not None:
                _post_struct(inner, current, name, field_path, form)
        elif (row := _row_type(inner)) is not None:
            for index, item in enumerate(current):
                _post_struct(row, item, f"{name}.{index}", field_path, form)
        else:
            control = _control_kind(field_path, inner, nullable, field)
            posted = _encode(control, current)
            if posted or control not in ("checkbox", "checkboxes"):
                form[name] = posted or [""]


def _encode(control: str, value: Any) -> list[str]:
    if value is None:
        return []
    if control == "checkbox":
        return ["on"] if value else []
    if control == "yesno":
        return ["true" if value else "false"]
    if control == "checkboxes":
        return [item.value for item in value]
    if control == "lines":
        return ["\n".join(value)] if value else []
    if control == "json":
        return [_json_text(value)]
    if isinstance(value, Enum):
        return [str(value.value)]
    if isinstance(value, datetime.date):
        return [value.isoformat()]
    return [str(value)]


def _json_text(value: Any) -> str:
    """Indented JSON with each list of numbers (a position) on one line, so a map reads line by line.
    Only lists that json.dumps broke over lines are joined: a string value never holds a raw newline."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _NUMBER_LIST.sub(lambda found: "[" + ", ".join(re.split(r",\n\s+", found.group(1))) + "]", text)


def _row_indices(form: Mapping[str, list[str]], name: str) -> list[int]:
    row = re.compile(re.escape(name) + r"\.(\d+)\.")
    return sorted({int(found.group(1)) for key in form if (found := row.match(key))})


def _has_keys(form: Mapping[str, list[str]], name: str) -> bool:
    return any(key.startswith(f"{name}.") for key in form)


def _has_value(form: Mapping[str, list[str]], name: str) -> bool:
    return any(value.strip() for key, values in form.items()
               if key == name or key.startswith(f"{name}.") for value in values)


def _errors_by_control(problems: Sequence[Problem]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = defaultdict(list)
    for problem in problems:
        control, deeper = _split_at_control(problem.field)
        if control:
            errors[control].append(f"{deeper}: {problem.message}" if deeper else problem.message)
    return errors


# --------------------------------------------------------------------------- building the form


class _FormBuilder:
    def __init__(self, form: dict[str, list[str]], errors: dict[str, list[str]], kind: EntryKind) -> None:
        self.form = form
        self.errors = errors
        self.kind = kind

    def top_items(self) -> dict[str, FormField | FormGroup]:
        fresh = not self.form
        return {field.name: self.item(field, field.name, field.name, fresh)
                for field in _ENTRY.fields if field.name not in _FIXED and self.applies(field.name)}

    def applies(self, key: str) -> bool:
        only = _ONLY_FOR.get(key)
        return only is None or only == self.kind or _has_value(self.form, key)

    def item(self, field: types.Field, name: str, path: str, fresh: bool) -> FormField | FormGroup:
        info, nullable = _unwrap(field.type)
        if isinstance(info, types.StructType):
            fresh = fresh or not _has_keys(self.form, name)
            children = [self.item(f, _join(name, f.name), _join(path, f.name), fresh) for f in info.fields]
            return self.group(name, path, children, required=field.required)
        if (row := _row_type(info)) is not None:
            return self.rows(row, name, path, fresh, field.required)
        return self.control(field, info, nullable, name, path, fresh)

    def group(self, name: str, path: str, items: list[FormField | FormGroup], *, required: bool) -> FormGroup:
        help_text, guidance = _help(path, "group")
        return FormGroup(name=name, id=_group_id(name), label=_label(path), help=help_text, guidance=guidance,
                         required=required, items=items, errors=self.errors.get(name, []))

    def rows(self, item: types.StructType, name: str, path: str, fresh: bool, required: bool) -> FormGroup:
        """The rows there are, plus one empty row: filling it in adds an item, also without JavaScript."""
        indices = [] if fresh else _row_indices(self.form, name)
        shown = [index for index in indices if not self.is_empty_row(item, f"{name}.{index}", path)]
        singular = _ROW_LABELS.get(path, "Item")
        rows = [self.row(item, f"{name}.{index}", path, singular, position)
                for position, index in enumerate(shown, start=1)]
        rows.append(self.row(item, f"{name}.{max(indices, default=-1) + 1}", path, singular, None))
        return self.group(name, path, rows, required=required)

    def is_empty_row(self, item: types.StructType, row: str, path: str) -> bool:
        """Empty by the rule saving uses, so a row left empty is not shown again next to a new one."""
        removed = any(self.form.get(f"{row}.{_REMOVE}", []))
        return not removed and _FormReader(self.form).struct(item, row, path, "") is None

    def row(self, item: types.StructType, name: str, path: str, singular: str, position: int | None) -> FormGroup:
        """One item of a list; position None is the empty row for a new item."""
        new = position is None
        fields = [self.item(f, _join(name, f.name), _join(path, f.name), new) for f in item.fields]
        label = f"{singular} toevoegen" if new else f"{singular} {position}"
        remove_name = f"{name}.{_REMOVE}"
        remove = FormField(
            name=remove_name, id=_field_id(remove_name), control="checkbox",
            label=f"{singular} niet toevoegen" if new else f"{label} verwijderen",
            value="on" if any(self.form.get(remove_name, [])) else "",
        )
        return FormGroup(
            name=name, id=_group_id(name), label=label, items=fields, errors=self.errors.get(name, []), remove=remove,
            help=f"Vul deze velden in om een {singular.lower()} toe te voegen." if new else "",
        )

    def control(self, field: types.Field, info: types.Type, nullable: bool, name: str, path: str,
                fresh: bool) -> FormField:
        control = _control_kind(path, info, nullable, field)
        posted = _encode(control, _default(field)) if fresh else self.form.get(name, [])
        value = posted[0] if posted else ""
        help_text, guidance = _help(path, control)
        limit = _limit(path, info) if isinstance(info, types.StrType) and control in _COUNTED else None
        return FormField(
            name=name, id=_field_id(name), label=_label(path), control=control, help=help_text, guidance=guidance,
            required=field.required, max_length=limit, length=_length(control, value) if limit else 0,
            minimum=getattr(info, "ge", None), maximum=getattr(info, "le", None),
            value=value, values=posted if control == "checkboxes" else [],
            options=_options(control, info, nullable, _has_default(field), posted),
            errors=self.errors.get(name, []),
            preview=markdown_preview(value) if control == "richtext" and value.strip() else None,
        )


def _options(control: str, info: types.Type, nullable: bool, has_default: bool, posted: list[str]) -> list[Option]:
    """The choices of a select or checkbox group. A posted value that is no choice (sent by hand, or
    from an old code list) stays visible, marked, next to its error."""
    if control == "yesno":
        labels = {"": "Onbekend" if nullable else "Maak een keuze", "true": "Ja", "false": "Nee"}
    elif control in ("select", "checkboxes"):
        labels = {str(member.value): member.label("nl") for member in _enum(info)}
        if control == "select" and (nullable or not has_default):
            labels = {"": "Niet ingevuld" if nullable else "Maak een keuze", **labels}
    else:
        return []
    # Chosen checkboxes come first, in their stored order, so that saving keeps the order.
    order = [*posted, *labels] if control == "checkboxes" else [*labels, *posted[:1]]
    return [Option(value, labels.get(value, f"{value} (ongeldige keuze)")) for value in dict.fromkeys(order)]


def _length(control: str, value: str) -> int:
    text = value.replace("\r\n", "\n").strip()
    return text_length(normalise_rich_text(text)) if control == "richtext" else len(text)


def _label(path: str) -> str:
    return _LABELS.get(path) or label_for(path.rpartition(".")[2], "nl")


def _help(path: str, control: str) -> tuple[str, str]:
    """The short help shown with a control, and the national instructions when they say more."""
    short, instructions = national_help(_NATIONAL_KEYS.get(path, path))
    text = _HELP.get(path) or short or instructions
    suffix = _HELP_SUFFIX.get(control, "")
    if suffix and suffix.strip() not in text:
        text = f"{text}{suffix}".strip()
    return text, instructions if instructions not in ("", text) else ""


def _field_id(name: str) -> str:
    return "veld-" + re.sub(r"[^A-Za-z0-9_-]", "-", name)


def _group_id(name: str) -> str:
    return "groep-" + re.sub(r"[^A-Za-z0-9_-]", "-", name)


def _sections(items: dict[str, FormField | FormGroup]) -> list[FormSection]:
    """The header fields, the public page's sections, and last every field those do not list."""
    plan = [_HEADER, *((key, titles[0], keys) for key, titles, keys in SECTIONS)]
    listed = {key for _, _, keys in plan for key in keys} | _FIXED
    remainder = tuple(field.name for field in _ENTRY.fields if field.name not in listed)
    plan.append((*_REMAINDER, remainder))
    sections = [FormSection(id=f"sectie-{key}", title=title, items=[items[k] for k in keys if k in items])
                for key, title, keys in plan]
    return [section for section in sections if section.items]


# --------------------------------------------------------------------------- reading the form back


class _Invalid(Exception):
    def __init__(self, dutch: str, english: str) -> None:
        super().__init__(english)
        self.dutch = dutch
        self.english = english


_EMPTY = object()


class _FormReader:
    """Reads a submitted form into the nested dict `decode_content` takes, noting problems per control."""

    def __init__(self, form: dict[str, list[str]]) -> None:
        self.form = form
        self.problems: list[Problem] = []
        self.rows: dict[str, str] = {}  # row path in the saved list -> row name in the form

    def entry(self) -> dict[str, Any]:
        return self.struct(_ENTRY, "", "", "", whole=True) or {}

    def struct(self, info: types.StructType, prefix: str, path: str, compact: str, *,
               whole: bool = False) -> dict[str, Any] | None:
        """The fields filled in, or None when nothing was (an empty row or group is left out)."""
        fields = [field for field in info.fields if not (whole and field.name in _FIXED)]
        first_problem = len(self.problems)
        data = {}
        for field in fields:
            name = _join(prefix, field.name)
            value = self.value(field, name, _join(path, field.name), _join(compact, field.name))
            if value is not _EMPTY and not _is_default(field, value):
                data[field.name] = value
        flagged = {problem.field for problem in self.problems[first_problem:]}
        if not (whole or data or flagged):
            return None
        for field in fields:
            name = _join(prefix, field.name)
            if field.required and field.name not in data and name not in flagged:
                self.problems.append(Problem(field=name, message="verplicht veld is leeg",
                                             message_en="required field is empty"))
        return data

    def value(self, field: types.Field, name: str, path: str, compact: str) -> Any:
        info, nullable = _unwrap(field.type)
        if isinstance(info, types.StructType):
            found = self.struct(info, name, path, compact)
            return _EMPTY if found is None else found
        if (row := _row_type(info)) is not None:
            return self.list_rows(row, name, path, compact)
        control = _control_kind(path, info, nullable, field)
        posted = self.form.get(name, [])
        if control == "checkbox":
            return any(posted)
        if control == "checkboxes":
            return self.choices(_enum(info), name, posted)
        text = (posted[0] if posted else "").replace("\r\n", "\n").strip()
        if not text:
            return _EMPTY
        try:
            return _convert(control, info, path, text)
        except _Invalid as invalid:
            self.problems.append(Problem(field=name, message=invalid.dutch, message_en=invalid.english))
            return _EMPTY

    def list_rows(self, item: types.StructType, name: str, path: str, compact: str) -> list[dict[str, Any]]:
        """Rows in form order, without removed and empty ones; remembers where each saved row came from."""
        rows: list[dict[str, Any]] = []
        for index in _row_indices(self.form, name):
            row_name = f"{name}.{index}"
            if any(self.form.get(f"{row_name}.{_REMOVE}", [])):
                continue
            row_compact = f"{compact}.{len(rows)}"
            row = self.struct(item, row_name, path, row_compact)
            if row is not None:
                self.rows[row_compact] = row_name
                rows.append(row)
        return rows

    def choices(self, enum: type[Enum], name: str, posted: list[str]) -> list[str]:
        allowed = {str(member.value) for member in enum}
        for value in posted:
            if value not in allowed:
                self.problems.append(Problem(field=name, message=f"ongeldige keuze: {value}",
                                             message_en=f"invalid choice: {value}"))
        return [value for value in dict.fromkeys(posted) if value in allowed]

    def form_problem(self, problem: Problem) -> Problem:
        """A problem of `decode_content` renamed to the control it is about, in the form's own row numbers."""
        name = compact = ""
        for segment in _segments(problem.field):
            compact = _join(compact, segment)
            name = self.rows.get(compact, _join(name, segment))
        control, deeper = _split_at_control(name)
        if not control:
            return problem
        return Problem(field=control, message=_detailed(deeper, problem.message),
                       message_en=_detailed(deeper, problem.message_en), severity=problem.severity)


def _detailed(deeper: str, message: str) -> str:
    return f"{deeper}: {message}" if deeper else message


def _convert(control: str, info: types.Type, path: str, text: str) -> Any:
    """One control's text as the type the schema wants; _Invalid says in Dutch what is wrong."""
    if control == "yesno":
        if text not in ("true", "false"):
            raise _Invalid("kies ja, nee of onbekend", "choose yes, no or unknown")
        return text == "true"
    if isinstance(info, types.EnumType):
        if text not in {str(member.value) for member in info.cls}:
            raise _Invalid(f"ongeldige keuze: {text}", f"invalid choice: {text}")
        return text
    if isinstance(info, types.IntType):
        return _whole_number(info, text)
    if isinstance(info, types.DateType):
        return _date(text)
    if isinstance(info, types.DictType):
        return _json_object(text)
    if isinstance(info, types.ListType):
        item, _ = _unwrap(info.item_type)
        return [_line(item, path, number, line) for number, line in enumerate(text.split("\n"), start=1)
                if line.strip()]
    if isinstance(info, types.StrType):
        return _checked_text(info, path, text, rich=control == "richtext")
    raise TypeError(f"no form control for {path}: {info}")


def _line(info: types.Type, path: str, number: int, line: str) -> str:
    if not isinstance(info, types.StrType):
        raise TypeError(f"no lines control for {path}: {info}")
    try:
        return _checked_text(info, path, line.strip(), rich=False)
    except _Invalid as invalid:
        raise _Invalid(f"regel {number}: {invalid.dutch}", f"line {number}: {invalid.english}") from None


def _checked_text(info: types.StrType, path: str, text: str, *, rich: bool) -> str:
    limit = _limit(path, info)
    length = text_length(normalise_rich_text(text)) if rich else len(text)
    if limit is not None and length > limit:
        counted = " (zonder opmaak geteld)" if rich else ""
        raise _Invalid(f"te lang: {length} tekens, maximaal {limit}{counted}",
                       f"too long: {length} characters, at most {limit}")
    if info.pattern and not re.search(info.pattern, text):
        raise _Invalid(*_PATTERN_MESSAGES.get(info.pattern, _BAD_FORMAT))
    return text


def _whole_number(info: types.IntType, text: str) -> int:
    if not _WHOLE_NUMBER.fullmatch(text):
        raise _Invalid("geen geheel getal", "not a whole number")
    number = int(text)
    if info.ge is not None and number < info.ge:
        raise _Invalid(f"moet minimaal {info.ge} zijn", f"must be at least {info.ge}")
    if info.le is not None and number > info.le:
        raise _Invalid(f"mag hoogstens {info.le} zijn", f"must be at most {info.le}")
    return number


def _date(text: str) -> datetime.date:
    if _ISO_DATE.fullmatch(text):
        with contextlib.suppress(ValueError):
            return datetime.date.fromisoformat(text)
    raise _Invalid("ongeldige datum: schrijf JJJJ-MM-DD, bijvoorbeeld 2024-03-31",
                   "invalid date: write YYYY-MM-DD")


def _json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise _Invalid(f"geen geldige JSON: fout op regel {error.lineno}, kolom {error.colno}",
                       f"not valid JSON: error at line {error.lineno}, column {error.colno}") from None
    if not isinstance(value, dict):
        raise _Invalid("moet een JSON-object zijn, zoals een GeoJSON FeatureCollection",
                       "must be a JSON object, such as a GeoJSON FeatureCollection")
    return value
