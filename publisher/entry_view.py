"""How an entry reads on its public page: sections of fields, each value made safe HTML."""

from __future__ import annotations

import datetime
import re
from enum import Enum
from typing import Any

import msgspec
from markupsafe import Markup, escape

from publisher.formatting import format_date
from publisher.i18n import translate
from schemas.entry import URL_PATTERN, EntryContent, TransparencyLimitation
from schemas.national_config import shown_when_empty
from schemas.richtext import sanitise_html
from schemas.validation import RICH_TEXT_FIELDS

_URL = re.compile(URL_PATTERN)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")

# Field labels in Dutch and English, for top-level and nested keys alike.
LABELS: dict[str, tuple[str, str]] = {
    "name": ("Naam", "Name"),
    "description_short": ("Korte omschrijving", "Short description"),
    "organisations": ("Organisaties", "Organisations"),
    "category": ("Thema", "Theme"),
    "status": ("Status", "Status"),
    "begin_date": ("Begindatum", "Start date"),
    "end_date": ("Einddatum", "End date"),
    "contact_email": ("Contactgegevens", "Contact"),
    "website": ("Link naar publiekspagina", "Public page"),
    "publication_category": ("Publicatiecategorie", "Publication category"),
    "goal": ("Doel en impact", "Purpose and impact"),
    "impact": ("Impact", "Impact"),
    "proportionality": ("Afwegingen", "Considerations"),
    "alternatives_considered": ("Overwogen alternatieven", "Alternatives considered"),
    "human_intervention": ("Menselijke tussenkomst", "Human intervention"),
    "risks": ("Risicobeheer", "Risk management"),
    "lawful_basis": ("Wettelijke basis", "Legal basis"),
    "law_references": ("Verwijzingen wettelijke basis", "Law references"),
    "avg_grounds": ("Grondslag AVG (artikel 6)", "GDPR ground (article 6)"),
    "special_category_exception": ("Uitzondering voor bijzondere persoonsgegevens", "Special-category exception"),
    "process_index_url": ("Link naar verwerkingsregister", "Record of processing activities"),
    "assessments": ("Impacttoetsen", "Impact assessments"),
    "impacttoetsen": ("Toelichting op impacttoetsen", "Notes on impact assessments"),
    "source_data": ("Gegevens", "Data"),
    "source_data_grouping": ("Verwijzingen gegevensbronnen", "Data sources"),
    "methods_and_models": ("Technische werking", "How it works technically"),
    "provider": ("Leverancier", "Supplier"),
    "publiccode": ("Link naar broncode", "Source code"),
    "tags": ("Zoektermen", "Search terms"),
    "url": ("Link naar bronregistratie", "Source registration"),
    "source_id": ("Bron-ID", "Source ID"),
    "lars": ("Algoritme-ID (landelijk register)", "Algorithm ID (national register)"),
    "lifecycle_phase": ("Levensfase", "Lifecycle phase"),
    "personal_data": ("Persoonsgegevens", "Personal data"),
    "special_categories": ("Bijzondere persoonsgegevens", "Special categories of personal data"),
    "criminal_offence_data": ("Strafrechtelijke gegevens", "Criminal-offence data"),
    "uses_bsn": ("Gebruikt het burgerservicenummer (BSN)", "Uses the citizen service number (BSN)"),
    "data_subject_categories": ("Over wie gaan de gegevens", "Whom the data are about"),
    "personal_data_items": ("Welke persoonsgegevens", "Which personal data"),
    "processing_activity": ("Verwerkingsregister", "Processing register"),
    "privacy_statement_url": ("Privacyverklaring", "Privacy statement"),
    "data_subject_rights": ("Uw rechten", "Your rights"),
    "automated_decision": ("Geautomatiseerde besluitvorming", "Automated decision-making"),
    "profiling": ("Profilering", "Profiling"),
    "ai_act": ("AI-verordening", "AI Act"),
    "is_ai_system": ("Is het een AI-systeem", "Is it an AI system"),
    "risk_class": ("Risicoklasse", "Risk class"),
    "role": ("Rol", "Role"),
    "annex_iii_area": ("Gebied bijlage III", "Annex III area"),
    "annex_iii_point": ("Punt bijlage III", "Annex III point"),
    "not_high_risk_reasoning": ("Waarom geen hoog risico", "Why not high-risk"),
    "transparency_obligation": ("Transparantieverplichting (artikel 50)", "Transparency obligation (article 50)"),
    "eu_database_id": ("Registratie in de EU-databank", "EU database registration"),
    "eu_database_registered_at": ("Geregistreerd in de EU-databank op", "Registered in the EU database on"),
    "provider_entry_url": ("Registratie van de aanbieder", "Provider's registration"),
    "data_collection": ("Dataverzameling", "Data collection"),
    "sensor_type": ("Soort sensor", "Sensor type"),
    "sensor_type_other": ("Andere soort sensor", "Other sensor type"),
    "observes": ("Wat wordt gemeten of waargenomen", "What is measured or observed"),
    "quantities": ("Grootheden", "Quantities"),
    "observation_goals": ("Waarom wordt er gemeten", "Why it is measured"),
    "sensor_themes": ("Thema's", "Themes"),
    "mobility": ("Vast of mobiel", "Fixed or mobile"),
    "locations": ("Locaties", "Locations"),
    "location_description": ("Beschrijving van de locaties", "Description of the locations"),
    "location_precision": ("Nauwkeurigheid van de locaties", "Precision of the locations"),
    "device_count": ("Aantal apparaten", "Number of devices"),
    "active_from": ("Actief vanaf", "Active from"),
    "active_until": ("Actief tot", "Active until"),
    "collector": ("Wie verzamelt de gegevens", "Who collects the data"),
    "data_stages": ("Fasen van de gegevens en bewaartermijnen", "Data stages and retention"),
    "stage": ("Fase", "Stage"),
    "retention": ("Bewaartermijn", "Retention"),
    "retention_basis": ("Grond voor de bewaartermijn", "Basis of the retention"),
    "avg_ground": ("Grondslag AVG", "GDPR ground"),
    "storage": ("Opslag", "Storage"),
    "deletion": ("Verwijdering", "Deletion"),
    "evidence_ref": ("Bewijs van verwijdering", "Evidence of deletion"),
    "open_data": ("Open data", "Open data"),
    "is_open_data": ("Is open data", "Is open data"),
    "dataset_entry": ("Dataset", "Dataset"),
    "licence": ("Licentie", "Licence"),
    "realtime_api_url": ("Realtime API", "Real-time API"),
    "dataset": ("Dataset", "Dataset"),
    "identifier": ("Identificatie", "Identifier"),
    "publisher": ("Uitgever", "Publisher"),
    "contact_point": ("Contactpunt", "Contact point"),
    "access_rights": ("Toegang", "Access"),
    "temporal_start": ("Periode vanaf", "Period from"),
    "temporal_end": ("Periode tot", "Period until"),
    "frequency": ("Verversingsfrequentie", "Update frequency"),
    "themes_donl": ("Thema's (data.overheid.nl)", "Themes (data.overheid.nl)"),
    "high_value": ("Dataset met hoge waarde", "High-value dataset"),
    "distributions": ("Downloads", "Distributions"),
    "access_url": ("Toegang", "Access URL"),
    "download_url": ("Download", "Download URL"),
    "format": ("Formaat", "Format"),
    "media_type": ("Mediatype", "Media type"),
    "archive": ("Archivering", "Archiving"),
    "selection_list": ("Selectielijst", "Selection list"),
    "result_number": ("Resultaat in de selectielijst", "Selection-list result"),
    "result_uuid": ("UUID van het resultaat", "Result UUID"),
    "appraisal": ("Waardering", "Appraisal"),
    "retention_period": ("Bewaartermijn", "Retention period"),
    "process_term": ("Procestermijn", "Process term"),
    "trigger": ("Start van de termijn", "Start of the term"),
    "trigger_date": ("Startdatum van de termijn", "Start date of the term"),
    "motivation": ("Motivering", "Motivation"),
    "impact_profiles": ("Impactprofielen", "Impact profiles"),
    "archive_creators": ("Archiefvormers", "Archive creators"),
    "activity": ("Activiteit", "Activity"),
    "year": ("Jaar", "Year"),
    "source": ("Bron", "Source"),
    "responsible_department": ("Verantwoordelijke afdeling", "Responsible department"),
    "team": ("Team", "Team"),
    "process_owner_role": ("Proceseigenaar (functie)", "Process owner (role)"),
    "council_decisions": ("Besluiten van raad of college", "Council or college decisions"),
    "review_date": ("Volgende herziening", "Next review"),
    "review_note": ("Toelichting bij de herziening", "Review note"),
    "supplier": ("Leverancier (details)", "Supplier details"),
    "kvk_number": ("KvK-nummer", "Chamber of Commerce number"),
    "procurement_procedure": ("Aanbesteding", "Procurement"),
    "processors": ("Verwerkers", "Processors"),
    "audits": ("Audits", "Audits"),
    "objection_procedure": ("Bezwaar maken", "How to object"),
    "complaint_url": ("Klacht indienen", "Make a complaint"),
    "transparency_limitations": ("Beperkingen van de openbaarheid", "Transparency limitations"),
    "related_records": ("Documenten buiten het register", "Records outside the register"),
    "fria": ("Grondrechtentoets (FRIA, artikel 27 AI-verordening)", "Fundamental rights impact assessment (FRIA)"),
    "processes": ("Processen waarin het wordt gebruikt", "Processes in which it is used"),
    "period_and_frequency": ("Periode en frequentie van gebruik", "Period and frequency of use"),
    "affected_groups": ("Groepen die het raakt", "Groups affected"),
    "risks_of_harm": ("Risico's op schade", "Risks of harm"),
    "human_oversight": ("Menselijk toezicht", "Human oversight"),
    "measures_when_risks_materialise": ("Maatregelen als risico's zich voordoen", "Measures when risks materialise"),
    "notified_to_market_surveillance_at": (
        "Gemeld aan de markttoezichthouder op",
        "Notified to market surveillance on",
    ),
    "last_reviewed_at": ("Laatst gecontroleerd op", "Last reviewed on"),
    "last_reviewed_by_role": ("Gecontroleerd door (functie)", "Reviewed by (role)"),
    "decided_by": ("Besloten door", "Decided by"),
    "decided_at": ("Besloten op", "Decided on"),
    "creator": ("Maker", "Creator"),
    "spatial_scheme": ("Gebied (schema)", "Spatial scheme"),
    "spatial_value": ("Gebied", "Spatial coverage"),
    "conforms_to": ("Volgt standaard", "Conforms to"),
    "eurocities_domain": ("Domein (Eurocities)", "Domain (Eurocities)"),
    "product_information_url": ("Productinformatie", "Product information"),
    "product_page_url": ("Productpagina", "Product page"),
    "kind": ("Soort", "Kind"),
    "source_system": ("Systeem", "System"),
    "algorithm_type": ("Type algoritme", "Type of algorithm"),
    "use_type": ("Soort gebruik", "Type of use"),
    "short_summary": ("Samenvatting", "Summary"),
    "decision_making_process": ("Besluitvormingsproces", "Decision-making process"),
    "training_data": ("Trainingsdata", "Training data"),
    "data_bias": ("Vooringenomenheid in de data", "Data bias"),
    "connected_data_sources": ("Aangesloten databronnen", "Connected data sources"),
    "performance": ("Prestaties", "Performance"),
    "monitoring": ("Monitoring", "Monitoring"),
    "rollback": ("Terugdraaien", "Rollback"),
    "area": ("Gebied", "Area"),
    "remark": ("Opmerking", "Remark"),
    "documentation_url": ("Meer informatie", "More information"),
    "contact_phone": ("Telefoon", "Phone"),
    "contact_name": ("Contact", "Contact"),
    "change_summary": ("Wat is er veranderd", "What changed"),
    "tooi_id": ("TOOI-code", "TOOI code"),
    "title": ("Titel", "Title"),
    "link": ("Link", "Link"),
    "bwb_id": ("BWB-id", "BWB id"),
    "article": ("Artikel", "Article"),
    "version_date": ("Versie van de wettekst", "Version of the law text"),
    "type": ("Soort", "Type"),
    "date": ("Datum", "Date"),
    "public": ("Openbaar", "Public"),
    "summary": ("Samenvatting", "Summary"),
    "reason": ("Reden", "Reason"),
    "body": ("Orgaan", "Body"),
    "reference": ("Kenmerk", "Reference"),
    "by": ("Uitgevoerd door", "By"),
    "category_item": ("Categorie", "Category"),
    "attributes": ("Gegevens", "Attributes"),
    "necessity": ("Waarom nodig", "Why needed"),
    "unit": ("Eenheid", "Unit"),
    "law_reference": ("Wettelijke basis", "Legal basis"),
    "description": ("Beschrijving", "Description"),
    "email": ("E-mail", "E-mail"),
    "links": ("Verbanden met andere registraties", "Links to other entries"),
    "target": ("Andere registratie", "Other entry"),
    "relation": ("Soort verband", "Relation"),
    "note": ("Toelichting", "Note"),
    "id": ("Kenmerk", "Identifier"),
    "field": ("Veld", "Field"),
    "scope": ("Omvang van de beperking", "Scope of the limitation"),
    "reason_code": ("Reden van de beperking", "Reason for the limitation"),
    "explanation": ("Uitleg", "Explanation"),
    "legal_ground": ("Grond", "Ground"),
    "decided_by_role": ("Besloten door (functie)", "Decided by (role)"),
}

