"""Loads and queries against real triplestores (Oxigraph, Virtuoso), faults, and kg serve."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pyoxigraph
import pytest
from click.testing import CliRunner, Result
from rdflib import Dataset, Graph, URIRef
from servers import Oxigraph, Virtuoso, require_binary, wait_listening

import kg.store
from kg.cli import main
from kg.errors import EndpointError
from kg.graphs import ONTOLOGY_GRAPH, add_ontology
from kg.pipeline import store_from_dataset
from kg.queries import NamedQuery, bundled, parse_query_file, run_local
from kg.resources import ONTOLOGY_FILE
from kg.serve import free_port
from kg.store import Endpoint, chunks, run_remote

pytestmark = pytest.mark.endpoint

HERE = Path(__file__).parent
TEST_QUERIES = HERE / "queries"
# Values for the bundled queries that take parameters, as the seed records write them.
PARAMS: dict[str, dict[str, str]] = {
    "trials-in-country": {"country": "Italy"},
    "sites-in-city": {"city": "Milan"},
    "trials-for-age": {"age": "40"},
    "trials-with-drug": {"drug": "Venetoclax"},
    "trials-by-drug": {"drug": "Venetoclax"},
    "trial-identifiers": {"id": "NCT06713837"},
}
STORES = ("oxigraph", "virtuoso")


@dataclass
class Target:
    """A running store and how kg reaches it."""

    name: str
    server: Oxigraph | Virtuoso
    query_url: str  # for kg query (public)
    load_args: list[str]  # for kg load over the Graph Store Protocol
    update_args: list[str]  # for kg load over SPARQL Update
    env: dict[str, str] = field(default_factory=dict)


def invoke(args: list[str], env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, args, env=env)


def remote_rows(target: Target, query: str, *params: str) -> list[dict[str, str]]:
    args = ["query", query, "--endpoint", target.query_url, "-f", "json"]
    result = invoke([*args, *(f"--param={p}" for p in params)], target.env)
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, str]] = json.loads(result.stdout)
    return rows


def store_sizes(target: Target) -> dict[str, int]:
    """Triples per kg graph, counted by the store itself."""
    rows = remote_rows(target, str(TEST_QUERIES / "graph-triples.rq"))
    return {r["graph"]: int(r["triples"]) for r in rows}


@pytest.fixture(scope="module")
def local_store(seed_dataset: Dataset) -> pyoxigraph.Store:
    """What kg load sends: the seed graph and the ontology's graph, queried locally."""
    store = store_from_dataset(seed_dataset)
    add_ontology(store)
    return store


@pytest.fixture(scope="module")
def expected_sizes(seed_dataset: Dataset) -> dict[str, int]:
    """Triples per graph as rdflib counts them in the built dataset and the ontology file."""
    sizes = {str(g.identifier): len(g) for g in seed_dataset.graphs()
             if isinstance(g.identifier, URIRef) and len(g)}
    sizes[ONTOLOGY_GRAPH] = len(Graph().parse(ONTOLOGY_FILE, format="turtle"))
    return sizes


def _target(name: str, folder: Path) -> Target:
    if name == "oxigraph":
        ox = Oxigraph(folder).start()
        query = ox.url + "/query"
        return Target(name, ox, query,
                      ["--endpoint", query, "--store-url", ox.url + "/store",
                       "--update-url", ox.url + "/update"],
                      ["--endpoint", query, "--update-url", ox.url + "/update"])
    vt = Virtuoso(folder).start()
    netrc = folder / "netrc"
    netrc.write_text("machine 127.0.0.1 login dba password dba\n")
    netrc.chmod(0o600)
    # Updates and the Graph Store need the -auth endpoints, which answer with Digest auth.
    return Target(name, vt, vt.url + "/sparql",
                  ["--endpoint", vt.url + "/sparql-auth",
                   "--store-url", vt.url + "/sparql-graph-crud-auth"],
                  ["--endpoint", vt.url + "/sparql-auth"],
                  {"NETRC": str(netrc), "KG_ENDPOINT_USER": ""})


