"""Tables from the wordings registry pages use to ClinicalTrials.gov codes.

Keys are lower-cased with single spaces (see ``text.lookup``). Every table also accepts the code
itself (``RECRUITING``, ``Active_Comparator``), which is what the ClinicalTrials.gov-style page
prints. The other wordings come from the ClinicalTrials.Veeva pages (``Not yet enrolling``,
``Enrolling``, ``Experimental group``, ``Parallel Assignment``, ``None (Open label)``) and the
patient-recruitment pages (``Recruiting``, ``Both``, ``Phase 3``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from kg.model import (
    AgencyClass,
    Allocation,
    ArmType,
    EnrollmentType,
    IdentifierType,
    InterventionModel,
    InterventionType,
    Masking,
    OfficialRole,
    Phase,
    PrimaryPurpose,
    ResponsiblePartyType,
    Sex,
    Status,
    StudyType,
)
from kg.model_details import (
    DateType,
    IpdInfoType,
    IpdSharing,
    ObservationalModel,
    ReferenceType,
    SamplingMethod,
    StandardAge,
    TimePerspective,
    WhoMasked,
)

E = TypeVar("E", bound=StrEnum)


def _codes(enum: type[E]) -> dict[str, E]:
    return {member.value.lower().replace("_", " "): member for member in enum}


def _words(enum: type[E], pairs: dict[str, E]) -> dict[str, E]:
    table = _codes(enum)
    table.update(pairs)
    return table


STATUS = _words(
    Status,
    {
        "not yet enrolling": Status.NOT_YET_RECRUITING,
        "enrolling": Status.RECRUITING,
        "active, not recruiting": Status.ACTIVE_NOT_RECRUITING,
        "active, not enrolling": Status.ACTIVE_NOT_RECRUITING,
        "enrolling by invitation": Status.ENROLLING_BY_INVITATION,
        "enrolling by invitation only": Status.ENROLLING_BY_INVITATION,
        "unknown status": Status.UNKNOWN,
        "suspended": Status.SUSPENDED,
    },
)

PHASE = _words(
    Phase,
    {
        "early phase 1": Phase.EARLY_PHASE1,
        "phase 1": Phase.PHASE1,
        "phase 2": Phase.PHASE2,
        "phase 3": Phase.PHASE3,
        "phase 4": Phase.PHASE4,
        "not applicable": Phase.NA,
        "n/a": Phase.NA,
    },
)

STUDY_TYPE = _codes(StudyType)

ALLOCATION = _words(
    Allocation,
    {"non-randomized": Allocation.NON_RANDOMIZED, "n/a": Allocation.NA},
)

INTERVENTION_MODEL = _words(
    InterventionModel,
    {
        "single group assignment": InterventionModel.SINGLE_GROUP,
        "parallel assignment": InterventionModel.PARALLEL,
        "crossover assignment": InterventionModel.CROSSOVER,
        "factorial assignment": InterventionModel.FACTORIAL,
        "sequential assignment": InterventionModel.SEQUENTIAL,
    },
)

PRIMARY_PURPOSE = _codes(PrimaryPurpose)

MASKING = _words(
    Masking,
    {"none (open label)": Masking.NONE, "open label": Masking.NONE},
)

ARM_TYPE = _words(
    ArmType,
    {
        "experimental group": ArmType.EXPERIMENTAL,
        "active comparator group": ArmType.ACTIVE_COMPARATOR,
        "placebo comparator group": ArmType.PLACEBO_COMPARATOR,
        "sham comparator group": ArmType.SHAM_COMPARATOR,
        "no intervention group": ArmType.NO_INTERVENTION,
        "other group": ArmType.OTHER,
    },
)

INTERVENTION_TYPE = _codes(InterventionType)

SEX = _words(Sex, {"both": Sex.ALL, "all genders": Sex.ALL})

AGENCY_CLASS = _words(
    AgencyClass,
    {
        "industry": AgencyClass.INDUSTRY,
        "other u.s. federal agency": AgencyClass.FED,
        "u.s. fed": AgencyClass.FED,
        "other government": AgencyClass.OTHER_GOV,
        "individual": AgencyClass.INDIV,
    },
)

RESPONSIBLE_PARTY = _codes(ResponsiblePartyType)

IDENTIFIER_TYPE = _words(
    IdentifierType,
    {"eudract": IdentifierType.EUDRACT_NUMBER, "ctis": IdentifierType.CTIS},
)

# ---- ClinicalTrials.gov API v2 JSON
# The keys below are the API's own enumerations (DateType, EnrollmentType, OfficialRole,
# ContactRole, ObservationalModel, DesignTimePerspective, WhoMasked, StandardAge, SamplingMethod,
# ReferenceType, IpdSharing, IpdSharingInfoType), which the JSON records carry as-is.

DATE_TYPE = _codes(DateType)
ENROLLMENT_TYPE = _codes(EnrollmentType)
OFFICIAL_ROLE = _codes(OfficialRole)
OBSERVATIONAL_MODEL = _codes(ObservationalModel)
TIME_PERSPECTIVE = _codes(TimePerspective)
WHO_MASKED = _codes(WhoMasked)
STANDARD_AGE = _codes(StandardAge)
SAMPLING_METHOD = _codes(SamplingMethod)
REFERENCE_TYPE = _codes(ReferenceType)
IPD_SHARING = _codes(IpdSharing)
IPD_INFO_TYPE = _codes(IpdInfoType)

# Contact roles are kept as the registry's code text (the pages give free wording there).
CONTACT_ROLE: dict[str, str] = {
    code.lower().replace("_", " "): code
    for code in ("STUDY_CHAIR", "STUDY_DIRECTOR", "PRINCIPAL_INVESTIGATOR", "SUB_INVESTIGATOR",
                 "CONTACT")
}
