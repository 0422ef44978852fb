"""The only module that talks to SPARQL endpoints: remote queries, graph loads, triple counts."""

from __future__ import annotations

import ast
import http.client
import json
import math
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import pyoxigraph
from rdflib import URIRef
from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
    URITooLong,
)

from kg.credentials import ENV_PASSWORD, ENV_USER, authenticating_opener
from kg.errors import EndpointError, UsageError
from kg.graphs import NamedGraph
from kg.payloads import Operation, chunks, fill, inserts, staging_graph, template, update_text
from kg.queries import NamedQuery, bind, tidy

TRANSIENT_STATUS = frozenset({502, 503, 504})
_WRAPPER_STATUS: dict[type[SPARQLWrapperException], int] = {
    QueryBadFormed: 400, Unauthorized: 401, EndPointNotFound: 404, URITooLong: 414,
    EndPointInternalError: 500,
}
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = frozenset(_XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort",
    "unsignedByte"))
_COUNT_BATCH = 500  # graph IRIs per counting query
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A triplestore: its SPARQL query URL, where it takes updates, and its Graph Store URL.

    ``update_url`` defaults to ``query_url`` (Virtuoso answers both on one URL). Without a
    ``store_url`` graphs are loaded with SPARQL Update. Transient failures (connection reset,
    HTTP 502/503/504) are retried ``retries`` times, waiting ``backoff`` seconds, then twice
    as long, and so on.
    """

    query_url: str
    update_url: str | None = None
    store_url: str | None = None
    timeout: float = 60.0
    retries: int = 3
    backoff: float = 0.5

    def __post_init__(self) -> None:
        for url in (self.query_url, self.update_url, self.store_url):
            if url is None:
                continue
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise UsageError(f"not an http(s) URL: {url!r}")
            if parts.username or parts.password:
                raise UsageError(f"credentials do not go in the URL ({parts.hostname}): set "
                                 f"{ENV_USER} and {ENV_PASSWORD}, or use ~/.netrc")


@dataclass(frozen=True, slots=True)
class GraphCount:
    """A loaded graph: the triples sent and the triples the store says it holds."""

    graph: str
    sent: int
    stored: int


def _excerpt(body: bytes | str, limit: int = 200) -> str:
    """The start of a server's message, as one line of text (HTML tags dropped)."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    text = re.sub(r"<title>.*?</title>", " ", text, flags=re.S | re.I)
    text = " ".join(re.sub(r"<[^>]+>", " ", text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _wrapper_body(exc: SPARQLWrapperException) -> str:
    """The server's response that SPARQLWrapper folded into its exception message."""
    message = str(exc)
    _, sep, tail = message.partition("Response:\n")
    if not sep:
        return message
    try:
        raw = ast.literal_eval(tail.strip())
    except (ValueError, SyntaxError):
        return tail
    return _excerpt(raw if isinstance(raw, bytes | str) else tail)


def _call(endpoint: Endpoint, url: str, attempt: Callable[[], T]) -> T:
    """Run one request with bounded retries; every failure becomes an EndpointError."""
    for tries in range(endpoint.retries + 1):
        last = tries == endpoint.retries
        try:
            return attempt()
        except urllib.error.HTTPError as exc:
            if exc.code in TRANSIENT_STATUS and not last:
                time.sleep(endpoint.backoff * 2**tries)
                continue
            raise EndpointError(url, _excerpt(exc.read()) or str(exc.reason), exc.code) from None
        except SPARQLWrapperException as exc:
            raise EndpointError(url, _wrapper_body(exc), _WRAPPER_STATUS.get(type(exc))) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
            if isinstance(reason, ConnectionRefusedError):
                raise EndpointError(url, "connection refused (is the server running?)") from None
            if isinstance(reason, TimeoutError):
                raise EndpointError(url, f"no answer within {endpoint.timeout:g} s") from None
            transient = isinstance(reason, ConnectionResetError | ConnectionAbortedError
                                   | BrokenPipeError | http.client.RemoteDisconnected)
            if transient and not last:
                time.sleep(endpoint.backoff * 2**tries)
                continue
            what = "connection reset" if transient else str(reason) or type(reason).__name__
            tried = f" (tried {tries + 1} times)" if tries else ""
            raise EndpointError(url, what + tried) from None
    raise AssertionError("unreachable")  # pragma: no cover


def _http(endpoint: Endpoint, method: str, url: str, body: bytes, content_type: str) -> None:
    """Send a body (PUT, POST) with retries; raises EndpointError."""
    http_opener = authenticating_opener(url)

    def attempt() -> None:
        request = urllib.request.Request(url, data=body, method=method,
                                         headers={"Content-Type": content_type})
        with http_opener.open(request, timeout=endpoint.timeout) as response:
            response.read()

    _call(endpoint, url, attempt)


@contextmanager
def _installed(opener: urllib.request.OpenerDirector) -> Iterator[None]:
    """SPARQLWrapper opens URLs with urllib's installed opener: lend it ours for a call."""
    urllib.request.install_opener(opener)
    try:
        yield
    finally:
        urllib.request.install_opener(urllib.request.build_opener())


def _select(endpoint: Endpoint, text: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Run a SELECT with SPARQLWrapper; the variables and the JSON bindings."""
    endpoint = replace(endpoint, timeout=float(math.ceil(endpoint.timeout)))  # whole seconds
    url = endpoint.query_url
    wrapper = SPARQLWrapper(url, returnFormat=JSON)
    wrapper.setMethod(POST)
    wrapper.setTimeout(int(endpoint.timeout))
    wrapper.setQuery(text)
    # SPARQLWrapper guesses the query form from keywords anywhere in the text, comments
    # included ("load" in a description makes it an update): these are all SELECT queries.
    wrapper.queryType = SELECT
    http_opener = authenticating_opener(url)

    def attempt() -> dict[str, Any]:
        with _installed(http_opener):
            result = wrapper.query()
        capped = result.info().get("x-sparql-maxrows")
        raw = result.response.read()
        if capped:
            raise EndpointError(url, f"the store cut the answer at {capped} rows (Virtuoso's"
                                " ResultSetMaxRows): raise it in virtuoso.ini")
        try:
            data = json.loads(raw)
        except ValueError:
            raise EndpointError(url, f"the answer is not SPARQL JSON results: {_excerpt(raw)}"
                                ) from None
        if not isinstance(data, dict) or "results" not in data:
            raise EndpointError(url, "the answer is not a SELECT result")
        return data

    data = _call(endpoint, url, attempt)
    return list(data["head"]["vars"]), list(data["results"]["bindings"])


def _text(binding: Mapping[str, str] | None) -> str:
    """A result term as the local run prints it: IRI, literal lexical form, or empty.

    Numbers and booleans are put in canonical form (Virtuoso writes xsd:boolean as 1 or 0).
    """
    if binding is None:
        return ""
    value, datatype = binding["value"], binding.get("datatype")
    if binding["type"] == "bnode":
        return "_:" + value
    if datatype == _XSD + "boolean":
        return {"1": "true", "0": "false"}.get(value.strip(), value.strip())
    if datatype in _INTEGER_TYPES:
        try:
            return str(int(value))
        except ValueError:
            return value
    return value


def run_remote(endpoint: Endpoint, query: NamedQuery, params: Mapping[str, str]
               ) -> tuple[list[str], list[dict[str, str]]]:
    """Run a named SELECT query at an endpoint: the same columns and cells as ``run_local``.

    The endpoint's default graph must be the union of its named graphs (Virtuoso's default;
    ``oxigraph serve --union-default-graph``). Raises QueryError (binding) or EndpointError.
    """
    columns, bindings = _select(endpoint, bind(query, params))
    rows = [{c: _text(b.get(c)) for c in columns} for b in bindings]
    return columns, tidy(query, rows)


def graph_sizes(endpoint: Endpoint, graphs: Sequence[str]) -> dict[str, int]:
    """The number of triples the store holds in each graph (0 when absent); EndpointError."""
    sizes = dict.fromkeys(graphs, 0)
    text = template("graph-sizes.rq")
    for start in range(0, len(graphs), _COUNT_BATCH):
        terms = " ".join(URIRef(g).n3() for g in graphs[start:start + _COUNT_BATCH])
        _, bindings = _select(endpoint, fill(text, {"graphs": terms}))
        for b in bindings:
            sizes[b["graph"]["value"]] = int(_text(b["triples"]))
    return sizes


def _put_graph(endpoint: Endpoint, graph: str, parts: list[list[pyoxigraph.Triple]],
               progress: Callable[[int], object]) -> None:
    """Replace one graph: in one request, or in chunks gathered in a staging graph that then
    replaces it in one MOVE (so a failure never leaves it half-written)."""
    target = graph if len(parts) == 1 else staging_graph(graph)
    try:
        for i, part in enumerate(parts):
            if endpoint.store_url:
                body = pyoxigraph.serialize([*part], format=pyoxigraph.RdfFormat.N_TRIPLES)
                _http(endpoint, "PUT" if i == 0 else "POST", _graph_url(endpoint, target),
                      body or b"", "application/n-triples")
            else:
                drop = [("drop-graph.ru", {"graph": URIRef(target).n3()})] if i == 0 else []
                _update(endpoint, [*drop, *inserts(target, part)])
            progress(len(part))
        if target != graph:
            _update(endpoint, [("move-graph.ru", {"source": URIRef(target).n3(),
                                                  "target": URIRef(graph).n3()})])
    except EndpointError:
        if target != graph:  # best effort: the staging graph would show in union queries
            with suppress(EndpointError):
                _drop(replace(endpoint, retries=0), target)
        raise


def _graph_url(endpoint: Endpoint, graph: str) -> str:
    url = endpoint.store_url or ""
    return url + ("&" if "?" in url else "?") + "graph=" + quote(graph, safe="")


def _drop(endpoint: Endpoint, graph: str) -> None:
    if endpoint.store_url:
        try:
            _http(endpoint, "DELETE", _graph_url(endpoint, graph), b"", "text/plain")
        except EndpointError as exc:
            if exc.status != 404:  # the protocol's answer for a graph that is not there
                raise
    else:
        _update(endpoint, [("drop-graph.ru", {"graph": URIRef(graph).n3()})])


def _update(endpoint: Endpoint, operations: Sequence[Operation]) -> None:
    """Send operations in one SPARQL Update request (so one transaction)."""
    text = update_text(operations)
    _http(endpoint, "POST", endpoint.update_url or endpoint.query_url, text.encode("utf-8"),
          "application/sparql-update; charset=utf-8")


def load(endpoint: Endpoint, graphs: Sequence[NamedGraph], chunk_triples: int = 50_000,
         progress: Callable[[int], object] | None = None) -> list[GraphCount]:
    """Replace each named graph in the store, then count what the store holds in each.

    Each graph is replaced as a whole (Graph Store PUT, or DROP + INSERT DATA in one SPARQL
    Update), so loading twice never duplicates a triple. ``progress`` is told how many
    triples went out after each request. Raises EndpointError naming the graph that failed.
    """
    if chunk_triples < 1:
        raise UsageError("the chunk size must be at least 1 triple")
    for done, graph in enumerate(graphs):
        try:
            _put_graph(endpoint, graph.iri, chunks(graph.triples, chunk_triples),
                       progress or (lambda _: None))
        except EndpointError as exc:
            exc.message += (f" (while loading <{graph.iri}>; {done} of {len(graphs)} graphs"
                            " were loaded before it; no graph is left half-written)")
            raise
    sizes = graph_sizes(endpoint, [g.iri for g in graphs])
    return [GraphCount(g.iri, len(g.triples), sizes[g.iri]) for g in graphs]