@pytest.fixture(scope="module", params=STORES)
def target(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[Target]:
    t = _target(request.param, tmp_path_factory.mktemp(request.param))
    try:
        yield t
    finally:
        t.server.stop()


@pytest.fixture(scope="module")
def loaded(target: Target) -> tuple[Target, Result]:
    return target, invoke(["load", *target.load_args], target.env)


def test_load_reports_each_graph(loaded: tuple[Target, Result],
                                 expected_sizes: dict[str, int]) -> None:
    target, result = loaded
    assert result.exit_code == 0, result.stderr
    reported = dict(line.split("\t") for line in result.stdout.splitlines())
    assert {g: int(n) for g, n in reported.items()} == expected_sizes
    assert "https://w3id.org/kg-trials/id/trial/NCT06713837" in reported
    assert store_sizes(target) == expected_sizes


@pytest.mark.parametrize("name", sorted(bundled()))
def test_bundled_query_same_rows(loaded: tuple[Target, Result], local_store: pyoxigraph.Store,
                                 name: str) -> None:
    target, _ = loaded
    query = bundled()[name]
    required = [p.name for p in query.parameters if p.required]
    if any(p not in PARAMS.get(name, {}) for p in required):
        pytest.skip(f"query {name} needs {', '.join(required)}: add values to PARAMS in"
                    " tests/test_endpoints.py")
    params = PARAMS.get(name, {})
    _, local = run_local(query, local_store, params)
    remote = remote_rows(target, name, *(f"{k}={v}" for k, v in params.items()))
    assert remote == local


def test_iris_survive_the_load(loaded: tuple[Target, Result],
                               local_store: pyoxigraph.Store) -> None:
    target, _ = loaded
    query = parse_query_file(TEST_QUERIES / "trial-iris.rq")
    _, local = run_local(query, local_store, {})
    assert any(r["iri"].endswith("/trial/NCT06713837/arm/low-intensity-treatment")
               for r in local)
    assert remote_rows(target, str(TEST_QUERIES / "trial-iris.rq")) == local


@pytest.mark.parametrize("how", ["graph-store", "update", "graph-store-chunked",
                                 "update-chunked", "nquads-file"])
def test_reload_never_duplicates(loaded: tuple[Target, Result], local_store: pyoxigraph.Store,
                                 expected_sizes: dict[str, int], tmp_path: Path,
                                 how: str) -> None:
    target, _ = loaded
    args = target.update_args if how.startswith("update") else target.load_args
    if how.endswith("chunked"):
        args = [*args, "--chunk-triples", "150"]  # every graph but one goes in chunks
    if how == "nquads-file":
        built = invoke(["build", "-f", "nquads", "-o", str(tmp_path / "trials.nq")])
        assert built.exit_code == 0, built.stderr
        args = [str(tmp_path / "trials.nq"), *args]
    env = dict(target.env)
    if target.name == "virtuoso" and how.startswith("update"):
        env |= {"KG_ENDPOINT_USER": "dba", "KG_ENDPOINT_PASSWORD": "dba", "NETRC": "/nonexistent"}
    for _ in range(2):
        result = invoke(["load", *args], env)
        assert result.exit_code == 0, result.stderr
    assert store_sizes(target) == expected_sizes
    _, trials = run_local(bundled()["trials"], local_store, {})
    assert remote_rows(target, "trials") == trials
    assert [r["nct_id"] for r in trials] == ["NCT03765541", "NCT05327894", "NCT06713837",
                                            "NCT06763666", "NCT06802718"]


def test_virtuoso_row_cap_is_an_error(loaded: tuple[Target, Result]) -> None:
    target, _ = loaded
    result = invoke(["query", str(TEST_QUERIES / "many-rows.rq"), "--endpoint",
                     target.query_url, "-f", "csv"], target.env)
    if target.name == "oxigraph":
        assert result.exit_code == 0 and result.stdout.count("\n") == 44**3 + 1
    else:  # the stock virtuoso.ini cuts a SELECT at 10,000 rows without saying so in the body
        assert result.exit_code == 2
        assert "cut the answer at 10000 rows" in result.stderr


@pytest.mark.parametrize("target", ["virtuoso"], indirect=True)  # Oxigraph has no auth
def test_virtuoso_wrong_password(loaded: tuple[Target, Result]) -> None:
    target, _ = loaded
    env = {"KG_ENDPOINT_USER": "dba", "KG_ENDPOINT_PASSWORD": "not-the-password"}
    result = invoke(["load", *target.update_args], env)
    assert result.exit_code == 2
    assert "HTTP 401" in result.stderr and target.server.url in result.stderr
    assert "not-the-password" not in result.stderr + result.stdout


def test_server_stopped_in_the_middle_of_a_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 expected_sizes: dict[str, int],
                                                 local_store: pyoxigraph.Store) -> None:
    target = _target("oxigraph", tmp_path)
    real = kg.store._http
    staging = quote("https://w3id.org/kg-trials/id/trial/NCT06713837?kg-load-staging", safe="")
    chunks_sent = 0

    def then_stop(endpoint: Endpoint, method: str, url: str, *args: object) -> None:
        nonlocal chunks_sent
        real(endpoint, method, url, *args)
        chunks_sent += url.endswith(staging)
        if chunks_sent == 2:
            target.server.stop()

    # 150 triples a request: the graphs of NCT03765541 and NCT05327894 are loaded, then that
    # of NCT06713837 (over 1,000 triples) goes to a staging graph in chunks: the server stops
    # after the second chunk.
    monkeypatch.setattr(kg.store, "_http", then_stop)
    try:
        result = invoke(["load", *target.load_args, "--chunk-triples", "150"])
        monkeypatch.undo()
        assert result.exit_code == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error: {target.server.url}/store?graph=")
        assert "connection refused" in lines[0]
        assert "loading <https://w3id.org/kg-trials/id/trial/NCT06713837>" in lines[0]
        assert "2 of 6 graphs were loaded before it" in lines[0]

        target.server.start()
        sizes = store_sizes(target)
        trial = "https://w3id.org/kg-trials/id/trial/"
        for done in ("NCT03765541", "NCT05327894"):
            assert sizes[trial + done] == expected_sizes[trial + done]
        for absent in ("NCT06713837", "NCT06763666", "NCT06802718"):
            assert trial + absent not in sizes  # never half-written

        again = invoke(["load", *target.load_args, "--chunk-triples", "150"])
        assert again.exit_code == 0, again.stderr
        assert store_sizes(target) == expected_sizes  # no staging graph left, nothing twice
        _, trials = run_local(bundled()["trials"], local_store, {})
        assert remote_rows(target, "trials") == trials
    finally:
        target.server.stop()


