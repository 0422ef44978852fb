"""The command line: the only module that prints or exits. Exit codes: 0 ok, 1 data problems,
2 could not run."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import NoReturn

import click
import pyoxigraph
from rdflib import URIRef
from tqdm import tqdm

from kg import __version__, validation
from kg.errors import KgError
from kg.graphs import add_ontology, named_graphs, nquads, store_from_files
from kg.ontology_check import check_ontology
from kg.pipeline import build_dataset, read_inputs, store_for, store_from_dataset, write_dataset
from kg.queries import bundled, resolve, run_local
from kg.rdfio import FORMATS, serialize, to_dataset, write_atomic
from kg.resources import SEEDS_DIR, SHAPES_DIR
from kg.serve import DEFAULT_HOST, DEFAULT_PORT, serving
from kg.store import Endpoint, run_remote
from kg.store import load as load_graphs
from kg.validation_report import RENDERERS, render_text, summary
from kg.vocab.linking import link_graph, report_lines
from kg.vocab.lookup import LookupHit, lookup
from kg.vocab.sssom import SET_ID, to_sssom
from kg.vocab.table import load_table

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
ROW_FORMATS = ("table", "csv", "tsv", "json")


ENDPOINT_HELP = ("SPARQL endpoint URL (env KG_ENDPOINT); its default graph must be the union of"
                 " its named graphs. Credentials: KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD,"
                 " or ~/.netrc.")


def _fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Clinical-trial registry records to a validated, linked RDF knowledge graph."""


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Output file ('-' for stdout). Default: out/trials.<suffix of the format>.")
@click.option("-f", "--format", "fmt", type=click.Choice(sorted(FORMATS)), default="turtle",
              show_default=True, help="Serialisation; trig and nquads keep a graph per trial.")
@click.option("--base-iri", default=None, help="Base IRI of the instance data.")
@click.option("--timestamp/--no-timestamp", default=False, show_default=True,
              help="Record the build time (makes the output differ between runs).")
@click.option("--validate/--no-validate", "run_validation", default=True, show_default=True,
              help="Validate the graph against the SHACL shapes; the report of any result"
                   " goes next to the output (<output stem>.validation.txt).")
def build(inputs: tuple[Path, ...], output: Path | None, fmt: str, base_iri: str | None,
          timestamp: bool, run_validation: bool) -> None:
    """Build the graph from record files or folders (default: the seed records)."""
    result = read_inputs(inputs or (SEEDS_DIR,))
    for err in result.errors:
        click.echo(f"error: {err}", err=True)
    if not result.trials:
        code = EXIT_DATA if result.errors else EXIT_USAGE
        _fail("no record could be read; nothing written", code)
    rdf_format = FORMATS[fmt]
    target = output or Path("out") / f"trials{rdf_format.suffix}"
    try:
        built_at = datetime.now(UTC).replace(microsecond=0) if timestamp else None
        ds = build_dataset(result.trials, base_iri, built_at)
        triples = len(ds)
        # Validated before anything is written: broken shapes stop the build (exit 2).
        # The bundled shapes are checked against SHACL's own shapes by the tests.
        report = validation.validate(ds, check_shapes=False) if run_validation else None
        if str(target) == "-":
            sys.stdout.buffer.write(serialize(ds, rdf_format))
            where = "stdout"
        else:
            write_dataset(ds, target, rdf_format)
            where = str(target)
        report_file = _write_report(report, target)
    except KgError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot write {exc.filename or target}: {exc.strerror}")
    click.echo(
        f"built {len(result.trials)} trials, {triples} triples -> {where}"
        f" ({len(result.errors)} record(s) skipped with errors)",
        err=True,
    )
    invalid = report is not None and not report.conforms
    if report is not None:
        where_report = f"; report: {report_file}" if report_file else ""
        click.echo(f"validation: {summary(report)}{where_report}", err=True)
        if report.results and report_file is None:
            click.echo(render_text(report), err=True, nl=False)
    sys.exit(EXIT_DATA if result.errors or invalid else EXIT_OK)


def _write_report(report: validation.ValidationReport | None, target: Path) -> Path | None:
    """Write the text report of a build with results next to its output (atomically); a build
    without results removes the report an earlier build left there. Returns the file written."""
    if report is None or str(target) == "-":
        return None
    path = target.with_name(f"{target.stem}.validation.txt")
    if not report.results:
        path.unlink(missing_ok=True)
        return None
    write_atomic(path, render_text(report).encode("utf-8"))
    return path


@main.command()
@click.argument("graphs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--shapes", "shapes_dir", type=click.Path(path_type=Path), default=None,
              help="Folder of SHACL shapes (*.ttl). Default: the bundled shapes.")
@click.option("-f", "--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="text",
              show_default=True, help="text: grouped by trial; turtle: the SHACL report.")
@click.option("--ontology", is_flag=True,
              help="Also check the ontology: HermiT consistency, terms the data uses declared,"
                   " labels and definitions, each concept in one scheme.")
