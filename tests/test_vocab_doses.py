"""Dose schedules the seed records state come out as structured administrations."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph
import pytest
from rdflib import Dataset

from kg.model import Trial
from kg.pipeline import store_from_dataset
from kg.queries import resolve, run_local
from kg.vocab.doses import DayRange, Schedule, parse_clause, parse_prose, parse_schedule
from kg.vocab.terms import DoseBasis, Route

DEXA, CLAG, IFN = "NCT03765541", "NCT06763666", "NCT06802718"


def description(trials: dict[str, Trial], nct: str, name: str) -> str:
    text = next(iv.description for iv in trials[nct].interventions if iv.name == name)
    assert text is not None
    return text


def dose(s: Schedule) -> tuple[Decimal, str, DoseBasis, Decimal | None]:
    assert s.dose is not None
    return s.dose.value.amount, s.dose.value.unit, s.dose.value.basis, s.dose.value.amount_max


def test_dexamethasone_schedule_of_nct03765541(seed_trials: dict[str, Trial]) -> None:
    induction, consolidation, cycle1, later = parse_schedule(
        description(seed_trials, DEXA, "Dexamethasone"))
    assert dose(induction) == (Decimal(10), "mg", DoseBasis.FLAT, None)
    assert induction.frequency and induction.frequency.value.label == "every 12 h"
    assert induction.days and induction.days.value == (DayRange(1, 3),)
    assert induction.route and induction.route.value is Route.IV
    assert induction.infusion and induction.infusion.value == "PT10M"
    assert induction.phase and induction.phase.value == "induction"
    assert induction.cycles and induction.cycles.value == 1
    assert consolidation.cycles and consolidation.cycles.value == 3
    assert [c.value for c in induction.conditions] == [
        "In combination with intensive chemotherapy amsacrine-cytarabine"]
    assert dose(cycle1)[:2] == (Decimal(20), "mg")
    assert cycle1.frequency and cycle1.frequency.value.label == "daily"
    assert cycle1.phase and cycle1.phase.value == "cycle 1"
    assert [c.value for c in cycle1.conditions] == ["In combination with azacitidine"]
    assert later.phase and later.phase.value == "subsequent cycles"
    assert later.days and later.days.value == (DayRange(1, 1),)


def test_every_value_keeps_its_words(seed_trials: dict[str, Trial]) -> None:
    induction = parse_schedule(description(seed_trials, DEXA, "Cytarabine"))[0]
    assert induction.dose and induction.dose.text == "3 g/m2/12h"
    assert induction.days and induction.days.text == "from Day 1 to Day 4"
    assert induction.route and induction.route.text == "slow IV"
    assert induction.infusion and induction.infusion.text == "[2 hours]"
    assert induction.phase and induction.phase.text == "Induction (1 cycle)"
    assert induction.conditions[0].text == "Patients < 60 years of age"


def test_cytarabine_reduced_dose_is_a_conditional_schedule(seed_trials: dict[str, Trial]
                                                           ) -> None:
    schedules = parse_schedule(description(seed_trials, DEXA, "Cytarabine"))
    reduced = [s for s in schedules if s.adjustment]
    assert len(reduced) == 1
    assert dose(reduced[0])[:3] == (Decimal(1), "g/m2", DoseBasis.BODY_SURFACE)
    assert reduced[0].phase and reduced[0].phase.value == "consolidation"
    assert reduced[0].days and reduced[0].days.value == (DayRange(1, 3),)
    assert reduced[0].conditions[0].value == "Patients < 60 years of age"
    assert "comorbidity" in reduced[0].conditions[1].value


def test_azacitidine_split_days(seed_trials: dict[str, Trial]) -> None:
    main, alternative = parse_schedule(description(seed_trials, DEXA, "Azacitidine"))
    assert dose(main)[:3] == (Decimal(75), "mg/m2", DoseBasis.BODY_SURFACE)
    assert main.days_text() == "1-7" and alternative.days_text() == "1-5,8-9"
    assert alternative.alternative and alternative.route and alternative.route.value is Route.SC


def test_clagv_arm_schedules_of_nct06763666(seed_trials: dict[str, Trial]) -> None:
    arm = next(a for a in seed_trials[CLAG].arms if a.label == "CLAGV regimen")
    assert arm.description is not None
    ven, reduced, cladribine, cytarabine, gcsf = parse_prose(arm.description)
    assert dose(ven) == (Decimal(400), "mg", DoseBasis.FLAT, None)
    assert ven.route and ven.route.value is Route.ORAL and ven.days_text() == "2-8"
    assert reduced.adjustment and dose(reduced) == (Decimal(100), "mg", DoseBasis.FLAT,
                                                    Decimal(200))
    assert reduced.conditions[0].value == "When combination with P450 3A4 inhibitor"
    assert dose(cladribine)[:2] == (Decimal(5), "mg/m2") and cladribine.days_text() == "1-5"
    assert dose(cytarabine)[:2] == (Decimal(1), "g/m2")
    assert [n.value for n in cytarabine.notes] == ["starting 2h after cladribine",
                                                   "maintained for more than 3h"]
    assert dose(gcsf)[:3] == (Decimal(5), "ug/kg", DoseBasis.BODY_WEIGHT)
    assert gcsf.route and gcsf.route.value is Route.SC and gcsf.days_text() == "0-5"
    assert "suspended" in gcsf.conditions[0].value


def test_interferon_weekly_for_six_months(seed_trials: dict[str, Trial]) -> None:
    arm = next(a for a in seed_trials[IFN].arms if a.label == "Interferon Group")
    assert arm.description is not None
    (s,) = parse_prose(arm.description)
    assert dose(s) == (Decimal(135), "ug", DoseBasis.FLAT, None)
    assert s.frequency and s.frequency.value.label == "weekly"
    assert s.duration and s.duration.value == "P6M" and s.duration.text == "for 6 months"
    assert s.route and s.route.value is Route.SC


def test_dose_per_square_metre_written_sqm() -> None:
    (s,) = parse_clause("2CDA 5mg/sqm")
    assert dose(s) == (Decimal(5), "mg/m2", DoseBasis.BODY_SURFACE, None)


@pytest.fixture(scope="module")
def store(seed_dataset: Dataset) -> pyoxigraph.Store:
    return store_from_dataset(seed_dataset)


def dosing(store: pyoxigraph.Store) -> set[tuple[str, ...]]:
    _, rows = run_local(resolve("dosing"), store, {})
    cols = ("nct_id", "arm_label", "drug", "amount", "unit", "basis", "frequency", "days",
            "route", "phase")
    return {tuple(r[c] for c in cols) for r in rows}


def test_dosing_rows(store: pyoxigraph.Store) -> None:
    rows = dosing(store)
    with_dex = "Standard salvage therapy + dexamethasone"
    assert (DEXA, with_dex, "dexamethasone", "10", "mg", "FLAT", "every 12 h", "1-3", "IV",
            "induction") in rows
    assert (DEXA, with_dex, "cytarabine", "3", "g/m2", "BODY_SURFACE", "every 12 h", "1-4",
            "IV", "induction") in rows
    assert (DEXA, with_dex, "amsacrine", "200", "mg/m2", "BODY_SURFACE", "daily", "1", "IV",
            "consolidation") in rows
    assert (DEXA, "Standard salvage therapy alone", "azacitidine", "75", "mg/m2",
            "BODY_SURFACE", "daily", "1-5,8-9", "SC", "") in rows
    assert not any(r[1] == "Standard salvage therapy alone" and r[2] == "dexamethasone"
                   for r in rows)
    assert (CLAG, "CLAGV regimen", "venetoclax", "100-200", "mg", "FLAT", "daily", "2-8",
            "ORAL", "") in rows
    assert (CLAG, "CLAG regimen", "granulocyte colony-stimulating factors", "5", "ug/kg",
            "BODY_WEIGHT", "daily", "0-5", "SC", "") in rows
    assert not any(r[1] == "CLAG regimen" and r[2] == "venetoclax" for r in rows)
    assert (IFN, "Interferon Group", "peginterferon alfa-2b", "135", "ug", "FLAT", "weekly",
            "", "SC", "") in rows
    assert ("NCT06713837", "Low intensity treatment", "cladribine", "5", "mg/m2",
            "BODY_SURFACE", "", "", "", "") in rows