# ---------------------------------------------------------------- faults from a scripted server


class Scripted(ThreadingHTTPServer):
    """Answers each request with the next scripted reply: (status, body), "reset" or "hang"."""

    daemon_threads = True

    def __init__(self, script: list[tuple[int, bytes] | str]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script = script
        self.seen = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/sparql"


class _Handler(BaseHTTPRequestHandler):
    server: Scripted

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        reply = self.server.script[min(self.server.seen, len(self.server.script) - 1)]
        self.server.seen += 1
        if reply == "reset":  # close with RST: the client sees "connection reset by peer"
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return
        if reply == "hang":
            time.sleep(1.5)
            return
        assert not isinstance(reply, str)
        status, body = reply
        self.send_response(status)
        self.send_header("Content-Type", "application/sparql-results+json" if status == 200
                         else "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _answer

    def finish(self) -> None:
        with contextlib.suppress(OSError, ValueError):  # a reset connection cannot be flushed
            super().finish()


@pytest.fixture
def scripted() -> Iterator[list[Scripted]]:
    servers: list[Scripted] = []
    yield servers
    for s in servers:
        s.shutdown()
        s.server_close()


def serve_script(servers: list[Scripted], *script: tuple[int, bytes] | str) -> Scripted:
    server = Scripted(list(script))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    servers.append(server)
    return server


ONE_ROW = (200, json.dumps({"head": {"vars": ["nct_id"]},
                          "results": {"bindings": [{"nct_id": {
                              "type": "literal", "value": "NCT06713837"}}]}}).encode())
TRIALS: NamedQuery = bundled()["trials"]


def test_refused_connection_is_one_line() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    result = invoke(["query", "trials", "--endpoint", url])
    assert result.exit_code == 2
    assert result.stderr == f"error: {url}: connection refused (is the server running?)\n"


def test_endpoint_from_the_environment() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    result = invoke(["query", "trials"], {"KG_ENDPOINT": url})
    assert result.exit_code == 2 and url in result.stderr


@pytest.mark.parametrize(("status", "words"), [
    (400, "Parser error: unexpected token at line 3"),
    (404, "No such endpoint"),
    (500, "Internal error: the database is locked"),
])
def test_http_errors_name_url_status_and_message(scripted: list[Scripted], status: int,
                                                 words: str) -> None:
    page = f"<html><head><title>Error</title></head><body><h1>{words}</h1></body></html>"
    server = serve_script(scripted, (status, page.encode()))
    for args in (["query", "trials", "--endpoint", server.url],
                 ["load", "--endpoint", server.url, "--store-url", server.url]):
        result = invoke(args)
        assert result.exit_code == 2
        line = result.stderr.strip()
        assert "\n" not in line
        assert line.startswith(f"error: {server.url}") and f"HTTP {status}: {words}" in line


def test_transient_failures_are_retried(scripted: list[Scripted]) -> None:
    server = serve_script(scripted, (503, b"busy"), "reset", ONE_ROW)
    result = invoke(["query", "trials", "--endpoint", server.url, "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    assert server.seen == 3 and "NCT06713837" in result.stdout


def test_retries_are_bounded(scripted: list[Scripted]) -> None:
    busy = serve_script(scripted, (503, b"Service Unavailable: try later"))
    with pytest.raises(EndpointError, match="HTTP 503: Service Unavailable") as caught:
        run_remote(Endpoint(busy.url, retries=2, backoff=0.01), TRIALS, {})
    assert caught.value.status == 503 and busy.seen == 3
    reset = serve_script(scripted, "reset")
    with pytest.raises(EndpointError, match=r"connection reset \(tried 3 times\)"):
        run_remote(Endpoint(reset.url, retries=2, backoff=0.01), TRIALS, {})
    assert reset.seen == 3


def test_timeout_is_an_error(scripted: list[Scripted]) -> None:
    server = serve_script(scripted, "hang")
    with pytest.raises(EndpointError, match="no answer within 1 s"):  # queries: whole seconds
        run_remote(Endpoint(server.url, timeout=0.3, retries=0), TRIALS, {})


def test_credentials_never_in_the_url() -> None:
    result = invoke(["query", "trials", "--endpoint", "http://dba:secret@127.0.0.1:1/sparql"])
    assert result.exit_code == 2 and "KG_ENDPOINT_USER" in result.stderr
    assert "secret" not in result.stderr


def test_load_needs_named_graphs(tmp_path: Path) -> None:
    built = invoke(["build", "-o", str(tmp_path / "trials.ttl")])
    assert built.exit_code == 0
    result = invoke(["load", str(tmp_path / "trials.ttl"), "--endpoint", "http://127.0.0.1:1/q"])
    assert result.exit_code == 2 and "has no named graphs" in result.stderr


def test_chunks_keep_blank_nodes_together() -> None:
    store = pyoxigraph.Store()
    add_ontology(store)
    triples = [q.triple for q in store.quads_for_pattern(None, None, None, None)]
    parts = chunks(triples, 40)
    assert sorted(map(str, (t for p in parts for t in p))) == sorted(map(str, triples))
    home: dict[str, int] = {}
    for i, part in enumerate(parts):
        for t in part:
            for term in (t.subject, t.object):
                if isinstance(term, pyoxigraph.BlankNode):
                    assert home.setdefault(term.value, i) == i
    # Size 1 leaves each blank-node group whole: the owl:AllDisjointClasses list is the largest.
    groups = {frozenset(map(str, g)) for g in chunks(triples, 1) if len(g) > 1}
    assert max(map(len, groups)) > 40
    assert all(len(p) <= 40 or frozenset(map(str, p)) in groups for p in parts)


# ---------------------------------------------------------------- kg serve in a real browser


def _chromium() -> tuple[str, str]:
    browser = require_binary("chromium", shutil.which("chromium"))
    driver = require_binary("chromedriver", shutil.which("chromedriver"))
    return browser, driver


def test_serve_on_a_busy_port_fails_and_cleans_up(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = invoke(["serve", "--port", str(port)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: cannot listen on 127.0.0.1:{port}: Address already")
    assert list(tmp_path.iterdir()) == []  # the temporary store is gone


def test_serve_page_in_headless_chromium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    browser, driver = _chromium()
    require_binary("selenium (pip install -e '.[test]')", importlib.util.find_spec("selenium"))
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as sink:
        serve = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", str(port)],
                                 stdout=sink, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_listening(serve, port, log)
        options = webdriver.ChromeOptions()
        options.binary_location = browser
        for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tempfile.mkdtemp(dir=tmp_path)}"):
            options.add_argument(arg)
        monkeypatch.setenv("SE_OFFLINE", "true")  # never let Selenium look for drivers
        page = webdriver.Chrome(options=options, service=Service(driver))
        try:
            page.get(f"http://127.0.0.1:{port}/")
            WebDriverWait(page, 60).until(lambda p: p.find_elements(By.CSS_SELECTOR,
                                                                    ".CodeMirror"))
            page.find_element(By.CSS_SELECTOR, ".CodeMirror").click()
            editor = page.find_element(By.CSS_SELECTOR, ".CodeMirror textarea")
            editor.send_keys(Keys.CONTROL, "a")
            editor.send_keys(Keys.DELETE)
            editor.send_keys("SELECT ?id WHERE { ?trial <https://w3id.org/kg-trials/ontology#nctId>"
                             " ?id } ORDER BY ?id")
            page.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
            WebDriverWait(page, 60).until(
                lambda p: "NCT06802718" in p.find_element(By.CSS_SELECTOR, ".yasr").text)
            shown = page.find_element(By.CSS_SELECTOR, ".yasr").text
        finally:
            page.quit()
        for nct in ("NCT03765541", "NCT05327894", "NCT06713837", "NCT06763666", "NCT06802718"):
            assert nct in shown
        assert "5 results" in shown
    finally:
        serve.send_signal(signal.SIGINT)  # what Ctrl-C sends
        code = serve.wait(timeout=30)
    assert code == 0 and "stopped" in log.read_text()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
