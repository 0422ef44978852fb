"""SHACL validation of a trial graph: the only module that imports pyshacl; a typed report."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph
from pyshacl import validate as pyshacl_validate
from pyshacl.entrypoints import meta_validate
from pyshacl.errors import ReportableRuntimeError
from rdflib import ConjunctiveGraph, Dataset, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import PROV, RDF, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import IdentifiedNode, Node

from kg.errors import GraphFileError, ShapesError
from kg.namespaces import KG, PREFIXES
from kg.rdfio import load_store
from kg.resources import SHAPES_DIR

SHAPES_NS = "https://w3id.org/kg-trials/shapes#"
REPORT_PREFIXES: dict[str, str] = {**PREFIXES, "sh": str(SH), "kgsh": SHAPES_NS}


class Severity(StrEnum):
    """The severity of a SHACL result (sh:Violation, sh:Warning, sh:Info)."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"


_SEVERITIES: dict[Node | None, Severity] = {
    SH.Violation: Severity.VIOLATION, SH.Warning: Severity.WARNING, SH.Info: Severity.INFO}


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """One SHACL result, with the trial its focus node belongs to.

    ``nct_id`` is the trial the focus node belongs to: read from a trial-scoped IRI
    (``<base>trial/NCT...``), or found by following kg links back to the one trial that reaches
    the node. A shared node that several trials reach (an organisation, a drug, the build) has
    no single trial: ``nct_id`` is None and ``trials`` lists them all.
    """

    nct_id: str | None
    focus_node: IdentifiedNode
    path: str | None
    value: Node | None
    message: str
    severity: Severity
    constraint_component: URIRef
    source_shape: IdentifiedNode
    trials: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """The outcome of validating one graph: conforms unless some result is a violation.

    Warnings and infos are reported but do not make the graph non-conforming. ``graph`` is
    the standard SHACL validation report (sh:ValidationReport) as the engine produced it.
    """

    conforms: bool
    results: tuple[ValidationResult, ...]
    graph: Graph = field(compare=False, repr=False)

    def of(self, severity: Severity) -> tuple[ValidationResult, ...]:
        """The results of one severity."""
        return tuple(r for r in self.results if r.severity is severity)

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        """The results that make the graph non-conforming."""
        return self.of(Severity.VIOLATION)

    @property
    def warnings(self) -> tuple[ValidationResult, ...]:
        """The likely problems a curator should look at."""
        return self.of(Severity.WARNING)


# ---------------------------------------------------------------- shapes


def shape_files(shapes_dir: Path = SHAPES_DIR) -> list[Path]:
    """The Turtle files of a shapes folder, in name order; raises ShapesError if there are none."""
    if not shapes_dir.is_dir():
        raise ShapesError(str(shapes_dir), "no such shapes folder")
    files = sorted(shapes_dir.glob("*.ttl"))
    if not files:
        raise ShapesError(str(shapes_dir), "the folder holds no shapes (*.ttl files)")
    return files


def load_shapes(shapes_dir: Path = SHAPES_DIR, *, check: bool = True) -> Graph:
    """The shapes graph of a folder; with ``check``, also validated against SHACL's own shapes.

    Cached while the files are unchanged; the graph returned is shared, so do not modify it.
    Raises ShapesError naming the file and line of a syntax error, or what makes the shapes
    unusable.
    """
    files = shape_files(shapes_dir)
    key = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    graph = _parse_shapes(str(shapes_dir), key)
    if check:
        _check_shapes(str(shapes_dir), key)
    return graph


@lru_cache(maxsize=8)
def _parse_shapes(shapes_dir: str, files: tuple[tuple[str, int, int], ...]) -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, ns in REPORT_PREFIXES.items():
        graph.bind(prefix, ns)
    for name, _, _ in files:
        path = Path(name)
        try:
            load_store([path])  # pyoxigraph reports the line of a syntax error
        except GraphFileError as exc:
            raise ShapesError(name, exc.message, exc.line) from None
        try:
            graph.parse(path, format="turtle")
        except (SyntaxError, ValueError) as exc:  # rdflib's BadSyntax is a SyntaxError
            raise ShapesError(name, f"cannot be read: {exc}") from None
    if not any(graph.subjects(SH.targetClass, None)):
        raise ShapesError(shapes_dir, "no shape with a target (sh:targetClass) was found")
    return graph


