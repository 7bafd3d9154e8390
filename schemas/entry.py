"""The content of one version of an entry: national standard 1.0 fields plus our extensions.

National fields keep their national keys (FIELDS.md A4.1); `organization`,
`lawful_basis_grouping` and `impacttoetsen_grouping` are held in their richer municipal
form (`organisations`, `law_references`, `assessments`) and derived on export.
Rich-text fields hold HTML restricted to the national allow-list (see `schemas.richtext`).
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from schemas.enums import (
    AccessRights,
    AiActRole,
    AiSystemAnswer,
    AlgorithmType,
    Appraisal,
    AssessmentStatus,
    AssessmentType,
    AutomatedDecision,
    AvgGround,
    DataStageKind,
    DecisionBody,
    DecisionKind,
    Deletion,
    EntryKind,
    ImpactProfile,
    LawKind,
    LifecyclePhase,
    LimitationReason,
    LimitationScope,
    LinkRelation,
    LocationPrecision,
    Mobility,
    NationalStatus,
    OrganisationRole,
    PersonalDataLevel,
    ProcessTerm,
    PublicationCategory,
    RelatedRecordKind,
    RiskClass,
    SensorType,
    SpecialCategory,
    Theme,
    UseType,
)

URL_PATTERN = r"^https?://[^\s]+$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
Url = Annotated[str, Meta(pattern=URL_PATTERN, max_length=500)]
ContactPoint = Annotated[
    str, Meta(pattern=f"^({URL_PATTERN[1:-1]}|{EMAIL_PATTERN[1:-1]})$", max_length=500)
]
Month = Annotated[str, Meta(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
Duration = Annotated[str, Meta(pattern=r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$")]
EntryId = Annotated[str, Meta(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
Text = Annotated[str, Meta(max_length=10_000)]


class Model(msgspec.Struct, kw_only=True, omit_defaults=True, forbid_unknown_fields=True):
    """Shared configuration: keyword-only, compact JSON, unknown keys are an error."""


class Organisation(Model):
    tooi_id: Annotated[str, Meta(pattern=r"^[a-z]{2,5}[0-9]{1,6}$")]
    name: Annotated[str, Meta(min_length=1, max_length=100)]
    role: OrganisationRole = OrganisationRole.RESPONSIBLE
    lars: Annotated[str, Meta(pattern=r"^[0-9]{8}$")] | None = None


class EntryLink(Model):
    target: EntryId
    relation: LinkRelation
    note: Annotated[str, Meta(max_length=300)] = ""


class RelatedRecord(Model):
    """A record outside the register: a contract, an audit report, a case file."""

    kind: RelatedRecordKind
    title: Annotated[str, Meta(min_length=1, max_length=300)]
    identifier: Annotated[str, Meta(max_length=100)] | None = None
    source_system: Annotated[str, Meta(max_length=100)] | None = None
    url: Url | None = None
    date: datetime.date | None = None
    public: bool = True


class TitleLink(Model):
    """A national title + link pair (`source_data_grouping` items)."""

    title: Annotated[str, Meta(min_length=1, max_length=500)]
    link: Url


class LawReference(Model):
    title: Annotated[str, Meta(min_length=1, max_length=100)]
    link: Url
    bwb_id: Annotated[str, Meta(pattern=r"^BWBR[0-9]{7}$")] | None = None
    article: Annotated[str, Meta(max_length=100)] | None = None
    version_date: datetime.date | None = None
    kind: LawKind | None = None


class Assessment(Model):
    type: AssessmentType
    title: Annotated[str, Meta(min_length=1, max_length=200)]
    status: AssessmentStatus | None = None
    date: datetime.date | None = None
    link: Url | None = None
    public: bool = True
    summary: Annotated[str, Meta(max_length=2500)] | None = None
    reason: Annotated[str, Meta(max_length=1000)] | None = None
    review_date: datetime.date | None = None


class Fria(Model):
    """The fundamental rights impact assessment of AI Act art. 27(1), items (a) to (f)."""

    processes: Annotated[str, Meta(max_length=2500)] | None = None
    period_and_frequency: Annotated[str, Meta(max_length=2500)] | None = None
    affected_groups: Annotated[str, Meta(max_length=2500)] | None = None
    risks_of_harm: Annotated[str, Meta(max_length=2500)] | None = None
    human_oversight: Annotated[str, Meta(max_length=2500)] | None = None
    measures_when_risks_materialise: Annotated[str, Meta(max_length=2500)] | None = None
    notified_to_market_surveillance_at: datetime.date | None = None


class AiAct(Model):
    is_ai_system: AiSystemAnswer | None = None
    risk_class: RiskClass | None = None
    role: list[AiActRole] = []
    annex_iii_area: Annotated[int, Meta(ge=1, le=8)] | None = None
    annex_iii_point: Annotated[str, Meta(max_length=20)] | None = None
    not_high_risk_reasoning: Annotated[str, Meta(max_length=2500)] | None = None
    transparency_obligation: bool | None = None
    eu_database_id: Annotated[str, Meta(max_length=100)] | None = None
    eu_database_registered_at: datetime.date | None = None
    provider_entry_url: Url | None = None


class PersonalDataItem(Model):
    category: Annotated[str, Meta(min_length=1, max_length=200)]
    attributes: Annotated[str, Meta(max_length=500)] = ""
    source: Annotated[str, Meta(max_length=200)] = ""
    necessity: Annotated[str, Meta(max_length=500)] = ""


class ProcessingActivity(Model):
    id: Annotated[str, Meta(max_length=100)] | None = None
    title: Annotated[str, Meta(max_length=200)] | None = None
    url: Url | None = None


class Quantity(Model):
    name: Annotated[str, Meta(min_length=1, max_length=100)]
    unit: Annotated[str, Meta(max_length=50)] = ""


class ObservationGoal(Model):
    goal: Annotated[str, Meta(min_length=1, max_length=500)]
    law_reference: Annotated[str, Meta(max_length=200)] | None = None
    avg_ground: AvgGround | None = None


class DataStage(Model):
    stage: DataStageKind
    description: Annotated[str, Meta(min_length=1, max_length=500)]
    retention: Duration
    retention_basis: Annotated[str, Meta(min_length=1, max_length=200)]
    personal_data: PersonalDataLevel
    avg_ground: AvgGround | None = None
    storage: Annotated[str, Meta(max_length=200)] | None = None
    deletion: Deletion | None = None
    evidence_ref: Annotated[str, Meta(max_length=200)] | None = None


class OpenData(Model):
    is_open_data: bool
    dataset_entry: EntryId | None = None
    url: Url | None = None
    licence: Annotated[str, Meta(max_length=100)] | None = None


class DataCollection(Model):
    sensor_type: SensorType | None = None
    sensor_type_other: Annotated[str, Meta(max_length=100)] | None = None
    observes: Annotated[str, Meta(max_length=500)] | None = None
    quantities: list[Quantity] = []
    observation_goals: list[ObservationGoal] = []
    sensor_themes: list[Annotated[str, Meta(max_length=100)]] = []
    mobility: Mobility | None = None
    locations: dict[str, Any] | None = None
    location_description: Annotated[str, Meta(max_length=500)] | None = None
    location_precision: LocationPrecision | None = None
    device_count: Annotated[int, Meta(ge=0)] | None = None
    active_from: datetime.date | None = None
    active_until: datetime.date | None = None
    collector: Annotated[str, Meta(max_length=200)] | None = None
    data_stages: list[DataStage] = []
    open_data: OpenData | None = None
    realtime_api_url: Url | None = None


class ContactDetails(Model):
    name: Annotated[str, Meta(max_length=200)] | None = None
    email: Annotated[str, Meta(max_length=200)] | None = None
    url: Url | None = None


class Distribution(Model):
    title: Annotated[str, Meta(min_length=1, max_length=200)]
    access_url: Url
    description: Annotated[str, Meta(max_length=1000)] = ""
    download_url: Url | None = None
    format: Annotated[str, Meta(max_length=50)] | None = None
    media_type: Annotated[str, Meta(max_length=100)] | None = None
    licence: Annotated[str, Meta(max_length=200)] | None = None


class Dataset(Model):
    identifier: Url | None = None
    publisher: Annotated[str, Meta(max_length=20)] | None = None
    creator: Annotated[str, Meta(max_length=20)] | None = None
    contact_point: ContactDetails | None = None
    licence: Annotated[str, Meta(max_length=200)] | None = None
    access_rights: AccessRights | None = None
    temporal_start: datetime.date | None = None
    temporal_end: datetime.date | None = None
    spatial_scheme: Annotated[str, Meta(max_length=200)] | None = None
    spatial_value: Annotated[str, Meta(max_length=200)] | None = None
    frequency: Annotated[str, Meta(max_length=100)] | None = None
    themes_donl: list[Url] = []
    high_value: bool | None = None
    status: Annotated[str, Meta(max_length=100)] | None = None
    conforms_to: list[Url] = []
    distributions: list[Distribution] = []


class SelectionListRef(Model):
    name: Annotated[str, Meta(max_length=200)]
    year: int
    source: Annotated[str, Meta(max_length=500)] | None = None


class ArchiveBlock(Model):
    selection_list: SelectionListRef | None = None
    result_number: Annotated[str, Meta(pattern=r"^[0-9]+(\.[0-9]+){0,3}$")] | None = None
    result_uuid: Annotated[str, Meta(max_length=36)] | None = None
    appraisal: Appraisal = Appraisal.UNDECIDED
    retention_period: Duration | None = None
    process_term: ProcessTerm | None = None
    trigger: Annotated[str, Meta(max_length=200)] | None = None
    trigger_date: datetime.date | None = None
    motivation: Annotated[str, Meta(max_length=2500)] | None = None
    impact_profiles: list[ImpactProfile] = []
    archive_creators: list[Annotated[str, Meta(max_length=20)]] = []
    activity: Annotated[str, Meta(max_length=200)] | None = None
    decided_by: Annotated[str, Meta(max_length=200)] | None = None
    decided_at: datetime.date | None = None


class CouncilDecision(Model):
    body: DecisionBody
    kind: DecisionKind
    date: datetime.date
    title: Annotated[str, Meta(min_length=1, max_length=300)]
    reference: Annotated[str, Meta(max_length=100)] | None = None
    url: Url | None = None


class Supplier(Model):
    kvk_number: Annotated[str, Meta(pattern=r"^[0-9]{8}$")] | None = None
    role: Annotated[str, Meta(max_length=200)] | None = None
    procurement_procedure: Annotated[str, Meta(max_length=200)] | None = None


class Processor(Model):
    name: Annotated[str, Meta(min_length=1, max_length=200)]
    role: Annotated[str, Meta(max_length=200)] | None = None


class Audit(Model):
    by: Annotated[str, Meta(min_length=1, max_length=200)]
    date: datetime.date
    title: Annotated[str, Meta(max_length=300)] | None = None
    url: Url | None = None
    public: bool = True


class LegalGround(Model):
    title: Annotated[str, Meta(min_length=1, max_length=200)]
    link: Url | None = None


class TransparencyLimitation(Model):
    field: Annotated[str, Meta(min_length=1, max_length=100)]
    scope: LimitationScope
    reason_code: LimitationReason
    explanation: Annotated[str, Meta(min_length=1, max_length=500)]
    legal_ground: LegalGround | None = None
    decided_by_role: Annotated[str, Meta(max_length=200)] | None = None
    decided_at: datetime.date | None = None
    review_date: datetime.date | None = None


class EntryContent(Model):
    """Everything one version of an entry says. Validated at every door by `schemas.validation`."""

    kind: EntryKind
    name: Annotated[str, Meta(min_length=1)]
    description_short: str
    organisations: list[Organisation]
    # national standard 1.0 (FIELDS.md part A), under national keys
    category: list[Theme] = []
    status: NationalStatus | None = None
    begin_date: Month | None = None
    end_date: Month | None = None
    contact_email: ContactPoint | None = None
    website: Url | None = None
    publication_category: PublicationCategory | None = None
    goal: str | None = None
    proportionality: str | None = None
    human_intervention: str | None = None
    risks: str | None = None
    lawful_basis: str | None = None
    process_index_url: Url | None = None
    impacttoetsen: str | None = None
    source_data: str | None = None
    source_data_grouping: list[TitleLink] = []
    methods_and_models: str | None = None
    provider: str | None = None
    publiccode: Url | None = None
    tags: str | None = None
    url: Url | None = None
    source_id: str | None = None
    lars: Annotated[str, Meta(pattern=r"^[0-9]{8}$")] | None = None
    # B1 identity and links
    links: list[EntryLink] = []
    related_records: list[RelatedRecord] = []
    lifecycle_phase: LifecyclePhase | None = None
    # B2 personal data
    personal_data: PersonalDataLevel | None = None
    special_categories: list[SpecialCategory] = []
    criminal_offence_data: bool | None = None
    uses_bsn: bool | None = None
    data_subject_categories: list[Annotated[str, Meta(max_length=100)]] = []
    personal_data_items: list[PersonalDataItem] = []
    processing_activity: ProcessingActivity | None = None
    privacy_statement_url: Url | None = None
    data_subject_rights: str | None = None
    automated_decision: AutomatedDecision | None = None
    profiling: bool | None = None
    # B3 legal basis
    avg_grounds: list[AvgGround] = []
    special_category_exception: Annotated[str, Meta(max_length=500)] | None = None
    law_references: list[LawReference] = []
    # B4, B5 assessments and the AI Act
    assessments: list[Assessment] = []
    ai_act: AiAct | None = None
    fria: Fria | None = None
    # B6, B7 data collections and datasets
    data_collection: DataCollection | None = None
    dataset: Dataset | None = None
    # B8 archive block
    archive: ArchiveBlock | None = None
    # B9 governance
    responsible_department: Annotated[str, Meta(max_length=200)] | None = None
    team: Annotated[str, Meta(max_length=200)] | None = None
    process_owner_role: Annotated[str, Meta(max_length=200)] | None = None
    council_decisions: list[CouncilDecision] = []
    review_date: datetime.date | None = None
    review_note: Annotated[str, Meta(max_length=500)] | None = None
    last_reviewed_at: datetime.date | None = None
    last_reviewed_by_role: Annotated[str, Meta(max_length=200)] | None = None
    supplier: Supplier | None = None
    processors: list[Processor] = []
    audits: list[Audit] = []
    objection_procedure: str | None = None
    complaint_url: Url | None = None
    # B10 transparency limitations
    transparency_limitations: list[TransparencyLimitation] = []
    # B11 fields for the Eurocities export
    algorithm_type: AlgorithmType | None = None
    use_type: UseType | None = None
    short_summary: Annotated[str, Meta(max_length=150)] | None = None
    impact: str | None = None
    decision_making_process: str | None = None
    training_data: str | None = None
    data_bias: str | None = None
    connected_data_sources: Annotated[str, Meta(max_length=1000)] | None = None
    performance: str | None = None
    monitoring: str | None = None
    rollback: str | None = None
    alternatives_considered: str | None = None
    area: Annotated[str, Meta(max_length=200)] | None = None
    remark: Annotated[str, Meta(max_length=1000)] | None = None
    documentation_url: Url | None = None
    contact_phone: Annotated[str, Meta(max_length=50)] | None = None
    contact_name: Annotated[str, Meta(max_length=200)] | None = None
    eurocities_domain: Annotated[str, Meta(max_length=100)] | None = None
    product_information_url: Url | None = None
    product_page_url: Url | None = None
    # B12
    change_summary: Annotated[str, Meta(max_length=300)] | None = None


WITHDRAWN_STATUS = "Ingetrokken"


def public_status(content: EntryContent, *, withdrawn: bool) -> str:
    """The status a citizen sees: the national status, or 'Ingetrokken' for a withdrawn entry."""
    return WITHDRAWN_STATUS if withdrawn else str(content.status or "")
