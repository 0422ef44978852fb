"""The command line: the only module that prints or exits. Exit codes: 0 ok, 1 data problems,
2 could not run."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import click

from kg import __version__
from kg.errors import KgError
from kg.pipeline import build_dataset, read_inputs, store_for, write_dataset
from kg.queries import bundled, resolve, run_local
from kg.rdfio import FORMATS, serialize
from kg.resources import SEEDS_DIR

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
ROW_FORMATS = ("table", "csv", "tsv", "json")


def _fail(message: str, code: int = EXIT_USAGE) -> None:
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
def build(inputs: tuple[Path, ...], output: Path | None, fmt: str, base_iri: str | None,
          timestamp: bool) -> None:
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
        if str(target) == "-":
            sys.stdout.buffer.write(serialize(ds, rdf_format))
            where = "stdout"
        else:
            write_dataset(ds, target, rdf_format)
            where = str(target)
    except KgError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot write {target}: {exc.strerror}")
    click.echo(
        f"built {len(result.trials)} trials, {triples} triples -> {where}"
        f" ({len(result.errors)} file(s) with errors)",
        err=True,
    )
    sys.exit(EXIT_DATA if result.errors else EXIT_OK)


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
@click.option("--list", "list_", is_flag=True, help="List the bundled queries.")
def query(query: str | None, graphs: tuple[Path, ...], fmt: str, params: tuple[str, ...],
          list_: bool) -> None:
    """Run a bundled query (by name) or a .rq file over graph files."""
    if list_:
        for q in bundled().values():
            click.echo(f"{q.name:22} {q.description}")
        return
    if not query:
        raise click.UsageError("name a query or a .rq file (see 'kg query --list')")
    try:
        named = resolve(query)
        store, errors = store_for(graphs)
        for err in errors:
            click.echo(f"warning: {err}", err=True)
        columns, rows = run_local(named, store, _params(params))
    except KgError as exc:
        _fail(str(exc))
    _emit_rows(columns, rows, fmt)