SECTIONS: tuple[tuple[str, tuple[str, str], tuple[str, ...]], ...] = (
    ("wat-en-waarom", ("Wat en waarom", "What and why"), (
        "goal", "impact", "proportionality", "alternatives_considered", "decision_making_process",
        "category", "status", "lifecycle_phase", "begin_date", "end_date", "publication_category", "website",
    )),
    ("wettelijke-basis", ("Wettelijke basis", "Legal basis"), (
        "lawful_basis", "law_references", "avg_grounds", "special_category_exception", "council_decisions",
    )),
    ("persoonsgegevens", ("Persoonsgegevens", "Personal data"), (
        "personal_data", "special_categories", "criminal_offence_data", "uses_bsn", "data_subject_categories",
        "personal_data_items", "automated_decision", "profiling", "processing_activity", "process_index_url",
        "privacy_statement_url", "data_subject_rights",
    )),
    ("risico-en-toezicht", ("Risico's en menselijk toezicht", "Risks and human oversight"), (
        "risks", "human_intervention", "assessments", "impacttoetsen", "ai_act", "fria", "data_bias",
        "performance", "monitoring", "rollback", "audits",
    )),
    ("gegevens-en-sensoren", ("Gegevens en sensoren", "Data and sensors"), (
        "source_data", "source_data_grouping", "training_data", "connected_data_sources", "methods_and_models",
        "algorithm_type", "use_type", "data_collection", "dataset", "provider", "supplier", "processors",
        "publiccode",
    )),
    ("archivering", ("Archivering", "Archiving"), ("archive",)),
    ("contact", ("Contact en bezwaar", "Contact and objection"), (
        "contact_email", "contact_name", "contact_phone", "objection_procedure", "complaint_url",
        "responsible_department", "team", "process_owner_role", "review_date", "review_note", "last_reviewed_at",
        "documentation_url", "related_records",
    )),
)


