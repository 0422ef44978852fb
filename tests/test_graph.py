"""The seed graph: facts in RDF, two independent parsers, byte-identical output, every format."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from kg.iris import Minter
from kg.namespaces import KG
from kg.rdfio import FORMATS, serialize

M = Minter()


def test_shared_organisation_nodes(seed_dataset: Dataset) -> None:
    bologna = M.organization("University of Bologna")
    impact = M.trial("NCT06713837")
    # collaborator of IMPACT-AML and affiliation of its study chair: one node
    sponsors = {o for s in seed_dataset.objects(impact, KG.hasSponsorship)
                for o in seed_dataset.objects(s, KG.sponsor)}
    official = M.in_trial("NCT06713837", "official", "1")
    assert bologna in sponsors
    assert (official, KG.affiliation, bologna) in seed_dataset
    genova = [M.in_trial("NCT06713837", "site", str(n)) for n in (10, 11)]
    facilities = {seed_dataset.value(s, KG.facility) for s in genova}
    assert facilities == {M.organization("IRCCS Ospedale Policlinico San Martino")}


def test_typed_literals(seed_dataset: Dataset) -> None:
    impact = M.trial("NCT06713837")
    assert seed_dataset.value(impact, KG.enrollment) == Literal(339, datatype=XSD.integer)
    assert seed_dataset.value(impact, KG.startDate) == Literal("2025-02-27", datatype=XSD.date)
    el = seed_dataset.value(impact, KG.hasEligibility)
    assert seed_dataset.value(el, KG.healthyVolunteers) == Literal(False)
    age = seed_dataset.value(el, KG.minimumAge)
    assert seed_dataset.value(age, KG.ageValue) == Literal(18, datatype=XSD.integer)
    assert seed_dataset.value(age, RDFS.label) == Literal("18 Years")


def test_provenance(seed_dataset: Dataset) -> None:
    import hashlib

    from kg.resources import SEEDS_DIR

    data = (SEEDS_DIR / "001_b075fe9dc50a3eed.txt").read_bytes()
    record = M.in_trial("NCT03765541", "record")
    assert (M.trial("NCT03765541"), URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"),
            record) in seed_dataset
    assert str(seed_dataset.value(record, KG.sha256)) == hashlib.sha256(data).hexdigest()
    assert str(seed_dataset.value(record, KG.fileName)) == "001_b075fe9dc50a3eed.txt"
    assert str(seed_dataset.value(record, KG.lastUpdated)) == "2025-04-10"


def test_text_is_clean(seed_dataset: Dataset) -> None:
    text = " ".join(str(o) for o in seed_dataset.objects() if isinstance(o, Literal))
    for furniture in ("[email protected]", "Loading...", "Sign up as volunteer",
                      "Dive into the extended narrative", "\\>", "\\[", "Related Clinical Trials",
                      "NCT03465540", "What is a clinical trial?"):
        assert furniture not in text
    assert "aged>18 years" in text


def test_one_named_graph_per_trial(seed_dataset: Dataset) -> None:
    names = {g.identifier for g in seed_dataset.graphs() if len(g)}
    assert names == {M.trial(n) for n in ("NCT03765541", "NCT05327894", "NCT06713837",
                                          "NCT06763666", "NCT06802718")}


def test_turtle_parses_in_rdflib_and_pyoxigraph(seed_dataset: Dataset) -> None:
    data = serialize(seed_dataset, FORMATS["turtle"])
    g = Graph().parse(data=data, format="turtle")
    ox = list(pyoxigraph.parse(data, pyoxigraph.RdfFormat.TURTLE))
    assert len(g) == len(ox) == len(set(seed_dataset.triples((None, None, None))))
    assert (M.trial("NCT06713837"), RDF.type, KG.Trial) in g


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_round_trips(seed_dataset: Dataset, fmt: str) -> None:
    f = FORMATS[fmt]
    data = serialize(seed_dataset, f)
    union = Graph()
    for s, p, o, _ in seed_dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    if f.quads:
        back = Dataset()
        back.parse(data=data, format=f.rdflib)
        assert {g.identifier for g in back.graphs() if len(g)} == {
            g.identifier for g in seed_dataset.graphs() if len(g)}
        flat = Graph()
        for s, p, o, _ in back.quads((None, None, None, None)):
            flat.add((s, p, o))
    else:
        flat = Graph().parse(data=data, format=f.rdflib)
    assert isomorphic(flat, union)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_output_is_byte_identical_across_runs(tmp_path: Path, fmt: str) -> None:
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"{seed}.out"
        subprocess.run([sys.executable, "-m", "kg", "build", "-f", fmt, "-o", str(out)],
                       check=True, env={"PYTHONHASHSEED": seed, "PATH": ""},
                       capture_output=True)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
