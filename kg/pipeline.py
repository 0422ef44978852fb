"""What the CLI and library users share: read records, build the dataset, write it, query it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pyoxigraph
from rdflib import Dataset

from kg import __version__
from kg.errors import InputError
from kg.iris import Minter
from kg.mapping import trial_triples
from kg.model import Trial
from kg.rdfio import FORMATS, RdfFormat, load_store, serialize, to_dataset, write_atomic
from kg.resources import SEEDS_DIR
from kg.sources import expand_inputs, read_path


@dataclass(frozen=True, slots=True)
class ReadResult:
    """The trials read from a set of inputs, and one error per input or record that failed.

    ``errors`` counts the records left out: a page file that cannot be read, a study of a JSON
    input that breaks the schema, a duplicate NCT number.
    """

    trials: tuple[Trial, ...]
    errors: tuple[InputError, ...]


def read_inputs(inputs: Iterable[Path] = (SEEDS_DIR,)) -> ReadResult:
    """Read every record of every input; a bad file or record is reported and skipped.

    The other records go on. A second record of an NCT number already read is reported as an
    error and skipped.
    """
    trials: list[Trial] = []
    errors: list[InputError] = []
    seen: dict[str, str] = {}
    paths = list(expand_inputs(inputs))
    for path in paths:
        if not path.exists():
            errors.append(InputError(str(path), "no such file or folder"))
            continue
        for trial in read_path(path):
            if isinstance(trial, InputError):
                errors.append(trial)
            elif trial.nct_id in seen:
                errors.append(InputError(trial.source.file_name,
                                         f"duplicate of {seen[trial.nct_id]}",
                                         record=trial.nct_id))
            else:
                seen[trial.nct_id] = trial.source.file_name
                trials.append(trial)
    return ReadResult(tuple(sorted(trials, key=lambda t: t.nct_id)), tuple(errors))


def build_dataset(
    trials: Sequence[Trial],
    base_iri: str | None = None,
    built_at: datetime | None = None,
) -> Dataset:
    """One named graph per trial, named by the trial's IRI."""
    minter = Minter(base_iri) if base_iri else Minter()
    return to_dataset(
        (minter.trial(t.nct_id), trial_triples(t, minter, __version__, built_at)) for t in trials
    )


def write_dataset(ds: Dataset, output: Path, fmt: RdfFormat = FORMATS["turtle"]) -> int:
    """Serialise and write atomically; returns the number of bytes written."""
    data = serialize(ds, fmt)
    write_atomic(output, data)
    return len(data)


def store_from_dataset(ds: Dataset) -> pyoxigraph.Store:
    """An embedded pyoxigraph store holding the dataset (for fast local SPARQL)."""
    store = pyoxigraph.Store()
    store.load(serialize(ds, FORMATS["nquads"]), pyoxigraph.RdfFormat.N_QUADS)
    return store


def store_for(graph_files: Sequence[Path]) -> tuple[pyoxigraph.Store, tuple[InputError, ...]]:
    """The store a query runs over: the given graph files, or the seed records built now."""
    if graph_files:
        return load_store(graph_files), ()
    result = read_inputs()
    return store_from_dataset(build_dataset(result.trials)), result.errors
