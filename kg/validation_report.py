"""Validation reports for people and programs: text grouped by trial, SHACL Turtle, JSON."""

from __future__ import annotations

import json
from collections.abc import Callable

from rdflib import Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from kg.validation import REPORT_PREFIXES, Severity, ValidationReport, ValidationResult, compact

SHARED = "shared nodes"


def summary(report: ValidationReport) -> str:
    """One line: the verdict and the count of each severity."""
    counts = [f"{len(report.of(s))} {s.value.lower()}{'s' if len(report.of(s)) != 1 else ''}"
              for s in Severity if s is not Severity.INFO or report.of(s)]
    verdict = "conforms" if report.conforms else "does not conform"
    return f"{verdict}: {', '.join(counts)}"


def _term(term: Node | None) -> str:
    """A term for people: CURIEs where a prefix fits, long literals cut."""
    if term is None:
        return ""
    if isinstance(term, Literal):
        text = str(term)
        shown = json.dumps(text if len(text) <= 120 else text[:117] + "...", ensure_ascii=False)
        if term.language:
            return f"{shown}@{term.language}"
        return f"{shown}^^{compact(str(term.datatype))}" if term.datatype else shown
    if isinstance(term, URIRef):
        return compact(str(term))
    return term.n3()


def _group(report: ValidationReport) -> dict[str, list[ValidationResult]]:
    groups: dict[str, list[ValidationResult]] = {}
    for r in report.results:
        groups.setdefault(r.nct_id or SHARED, []).append(r)
    return groups


def render_text(report: ValidationReport) -> str:
    """The results grouped by trial (shared nodes last), then the summary line."""
    lines: list[str] = []
    for key, results in _group(report).items():
        lines.append(f"{key} ({len(results)} result{'s' if len(results) != 1 else ''})")
        for r in results:
            lines.append(f"  {r.severity.value}: {r.message}")
            lines.append(f"    focus node: {_term(r.focus_node)}")
            if r.path:
                lines.append(f"    path:       {r.path}")
            if r.value is not None:
                lines.append(f"    value:      {_term(r.value)}")
            if key == SHARED and r.trials:
                lines.append(f"    trials:     {', '.join(r.trials)}")
            lines.append(f"    shape:      {_term(r.source_shape)}"
                         f" ({compact(str(r.constraint_component))})")
        lines.append("")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def render_turtle(report: ValidationReport) -> str:
    """The standard SHACL validation report, with stable blank-node labels and order."""
    out = Graph(bind_namespaces="none")
    for prefix, ns in REPORT_PREFIXES.items():
        out.bind(prefix, ns)
    for triple in to_canonical_graph(report.graph):
        out.add(triple)
    return out.serialize(format="turtle")


def _result_json(r: ValidationResult) -> dict[str, object]:
    return {
        "nct_id": r.nct_id,
        "trials": list(r.trials),
        "focus_node": r.focus_node.n3().strip("<>"),
        "path": r.path,
        "value": r.value.n3() if r.value is not None else None,
        "message": r.message,
        "severity": r.severity.value,
        "constraint_component": str(r.constraint_component),
        "source_shape": r.source_shape.n3().strip("<>"),
    }


def render_json(report: ValidationReport) -> str:
    """The verdict, the counts and every result as JSON."""
    doc = {
        "conforms": report.conforms,
        "violations": len(report.violations),
        "warnings": len(report.warnings),
        "infos": len(report.of(Severity.INFO)),
        "results": [_result_json(r) for r in report.results],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


RENDERERS: dict[str, Callable[[ValidationReport], str]] = {
    "text": render_text,
    "turtle": render_turtle,
    "json": render_json,
}
