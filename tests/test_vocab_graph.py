"""Drugs in the seed graph: every mention resolved, one node per substance, identifiers as the
reference table states them, IMPACT-AML's regimens, and ``kg link``."""

from __future__ import annotations

import csv
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg import model
from kg.cli import main
from kg.iris import Minter
from kg.namespaces import KG
from kg.pipeline import build_dataset, store_from_dataset
from kg.queries import resolve, run_local
from kg.rdfio import FORMATS, serialize
from kg.vocab.table import load_table

REFERENCE = Path(__file__).resolve().parent / "data" / "reference_drugs.tsv"
IMPACT, DEXA, CLAG = "NCT06713837", "NCT03765541", "NCT06763666"
# Bioregistry prefix -> column of the reference table
REFERENCE_COLUMNS = {"chebi": "chebi", "drugbank": "drugbank", "rxnorm": "rxnorm", "atc": "atc",
                     "mesh": "mesh", "ncit": "ncit", "unii": "unii",
                     "pubchem.compound": "pubchem_cid", "chembl.compound": "chembl",
                     "wikidata": "wikidata"}


@pytest.fixture(scope="module")
def store(seed_dataset: Dataset) -> pyoxigraph.Store:
    return store_from_dataset(seed_dataset)


def rows(store: pyoxigraph.Store, name: str, **params: str) -> list[dict[str, str]]:
    return run_local(resolve(name), store, params)[1]


def test_every_seed_mention_resolves(store: pyoxigraph.Store) -> None:
    mentions = rows(store, "drug-mentions")
    assert {r["nct_id"] for r in mentions} == {DEXA, IMPACT, CLAG, "NCT06802718"}
    assert [r for r in mentions if r["status"] != "resolved"] == []


def test_one_node_per_substance(seed_dataset: Dataset) -> None:
    cytarabine = Minter().drug("cytarabine")
    graphs = {g.identifier for g in seed_dataset.graphs()
              if (None, None, cytarabine) in g and (cytarabine, RDF.type, KG.Drug) in g}
    assert graphs == {Minter().trial(n) for n in (DEXA, IMPACT, CLAG)}
    union = Graph()
    for s, p, o, _ in seed_dataset.quads((cytarabine, None, None, None)):
        union.add((s, p, o))
    assert set(union.objects(cytarabine, RDFS.label)) == {Literal("cytarabine")}
    assert Minter().drug("Cytarabine") == cytarabine  # "Cytarabine" in two trials: one node


def test_identifiers_agree_with_the_reference_table(store: pyoxigraph.Store) -> None:
    graph: dict[str, dict[str, set[str]]] = {}
    for r in rows(store, "drug-links"):
        graph.setdefault(r["drug_label"], {}).setdefault(r["vocabulary"], set()).add(r["curie"])
    with REFERENCE.open(encoding="utf-8", newline="") as f:
        reference = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    compared = set()
    for ref in reference:
        if ref["name"] not in graph:
            continue
        compared.add(ref["name"])
        for prefix, column in REFERENCE_COLUMNS.items():
            expected = {f"{prefix}:{v.removeprefix('CHEBI:')}" for v in ref[column].split("|")
                        if v}
            assert graph[ref["name"]].get(prefix, set()) == expected, (ref["name"], prefix)
    # every drug of the reference table but blinatumomab, which no seed record names
    assert compared == {r["name"] for r in reference} - {"blinatumomab"}


def test_drugs_query_gives_curies(store: pyoxigraph.Store) -> None:
    by_drug = {r["drug"]: r for r in rows(store, "drugs")}
    cyt = by_drug["cytarabine"]
    assert (cyt["chebi"], cyt["drugbank"], cyt["rxnorm"], cyt["atc"], cyt["mesh"], cyt["ncit"],
            cyt["unii"], cyt["pubchem"], cyt["chembl"], cyt["wikidata"]) == (
        "chebi:28680", "drugbank:DB00987", "rxnorm:3041", "atc:L01BC01", "mesh:D003561",
        "ncit:C408", "unii:04079A1RDZ", "pubchem.compound:6253", "chembl.compound:CHEMBL803",
        "wikidata:Q180983")
    assert by_drug["cladribine"]["atc"] == "atc:L01BB04|atc:L04AA40"


# The substances IMPACT-AML's two regimen lists name, directly or through a named regimen
# (FLAG-IDA and FLAMSA include G-CSF, given as filgrastim).
IMPACT_HIGH = {"cytarabine", "mitoxantrone", "etoposide", "fludarabine", "idarubicin",
               "filgrastim", "cladribine", "amsacrine", "daunorubicin"}
IMPACT_LOW = {"venetoclax", "decitabine", "azacitidine", "cytarabine", "gilteritinib",
              "cladribine", "glasdegib", "ivosidenib", "gemtuzumab ozogamicin"}


def test_trial_drugs_of_impact_aml(store: pyoxigraph.Store) -> None:
    got: dict[str, set[str]] = {}
    for r in rows(store, "trial-drugs"):
        if r["nct_id"] == IMPACT:
            got.setdefault(r["arm_label"], set()).add(r["drug"])
    assert got == {"High intensity treatment": IMPACT_HIGH, "Low intensity treatment": IMPACT_LOW}
    assert len(IMPACT_HIGH | IMPACT_LOW) == 16