def validate(graphs: tuple[Path, ...], shapes_dir: Path | None, fmt: str,
             ontology: bool) -> None:
    """Validate graph files against the SHACL shapes (default: the seed records, built now).

    Exit code 0: conforms (warnings allowed); 1: violations (or ontology problems);
    2: could not run (unreadable graph, missing or broken shapes).
    """
    try:
        if graphs:
            data = validation.load_graph(graphs)
        else:
            result = read_inputs()
            for err in result.errors:
                click.echo(f"warning: {err}", err=True)
            data = validation.union_graph(build_dataset(result.trials))
        # Shapes given with --shapes are first checked against SHACL's own shapes (slow); the
        # bundled shapes are checked by the tests.
        report = validation.validate(data, shapes_dir or SHAPES_DIR,
                                     check_shapes=shapes_dir is not None)
        onto = check_ontology(data) if ontology else None
    except KgError as exc:
        _fail(str(exc))
    click.echo(RENDERERS[fmt](report), nl=False)
    if fmt != "text":
        click.echo(f"validation: {summary(report)}", err=True)
    if onto is not None:
        for line in onto.problems():
            click.echo(f"ontology: {line}", err=True)
        click.echo(f"ontology: {'ok' if onto.ok else 'has problems'}", err=True)
    sys.exit(EXIT_OK if report.conforms and (onto is None or onto.ok) else EXIT_DATA)


def _emit_rows(columns: Sequence[str], rows: Sequence[dict[str, str]], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps([{c: r[c] for c in columns} for r in rows], indent=2,
                              ensure_ascii=False))
        return
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[r[c] for c in columns] for r in rows])
        click.echo(buf.getvalue(), nl=False)
        return
    widths = {c: min(60, max([len(c), *(len(r[c]) for r in rows)])) for c in columns}

    def cell(text: str, c: str) -> str:
        text = text.replace("\n", " ")
        return (text if len(text) <= widths[c] else text[: widths[c] - 1] + "…").ljust(widths[c])

    click.echo("  ".join(c.ljust(widths[c]) for c in columns).rstrip())
    click.echo("  ".join("-" * widths[c] for c in columns))
    for r in rows:
        click.echo("  ".join(cell(r[c], c) for c in columns).rstrip())
    click.echo(f"({len(rows)} rows)", err=True)