@lru_cache(maxsize=8)
def _check_shapes(shapes_dir: str, files: tuple[tuple[str, int, int], ...]) -> None:
    """Validate the shapes graph with the SHACL shapes for SHACL (a few seconds)."""
    try:
        conforms, _, text = meta_validate(_parse_shapes(shapes_dir, files))
    except ReportableRuntimeError as exc:
        raise ShapesError(shapes_dir, f"the shapes cannot be read: {exc}") from None
    if not conforms:
        raise ShapesError(shapes_dir, "the shapes are not valid SHACL:\n" + str(text).strip())


# ---------------------------------------------------------------- data


def load_graph(paths: Sequence[Path]) -> Graph:
    """The union of graph files (any format kg reads) as one rdflib graph.

    Raises GraphFileError naming the file and, for a syntax error, the line.
    """
    store = load_store(paths)
    data = store.dump(format=pyoxigraph.RdfFormat.N_QUADS)
    ds = Dataset()
    if data:
        ds.parse(data=data, format="nquads")
    return union_graph(ds)


def union_graph(data: Graph) -> Graph:
    """A graph with every triple of a dataset's graphs (a plain graph is returned as it is).

    SHACL engines validate each named graph of a dataset on its own; kg's rules span trials
    (an NCT number is unique), so they see one graph.
    """
    if not isinstance(data, ConjunctiveGraph):
        return data
    flat = Graph(bind_namespaces="none")
    for prefix, ns in data.namespaces():
        flat.bind(prefix, ns)
    for s, p, o, _ in data.quads((None, None, None, None)):
        flat.add((s, p, o))
    return flat


# ---------------------------------------------------------------- validation


def validate(data: Graph, shapes_dir: Path = SHAPES_DIR, *, check_shapes: bool = True
             ) -> ValidationReport:
    """Validate a graph (or the union of a dataset's graphs) against the shapes of a folder.

    pyshacl is the engine; no inference is made, so the data graph is read as it is.
    ``check_shapes`` first validates the shapes themselves against SHACL's own shapes (slow;
    the bundled shapes are checked by the tests). Raises ShapesError when the shapes are
    missing or broken: that is never a non-conformance.
    """
    shapes = load_shapes(shapes_dir, check=check_shapes)
    graph = union_graph(data)
    graph = _PreparedQueries(store=graph.store, identifier=graph.identifier,
                             namespace_manager=graph.namespace_manager)
    try:
        _, report, _ = pyshacl_validate(graph, shacl_graph=shapes, inference=None,
                                        allow_warnings=True, allow_infos=True, inplace=True)
    except ReportableRuntimeError as exc:
        raise ShapesError(str(shapes_dir), f"the shapes cannot be applied: {exc}") from None
    if not isinstance(report, Graph):
        raise ShapesError(str(shapes_dir), f"validation failed: {report}")
    return report_from_graph(report, graph)


class _PreparedQueries(Graph):
    """A view of a graph that parses each SPARQL query text once.

    pyshacl sends the text of a SPARQL-based constraint once per focus node, and parsing it
    costs more than running it; the prepared query is evaluated with the same bindings.
    """

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@lru_cache(maxsize=256)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


