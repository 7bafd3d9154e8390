"""The crosswalk to the record of processing activities (GDPR art. 30, the *verwerkingsregister*): what an
entry that involves personal data says about each item of art. 30(1), as one row of text cells.

The privacy officer keeps the record itself (publication is not required); this row is what the register
knows for it, so the two can be compared and the record completed. Items (a) to (d) and (f) come from the
entry. Item (e), transfers to third countries, and item (g), the security measures, have no field in the
register and are not in the row, rather than as columns that are always empty; neither are the data
protection officer's contact details, which belong to the organisation, not to an entry. The lawful basis is
not an art. 30 item, but Dutch records usually carry it, so it follows the items, with the DPIA, automated
decisions and the link to the record's own entry."""

from __future__ import annotations

from schemas.entry import EntryContent
from schemas.enums import AssessmentType, OrganisationRole, PersonalDataLevel
from schemas.richtext import strip_html
from schemas.tabular import LIST_SEPARATOR, cell

ART30_COLUMNS: tuple[tuple[str, str], ...] = (
    ("verwerking", "naam van de registratie"),
    ("registratie_id", "vaste id in het register"),
    ("registratie_url", "openbare pagina"),
    ("soort_registratie", "algoritme, dataverzameling of dataset"),
    ("persoonsgegevens", "niveau: gepseudonimiseerd of herleidbaar"),
    ("a_verwerkingsverantwoordelijke", "art. 30(1)(a): verantwoordelijke organisatie(s), met TOOI-code"),
    ("a_gezamenlijk_verantwoordelijke", "art. 30(1)(a): mede-verantwoordelijke organisatie(s)"),
    ("a_contact", "art. 30(1)(a): contactgegevens"),
    ("a_afdeling", "art. 30(1)(a): verantwoordelijke afdeling"),
    ("b_doeleinden", "art. 30(1)(b): doeleinden van de verwerking"),
    ("c_categorieen_betrokkenen", "art. 30(1)(c): categorieën betrokkenen"),
    ("c_categorieen_persoonsgegevens", "art. 30(1)(c): categorieën persoonsgegevens (gegevens)"),
    ("c_bijzondere_persoonsgegevens", "art. 30(1)(c) en art. 9: bijzondere categorieën"),
    ("c_strafrechtelijke_gegevens", "art. 30(1)(c) en art. 10: strafrechtelijke gegevens"),
    ("c_bsn", "art. 30(1)(c): het burgerservicenummer wordt verwerkt"),
    ("d_ontvangers", "art. 30(1)(d): ontvangers (verwerkers en hun rol)"),
    ("f_bewaartermijnen", "art. 30(1)(f): bewaartermijnen per fase van de gegevens"),
    ("grondslag_avg", "art. 6(1): grondslag"),
    ("grondslag_wet", "wettelijke grondslag (wet en artikel)"),
    ("uitzondering_bijzondere_persoonsgegevens", "art. 9(2): uitzondering"),
    ("dpia", "art. 35: DPIA (status, datum, link)"),
    ("geautomatiseerde_besluitvorming", "art. 22: geautomatiseerde besluitvorming"),
    ("profilering", "art. 4(4): profilering"),
    ("verwerkingsregister_id", "de registratie in het verwerkingsregister"),
    ("verwerkingsregister_url", "link naar die registratie"),
    ("privacyverklaring", "link naar de privacyverklaring"),
    ("rechten_betrokkenen", "hoe betrokkenen hun rechten uitoefenen"),
)
ART30_HEADER: tuple[str, ...] = tuple(name for name, _ in ART30_COLUMNS)


def processes_personal_data(content: EntryContent) -> bool:
    """Whether the entry says it involves personal data (pseudonymised data are personal data too)."""
    return content.personal_data in (PersonalDataLevel.PSEUDONYMISED, PersonalDataLevel.IDENTIFIABLE)


def art30_row(content: EntryContent, entry_id: str, page_url: str) -> list[str]:
    """The entry's answers to the art. 30 items, in ART30_COLUMNS order, as plain text."""

    def organisations(*roles: OrganisationRole) -> str:
        return LIST_SEPARATOR.join(f"{o.name} ({o.tooi_id})" for o in content.organisations if o.role in roles)

    goals = [strip_html(content.goal or "")]
    if content.data_collection:
        goals += [goal.goal for goal in content.data_collection.observation_goals]
    stages = content.data_collection.data_stages if content.data_collection else []
    retention = [f"{stage.stage.label('nl')}: {stage.retention} ({stage.retention_basis})" for stage in stages]
    dpias = [", ".join(part for part in (assessment.status.label("nl") if assessment.status else "",
                                         cell(assessment.date), assessment.link or "") if part)
             for assessment in content.assessments if assessment.type == AssessmentType.DPIA]
    activity = content.processing_activity
    return [
        content.name,
        entry_id,
        page_url,
        content.kind.label("nl"),
        content.personal_data.label("nl") if content.personal_data else "",
        organisations(OrganisationRole.RESPONSIBLE),
        organisations(OrganisationRole.CO_RESPONSIBLE),
        content.contact_email or "",
        content.responsible_department or "",
        LIST_SEPARATOR.join(goal for goal in goals if goal),
        LIST_SEPARATOR.join(content.data_subject_categories),
        LIST_SEPARATOR.join(f"{item.category} ({item.attributes})" if item.attributes else item.category
                            for item in content.personal_data_items),
        LIST_SEPARATOR.join(category.label("nl") for category in content.special_categories),
        cell(content.criminal_offence_data),
        cell(content.uses_bsn),
        LIST_SEPARATOR.join(f"{p.name} ({p.role})" if p.role else p.name for p in content.processors),
        LIST_SEPARATOR.join(retention),
        LIST_SEPARATOR.join(ground.label("nl") for ground in content.avg_grounds),
        LIST_SEPARATOR.join(f"{law.title}, {law.article}" if law.article else law.title
                            for law in content.law_references),
        content.special_category_exception or "",
        LIST_SEPARATOR.join(dpias),
        content.automated_decision.label("nl") if content.automated_decision else "",
        cell(content.profiling),
        activity.id or activity.title or "" if activity else "",
        activity.url or "" if activity else "",
        content.privacy_statement_url or "",
        strip_html(content.data_subject_rights or ""),
    ]