def _params(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise click.UsageError(f"--param takes name=value, got {pair!r}")
        out[name.strip()] = value
    return out


@main.command()
@click.argument("query", required=False)
@click.option("-g", "--graph", "graphs", multiple=True, type=click.Path(path_type=Path),
              help="Graph file to query (repeatable). Default: the seed records, built now.")
@click.option("-f", "--format", "fmt", type=click.Choice(ROW_FORMATS), default="table",
              show_default=True)
@click.option("-p", "--param", "params", multiple=True, help="Query parameter name=value.")
@click.option("--endpoint", envvar="KG_ENDPOINT", default=None, help=ENDPOINT_HELP)
@click.option("--list", "list_", is_flag=True, help="List the bundled queries.")
def query(query: str | None, graphs: tuple[Path, ...], fmt: str, params: tuple[str, ...],
          endpoint: str | None, list_: bool) -> None:
    """Run a bundled query (by name) or a .rq file over graph files or at an endpoint."""
    if list_:
        for q in bundled().values():
            click.echo(f"{q.name:22} {q.description}")
        return
    if not query:
        raise click.UsageError("name a query or a .rq file (see 'kg query --list')")
    if endpoint and graphs:
        raise click.UsageError("--graph and --endpoint exclude each other")
    try:
        named = resolve(query)
        if endpoint:
            columns, rows = run_remote(Endpoint(endpoint), named, _params(params))
        else:
            store, errors = store_for(graphs)
            for err in errors:
                click.echo(f"warning: {err}", err=True)
            columns, rows = run_local(named, store, _params(params))
    except KgError as exc:
        _fail(str(exc))
    _emit_rows(columns, rows, fmt)


def _graph_store(graphs: tuple[Path, ...], ontology: bool) -> pyoxigraph.Store:
    """Named graphs from files, or the seed records built now; plus the ontology's graph."""
    if graphs:
        store = store_from_files(graphs)
    else:
        result = read_inputs()
        for err in result.errors:
            click.echo(f"warning: {err}", err=True)
        store = store_from_dataset(build_dataset(result.trials))
    if ontology:
        add_ontology(store)
    return store


@main.command()
@click.argument("graphs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--endpoint", envvar="KG_ENDPOINT", required=True, help=ENDPOINT_HELP)
@click.option("--store-url", envvar="KG_STORE_URL", default=None,
              help="Graph Store Protocol URL (env KG_STORE_URL). Without it: SPARQL Update.")
@click.option("--update-url", envvar="KG_UPDATE_URL", default=None,
              help="SPARQL Update URL (env KG_UPDATE_URL). Default: the endpoint URL.")
@click.option("--ontology/--no-ontology", default=True, show_default=True,
              help="Also load ontology/kg.ttl into the graph named by the ontology's IRI.")
@click.option("--chunk-triples", type=click.IntRange(min=1), default=50_000, show_default=True,
              help="Most triples per request; a larger graph goes in chunks, swapped in whole.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="Seconds to wait for each answer.")
def load(graphs: tuple[Path, ...], endpoint: str, store_url: str | None,
         update_url: str | None, ontology: bool, chunk_triples: int, timeout: float) -> None:
    """Load N-Quads/TriG files (default: the seed records) into a triplestore, one named graph
    per trial; a graph loaded again is replaced, never duplicated."""
    try:
        target = Endpoint(endpoint, update_url, store_url, timeout=timeout)
        todo = named_graphs(_graph_store(graphs, ontology))
        total = sum(len(g.triples) for g in todo)
        with tqdm(total=total, unit="triple", file=sys.stderr, leave=False,
                  disable=not sys.stderr.isatty()) as bar:
            counts = load_graphs(target, todo, chunk_triples, bar.update)
    except KgError as exc:
        _fail(str(exc))
    for c in counts:
        click.echo(f"{c.graph}\t{c.stored}")
    wrong = [c for c in counts if c.stored != c.sent]
    for c in wrong:
        click.echo(f"error: <{c.graph}>: sent {c.sent} triples, the store holds {c.stored}",
                   err=True)
    click.echo(f"loaded {len(counts)} graphs, {total} triples -> {endpoint}", err=True)
    sys.exit(EXIT_DATA if wrong else EXIT_OK)


@main.command()
@click.argument("graphs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="TCP port (0: any free port).")
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option("--ontology/--no-ontology", default=True, show_default=True,
              help="Also serve ontology/kg.ttl in the graph named by the ontology's IRI.")
def serve(graphs: tuple[Path, ...], port: int, host: str, ontology: bool) -> None:
    """Serve N-Quads/TriG files (default: the seed records) as a local SPARQL endpoint with a
    query page, until Ctrl-C."""
    for signum in (signal.SIGINT, signal.SIGTERM):  # also when started with SIGINT ignored
        signal.signal(signum, _interrupt)
    try:
        data = nquads(_graph_store(graphs, ontology))
        with serving(data, host, port) as server:
            click.echo(f"query page {server.url}/ ; SPARQL endpoint {server.query_url}"
                       " (Ctrl-C stops)", err=True)
            code = server.wait()
    except KgError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
        sys.exit(EXIT_OK)
    _fail(f"the server stopped by itself (exit code {code})")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _asker(target: Endpoint, folder: Path
           ) -> Callable[[list[str]], Mapping[str, LookupHit | None]]:
    def ask(names: list[str]) -> Mapping[str, LookupHit | None]:
        return lookup(names, target, folder, date.today())
    return ask


def _cache_dir() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "kg"


@main.command()
@click.argument("graphs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--sssom", type=click.Path(path_type=Path), default=None,
              help="Write the drug mappings as an SSSOM TSV file ('-' for stdout).")
@click.option("--report", is_flag=True,
              help="Print the mentions resolved, unresolved and by match method.")
@click.option("--strict", is_flag=True, help="Exit 1 when a drug mention stays unresolved.")
@click.option("--endpoint", envvar="KG_LOOKUP_ENDPOINT", default=None,
              help="Look up unresolved mentions at this SPARQL endpoint of Wikidata-shaped data"
                   " (env KG_LOOKUP_ENDPOINT). Default: no look-up and no network.")
@click.option("--cache-dir", type=click.Path(path_type=Path), default=None,
              help="Folder of the look-up cache. Default: $XDG_CACHE_HOME/kg or ~/.cache/kg.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write the triples of looked-up links to this Turtle file.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds to wait for each look-up answer.")
def link(graphs: tuple[Path, ...], sssom: Path | None, report: bool, strict: bool,
         endpoint: str | None, cache_dir: Path | None, output: Path | None,
         timeout: float) -> None:
    """Drug linking of graph files (default: the seed records, built now): how each drug
    mention was resolved, the drug mappings as SSSOM, and a look-up of what the tables lack."""
    try:
        table = load_table()
        store, errors = store_for(graphs)
        for err in errors:
            click.echo(f"warning: {err}", err=True)
        ask = _asker(Endpoint(endpoint, timeout=timeout), cache_dir or _cache_dir()) \
            if endpoint else None
        result = link_graph(store, table, ask)
        if sssom is not None:
            text = to_sssom(result.links, table.version, f"kg {__version__}")
            if str(sssom) == "-":
                click.echo(text, nl=False)
            else:
                write_atomic(sssom, text.encode("utf-8"))
        if output is not None:
            ds = to_dataset([(URIRef(SET_ID), list(result.triples))])
            write_atomic(output, serialize(ds, FORMATS["turtle"]))
    except KgError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot write: {exc}")
    lines = report_lines(result)
    to_stderr = not report or str(sssom) == "-"  # the report never mixes with the TSV
    for line in lines if report else lines[:1]:
        click.echo(line, err=to_stderr)
    sys.exit(EXIT_DATA if strict and result.unresolved else EXIT_OK)
