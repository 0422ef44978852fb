"""What a load sends: triples in bounded chunks, as N-Triples or as SPARQL Update text whose
values are RDF terms written with rdflib's ``Term.n3()``."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pyoxigraph
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.resources import STORE_SPARQL_DIR

_XSD = "http://www.w3.org/2001/XMLSchema#"
_SLOT = re.compile(r"\{\{([a-z_]+)\}\}")
OPERATION_TRIPLES = 400  # triples per INSERT operation (a request may hold several)
Operation = tuple[str, dict[str, str]]  # a template of queries/store/ and its slots


def template(name: str) -> str:
    """The text of a SPARQL file of queries/store/."""
    return (STORE_SPARQL_DIR / name).read_text(encoding="utf-8")


def fill(text: str, slots: Mapping[str, str]) -> str:
    """Put RDF terms, already serialised with ``Term.n3()``, into a template's slots."""
    return _SLOT.sub(lambda m: slots[m.group(1)], text)


def update_text(operations: Sequence[Operation]) -> str:
    """One SPARQL Update request: the operations in order (the store runs them as one
    transaction), each template without its header comment."""
    parts = []
    for name, slots in operations:
        lines = template(name).splitlines()
        while lines and lines[0].startswith("#"):
            lines.pop(0)
        parts.append(fill("\n".join(lines).strip(), slots))
    return " ;\n".join(parts)


def _rdflib(term: object) -> Node:
    """An rdflib term for a pyoxigraph one (for ``Term.n3()`` in SPARQL Update)."""
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD + "string":
            return Literal(term.value)  # a plain literal: RDF 1.0 stores tell them apart
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    raise TypeError(f"not an RDF term of a triple: {term!r}")


def _update_lines(triples: Sequence[pyoxigraph.Triple]) -> str:
    return "\n".join(" ".join(_rdflib(x).n3() for x in (t.subject, t.predicate, t.object))
                     + " ." for t in triples)


def blank_labels(t: pyoxigraph.Triple) -> list[str]:
    """The labels of the blank nodes of a triple."""
    return [x.value for x in (t.subject, t.object) if isinstance(x, pyoxigraph.BlankNode)]


def chunks(triples: Sequence[pyoxigraph.Triple], size: int) -> list[list[pyoxigraph.Triple]]:
    """Triples in groups of at most ``size``, keeping triples that share blank nodes together
    (a blank node's label only holds within one request). A connected group of blank-node
    triples larger than ``size`` travels alone."""
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    for t in triples:
        labels = blank_labels(t)
        for other in labels[1:]:
            parent[root(other)] = root(labels[0])
    units: dict[object, list[pyoxigraph.Triple]] = {}
    for i, t in enumerate(triples):
        labels = blank_labels(t)
        units.setdefault(root(labels[0]) if labels else i, []).append(t)
    out: list[list[pyoxigraph.Triple]] = [[]]
    for unit in units.values():
        if out[-1] and len(out[-1]) + len(unit) > size:
            out.append([])
        out[-1].extend(unit)
    return out


def staging_graph(graph: str) -> str:
    """The graph a large graph is gathered in before it replaces the real one in one step."""
    return graph + ("&" if "?" in graph else "?") + "kg-load-staging"


def inserts(graph: str, triples: Sequence[pyoxigraph.Triple]) -> list[Operation]:
    """INSERT DATA for the triples without blank nodes, and a template insert for the others
    (Virtuoso refuses blank nodes in INSERT DATA), each operation of a bounded size (Virtuoso
    refuses an operation that compiles to over 10,000 lines of SQL, about 1,500 triples)."""
    plain = [t for t in triples if not blank_labels(t)]
    blank = [t for t in triples if blank_labels(t)]
    return [(name, {"graph": URIRef(graph).n3(), "triples": _update_lines(piece)})
            for name, part in (("insert-data.ru", plain), ("insert-blank.ru", blank))
            for piece in chunks(part, OPERATION_TRIPLES) if piece]