class Item(msgspec.Struct, frozen=True):
    key: str
    label: str
    html: Markup | None
    limitation: TransparencyLimitation | None = None


class Section(msgspec.Struct, frozen=True):
    id: str
    title: str
    items: list[Item]


def label_for(key: str, lang: str) -> str:
    dutch, english = LABELS.get(key, (key.replace("_", " ").capitalize(),) * 2)
    return english if lang == "en" else dutch


def sections(content: EntryContent, lang: str) -> list[Section]:
    """The page's sections; empty fields are left out unless the standard shows them empty."""
    limitations = {limitation.field: limitation for limitation in content.transparency_limitations}
    result = []
    for section_id, titles, keys in SECTIONS:
        items = []
        for key in keys:
            value = getattr(content, key)
            limitation = limitations.get(key)
            html = format_value(key, value, lang)
            if html is None and limitation is None and not shown_when_empty(key):
                continue
            items.append(Item(key=key, label=label_for(key, lang), html=html, limitation=limitation))
        if items:
            result.append(Section(id=section_id, title=titles[1] if lang == "en" else titles[0], items=items))
    return result


def format_value(key: str, value: Any, lang: str) -> Markup | None:
    """Safe HTML for one value, or None when it is empty."""
    if value is None or value == [] or value == "":
        return None
    if key in RICH_TEXT_FIELDS and isinstance(value, str):
        return Markup(sanitise_html(value))
    if key == "locations" and isinstance(value, dict):
        return _locations(value, lang)
    if isinstance(value, Enum):
        return escape(value.label(lang) if hasattr(value, "label") else value.value)
    if isinstance(value, bool):
        return escape(translate("yes" if value else "no", lang))
    if isinstance(value, datetime.date):
        return escape(format_date(value, lang))
    if isinstance(value, str):
        if _is_url(value):
            return _link(value)
        return _mail_link(value) if key == "contact_email" and _EMAIL.match(value) else escape(value)
    if isinstance(value, int | float):
        return escape(str(value))
    if isinstance(value, msgspec.Struct):
        return _struct(value, lang)
    if isinstance(value, list):
        parts = [format_value(key, item, lang) for item in value]
        # plain string joins of values that are already safe: `Markup` arithmetic would escape each
        # piece again, and it is the bulk of an entry page's rendering time
        return Markup("<ul>" + "".join(f"<li>{part}</li>" for part in parts if part) + "</ul>")
    return escape(str(value))


