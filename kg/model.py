"""The typed, frozen model of a registry record: readers fill it, the RDF mapping consumes it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from kg.model_details import (
    DateKind,
    DateType,
    GeoPoint,
    IpdSharingStatement,
    MeshTerm,
    ObservationalModel,
    Oversight,
    Reference,
    SamplingMethod,
    StandardAge,
    TimePerspective,
    WhoMasked,
)

# Controlled values use ClinicalTrials.gov's own codes (API v2 enumerations), so a value
# read from any layout compares equal to the one the registry itself publishes.


class Status(StrEnum):
    """Overall or site recruitment status."""

    NOT_YET_RECRUITING = "NOT_YET_RECRUITING"
    RECRUITING = "RECRUITING"
    ENROLLING_BY_INVITATION = "ENROLLING_BY_INVITATION"
    ACTIVE_NOT_RECRUITING = "ACTIVE_NOT_RECRUITING"
    SUSPENDED = "SUSPENDED"
    TERMINATED = "TERMINATED"
    COMPLETED = "COMPLETED"
    WITHDRAWN = "WITHDRAWN"
    UNKNOWN = "UNKNOWN"
    AVAILABLE = "AVAILABLE"
    NO_LONGER_AVAILABLE = "NO_LONGER_AVAILABLE"
    TEMPORARILY_NOT_AVAILABLE = "TEMPORARILY_NOT_AVAILABLE"
    APPROVED_FOR_MARKETING = "APPROVED_FOR_MARKETING"
    WITHHELD = "WITHHELD"


class Phase(StrEnum):
    """Trial phase."""

    EARLY_PHASE1 = "EARLY_PHASE1"
    PHASE1 = "PHASE1"
    PHASE2 = "PHASE2"
    PHASE3 = "PHASE3"
    PHASE4 = "PHASE4"
    NA = "NA"


class StudyType(StrEnum):
    """Study type."""

    INTERVENTIONAL = "INTERVENTIONAL"
    OBSERVATIONAL = "OBSERVATIONAL"
    EXPANDED_ACCESS = "EXPANDED_ACCESS"


class Allocation(StrEnum):
    """How participants are allocated to arms."""

    RANDOMIZED = "RANDOMIZED"
    NON_RANDOMIZED = "NON_RANDOMIZED"
    NA = "NA"


class InterventionModel(StrEnum):
    """Intervention model (assignment strategy)."""

    SINGLE_GROUP = "SINGLE_GROUP"
    PARALLEL = "PARALLEL"
    CROSSOVER = "CROSSOVER"
    FACTORIAL = "FACTORIAL"
    SEQUENTIAL = "SEQUENTIAL"


class PrimaryPurpose(StrEnum):
    """Primary purpose of the study."""

    TREATMENT = "TREATMENT"
    PREVENTION = "PREVENTION"
    DIAGNOSTIC = "DIAGNOSTIC"
    ECT = "ECT"
    SUPPORTIVE_CARE = "SUPPORTIVE_CARE"
    SCREENING = "SCREENING"
    HEALTH_SERVICES_RESEARCH = "HEALTH_SERVICES_RESEARCH"
    BASIC_SCIENCE = "BASIC_SCIENCE"
    DEVICE_FEASIBILITY = "DEVICE_FEASIBILITY"
    OTHER = "OTHER"


class Masking(StrEnum):
    """Masking (blinding)."""

    NONE = "NONE"
    SINGLE = "SINGLE"
    DOUBLE = "DOUBLE"
    TRIPLE = "TRIPLE"
    QUADRUPLE = "QUADRUPLE"


class EnrollmentType(StrEnum):
    """Whether an enrollment figure is the actual or the anticipated one."""

    ACTUAL = "ACTUAL"
    ESTIMATED = "ESTIMATED"


class ArmType(StrEnum):
    """Arm group type."""

    EXPERIMENTAL = "EXPERIMENTAL"
    ACTIVE_COMPARATOR = "ACTIVE_COMPARATOR"
    PLACEBO_COMPARATOR = "PLACEBO_COMPARATOR"
    SHAM_COMPARATOR = "SHAM_COMPARATOR"
    NO_INTERVENTION = "NO_INTERVENTION"
    OTHER = "OTHER"


class InterventionType(StrEnum):
    """Intervention type."""

    DRUG = "DRUG"
    DEVICE = "DEVICE"
    BIOLOGICAL = "BIOLOGICAL"
    PROCEDURE = "PROCEDURE"
    RADIATION = "RADIATION"
    BEHAVIORAL = "BEHAVIORAL"
    GENETIC = "GENETIC"
    DIETARY_SUPPLEMENT = "DIETARY_SUPPLEMENT"
    COMBINATION_PRODUCT = "COMBINATION_PRODUCT"
    DIAGNOSTIC_TEST = "DIAGNOSTIC_TEST"
    OTHER = "OTHER"


class Sex(StrEnum):
    """Sex of the participants a trial accepts."""

    ALL = "ALL"
    FEMALE = "FEMALE"
    MALE = "MALE"


class SponsorRole(StrEnum):
    """Role of an organisation in a trial's sponsorship."""

    LEAD = "LEAD"
    COLLABORATOR = "COLLABORATOR"