def test_impact_aml_regimens_and_components(store: pyoxigraph.Store) -> None:
    got = {(r["arm_label"], r["regimen"], r["component_drugs"])
           for r in rows(store, "regimens") if r["nct_id"] == IMPACT}
    high, low = "High intensity treatment", "Low intensity treatment"
    assert got == {
        (high, "MEC", "cytarabine|etoposide|mitoxantrone"),
        (high, "FLAG-IDA", "cytarabine|filgrastim|fludarabine|idarubicin"),
        (high, "2CDA+HDAraC", "cladribine|cytarabine"),
        (high, "MiDAC", "cytarabine|mitoxantrone"),
        (high, "FLAMSA", "amsacrine|cytarabine|filgrastim|fludarabine"),
        (high, "HAM", "cytarabine|mitoxantrone"),
        (high, "7+3", "cytarabine|daunorubicin"),
        (low, "Ven+HMA", "hypomethylating agents|venetoclax"),
        (low, "Ven+LDAC", "cytarabine|venetoclax"),
    }


def test_clag_arms_point_to_their_regimens(store: pyoxigraph.Store) -> None:
    got = {(r["arm_label"], r["regimen"]) for r in rows(store, "regimens")
           if r["nct_id"] == CLAG}
    assert got == {("CLAGV regimen", "CLAG+VEN"), ("CLAG regimen", "CLAG")}


@pytest.mark.parametrize("key", ["cytarabine", "Ara-C", "HiDAC", "Cytosar", "CHEBI:28680",
                                 "chebi:28680", "DB00987", "rxnorm:3041", "L01BC01",
                                 "<http://purl.obolibrary.org/obo/CHEBI_28680>"])
def test_trials_by_drug_accepts_names_and_identifiers(store: pyoxigraph.Store, key: str) -> None:
    got = {(r["nct_id"], r["drug"]) for r in rows(store, "trials-by-drug", drug=key)}
    assert got == {(DEXA, "cytarabine"), (IMPACT, "cytarabine"), (CLAG, "cytarabine")}


def test_trials_by_drug_brand(store: pyoxigraph.Store) -> None:
    got = [(r["nct_id"], r["arms"]) for r in rows(store, "trials-by-drug", drug="Vidaza")]
    assert got == [(DEXA, "Standard salvage therapy + dexamethasone|"
                          "Standard salvage therapy alone"),
                   (IMPACT, "Low intensity treatment")]


def test_link_report_and_sssom(tmp_path: Path) -> None:
    out = tmp_path / "drugs.sssom.tsv"
    result = CliRunner().invoke(main, ["link", "--report", "--strict", "--sssom", str(out)])
    assert result.exit_code == 0, result.output
    assert "unresolved: 0" in result.stdout.splitlines()[0]
    text = out.read_text(encoding="utf-8")
    meta = [line for line in text.splitlines() if line.startswith("#")]
    assert f"# mapping_set_version: {load_table().version}" in meta
    assert "#   chebi: http://purl.obolibrary.org/obo/CHEBI_" in meta
    body = list(csv.DictReader([x for x in text.splitlines() if not x.startswith("#")],
                               delimiter="\t"))
    row = next(r for r in body if r["object_id"] == "chebi:28680")
    assert (row["subject_id"], row["subject_label"], row["predicate_id"],
            row["mapping_justification"]) == ("kgdrug:cytarabine", "cytarabine",
                                              "skos:exactMatch", "semapv:ManualMappingCuration")


def unresolved_trial() -> model.Trial:
    iv = model.Intervention("Foobarinib", model.InterventionType.DRUG)
    return model.Trial(
        "NCT09999999", "A synthetic trial of an unknown drug",
        model.Source("synthetic.txt", "0" * 64, "test"), interventions=(iv,),
        arms=(model.Arm("Foobarinib arm", model.ArmType.EXPERIMENTAL,
                        interventions=("Foobarinib",)),))


def test_link_strict_exits_1_on_an_unresolved_mention(tmp_path: Path) -> None:
    graph = tmp_path / "g.ttl"
    graph.write_bytes(serialize(build_dataset([unresolved_trial()]), FORMATS["turtle"]))
    result = CliRunner().invoke(main, ["link", str(graph), "--strict", "--report"])
    assert result.exit_code == 1
    assert "unresolved: NCT09999999: 'Foobarinib'" in result.stdout
    assert CliRunner().invoke(main, ["link", str(graph)]).exit_code == 0


def test_unresolved_mention_keeps_its_words(tmp_path: Path) -> None:
    ds = build_dataset([unresolved_trial()])
    mention = URIRef(str(Minter().in_trial("NCT09999999", "intervention", "foobarinib",
                                           "mention", "1")))
    assert (mention, KG.mentionText, Literal("Foobarinib")) in ds
    assert not list(ds.objects(mention, KG.resolvesTo))
