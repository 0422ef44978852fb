"""kg validate and the validating kg build: reports, exit codes 0/1/2; the ontology checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from kg.cli import main
from kg.namespaces import KG, VOCAB
from kg.ontology_check import check_ontology
from kg.resources import ONTOLOGY_FILE, SEEDS_DIR

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
IMPACT = SEEDS_DIR / "000_a572ec62bb855f1a.txt"
T1 = URIRef("https://w3id.org/kg-trials/id/trial/NCT03765541")


def case_file(tmp_path: Path, name: str) -> Path:
    graph = Graph().parse(FIXTURES / "base.ttl", format="turtle")
    graph.update((FIXTURES / "cases" / f"{name}.ru").read_text(encoding="utf-8"))
    path = tmp_path / f"{name}.ttl"
    graph.serialize(path, format="turtle")
    return path


def test_validate_seed_build_exits_0() -> None:
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "conforms: 0 violations, 0 warnings\n"


def test_validate_reports_by_trial_and_exits_1(tmp_path: Path) -> None:
    path = case_file(tmp_path, "trial-nct-id-pattern")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "NCT03765541 (2 results)"
    assert "  Violation: A trial needs exactly one NCT number: the letters NCT followed by eight" \
           " digits, such as NCT06713837." in lines
    assert '    value:      "NCT3765541"' in lines
    assert "    path:       kg:nctId" in lines
    assert lines[-1] == "does not conform: 2 violations, 0 warnings"


def test_validate_groups_shared_nodes_apart(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(case_file(tmp_path, "build-without-agent"))])
    assert result.exit_code == 1
    assert result.stdout.startswith("shared nodes (1 result)\n")
    assert "    trials:     NCT03765541, NCT06713837" in result.stdout


def test_warnings_alone_exit_0(tmp_path: Path) -> None:
    path = case_file(tmp_path, "trial-recruiting-past-completion")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0
    assert result.stdout.startswith("NCT06713837 (1 result)\n  Warning: The trial is still marked")


def test_turtle_report_is_standard_and_stable(tmp_path: Path) -> None:
    path = case_file(tmp_path, "trial-nct-id-pattern")
    first = CliRunner().invoke(main, ["validate", str(path), "-f", "turtle"])
    second = CliRunner().invoke(main, ["validate", str(path), "-f", "turtle"])
    assert first.exit_code == 1 and first.stdout == second.stdout
    report = Graph().parse(data=first.stdout, format="turtle")
    (node,) = report.subjects(RDF.type, SH.ValidationReport)
    assert report.value(node, SH.conforms) == Literal(False)
    components = {report.value(r, SH.sourceConstraintComponent)
                  for r in report.objects(node, SH.result)
                  if report.value(r, SH.focusNode) == T1}
    assert components == {SH.PatternConstraintComponent, SH.SPARQLConstraintComponent}


def test_json_report(tmp_path: Path) -> None:
    path = case_file(tmp_path, "site-two-statuses")
    result = CliRunner().invoke(main, ["validate", str(path), "-f", "json"])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert (doc["conforms"], doc["violations"], doc["warnings"]) == (False, 1, 0)
    (only,) = doc["results"]
    assert only["nct_id"] == "NCT06713837"
    assert only["focus_node"] == "https://w3id.org/kg-trials/id/trial/NCT06713837/site/1"
    assert only["path"] == "kg:siteStatus"
    assert only["constraint_component"] == str(SH.MaxCountConstraintComponent)
    assert only["source_shape"] == "https://w3id.org/kg-trials/shapes#Site-siteStatus"


def test_syntax_error_names_file_and_line_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n',
                   encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 2
    assert f"error: {bad}:3: syntax error" in result.stderr
    assert result.stdout == ""


def test_missing_shapes_folder_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--shapes", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert result.stderr == f"error: shapes {tmp_path / 'none'}: no such shapes folder\n"


def test_build_validates_and_reports_where(tmp_path: Path) -> None:
    out = tmp_path / "out" / "trials.ttl"
    report = tmp_path / "out" / "trials.validation.txt"
    result = CliRunner().invoke(main, ["build", "-o", str(out)])
    assert result.exit_code == 0
    assert "validation: conforms: 0 violations, 0 warnings" in result.stderr
    assert not report.exists()

    inputs = tmp_path / "in"
    inputs.mkdir()
    # IMPACT-AML starts on 2025-02-27 and completes on 2028-01-31; a start in 2029 is after it.
    text = IMPACT.read_text(encoding="utf-8").replace("\n2025-02-27\n", "\n2029-02-27\n")
    (inputs / IMPACT.name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(inputs), "-o", str(out)])
    assert result.exit_code == 1
    assert f"validation: does not conform: 1 violation, 0 warnings; report: {report}" \
        in result.stderr
    written = report.read_text(encoding="utf-8")
    assert written.startswith("NCT06713837 (1 result)\n")
    assert "The trial starts (2029-02-27) after its completion date (2028-01-31)." in written
    assert out.exists()  # written, and the user is told

    result = CliRunner().invoke(main, ["build", str(inputs), "-o", str(out), "--no-validate"])
    assert result.exit_code == 0 and "validation" not in result.stderr
    result = CliRunner().invoke(main, ["build", "-o", str(out)])
    assert result.exit_code == 0 and not report.exists()  # the stale report is gone


# ---------------------------------------------------------------- the ontology


def test_validate_with_ontology_checks() -> None:
    result = CliRunner().invoke(main, ["validate", "--ontology"])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == "ontology: ok"  # consistent, declared, defined


def test_ontology_checks_find_each_problem(tmp_path: Path) -> None:
    onto = Graph().parse(ONTOLOGY_FILE, format="turtle")
    onto.remove((KG.Arm, RDFS.label, None))
    onto.remove((KG.sex, SKOS.definition, None))
    onto.add((VOCAB["sex-ALL"], SKOS.inScheme, VOCAB["status"]))
    broken = tmp_path / "kg.ttl"
    onto.serialize(broken, format="turtle")
    data = Graph()
    data.add((T1, KG.nctId, Literal("NCT03765541")))
    data.add((T1, URIRef("https://w3id.org/kg-trials/ontology#nickname"), Literal("DEXA")))
    report = check_ontology(data, broken, reason=False)
    assert report.undeclared == ("https://w3id.org/kg-trials/ontology#nickname",)
    assert report.unlabelled == (str(KG.Arm),)
    assert report.undefined == (str(KG.sex),)
    assert report.not_in_one_scheme == (str(VOCAB["sex-ALL"]),)
    assert not report.ok and len(report.problems()) == 4


@pytest.mark.parametrize("disjoint", [(KG.Trial, KG.Arm)])
def test_hermit_finds_an_inconsistency(tmp_path: Path, disjoint: tuple[URIRef, URIRef]) -> None:
    onto = Graph().parse(ONTOLOGY_FILE, format="turtle")
    both = URIRef("https://w3id.org/kg-trials/id/trial/NCT03765541/arm/x")
    for cls in disjoint:  # Trial and Arm are declared disjoint
        onto.add((both, RDF.type, cls))
    onto.add((both, RDF.type, OWL.NamedIndividual))
    broken = tmp_path / "kg.ttl"
    onto.serialize(broken, format="turtle")
    report = check_ontology(None, broken)
    assert not report.consistent
    assert report.problems()[0] == "HermiT finds the ontology inconsistent"