class AgencyClass(StrEnum):
    """Class of a sponsoring organisation."""

    NIH = "NIH"
    FED = "FED"
    OTHER_GOV = "OTHER_GOV"
    INDIV = "INDIV"
    INDUSTRY = "INDUSTRY"
    NETWORK = "NETWORK"
    AMBIG = "AMBIG"
    OTHER = "OTHER"
    UNKNOWN = "UNKNOWN"


class OfficialRole(StrEnum):
    """Role of an overall study official."""

    STUDY_CHAIR = "STUDY_CHAIR"
    STUDY_DIRECTOR = "STUDY_DIRECTOR"
    PRINCIPAL_INVESTIGATOR = "PRINCIPAL_INVESTIGATOR"
    SUB_INVESTIGATOR = "SUB_INVESTIGATOR"


class ResponsiblePartyType(StrEnum):
    """Who is responsible for the registry record."""

    SPONSOR = "SPONSOR"
    PRINCIPAL_INVESTIGATOR = "PRINCIPAL_INVESTIGATOR"
    SPONSOR_INVESTIGATOR = "SPONSOR_INVESTIGATOR"


class IdentifierType(StrEnum):
    """Type of a secondary or organisation identifier."""

    ORG_STUDY_ID = "ORG_STUDY_ID"
    NIH = "NIH"
    FDA = "FDA"
    VA = "VA"
    CDC = "CDC"
    AHRQ = "AHRQ"
    SAMHSA = "SAMHSA"
    OTHER_GRANT = "OTHER_GRANT"
    EUDRACT_NUMBER = "EUDRACT_NUMBER"
    CTIS = "CTIS"
    REGISTRY = "REGISTRY"
    OTHER = "OTHER"


class AgeUnit(StrEnum):
    """Unit of an age limit, as the registry states it."""

    YEARS = "YEARS"
    MONTHS = "MONTHS"
    WEEKS = "WEEKS"
    DAYS = "DAYS"
    HOURS = "HOURS"
    MINUTES = "MINUTES"


class CriterionKind(StrEnum):
    """Whether an eligibility criterion includes or excludes."""

    INCLUSION = "INCLUSION"
    EXCLUSION = "EXCLUSION"


class OutcomeKind(StrEnum):
    """Primary, secondary or other outcome measure."""

    PRIMARY = "PRIMARY"
    SECONDARY = "SECONDARY"
    OTHER = "OTHER"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date that may be given to the month only (registries do that)."""

    year: int
    month: int
    day: int | None = None

    def isoformat(self) -> str:
        """ISO 8601 text: ``2025-02-27`` or ``2025-02``."""
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True, slots=True)
class Age:
    """An age limit with its unit, e.g. 18 Years or 365 Days."""

    value: int
    unit: AgeUnit

    def text(self) -> str:
        """The registry's wording: ``18 Years``."""
        return f"{self.value} {self.unit.value.capitalize()}"


@dataclass(frozen=True, slots=True)
class Organization:
    """An organisation: sponsor, collaborator, affiliation or site facility."""

    name: str
    agency_class: AgencyClass | None = None


@dataclass(frozen=True, slots=True)
class Sponsorship:
    """An organisation's role in sponsoring one trial."""

    organization: Organization
    role: SponsorRole


@dataclass(frozen=True, slots=True)
class Person:
    """A named person, with the degrees or titles the record appends to the name."""

    name: str
    credentials: str | None = None


@dataclass(frozen=True, slots=True)
class Official:
    """An overall study official (chair, director, principal investigator)."""

    person: Person
    role: OfficialRole | None
    affiliation: Organization | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    """A central or facility contact; an email appears only when the record shows a real one."""

    person: Person
    role: str | None = None
    phone: str | None = None
    email: str | None = None
    phone_ext: str | None = None


@dataclass(frozen=True, slots=True)
class Site:
    """One location record of a trial, in the order the record lists it.

    ``contact`` is the one contact a page shows; ``contacts`` holds further ones (a registry
    record may list several). A registry record may leave the facility or country out.
    """

    facility: str | None
    country: str | None
    city: str | None = None
    region: str | None = None
    status: Status | None = None
    contact: Contact | None = None
    postal_code: str | None = None
    geo: GeoPoint | None = None
    contacts: tuple[Contact, ...] = ()

    @property
    def all_contacts(self) -> tuple[Contact, ...]:
        """Every contact of the site, the page's single one first."""
        return ((self.contact,) if self.contact else ()) + self.contacts


@dataclass(frozen=True, slots=True)
class Criterion:
    """One inclusion or exclusion criterion; nested sub-items stay in its text."""

    kind: CriterionKind
    text: str
    group: str | None = None