def report_from_graph(report: Graph, data: Graph) -> ValidationReport:
    """Read a standard SHACL validation report into typed results, ordered by trial."""
    finder = _TrialFinder(data)
    results = []
    for node in report.objects(None, SH.result):
        focus = report.value(node, SH.focusNode)
        shape = report.value(node, SH.sourceShape)
        component = report.value(node, SH.sourceConstraintComponent)
        if not isinstance(focus, IdentifiedNode) or not isinstance(shape, IdentifiedNode) \
                or not isinstance(component, URIRef):
            continue
        path = report.value(node, SH.resultPath)
        messages = sorted({str(m) for m in report.objects(node, SH.resultMessage)})
        trials = finder.trials(focus)
        results.append(ValidationResult(
            nct_id=trials[0] if len(trials) == 1 else None,
            focus_node=focus,
            path=path_text(report, path) if path is not None else None,
            value=report.value(node, SH.value),
            message=" ".join(messages),
            severity=_SEVERITIES.get(report.value(node, SH.resultSeverity), Severity.VIOLATION),
            constraint_component=component,
            source_shape=shape,
            trials=trials,
        ))
    results.sort(key=_order)
    conforms = not any(r.severity is Severity.VIOLATION for r in results)
    return ValidationReport(conforms, tuple(results), report)


def _order(r: ValidationResult) -> tuple[str, str, str, str, str]:
    value = r.value.n3() if r.value is not None else ""
    return (r.nct_id or "~" + ",".join(r.trials), str(r.focus_node), r.path or "",
            str(r.constraint_component), value)


def compact(iri: str) -> str:
    """An IRI as a CURIE with kg's prefixes (``kg:nctId``), or ``<iri>`` when none fits."""
    for prefix, ns in sorted(REPORT_PREFIXES.items(), key=lambda kv: -len(kv[1])):
        rest = iri[len(ns):]
        if iri.startswith(ns) and re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", rest or "_"):
            return f"{prefix}:{rest}"
    return f"<{iri}>"


def path_text(graph: Graph, path: Node) -> str:
    """A SHACL property path in SPARQL property-path syntax: ``kg:a/kg:b``, ``^kg:c``."""
    if isinstance(path, URIRef):
        return compact(str(path))
    if not isinstance(path, IdentifiedNode):
        return str(path)
    if graph.value(path, RDF.first) is not None:
        return "/".join(path_text(graph, p) for p in Collection(graph, path))
    for prop, template in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "({})*"),
                           (SH.oneOrMorePath, "({})+"), (SH.zeroOrOnePath, "({})?")):
        inner = graph.value(path, prop)
        if inner is not None:
            return template.format(path_text(graph, inner))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(path_text(graph, p) for p in Collection(graph, alternatives)) + ")"
    return path.n3()


_TRIAL_IRI = re.compile(r"trial/(NCT[0-9]{8})(?=$|[/#])")
_UPWARD = (PROV.wasDerivedFrom, PROV.wasGeneratedBy, PROV.wasAssociatedWith)


class _TrialFinder:
    """Which trials a node belongs to: by its IRI, or by following kg links backwards."""

    def __init__(self, data: Graph, max_depth: int = 5) -> None:
        self.data = data
        self.max_depth = max_depth
        self.cache: dict[Node, tuple[str, ...]] = {}

    def _nct(self, node: Node) -> str | None:
        m = _TRIAL_IRI.search(str(node)) if isinstance(node, URIRef) else None
        if m:
            return m.group(1)
        nct = self.data.value(node, KG.nctId)
        return str(nct) if nct is not None else None

    def trials(self, node: Node) -> tuple[str, ...]:
        if node in self.cache:
            return self.cache[node]
        own = _TRIAL_IRI.search(str(node)) if isinstance(node, URIRef) else None
        if own:
            self.cache[node] = (own.group(1),)
            return self.cache[node]
        found: set[str] = set()
        seen, queue = {node}, deque([(node, 0)])
        while queue:
            current, depth = queue.popleft()
            if (current, RDF.type, KG.Trial) in self.data:
                nct = self._nct(current)
                if nct:
                    found.add(nct)
                continue
            if depth >= self.max_depth:
                continue
            for subject, predicate in self.data.subject_predicates(current):
                if subject not in seen and (str(predicate).startswith(str(KG._NS))
                                            or predicate in _UPWARD):
                    seen.add(subject)
                    queue.append((subject, depth + 1))
        self.cache[node] = tuple(sorted(found))
        return self.cache[node]
