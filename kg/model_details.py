"""Model parts of a full registry record: typed dates, oversight, design details, references."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

# Like kg.model, these types import nothing of ours; codes are the ClinicalTrials.gov API v2
# enumerations (DateType, ObservationalModel, DesignTimePerspective, WhoMasked, StandardAge,
# SamplingMethod, ReferenceType, IpdSharing, IpdSharingInfoType), so values compare equal to
# what the registry publishes.


class DateType(StrEnum):
    """Whether a date has happened or is the one planned."""

    ACTUAL = "ACTUAL"
    ESTIMATED = "ESTIMATED"


class DateKind(StrEnum):
    """Which milestone of a trial or of its record a date marks (the registry's status dates)."""

    START = "START"
    PRIMARY_COMPLETION = "PRIMARY_COMPLETION"
    COMPLETION = "COMPLETION"
    STATUS_VERIFIED = "STATUS_VERIFIED"
    FIRST_SUBMITTED = "FIRST_SUBMITTED"
    FIRST_SUBMITTED_QC = "FIRST_SUBMITTED_QC"
    FIRST_POSTED = "FIRST_POSTED"
    RESULTS_FIRST_SUBMITTED = "RESULTS_FIRST_SUBMITTED"
    RESULTS_FIRST_SUBMITTED_QC = "RESULTS_FIRST_SUBMITTED_QC"
    RESULTS_FIRST_POSTED = "RESULTS_FIRST_POSTED"
    DISPOSITION_FIRST_SUBMITTED = "DISPOSITION_FIRST_SUBMITTED"
    DISPOSITION_FIRST_SUBMITTED_QC = "DISPOSITION_FIRST_SUBMITTED_QC"
    DISPOSITION_FIRST_POSTED = "DISPOSITION_FIRST_POSTED"
    LAST_UPDATE_SUBMITTED = "LAST_UPDATE_SUBMITTED"
    LAST_UPDATE_POSTED = "LAST_UPDATE_POSTED"


class ObservationalModel(StrEnum):
    """Study model of an observational study."""

    COHORT = "COHORT"
    CASE_CONTROL = "CASE_CONTROL"
    CASE_ONLY = "CASE_ONLY"
    CASE_CROSSOVER = "CASE_CROSSOVER"
    ECOLOGIC_OR_COMMUNITY = "ECOLOGIC_OR_COMMUNITY"
    FAMILY_BASED = "FAMILY_BASED"
    DEFINED_POPULATION = "DEFINED_POPULATION"
    NATURAL_HISTORY = "NATURAL_HISTORY"
    OTHER = "OTHER"


class TimePerspective(StrEnum):
    """Time perspective of an observational study."""

    RETROSPECTIVE = "RETROSPECTIVE"
    PROSPECTIVE = "PROSPECTIVE"
    CROSS_SECTIONAL = "CROSS_SECTIONAL"
    OTHER = "OTHER"


class WhoMasked(StrEnum):
    """A party kept unaware of the assigned intervention."""

    PARTICIPANT = "PARTICIPANT"
    CARE_PROVIDER = "CARE_PROVIDER"
    INVESTIGATOR = "INVESTIGATOR"
    OUTCOMES_ASSESSOR = "OUTCOMES_ASSESSOR"


class StandardAge(StrEnum):
    """The registry's standard age groups."""

    CHILD = "CHILD"
    ADULT = "ADULT"
    OLDER_ADULT = "OLDER_ADULT"


class SamplingMethod(StrEnum):
    """How an observational study samples its population."""

    PROBABILITY_SAMPLE = "PROBABILITY_SAMPLE"
    NON_PROBABILITY_SAMPLE = "NON_PROBABILITY_SAMPLE"


class ReferenceType(StrEnum):
    """How a cited publication relates to a trial."""

    BACKGROUND = "BACKGROUND"
    RESULT = "RESULT"
    DERIVED = "DERIVED"


class IpdSharing(StrEnum):
    """Whether individual participant data will be shared."""

    YES = "YES"
    NO = "NO"
    UNDECIDED = "UNDECIDED"


class IpdInfoType(StrEnum):
    """A document shared along with individual participant data."""

    STUDY_PROTOCOL = "STUDY_PROTOCOL"
    SAP = "SAP"
    ICF = "ICF"
    CSR = "CSR"
    ANALYTIC_CODE = "ANALYTIC_CODE"


@dataclass(frozen=True, slots=True)
class GeoPoint:
    """A site's position in decimal degrees, exactly as the record gives it."""

    latitude: Decimal
    longitude: Decimal


@dataclass(frozen=True, slots=True)
class Oversight:
    """Regulatory oversight flags; None where the record does not say."""

    fda_regulated_drug: bool | None = None
    fda_regulated_device: bool | None = None
    unapproved_device: bool | None = None
    us_export: bool | None = None
    has_dmc: bool | None = None
    fdaaa801_violation: bool | None = None


@dataclass(frozen=True, slots=True)
class Reference:
    """A publication (PubMed id and citation) or a web page (url and label) the record cites."""

    pmid: str | None = None
    type: ReferenceType | None = None
    citation: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class IpdSharingStatement:
    """The plan to share individual participant data."""

    sharing: IpdSharing
    description: str | None = None
    info_types: tuple[IpdInfoType, ...] = ()
    time_frame: str | None = None
    access_criteria: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class MeshTerm:
    """A MeSH heading the registry indexes a trial's conditions or interventions under."""

    id: str
    term: str
