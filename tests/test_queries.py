"""The bundled queries print the facts the seed records state."""

from __future__ import annotations

import pyoxigraph
import pytest
from click.testing import CliRunner
from rdflib import Dataset

from kg.cli import main
from kg.errors import QueryError
from kg.pipeline import store_from_dataset
from kg.queries import bind, bundled, resolve, run_local

CONTRACT = {
    "trials": ["nct_id", "title", "status", "phases", "enrollment", "enrollment_type",
               "start_date", "completion_date", "lead_sponsor"],
    "arms": ["nct_id", "arm_label", "arm_type", "interventions"],
    "sponsors": ["nct_id", "organization", "role", "class"],
    "sites": ["nct_id", "facility", "city", "country", "status", "contact"],
    "eligibility": ["nct_id", "min_age", "max_age", "sex", "healthy_volunteers",
                    "inclusion_count", "exclusion_count"],
    "trial-drugs": ["nct_id", "arm_label", "drug"],
}


@pytest.fixture(scope="module")
def store(seed_dataset: Dataset) -> pyoxigraph.Store:
    return store_from_dataset(seed_dataset)


def rows(store: pyoxigraph.Store, name: str, **params: str) -> list[dict[str, str]]:
    columns, out = run_local(resolve(name), store, params)
    assert columns == list(resolve(name).columns)
    return out


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_contract_columns(name: str) -> None:
    assert list(bundled()[name].columns) == CONTRACT[name]


def test_trials(store: pyoxigraph.Store) -> None:
    by_id = {r["nct_id"]: r for r in rows(store, "trials")}
    assert set(by_id) == {"NCT03765541", "NCT05327894", "NCT06713837", "NCT06763666",
                          "NCT06802718"}
    impact = by_id["NCT06713837"]
    assert (impact["status"], impact["phases"], impact["enrollment"]) == ("RECRUITING", "PHASE3",
                                                                          "339")
    assert impact["start_date"] == "2025-02-27" and impact["completion_date"] == "2028-01-31"
    assert impact["lead_sponsor"].startswith("Istituto Romagnolo")
    assert by_id["NCT03765541"]["status"] == "TERMINATED"
    clag = by_id["NCT06763666"]
    assert (clag["enrollment"], clag["enrollment_type"], clag["phases"]) == ("172", "ESTIMATED",
                                                                             "PHASE4")


def test_arms(store: pyoxigraph.Store) -> None:
    impact = {r["arm_label"]: r for r in rows(store, "arms") if r["nct_id"] == "NCT06713837"}
    assert impact["Low intensity treatment"]["arm_type"] == "EXPERIMENTAL"
    assert impact["High intensity treatment"]["arm_type"] == "ACTIVE_COMPARATOR"
    dex = {r["arm_label"]: r for r in rows(store, "arms") if r["nct_id"] == "NCT03765541"}
    assert dex["Standard salvage therapy + dexamethasone"]["interventions"] == (
        "Amsacrine|Azacitidine|Cytarabine|Dexamethasone")


def test_sponsors(store: pyoxigraph.Store) -> None:
    impact = [r for r in rows(store, "sponsors") if r["nct_id"] == "NCT06713837"]
    assert sum(r["role"] == "COLLABORATOR" for r in impact) == 16
    assert [r["role"] for r in impact].count("LEAD") == 1
    toscana = next(r for r in impact if r["organization"].startswith("Toscana Life"))
    assert toscana["class"] == "INDUSTRY"


def test_sites(store: pyoxigraph.Store) -> None:
    impact = [r for r in rows(store, "sites") if r["nct_id"] == "NCT06713837"]
    assert len(impact) == 34 and len({r["country"] for r in impact}) == 7
    assert impact[0]["city"] == "Brno" and impact[0]["contact"] == "Jiri Mayer"
    assert impact[0]["status"] == "RECRUITING"
    french = [r for r in rows(store, "sites") if r["nct_id"] == "NCT03765541"]
    assert len(french) == 10 and {r["country"] for r in french} == {"France"}


def test_eligibility(store: pyoxigraph.Store) -> None:
    by_id = {r["nct_id"]: r for r in rows(store, "eligibility")}
    assert by_id["NCT06763666"]["min_age"] == "18 Years"
    assert by_id["NCT06763666"]["max_age"] == "65 Years"
    assert by_id["NCT05327894"]["max_age"] == "365 Days"
    assert by_id["NCT03765541"]["exclusion_count"] == "15"
    impact = by_id["NCT06713837"]
    assert (impact["inclusion_count"], impact["exclusion_count"]) == ("9", "3")
    assert (impact["sex"], impact["healthy_volunteers"]) == ("ALL", "false")


def test_trial_drugs(store: pyoxigraph.Store) -> None:
    got = {(r["nct_id"], r["arm_label"], r["drug"]) for r in rows(store, "trial-drugs")}
    assert ("NCT06763666", "CLAGV regimen", "venetoclax") in got
    assert ("NCT06763666", "CLAG regimen", "venetoclax") not in got
    assert ("NCT03765541", "Standard salvage therapy + dexamethasone", "dexamethasone") in got
    assert ("NCT03765541", "Standard salvage therapy alone", "dexamethasone") not in got


def test_parameter_is_a_term_not_text(store: pyoxigraph.Store) -> None:
    assert [r["sites"] for r in rows(store, "trials-in-country", country="Italy")] == ["22"]
    hostile = 'Italy" } UNION { ?trial ?p ?o } #'
    assert rows(store, "trials-in-country", country=hostile) == []
    assert "VALUES (?country)" in bind(resolve("trials-in-country"), {"country": hostile})


def test_parameter_errors() -> None:
    q = resolve("trials-in-country")
    with pytest.raises(QueryError, match="missing required"):
        bind(q, {})
    with pytest.raises(QueryError, match="unknown parameter"):
        bind(q, {"country": "Italy", "colour": "red"})


def test_cli_query_formats_and_errors() -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["query", "trials", "-f", "csv"])
    assert out.exit_code == 0
    assert out.stdout.splitlines()[0] == ",".join(CONTRACT["trials"])
    assert runner.invoke(main, ["query", "--list"]).stdout.count("\n") == len(bundled())
    missing = runner.invoke(main, ["query", "no-such-query"])
    assert missing.exit_code == 2 and "no bundled query" in missing.stderr
    bad = runner.invoke(main, ["query", "trials-in-country"])
    assert bad.exit_code == 2 and "missing required" in bad.stderr
