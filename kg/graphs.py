"""The named graphs that kg load and kg serve send: one per trial, plus one for the ontology."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from kg.errors import GraphFileError
from kg.rdfio import format_for, load_store
from kg.resources import ONTOLOGY_FILE

# The ontology's graph is named by the ontology's own IRI (its owl:Ontology node).
ONTOLOGY_GRAPH = "https://w3id.org/kg-trials/ontology"


@dataclass(frozen=True, slots=True)
class NamedGraph:
    """One named graph: its IRI and its triples, in the store's (deterministic) order."""

    iri: str
    triples: tuple[pyoxigraph.Triple, ...]


def store_from_files(paths: Sequence[Path]) -> pyoxigraph.Store:
    """Named graphs from N-Quads or TriG files (kg build -f nquads|trig).

    Raises GraphFileError for a file without named graphs (Turtle, N-Triples, JSON-LD, or
    TriG whose triples sit in the default graph): a load needs one graph per trial.
    """
    store = pyoxigraph.Store()
    for path in paths:
        if not format_for(path).quads:
            raise GraphFileError(str(path), "has no named graphs: build it with"
                                 " 'kg build -f nquads' or '-f trig' (one graph per trial)")
        one = load_store([path])
        if next(iter(one.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph())), None):
            raise GraphFileError(str(path), "holds triples outside any named graph;"
                                 " each trial must be in its own graph")
        store.extend(one.quads_for_pattern(None, None, None, None))
    return store


def add_ontology(store: pyoxigraph.Store) -> None:
    """Put ontology/kg.ttl into its own named graph (replacing what that graph held)."""
    graph = pyoxigraph.NamedNode(ONTOLOGY_GRAPH)
    store.remove_graph(graph)
    try:
        store.load(path=str(ONTOLOGY_FILE), format=pyoxigraph.RdfFormat.TURTLE, to_graph=graph)
    except (OSError, SyntaxError) as exc:
        raise GraphFileError(str(ONTOLOGY_FILE), f"cannot read the ontology: {exc}") from None


def named_graphs(store: pyoxigraph.Store) -> list[NamedGraph]:
    """Every named graph of the store, ordered by IRI with the ontology's graph last."""
    names = sorted(g.value for g in store.named_graphs() if isinstance(g, pyoxigraph.NamedNode))
    names.sort(key=lambda iri: iri == ONTOLOGY_GRAPH)
    return [
        NamedGraph(iri, tuple(q.triple for q in store.quads_for_pattern(
            None, None, None, pyoxigraph.NamedNode(iri))))
        for iri in names
    ]


def nquads(store: pyoxigraph.Store) -> bytes:
    """The whole store as N-Quads (what the local server loads)."""
    data = store.dump(format=pyoxigraph.RdfFormat.N_QUADS)
    assert data is not None
    return data
