"""Facts each seed record states, read back from the model the readers fill."""

from __future__ import annotations

from pathlib import Path

from kg.model import (
    Age,
    AgencyClass,
    AgeUnit,
    ArmType,
    CriterionKind,
    EnrollmentType,
    IdentifierType,
    OfficialRole,
    OutcomeKind,
    Phase,
    Sex,
    SponsorRole,
    Status,
    Trial,
)
from kg.resources import SEEDS_DIR
from kg.sources import detect_layout


def test_layouts_are_detected_from_content_not_names(tmp_path: Path) -> None:
    layouts = {}
    for path in sorted(SEEDS_DIR.iterdir()):
        renamed = tmp_path / "record.dat"
        renamed.write_bytes(path.read_bytes())
        reader = detect_layout(renamed.read_text(encoding="utf-8"))
        assert reader is not None
        layouts[path.name] = reader.layout
    assert layouts == {
        "000_a572ec62bb855f1a.txt": "ctgov-page",
        "001_b075fe9dc50a3eed.txt": "ctgov-page",
        "002_417d30830939582b.txt": "veeva-page",
        "003_fdcdb8489fa9246d.txt": "veeva-page",
        "004_74f24179eb3c589b.txt": "recruitment-page",
    }


def test_impact_aml(seed_trials: dict[str, Trial]) -> None:
    t = seed_trials["NCT06713837"]
    assert t.acronym == "IMPACT-AML"
    assert t.status is Status.RECRUITING
    assert t.phases == (Phase.PHASE3,)
    assert t.enrollment is not None and t.enrollment.count == 339
    assert t.enrollment.type is None  # the page does not say ACTUAL or ESTIMATED
    assert [a.type for a in t.arms] == [ArmType.EXPERIMENTAL, ArmType.ACTIVE_COMPARATOR]
    assert t.lead_sponsor is not None
    assert t.lead_sponsor.name.startswith("Istituto Romagnolo per lo Studio dei Tumori")
    collaborators = [s for s in t.sponsors if s.role is SponsorRole.COLLABORATOR]
    assert len(collaborators) == 16
    classes = {s.organization.name: s.organization.agency_class for s in collaborators}
    assert classes["Toscana Life Sciences Sviluppo s.r.l."] is AgencyClass.INDUSTRY
    assert classes["TIMELEX"] is AgencyClass.UNKNOWN
    assert len(t.sites) == 34
    assert len({s.country for s in t.sites}) == 7
    brno = t.sites[0]
    assert (brno.facility, brno.city) == ("University Hospital Brno", "Brno")
    assert brno.country == "Czechia"
    assert brno.contact is not None and brno.contact.person.name == "Jiri Mayer"
    assert brno.status is Status.RECRUITING
    genova = [s for s in t.sites if s.city == "Genova"]
    assert [s.facility for s in genova] == ["IRCCS Ospedale Policlinico San Martino"] * 2
    assert [s.contact.person.name for s in genova if s.contact] == [
        "Matteo Emidio Dragani", "Fabio Guolo"]
    assert t.sites[-1].contact is not None and t.sites[-1].contact.person.name == "Pau Montesinos"
    # The page lists 9 top-level inclusion bullets; the roman sub-items i)-iv) stay with the 5th.
    el = t.eligibility
    assert el.count(CriterionKind.INCLUSION) == 9
    assert el.count(CriterionKind.EXCLUSION) == 3
    fifth = [c for c in el.criteria if c.kind is CriterionKind.INCLUSION][4]
    assert fifth.text.startswith("No specific treatment protocol")
    assert "iv) lack of social support" in fifth.text
    assert any(c.text == "Male or Female, aged>18 years" for c in el.criteria)
    assert el.minimum_age == Age(18, AgeUnit.YEARS) and el.maximum_age is None
    assert el.sex is Sex.ALL and el.healthy_volunteers is False
    low = next(i for i in t.interventions if i.name == "Low intensity therapies")
    assert len(low.items) == 7 and low.items[3] == "2CDA 5mg/sqm + low dose cytarabine"
    high = next(i for i in t.interventions if i.name == "High intensity therapies")
    assert high.items[-1] == "3+7 (cytarabine and daunorubicine or idarubicine)"
    ids = {i.value: i.type for i in t.identifiers}
    assert ids == {"2024-514517-35-00": IdentifierType.CTIS,
                   "101104421": IdentifierType.OTHER_GRANT,
                   "IRST204.07": IdentifierType.ORG_STUDY_ID}
    chair = t.officials[0]
    assert chair.person.name == "Giovanni Martinelli" and chair.role is OfficialRole.STUDY_CHAIR
    assert chair.affiliation is not None and chair.affiliation.name == "University of Bologna"
    nanni = t.central_contacts[0]
    assert (nanni.person.name, nanni.phone, nanni.email) == ("Oriana Nanni", "+39 0543739100",
                                                             None)
    assert t.start_date is not None and t.start_date.isoformat() == "2025-02-27"
    assert t.last_updated is not None and t.last_updated.isoformat() == "2025-12-22"


