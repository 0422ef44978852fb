"""Live look-up of drugs the tables lack, against a real Oxigraph server holding a small
Wikidata-shaped fixture (fictitious items), and its cache on disk."""

from __future__ import annotations

import csv
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from servers import Oxigraph

from kg import model
from kg.cli import main
from kg.iris import Minter, concept
from kg.namespaces import KG
from kg.pipeline import build_dataset
from kg.rdfio import FORMATS, serialize
from kg.vocab.terms import MatchMethod

FIXTURE = Path(__file__).resolve().parent / "data" / "wikidata_fixture.ttl"
NCT = "NCT09999998"
NAMES = ("Examplomab", "FCT-7", "Ambiguzumab", "Nosuchmab")

pytestmark = pytest.mark.endpoint


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Oxigraph]:
    folder = tmp_path / "wikidata"
    folder.mkdir()
    ox = Oxigraph(folder).start()
    try:
        request = urllib.request.Request(f"{ox.url}/store?graph=urn:test:wikidata",
                                         data=FIXTURE.read_bytes(), method="POST",
                                         headers={"Content-Type": "text/turtle"})
        urllib.request.urlopen(request, timeout=30).close()
        yield ox
    finally:
        ox.stop()


@pytest.fixture
def graph(tmp_path: Path) -> Path:
    trial = model.Trial(
        NCT, "A synthetic trial of drugs no table lists",
        model.Source("synthetic.txt", "0" * 64, "test"),
        interventions=tuple(model.Intervention(n, model.InterventionType.DRUG) for n in NAMES),
        arms=(model.Arm("All", model.ArmType.EXPERIMENTAL, interventions=NAMES),))
    path = tmp_path / "synthetic.ttl"
    path.write_bytes(serialize(build_dataset([trial]), FORMATS["turtle"]))
    return path


def link(*args: str) -> Result:
    return CliRunner().invoke(main, ["link", *args])


def sssom_rows(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    lines = [x for x in path.read_text(encoding="utf-8").splitlines() if not x.startswith("#")]
    return {(r["subject_id"], r["object_id"]): r
            for r in csv.DictReader(lines, delimiter="\t")}


def test_look_up_at_a_local_endpoint(server: Oxigraph, graph: Path, tmp_path: Path) -> None:
    url, cache = f"{server.url}/query", tmp_path / "cache"
    sssom, triples = tmp_path / "looked-up.sssom.tsv", tmp_path / "looked-up.ttl"
    result = link(str(graph), "--endpoint", url, "--cache-dir", str(cache), "--sssom",
                  str(sssom), "-o", str(triples), "--report", "--strict")
    assert result.exit_code == 1, result.output  # two names stay unresolved
    assert "  LOOKED_UP: 2" in result.stdout
    assert f"unresolved: {NCT}: 'Ambiguzumab'" in result.stdout
    assert f"unresolved: {NCT}: 'Nosuchmab'" in result.stdout
    rows = sssom_rows(sssom)
    today = date.today().isoformat()
    assert {o for s, o in rows if s == "kgdrug:examplomab"} == {
        "chebi:9000001", "drugbank:DB90001", "mesh:D900000001",
        "chembl.compound:CHEMBL9000001", "unii:TESTUNII01", "wikidata:Q900000001"}
    assert {o for s, o in rows if s == "kgdrug:fictinib"} == {  # found by its alias FCT-7
        "drugbank:DB90002", "atc:L01XX99", "pubchem.compound:900000002", "ncit:C900000002",
        "wikidata:Q900000002"}
    row = rows[("kgdrug:examplomab", "chebi:9000001")]
    assert (row["mapping_justification"], row["mapping_provider"], row["mapping_date"]) == (
        "semapv:LexicalMatching", url, today)

    g = Graph().parse(triples, format="turtle")
    minter = Minter()
    drug = minter.drug("examplomab")
    link_node = minter.drug_link("examplomab", "chebi")
    assert (drug, KG.hasLink, link_node) in g
    assert (link_node, KG.matchMethod, concept(MatchMethod.LOOKED_UP)) in g
    assert (link_node, KG.lookupEndpoint, URIRef(url)) in g
    assert (link_node, KG.lookupDate, Literal(today, datatype=XSD.date)) in g
    mention = minter.in_trial(NCT, "intervention", "examplomab", "mention", "1")
    assert (mention, KG.resolvesTo, drug) in g

    server.stop()  # answers now come from the cache
    again = tmp_path / "again.sssom.tsv"
    cached = link(str(graph), "--endpoint", url, "--cache-dir", str(cache), "--sssom",
                  str(again))
    assert cached.exit_code == 0, cached.output
    assert again.read_text(encoding="utf-8") == sssom.read_text(encoding="utf-8")
    cold = link(str(graph), "--endpoint", url, "--cache-dir", str(tmp_path / "empty"))
    assert cold.exit_code == 2 and url in cold.stderr


def test_no_endpoint_means_no_look_up(graph: Path, tmp_path: Path) -> None:
    result = link(str(graph), "--report", "--cache-dir", str(tmp_path / "cache"))
    assert result.exit_code == 0
    assert "LOOKED_UP" not in result.stdout and "unresolved: 4" in result.stdout
    assert not (tmp_path / "cache").exists()