@dataclass(frozen=True, slots=True)
class Eligibility:
    """Who may take part."""

    criteria: tuple[Criterion, ...] = ()
    minimum_age: Age | None = None
    maximum_age: Age | None = None
    sex: Sex | None = None
    healthy_volunteers: bool | None = None
    notes: tuple[str, ...] = ()
    standard_ages: tuple[StandardAge, ...] = ()
    study_population: str | None = None
    sampling_method: SamplingMethod | None = None

    def count(self, kind: CriterionKind) -> int:
        """How many criteria of one kind."""
        return sum(1 for c in self.criteria if c.kind is kind)


@dataclass(frozen=True, slots=True)
class Intervention:
    """An intervention as the record names it; ``items`` keeps each bullet of a regimen list."""

    name: str
    type: InterventionType
    description: str | None = None
    items: tuple[str, ...] = ()
    other_names: tuple[str, ...] = ()
    arm_labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Arm:
    """An arm (group) of a trial and the names of the interventions it receives."""

    label: str
    type: ArmType | None
    description: str | None = None
    interventions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Outcome:
    """An outcome measure."""

    kind: OutcomeKind
    measure: str
    time_frame: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Identifier:
    """A secondary or organisation identifier of a trial (old records may not give its type)."""

    value: str
    type: IdentifierType | None
    domain: str | None = None
    link: str | None = None


@dataclass(frozen=True, slots=True)
class Enrollment:
    """Number of participants, actual or anticipated (type unknown when not stated)."""

    count: int
    type: EnrollmentType | None = None


@dataclass(frozen=True, slots=True)
class Design:
    """Study design values."""

    allocation: Allocation | None = None
    intervention_model: InterventionModel | None = None
    primary_purpose: PrimaryPurpose | None = None
    masking: Masking | None = None
    who_masked: tuple[WhoMasked, ...] = ()
    masking_description: str | None = None
    model_description: str | None = None
    observational_model: ObservationalModel | None = None
    time_perspective: TimePerspective | None = None
    patient_registry: bool | None = None
    target_duration: str | None = None


@dataclass(frozen=True, slots=True)
class StudyDate:
    """A milestone date with its kind and, when the record says, whether it is actual."""

    kind: DateKind
    date: PartialDate
    type: DateType | None = None


@dataclass(frozen=True, slots=True)
class ExpandedAccess:
    """Whether the intervention is also available outside the trial, and under which record."""

    available: bool | None = None
    nct_id: str | None = None
    status: Status | None = None


@dataclass(frozen=True, slots=True)
class ResponsibleInvestigator:
    """The investigator responsible for a record, with the title and affiliation it gives."""

    person: Person
    title: str | None = None
    affiliation: Organization | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """Where a trial was read from: file name, checksum and the layout detected."""

    file_name: str
    sha256: str
    layout: str


@dataclass(frozen=True, slots=True)
class Trial:
    """One registry record."""

    nct_id: str
    brief_title: str
    source: Source
    official_title: str | None = None
    acronym: str | None = None
    identifiers: tuple[Identifier, ...] = ()
    status: Status | None = None
    phases: tuple[Phase, ...] = ()
    study_type: StudyType | None = None
    design: Design = field(default_factory=Design)
    enrollment: Enrollment | None = None
    start_date: PartialDate | None = None
    completion_date: PartialDate | None = None
    last_updated: PartialDate | None = None
    brief_summary: str | None = None
    detailed_description: str | None = None
    conditions: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    arms: tuple[Arm, ...] = ()
    interventions: tuple[Intervention, ...] = ()
    eligibility: Eligibility = field(default_factory=Eligibility)
    sponsors: tuple[Sponsorship, ...] = ()
    responsible_party: ResponsiblePartyType | None = None
    officials: tuple[Official, ...] = ()
    central_contacts: tuple[Contact, ...] = ()
    sites: tuple[Site, ...] = ()
    reported_site_count: int | None = None
    outcomes: tuple[Outcome, ...] = ()
    # Fields that full registry records (API v2 JSON) give and the pages mostly do not.
    organization: Organization | None = None
    nct_aliases: tuple[str, ...] = ()
    dates: tuple[StudyDate, ...] = ()
    last_known_status: Status | None = None
    why_stopped: str | None = None
    expanded_access: ExpandedAccess | None = None
    responsible_investigator: ResponsibleInvestigator | None = None
    oversight: Oversight | None = None
    references: tuple[Reference, ...] = ()
    ipd_sharing: IpdSharingStatement | None = None
    has_results: bool | None = None
    condition_mesh: tuple[MeshTerm, ...] = ()
    intervention_mesh: tuple[MeshTerm, ...] = ()

    @property
    def lead_sponsor(self) -> Organization | None:
        """The lead sponsor, if the record names one."""
        for s in self.sponsors:
            if s.role is SponsorRole.LEAD:
                return s.organization
        return None