def _struct(value: msgspec.Struct, lang: str) -> Markup | None:
    rows = []
    for field in value.__struct_fields__:  # `msgspec.structs.fields` would evaluate the annotations every call
        html = format_value(field, getattr(value, field), lang)
        if html is not None:
            name = "category_item" if field == "category" else field
            rows.append(f"<dt>{escape(label_for(name, lang))}</dt><dd>{html}</dd>")
    if not rows:
        return None
    return Markup('<dl class="gs-struct">' + "".join(rows) + "</dl>")


def _locations(collection: dict[str, Any], lang: str) -> Markup | None:
    rows = []
    for feature in collection.get("features", []):
        properties = feature.get("properties") or {}
        geometry = feature.get("geometry") or {}
        coordinates = geometry.get("coordinates")
        point = (
            f"{coordinates[0]:.5f}, {coordinates[1]:.5f}"
            if geometry.get("type") == "Point" and coordinates
            else geometry.get("type", "")
        )
        rows.append(Markup("<tr><td>{}</td><td>{}</td><td>{}</td></tr>").format(
            properties.get("label", "—"), properties.get("device_count", "—"), point
        ))
    if not rows:
        return None
    head = Markup("<table class=\"gs-table\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th>"
                  "<th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>").format(
        translate("map_locations", lang), label_for("location_description", lang),
        label_for("device_count", lang), translate("coordinates", lang))
    return head + Markup("").join(rows) + Markup("</tbody></table>")


def _is_url(value: str) -> bool:
    return _URL.match(value) is not None


def _link(url: str) -> Markup:
    safe = escape(url)
    return Markup(f'<a href="{safe}" rel="noopener nofollow">{safe}</a>')


def _mail_link(address: str) -> Markup:
    safe = escape(address)
    return Markup(f'<a href="mailto:{safe}">{safe}</a>')
