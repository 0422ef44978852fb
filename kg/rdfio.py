"""RDF files in and out: the format registry, deterministic writers, parsers that report lines."""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from rdflib import Dataset, Graph, URIRef

from kg.errors import GraphFileError
from kg.mapping import Triple
from kg.namespaces import PREFIXES


@dataclass(frozen=True, slots=True)
class RdfFormat:
    """One serialisation: its CLI name, rdflib plugin, file suffix, media type, named graphs."""

    name: str
    rdflib: str
    suffix: str
    media_type: str
    quads: bool


FORMATS: dict[str, RdfFormat] = {
    f.name: f
    for f in (
        RdfFormat("turtle", "turtle", ".ttl", "text/turtle", False),
        RdfFormat("nt", "nt", ".nt", "application/n-triples", False),
        RdfFormat("jsonld", "json-ld", ".jsonld", "application/ld+json", False),
        RdfFormat("trig", "trig", ".trig", "application/trig", True),
        RdfFormat("nquads", "nquads", ".nq", "application/n-quads", True),
    )
}
_BY_SUFFIX = {f.suffix: f for f in FORMATS.values()} | {
    ".json": FORMATS["jsonld"],
    ".n3": FORMATS["turtle"],
    ".nquads": FORMATS["nquads"],
    ".ntriples": FORMATS["nt"],
}


def format_for(path: Path) -> RdfFormat:
    """The format a graph file's suffix names; raises GraphFileError for an unknown one."""
    try:
        return _BY_SUFFIX[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(_BY_SUFFIX))
        raise GraphFileError(str(path), f"unknown RDF file suffix (known: {known})") from None


def _bind(graph: Graph) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)


def to_dataset(graphs: Iterable[tuple[URIRef, Sequence[Triple]]]) -> Dataset:
    """A dataset with one named graph per (graph IRI, triples) pair."""
    ds = Dataset(default_union=True)
    _bind(ds)
    for name, triples in graphs:
        g = ds.graph(name)
        for t in triples:
            g.add(t)
    return ds


def serialize(ds: Dataset, fmt: RdfFormat) -> bytes:
    """Serialise deterministically: the same dataset always gives the same bytes.

    Line formats are sorted; JSON-LD is re-emitted with sorted nodes and keys; Turtle and TriG
    come from rdflib's writers, which order subjects and predicates.
    """
    if fmt.name == "trig":
        return _trig(ds)
    if fmt.quads:
        target: Graph = ds
    else:
        target = Graph(bind_namespaces="none")
        _bind(target)
        for s, p, o, _ in ds.quads((None, None, None, None)):
            target.add((s, p, o))
    data = target.serialize(format=fmt.rdflib, encoding="utf-8")
    if fmt.name in ("nt", "nquads"):
        lines = sorted(set(data.decode("utf-8").splitlines()) - {""})
        return ("\n".join(lines) + "\n").encode("utf-8")
    if fmt.name == "jsonld":
        doc = json.loads(data)
        nodes = doc if isinstance(doc, list) else doc.get("@graph", [doc])
        for node in nodes:
            for key, value in node.items():
                if isinstance(value, list):
                    node[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True))
        nodes.sort(key=lambda n: n.get("@id", ""))
        return (json.dumps(nodes, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
    return data


def _trig(ds: Dataset) -> bytes:
    """TriG with the named graphs in IRI order, each written by rdflib's Turtle writer."""
    head: list[str] = []
    parts: list[str] = []
    for g in sorted(ds.graphs(), key=lambda g: str(g.identifier)):
        if len(g) == 0 or not isinstance(g.identifier, URIRef):
            continue
        turtle = Graph(bind_namespaces="none")
        _bind(turtle)
        for t in g:
            turtle.add(t)
        lines = turtle.serialize(format="turtle").splitlines()
        head.extend(x for x in lines if x.startswith("@prefix") and x not in head)
        # No re-indenting: a line may sit inside a multi-line string literal.
        body = [x for x in lines if not x.startswith("@prefix")]
        parts.append(f"{g.identifier.n3()} {{\n" + "\n".join(body).strip("\n") + "\n}\n")
    return ("\n".join(sorted(head)) + "\n\n" + "\n".join(parts)).encode("utf-8")


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old content or the new, never a partial one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_LINE = re.compile(r"(?:line |at |position )?(\d+)[:.](\d+)")


def load_store(paths: Sequence[Path], store: pyoxigraph.Store | None = None) -> pyoxigraph.Store:
    """Parse graph files into a pyoxigraph store; raises GraphFileError with the line number."""
    store = store if store is not None else pyoxigraph.Store()
    for path in paths:
        fmt = format_for(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise GraphFileError(str(path), f"cannot read: {exc.strerror}") from None
        try:
            store.load(data, pyoxigraph.RdfFormat.from_media_type(fmt.media_type))
        except SyntaxError as exc:
            m = _LINE.search(str(exc))
            # pyoxigraph 0.5 sets the (1-based) line on the error; older messages count from 0.
            line = exc.lineno or (int(m.group(1)) + 1 if m else None)
            raise GraphFileError(str(path), f"syntax error: {exc}", line) from None
    return store
