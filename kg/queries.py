"""Named SPARQL queries from queries/*.rq: header metadata, safe parameter binding, local runs."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph
from rdflib import Literal, URIRef

from kg.errors import QueryError
from kg.resources import QUERIES_DIR

_HEADER = re.compile(r"^#\s*(?P<key>[a-z_]+):\s*(?P<value>.*)$")
_PARAM = re.compile(r"^(?P<name>[a-z_][a-z0-9_]*)\s*\((?P<req>required|optional)\)\s*(?P<doc>.*)$")
_VALUES_SLOT = re.compile(r"#\s*\{\{values\}\}")


@dataclass(frozen=True, slots=True)
class Parameter:
    """A query parameter: enters the query as an RDF term in a VALUES block."""

    name: str
    required: bool
    doc: str


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A SPARQL query with the metadata of its header comment."""

    name: str
    text: str
    title: str
    description: str
    columns: tuple[str, ...]
    sorted_columns: tuple[str, ...]
    parameters: tuple[Parameter, ...]


def parse_query_file(path: Path) -> NamedQuery:
    """Read a .rq file and its ``# key: value`` header; raises QueryError."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(str(path), f"cannot read: {exc}") from None
    meta: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if m:
            meta.setdefault(m.group("key"), []).append(m.group("value").strip())
    params = []
    for spec in meta.get("param", []):
        pm = _PARAM.match(spec)
        if not pm:
            raise QueryError(path.stem, f"bad parameter line: {spec!r}")
        params.append(Parameter(pm.group("name"), pm.group("req") == "required", pm.group("doc")))

    def listed(key: str) -> tuple[str, ...]:
        return tuple(c.strip() for v in meta.get(key, []) for c in v.split(",") if c.strip())

    return NamedQuery(
        name=path.stem,
        text=text,
        title=" ".join(meta.get("title", [path.stem])),
        description=" ".join(meta.get("description", [])),
        columns=listed("columns"),
        sorted_columns=listed("sorted"),
        parameters=tuple(params),
    )


@cache
def bundled() -> dict[str, NamedQuery]:
    """The bundled queries by name."""
    return {p.stem: parse_query_file(p) for p in sorted(QUERIES_DIR.glob("*.rq"))}


def resolve(name_or_path: str) -> NamedQuery:
    """A bundled query by name, or a .rq file by path; raises QueryError."""
    if name_or_path.endswith(".rq"):
        path = Path(name_or_path)
        if not path.is_file():
            raise QueryError(name_or_path, "no such file")
        return parse_query_file(path)
    queries = bundled()
    if name_or_path not in queries:
        raise QueryError(name_or_path, "no bundled query of that name (see 'kg query --list')")
    return queries[name_or_path]


def bind(query: NamedQuery, params: Mapping[str, str]) -> str:
    """The query text with parameters as RDF terms in a VALUES block at ``# {{values}}``.

    Values are rdflib literals (or IRIs when written ``<...>``) serialised with ``Term.n3()``,
    so quotes, ``>`` or ``}`` in a value cannot change the query. Raises QueryError for an
    unknown parameter or a missing required one.
    """
    known = {p.name: p for p in query.parameters}
    for name in params:
        if name not in known:
            raise QueryError(query.name, f"unknown parameter {name!r}"
                             f" (known: {', '.join(known) or 'none'})")
    missing = [p.name for p in query.parameters if p.required and p.name not in params]
    if missing:
        raise QueryError(query.name, f"missing required parameter(s): {', '.join(missing)}")
    if not query.parameters:
        return query.text
    if not _VALUES_SLOT.search(query.text):
        raise QueryError(query.name, "declares parameters but has no '# {{values}}' slot")
    names = [p.name for p in query.parameters]
    row = []
    for name in names:
        if name not in params:
            row.append("UNDEF")
            continue
        value = params[name]
        if value.startswith("<") and value.endswith(">"):
            term = URIRef(value[1:-1])
            _check_iri(query.name, name, str(term))
            row.append(term.n3())
        else:
            row.append(Literal(value).n3())
    block = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(row)}) }}"
    return _VALUES_SLOT.sub(lambda _: block, query.text, count=1)


def _check_iri(query: str, name: str, iri: str) -> None:
    try:
        pyoxigraph.NamedNode(iri)
    except ValueError as exc:
        raise QueryError(query, f"parameter {name!r} is not a valid IRI: {exc}") from None


def term_text(term: object) -> str:
    """The text of a result term: IRI string, literal lexical form, or empty."""
    if term is None:
        return ""
    if isinstance(term, pyoxigraph.Literal | pyoxigraph.NamedNode):
        return str(term.value)
    return str(term)


def tidy(query: NamedQuery, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Sort the ``|``-joined values of multi-valued columns (GROUP_CONCAT has no order)."""
    for row in rows:
        for col in query.sorted_columns:
            if row.get(col):
                row[col] = "|".join(sorted(set(row[col].split("|"))))
    return rows


def run_local(query: NamedQuery, store: pyoxigraph.Store, params: Mapping[str, str]
              ) -> tuple[list[str], list[dict[str, str]]]:
    """Run a SELECT query over a local store (named graphs as one union); raises QueryError."""
    text = bind(query, params)
    try:
        result = store.query(text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(query.name, f"SPARQL syntax error: {exc}") from None
    if not isinstance(result, pyoxigraph.QuerySolutions):
        raise QueryError(query.name, "only SELECT queries print rows")
    columns = [v.value for v in result.variables]
    rows = [{c: term_text(sol[c]) for c in columns} for sol in result]
    return columns, tidy(query, rows)