def test_dexamethasone_trial(seed_trials: dict[str, Trial]) -> None:
    t = seed_trials["NCT03765541"]
    assert t.status is Status.TERMINATED
    assert len(t.sites) == 10 and {s.country for s in t.sites} == {"France"}
    assert all(s.status is None for s in t.sites)  # "Site Status" is blank on every record
    assert t.eligibility.count(CriterionKind.EXCLUSION) == 15
    assert t.eligibility.count(CriterionKind.INCLUSION) == 9
    second = [c for c in t.eligibility.criteria if c.kind is CriterionKind.INCLUSION][1]
    assert "Refractory acute myeloid leukemia :" in second.text  # nested lists stay with it
    assert t.officials[0].role is OfficialRole.STUDY_DIRECTOR
    experimental = t.arms[0]
    assert experimental.interventions == ("Dexamethasone", "Amsacrine", "Cytarabine",
                                          "Azacitidine")
    assert t.arms[1].interventions == ("Amsacrine", "Cytarabine", "Azacitidine")
    dex = next(i for i in t.interventions if i.name == "Dexamethasone")
    assert dex.description is not None and "slow IV [10 minutes]" in dex.description
    assert [(o.kind, o.measure) for o in t.outcomes] == [(OutcomeKind.PRIMARY, "overall survival")]
    related = ("NCT03465540", "NCT03672539", "NCT06686108", "NCT00075725", "NCT04915612")
    assert not any(r in repr(t) for r in related)


def test_clag_ven_veeva_page(seed_trials: dict[str, Trial]) -> None:
    t = seed_trials["NCT06763666"]
    assert t.status is Status.NOT_YET_RECRUITING  # "Not yet enrolling"
    assert t.phases == (Phase.PHASE4,)
    assert t.enrollment is not None
    assert (t.enrollment.count, t.enrollment.type) == (172, EnrollmentType.ESTIMATED)
    assert t.eligibility.minimum_age == Age(18, AgeUnit.YEARS)
    assert t.eligibility.maximum_age == Age(65, AgeUnit.YEARS)
    assert [(a.label, a.type) for a in t.arms] == [("CLAGV regimen", ArmType.EXPERIMENTAL),
                                                   ("CLAG regimen", ArmType.ACTIVE_COMPARATOR)]
    assert set(t.arms[0].interventions) == {"Venetoclax", "G-CSF", "Cytarabine", "Cladribine"}
    assert t.lead_sponsor is not None
    assert t.lead_sponsor.name == "Nanfang Hospital, Southern Medical University"
    assert t.lead_sponsor.agency_class is AgencyClass.OTHER
    assert [i.value for i in t.identifiers] == ["NFEC-2024-639"]
    assert t.reported_site_count == 1 and t.sites == ()
    assert t.eligibility.count(CriterionKind.INCLUSION) == 11
    assert t.eligibility.count(CriterionKind.EXCLUSION) == 8


def test_interferon_veeva_page(seed_trials: dict[str, Trial]) -> None:
    t = seed_trials["NCT06802718"]
    assert t.status is Status.RECRUITING  # "Enrolling"
    assert t.arms[1].type is ArmType.NO_INTERVENTION and t.arms[1].interventions == ()
    assert t.eligibility.maximum_age == Age(70, AgeUnit.YEARS)
    primary = [o for o in t.outcomes if o.kind is OutcomeKind.PRIMARY]
    assert [(o.measure, o.time_frame) for o in primary] == [("negative conversion of MRD",
                                                             "6 months")]
    assert len([o for o in t.outcomes if o.kind is OutcomeKind.SECONDARY]) == 4


def test_infant_recruitment_page(seed_trials: dict[str, Trial]) -> None:
    t = seed_trials["NCT05327894"]
    assert t.status is Status.RECRUITING and t.phases == (Phase.PHASE3,)
    assert t.eligibility.sex is Sex.ALL  # "Both"
    # "1 - 1 years of age" rounds "≤365 days of age", which inclusion criterion 2 states.
    assert t.eligibility.maximum_age == Age(365, AgeUnit.DAYS)
    assert t.eligibility.minimum_age is None
    excl = [c for c in t.eligibility.criteria if c.kind is CriterionKind.EXCLUSION]
    assert len(excl) == 9
    assert [c.group for c in excl].count("Additional exclusion criteria for blinatumomab") == 4
    assert t.eligibility.notes[0].startswith("If exclusion criteria for blinatumomab are met")
    assert t.conditions == ("Acute Lymphoblastic Leukemia", "Mixed Phenotype Acute Leukemia")
    assert t.lead_sponsor is not None
    assert t.lead_sponsor.name == "Princess Maxima Center for Pediatric Oncology"
    assert "Sign up as volunteer" not in repr(t) and "What is a clinical trial" not in repr(t)
