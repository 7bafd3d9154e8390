"""Code lists of the entry model, each value with a Dutch and an English label."""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A code list whose members carry a Dutch and an English label."""

    def label(self, lang: str = "nl") -> str:
        dutch, english = _LABELS[(type(self).__name__, self.value)]
        return english if lang == "en" else dutch


def _labels(enum: type[LabelledEnum], labels: dict[str, tuple[str, str]]) -> None:
    missing = {member.value for member in enum} - labels.keys()
    if missing:
        raise ValueError(f"{enum.__name__} has members without labels: {sorted(missing)}")
    for value, pair in labels.items():
        _LABELS[(enum.__name__, value)] = pair


_LABELS: dict[tuple[str, str], tuple[str, str]] = {}


class EntryKind(LabelledEnum):
    ALGORITHM = "algorithm"
    DATA_COLLECTION = "data_collection"
    DATASET = "dataset"


class Theme(LabelledEnum):
    """National `category` (E1): the 16 policy areas, spelled exactly as the standard does."""

    ORGANISATIE = "Organisatie en bedrijfsvoering"
    CULTUUR = "Cultuur en recreatie"
    ECONOMIE = "Economie"
    FINANCIEN = "Overheidsfinanciën"
    WONEN = "Wonen"
    INTERNATIONAAL = "Internationaal"
    MIGRATIE = "Migratie en integratie"
    NATUUR = "Natuur en milieu"
    ONDERWIJS = "Onderwijs en wetenschap"
    ORDE = "Openbare orde en veiligheid"
    RECHT = "Recht"
    RUIMTE = "Ruimte en infrastructuur"
    SOCIAAL = "Sociale zekerheid"
    VERKEER = "Verkeer"
    WERK = "Werk"
    ZORG = "Zorg en gezondheid"


class NationalStatus(LabelledEnum):
    IN_DEVELOPMENT = "In ontwikkeling"
    IN_USE = "In gebruik"
    OUT_OF_USE = "Buiten gebruik"


class PublicationCategory(LabelledEnum):
    HIGH_RISK_AI = "Hoog-risico AI-systeem"
    IMPACTFUL = "Impactvolle algoritmes"
    OTHER = "Overige algoritmes"


class LifecyclePhase(LabelledEnum):
    PLANNED = "planned"
    DESIGN = "design"
    DEVELOPMENT = "development"
    PILOT = "pilot"
    EVALUATION = "evaluation"
    OPERATIONAL = "operational"
    RETIRED = "retired"


class OrganisationRole(LabelledEnum):
    RESPONSIBLE = "responsible"
    CO_RESPONSIBLE = "co_responsible"
    EXECUTING = "executing"


class RelatedRecordKind(LabelledEnum):
    CONTRACT = "contract"
    PROCESSING_AGREEMENT = "processing_agreement"
    ESCROW_AGREEMENT = "escrow_agreement"
    RELEASE_NOTES = "release_notes"
    CASE_FILE = "case_file"
    AUDIT_REPORT = "audit_report"
    EVALUATION = "evaluation"
    OTHER = "other"


class LinkRelation(LabelledEnum):
    USES_DATA_FROM = "uses_data_from"
    PRODUCES = "produces"
    DERIVED_FROM = "derived_from"
    REPLACES = "replaces"
    PART_OF = "part_of"
    RELATED_TO = "related_to"


INVERSE_RELATION_LABELS: dict[LinkRelation, tuple[str, str]] = {
    LinkRelation.USES_DATA_FROM: ("levert gegevens aan", "provides data to"),
    LinkRelation.PRODUCES: ("wordt geproduceerd door", "is produced by"),
    LinkRelation.DERIVED_FROM: ("is bron van", "is the source of"),
    LinkRelation.REPLACES: ("is vervangen door", "is replaced by"),
    LinkRelation.PART_OF: ("omvat", "has part"),
    LinkRelation.RELATED_TO: ("houdt verband met", "is related to"),
}


class PersonalDataLevel(LabelledEnum):
    NONE = "none"
    PSEUDONYMISED = "pseudonymised"
    IDENTIFIABLE = "identifiable"


class SpecialCategory(LabelledEnum):
    RACIAL_OR_ETHNIC_ORIGIN = "racial_or_ethnic_origin"
    POLITICAL_OPINIONS = "political_opinions"
    RELIGIOUS_OR_PHILOSOPHICAL_BELIEFS = "religious_or_philosophical_beliefs"
    TRADE_UNION_MEMBERSHIP = "trade_union_membership"
    GENETIC = "genetic"
    BIOMETRIC_FOR_IDENTIFICATION = "biometric_for_identification"
    HEALTH = "health"
    SEX_LIFE_OR_SEXUAL_ORIENTATION = "sex_life_or_sexual_orientation"


class AutomatedDecision(LabelledEnum):
    NONE = "none"
    DECISION_SUPPORT = "decision_support"
    AUTOMATED_DECISION = "automated_decision"


class AvgGround(LabelledEnum):
    CONSENT = "consent"
    CONTRACT = "contract"
    LEGAL_OBLIGATION = "legal_obligation"
    VITAL_INTERESTS = "vital_interests"
    PUBLIC_TASK = "public_task"
    LEGITIMATE_INTERESTS = "legitimate_interests"


class LawKind(LabelledEnum):
    ACT = "act"
    ORDER_IN_COUNCIL = "order_in_council"
    MINISTERIAL_REGULATION = "ministerial_regulation"
    MUNICIPAL_BYLAW = "municipal_bylaw"
    FORMAL_DECISION = "formal_decision"
    EU_REGULATION = "eu_regulation"
    OTHER = "other"


class AssessmentType(LabelledEnum):
    DPIA = "dpia"
    PRE_SCAN_DPIA = "pre_scan_dpia"
    IAMA = "iama"
    FRIA = "fria"
    FRAIA = "fraia"
    AIIA = "aiia"
    DEDA = "deda"
    PRIVACY_QUICKSCAN = "privacy_quickscan"
    OTHER = "other"


class AssessmentStatus(LabelledEnum):
    NOT_NEEDED = "not_needed"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class AiSystemAnswer(LabelledEnum):
    YES = "yes"
    NO = "no"
    TO_BE_ASSESSED = "to_be_assessed"


class RiskClass(LabelledEnum):
    PROHIBITED = "prohibited"
    HIGH_RISK = "high_risk"
    LIMITED_RISK_TRANSPARENCY = "limited_risk_transparency"
    MINIMAL_RISK = "minimal_risk"
    NOT_AI = "not_ai"


class AiActRole(LabelledEnum):
    PROVIDER = "provider"
    DEPLOYER = "deployer"
    IMPORTER = "importer"
    DISTRIBUTOR = "distributor"


class SensorType(LabelledEnum):
    PRESENCE_PROXIMITY = "presence_proximity"
    TEMPERATURE = "temperature"
    DENSITY = "density"
    PRESSURE = "pressure"
    POSITION_DISPLACEMENT = "position_displacement"
    FLOW = "flow"
    ELECTRICAL = "electrical"
    CHEMICAL = "chemical"
    CLIMATE = "climate"
    SOUND = "sound"
    OPTICAL_CAMERA = "optical_camera"
    RADIO_SIGNAL = "radio_signal"
    OTHER = "other"


class Mobility(LabelledEnum):
    FIXED = "fixed"
    MOBILE = "mobile"


class LocationPrecision(LabelledEnum):
    EXACT = "exact"
    GENERALISED = "generalised"


class DataStageKind(LabelledEnum):
    RAW = "raw"
    DERIVED = "derived"
    PUBLISHED = "published"


class Deletion(LabelledEnum):
    AUTOMATIC = "automatic"
    MANUAL = "manual"


class AccessRights(LabelledEnum):
    PUBLIC = "public"
    RESTRICTED = "restricted"
    NON_PUBLIC = "non_public"


class Appraisal(LabelledEnum):
    KEEP = "B"
    DESTROY = "V"
    UNDECIDED = "N"


class ProcessTerm(LabelledEnum):
    NIHIL = "nihil"
    LIFETIME = "bestaansduur_procesobject"
    ESTIMATED_LIFETIME = "ingeschatte_bestaansduur_procesobject"
    FIXED_DATE = "vast_te_leggen_datum"
    MERGED = "samengevoegd_met_bewaartermijn"


class ImpactProfile(LabelledEnum):
    SOCIETAL = "societal"
    PERSONAL = "personal"
    INTERNAL = "internal"


class DecisionBody(LabelledEnum):
    COUNCIL = "council"
    COLLEGE = "college"
    MAYOR = "mayor"
    MANDATED_OFFICIAL = "mandated_official"


class DecisionKind(LabelledEnum):
    DEPLOY = "deploy"
    CHANGE = "change"
    STOP = "stop"
    OTHER = "other"


class LimitationScope(LabelledEnum):
    WITHHELD = "withheld"
    PARTIALLY_WITHHELD = "partially_withheld"
    GENERALISED = "generalised"


class LimitationReason(LabelledEnum):
    PREVENT_CIRCUMVENTION = "prevent_circumvention"
    CRIMINAL_INVESTIGATION = "criminal_investigation"
    INSPECTION_AND_ENFORCEMENT = "inspection_and_enforcement"
    PRIVACY = "privacy"
    BUSINESS_CONFIDENTIAL = "business_confidential"
    SECURITY = "security"
    PUBLIC_SAFETY = "public_safety"
    NOT_YET_AVAILABLE = "not_yet_available"
    OTHER = "other"


class AlgorithmType(LabelledEnum):
    SELF_LEARNING = "self_learning"
    RULE_BASED = "rule_based"
    HYBRID = "hybrid"


class UseType(LabelledEnum):
    DESCRIPTIVE = "descriptive"
    DIAGNOSTIC = "diagnostic"
    PREDICTIVE = "predictive"
    PRESCRIPTIVE = "prescriptive"


class VersionState(LabelledEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"
    DESTROYED = "destroyed"


_labels(EntryKind, {
    "algorithm": ("Algoritme", "Algorithm"),
    "data_collection": ("Dataverzameling", "Data collection"),
    "dataset": ("Dataset", "Dataset"),
})
_labels(Theme, {
    "Organisatie en bedrijfsvoering": ("Organisatie en bedrijfsvoering", "Organisation and operations"),
    "Cultuur en recreatie": ("Cultuur en recreatie", "Culture and recreation"),
    "Economie": ("Economie", "Economy"),
    "Overheidsfinanciën": ("Overheidsfinanciën", "Public finance"),
    "Wonen": ("Wonen", "Housing"),
    "Internationaal": ("Internationaal", "International"),
    "Migratie en integratie": ("Migratie en integratie", "Migration and integration"),
    "Natuur en milieu": ("Natuur en milieu", "Nature and environment"),
    "Onderwijs en wetenschap": ("Onderwijs en wetenschap", "Education and science"),
    "Openbare orde en veiligheid": ("Openbare orde en veiligheid", "Public order and safety"),
    "Recht": ("Recht", "Law"),
    "Ruimte en infrastructuur": ("Ruimte en infrastructuur", "Spatial planning and infrastructure"),
    "Sociale zekerheid": ("Sociale zekerheid", "Social security"),
    "Verkeer": ("Verkeer", "Traffic"),
    "Werk": ("Werk", "Work"),
    "Zorg en gezondheid": ("Zorg en gezondheid", "Care and health"),
})
_labels(NationalStatus, {
    "In ontwikkeling": ("In ontwikkeling", "In development"),
    "In gebruik": ("In gebruik", "In use"),
    "Buiten gebruik": ("Buiten gebruik", "Out of use"),
})
_labels(PublicationCategory, {
    "Hoog-risico AI-systeem": ("Hoog-risico AI-systeem", "High-risk AI system"),
    "Impactvolle algoritmes": ("Impactvolle algoritmes", "Impactful algorithms"),
    "Overige algoritmes": ("Overige algoritmes", "Other algorithms"),
})
_labels(LifecyclePhase, {
    "planned": ("Gepland", "Planned"),
    "design": ("Ontwerp", "Design"),
    "development": ("Ontwikkeling", "Development"),
    "pilot": ("Pilot", "Pilot"),
    "evaluation": ("Evaluatie", "Evaluation"),
    "operational": ("In bedrijf", "Operational"),
    "retired": ("Buiten gebruik", "Retired"),
})
_labels(OrganisationRole, {
    "responsible": ("Verantwoordelijk", "Responsible"),
    "co_responsible": ("Medeverantwoordelijk", "Co-responsible"),
    "executing": ("Uitvoerend", "Executing"),
})
_labels(RelatedRecordKind, {
    "contract": ("Contract", "Contract"),
    "processing_agreement": ("Verwerkersovereenkomst", "Processing agreement"),
    "escrow_agreement": ("Escrowovereenkomst", "Escrow agreement"),
    "release_notes": ("Release notes", "Release notes"),
    "case_file": ("Dossier", "Case file"),
    "audit_report": ("Auditrapport", "Audit report"),
    "evaluation": ("Evaluatie", "Evaluation"),
    "other": ("Ander document", "Other record"),
})
_labels(LinkRelation, {
    "uses_data_from": ("gebruikt gegevens van", "uses data from"),
    "produces": ("produceert", "produces"),
    "derived_from": ("is afgeleid van", "is derived from"),
    "replaces": ("vervangt", "replaces"),
    "part_of": ("is onderdeel van", "is part of"),
    "related_to": ("houdt verband met", "is related to"),
})
_labels(PersonalDataLevel, {
    "none": ("Geen persoonsgegevens", "No personal data"),
    "pseudonymised": ("Gepseudonimiseerde persoonsgegevens", "Pseudonymised personal data"),
    "identifiable": ("Herleidbare persoonsgegevens", "Identifiable personal data"),
})
_labels(SpecialCategory, {
    "racial_or_ethnic_origin": ("Ras of etnische afkomst", "Racial or ethnic origin"),
    "political_opinions": ("Politieke opvattingen", "Political opinions"),
    "religious_or_philosophical_beliefs": (
        "Religieuze of levensbeschouwelijke overtuigingen",
        "Religious or philosophical beliefs",
    ),
    "trade_union_membership": ("Lidmaatschap van een vakbond", "Trade-union membership"),
    "genetic": ("Genetische gegevens", "Genetic data"),
    "biometric_for_identification": (
        "Biometrische gegevens voor identificatie",
        "Biometric data for identification",
    ),
    "health": ("Gezondheid", "Health"),
    "sex_life_or_sexual_orientation": (
        "Seksueel gedrag of seksuele gerichtheid",
        "Sex life or sexual orientation",
    ),
})
_labels(AutomatedDecision, {
    "none": ("Geen geautomatiseerd besluit", "No automated decision"),
    "decision_support": ("Ondersteunt een besluit van een mens", "Supports a human decision"),
    "automated_decision": ("Geautomatiseerd besluit", "Automated decision"),
})
_labels(AvgGround, {
    "consent": ("Toestemming (art. 6 lid 1 a AVG)", "Consent (GDPR art. 6(1)(a))"),
    "contract": (
        "Uitvoering van een overeenkomst (art. 6 lid 1 b AVG)",
        "Contract (GDPR art. 6(1)(b))",
    ),
    "legal_obligation": (
        "Wettelijke verplichting (art. 6 lid 1 c AVG)",
        "Legal obligation (GDPR art. 6(1)(c))",
    ),
    "vital_interests": ("Vitale belangen (art. 6 lid 1 d AVG)", "Vital interests (GDPR art. 6(1)(d))"),
    "public_task": (
        "Algemeen belang of openbaar gezag (art. 6 lid 1 e AVG)",
        "Public task or official authority (GDPR art. 6(1)(e))",
    ),
    "legitimate_interests": (
        "Gerechtvaardigd belang (art. 6 lid 1 f AVG)",
        "Legitimate interests (GDPR art. 6(1)(f))",
    ),
})
_labels(LawKind, {
    "act": ("Wet", "Act"),
    "order_in_council": ("Algemene maatregel van bestuur", "Order in council"),
    "ministerial_regulation": ("Ministeriële regeling", "Ministerial regulation"),
    "municipal_bylaw": ("Gemeentelijke verordening", "Municipal bylaw"),
    "formal_decision": ("Besluit", "Formal decision"),
    "eu_regulation": ("Europese verordening", "EU regulation"),
    "other": ("Anders", "Other"),
})
_labels(AssessmentType, {
    "dpia": ("Data Protection Impact Assessment (DPIA)", "Data protection impact assessment (DPIA)"),
    "pre_scan_dpia": ("Pre-scan DPIA", "DPIA pre-scan"),
    "iama": (
        "Impact Assessment Mensenrechten en Algoritmes (IAMA)",
        "Human rights and algorithms impact assessment (IAMA)",
    ),
    "fria": (
        "Fundamental Rights Impact Assessment (FRIA)",
        "Fundamental rights impact assessment (FRIA)",
    ),
    "fraia": (
        "Fundamentele Rechten en Algoritme Impact Assessment (FRAIA)",
        "Fundamental rights and algorithms impact assessment (FRAIA)",
    ),
    "aiia": ("AI Impact Assesment (AIIA)", "AI impact assessment (AIIA)"),
    "deda": ("De Ethische Data Assistant (DEDA)", "Data ethics decision aid (DEDA)"),
    "privacy_quickscan": ("Privacy Quickscan", "Privacy quick scan"),
    "other": ("Andere toets", "Other assessment"),
})
_labels(AssessmentStatus, {
    "not_needed": ("Niet nodig", "Not needed"),
    "planned": ("Gepland", "Planned"),
    "in_progress": ("In uitvoering", "In progress"),
    "done": ("Uitgevoerd", "Done"),
})
_labels(AiSystemAnswer, {
    "yes": ("Ja", "Yes"),
    "no": ("Nee", "No"),
    "to_be_assessed": ("Nog te beoordelen", "To be assessed"),
})
_labels(RiskClass, {
    "prohibited": ("Verboden AI-praktijk", "Prohibited practice"),
    "high_risk": ("Hoog-risico AI-systeem", "High-risk AI system"),
    "limited_risk_transparency": (
        "Beperkt risico (transparantieverplichting)",
        "Limited risk (transparency obligation)",
    ),
    "minimal_risk": ("Minimaal risico", "Minimal risk"),
    "not_ai": ("Geen AI-systeem", "Not an AI system"),
})
_labels(AiActRole, {
    "provider": ("Aanbieder", "Provider"),
    "deployer": ("Gebruiksverantwoordelijke", "Deployer"),
    "importer": ("Importeur", "Importer"),
    "distributor": ("Distributeur", "Distributor"),
})
_labels(SensorType, {
    "presence_proximity": ("Aanwezigheid of nabijheid", "Presence or proximity"),
    "temperature": ("Temperatuur", "Temperature"),
    "density": ("Dichtheid", "Density"),
    "pressure": ("Druk", "Pressure"),
    "position_displacement": ("Positie of verplaatsing", "Position or displacement"),
    "flow": ("Stroming", "Flow"),
    "electrical": ("Elektrisch", "Electrical"),
    "chemical": ("Chemisch", "Chemical"),
    "climate": ("Klimaat", "Climate"),
    "sound": ("Geluid", "Sound"),
    "optical_camera": ("Optisch of camera", "Optical or camera"),
    "radio_signal": ("Radiosignaal (wifi, bluetooth)", "Radio signal (wifi, bluetooth)"),
    "other": ("Anders", "Other"),
})
_labels(Mobility, {"fixed": ("Vaste opstelling", "Fixed"), "mobile": ("Mobiel", "Mobile")})
_labels(LocationPrecision, {
    "exact": ("Exacte locatie", "Exact location"),
    "generalised": ("Gegeneraliseerde locatie", "Generalised location"),
})
_labels(DataStageKind, {
    "raw": ("Ruwe gegevens", "Raw data"),
    "derived": ("Afgeleide gegevens", "Derived data"),
    "published": ("Gepubliceerde gegevens", "Published data"),
})
_labels(Deletion, {"automatic": ("Automatisch", "Automatic"), "manual": ("Handmatig", "Manual")})
_labels(AccessRights, {
    "public": ("Openbaar", "Public"),
    "restricted": ("Beperkt openbaar", "Restricted"),
    "non_public": ("Niet openbaar", "Non-public"),
})
_labels(Appraisal, {
    "B": ("Blijvend bewaren", "Keep permanently"),
    "V": ("Vernietigen na de bewaartermijn", "Destroy after the retention period"),
    "N": ("Nog te bepalen", "To be decided"),
})
_labels(ProcessTerm, {
    "nihil": ("Nihil: de termijn start bij het afsluiten", "Nil: the term starts at closure"),
    "bestaansduur_procesobject": ("Bestaansduur procesobject", "Lifetime of the process object"),
    "ingeschatte_bestaansduur_procesobject": (
        "Ingeschatte bestaansduur procesobject",
        "Estimated lifetime of the process object",
    ),
    "vast_te_leggen_datum": ("Vast te leggen datum", "Date to be set"),
    "samengevoegd_met_bewaartermijn": (
        "Samengevoegd met bewaartermijn",
        "Merged with the retention period",
    ),
})
_labels(ImpactProfile, {
    "societal": ("Maatschappelijke impact", "Societal impact"),
    "personal": ("Impact op personen", "Impact on people"),
    "internal": ("Interne impact", "Internal impact"),
})
_labels(DecisionBody, {
    "council": ("Gemeenteraad", "Municipal council"),
    "college": ("College van B en W", "Mayor and aldermen"),
    "mayor": ("Burgemeester", "Mayor"),
    "mandated_official": ("Gemandateerde ambtenaar", "Mandated official"),
})
_labels(DecisionKind, {
    "deploy": ("Inzet", "Deployment"),
    "change": ("Wijziging", "Change"),
    "stop": ("Beëindiging", "Ending"),
    "other": ("Anders", "Other"),
})
_labels(LimitationScope, {
    "withheld": ("Niet openbaar", "Withheld"),
    "partially_withheld": ("Gedeeltelijk niet openbaar", "Partially withheld"),
    "generalised": ("Gegeneraliseerd", "Generalised"),
})
_labels(LimitationReason, {
    "prevent_circumvention": ("Voorkomen van misbruik of omzeiling", "Preventing circumvention"),
    "criminal_investigation": ("Opsporing en vervolging", "Criminal investigation"),
    "inspection_and_enforcement": ("Inspectie, controle en toezicht", "Inspection and enforcement"),
    "privacy": ("Bescherming van de persoonlijke levenssfeer", "Privacy"),
    "business_confidential": ("Bedrijfsgevoelige informatie", "Business confidential"),
    "security": ("Beveiliging", "Security"),
    "public_safety": ("Openbare veiligheid", "Public safety"),
    "not_yet_available": ("Nog niet beschikbaar", "Not yet available"),
    "other": ("Andere reden", "Other reason"),
})
_labels(AlgorithmType, {
    "self_learning": ("Zelflerend", "Self-learning"),
    "rule_based": ("Op regels gebaseerd", "Rule-based"),
    "hybrid": ("Hybride", "Hybrid"),
})
_labels(UseType, {
    "descriptive": ("Beschrijvend", "Descriptive"),
    "diagnostic": ("Diagnostisch", "Diagnostic"),
    "predictive": ("Voorspellend", "Predictive"),
    "prescriptive": ("Voorschrijvend", "Prescriptive"),
})
_labels(VersionState, {
    "draft": ("Concept", "Draft"),
    "submitted": ("Ingediend", "Submitted"),
    "approved": ("Goedgekeurd", "Approved"),
    "published": ("Gepubliceerd", "Published"),
    "superseded": ("Vervangen door een nieuwere versie", "Superseded"),
    "withdrawn": ("Ingetrokken", "Withdrawn"),
    "destroyed": ("Vernietigd", "Destroyed"),
})


class Role(LabelledEnum):
    EDITOR = "editor"
    APPROVER = "approver"
    COUNCILLOR = "councillor"
    ARCHIVIST = "archivist"
    ADMINISTRATOR = "administrator"


_labels(Role, {
    "editor": ("Redacteur", "Editor"),
    "approver": ("Goedkeurder", "Approver"),
    "councillor": ("Raadslid", "Councillor"),
    "archivist": ("Archivaris", "Archivist"),
    "administrator": ("Functioneel beheerder", "Administrator"),
})


class WorkflowAction(LabelledEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    PUBLISH = "publish"
    REJECT = "reject"
    WITHDRAW = "withdraw"


_labels(WorkflowAction, {
    "submit": ("Indienen ter goedkeuring", "Submit for approval"),
    "approve": ("Goedkeuren", "Approve"),
    "publish": ("Publiceren", "Publish"),
    "reject": ("Terugsturen naar de redactie", "Send back to the editor"),
    "withdraw": ("Intrekken", "Withdraw"),
})


class HoldReason(LabelledEnum):
    WOO_REQUEST = "woo_request"
    OBJECTION_OR_APPEAL = "objection_or_appeal"
    COMPLAINT = "complaint"
    COURT_CASE = "court_case"
    AUDIT = "audit"
    INVESTIGATION = "investigation"
    OTHER = "other"


_labels(HoldReason, {
    "woo_request": ("Woo-verzoek", "Freedom-of-information (Woo) request"),
    "objection_or_appeal": ("Bezwaar of beroep", "Objection or appeal"),
    "complaint": ("Klacht", "Complaint"),
    "court_case": ("Rechtszaak", "Court case"),
    "audit": ("Audit", "Audit"),
    "investigation": ("Onderzoek", "Investigation"),
    "other": ("Anders", "Other"),
})


class DestructionState(LabelledEnum):
    DRAFTED = "drafted"
    CHECKED = "checked"
    APPROVED = "approved"
    AUTHORISED = "authorised"
    EXECUTED = "executed"


_labels(DestructionState, {
    "drafted": ("Opgesteld", "Drafted"),
    "checked": ("Gecontroleerd", "Checked"),
    "approved": ("Goedgekeurd door het college", "Approved by the college"),
    "authorised": ("Machtiging van de archivaris", "Authorised by the archivist"),
    "executed": ("Uitgevoerd", "Executed"),
})
