"""Readers of registry records: layout detection and a registry of readers by name.

Page layouts are text, one record per file (``READERS``). ClinicalTrials.gov API v2 JSON
(a study, an API page, JSON Lines, a zip of studies, gzip-compressed or not) is recognised from
a file's first bytes and streamed study by study (``kg.sources.ctgov_input``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.model import Source, Trial
from kg.sources import ctgov_input, ctgov_page, recruitment_page, veeva


@dataclass(frozen=True, slots=True)
class Reader:
    """A page layout: how to recognise it and how to parse it."""

    layout: str
    detect: Callable[[str], bool]
    parse: Callable[[str, Source], Trial]


READERS: tuple[Reader, ...] = (
    Reader(ctgov_page.LAYOUT, ctgov_page.detect, ctgov_page.parse),
    Reader(veeva.LAYOUT, veeva.detect, veeva.parse),
    Reader(recruitment_page.LAYOUT, recruitment_page.detect, recruitment_page.parse),
)

SUFFIXES = (".txt", *ctgov_input.SUFFIXES)


def detect_layout(text: str) -> Reader | None:
    """The reader whose layout the text has, decided from the content alone."""
    for reader in READERS:
        if reader.detect(text):
            return reader
    return None


def parse_bytes(data: bytes, name: str) -> Trial:
    """Decode, detect and parse one record; raises InputError naming the file."""
    if not data.strip():
        raise InputError(name, "the file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(name, f"not UTF-8 text (byte {exc.start})") from None
    if "\x00" in text:
        raise InputError(name, "binary content (NUL bytes): not a registry page")
    reader = detect_layout(text)
    if reader is None:
        raise InputError(name, "unknown layout: not a ClinicalTrials.gov, Veeva or "
                               "patient-recruitment page")
    source = Source(file_name=name, sha256=hashlib.sha256(data).hexdigest(), layout=reader.layout)
    return reader.parse(text, source)


def read_file(path: Path) -> Trial:
    """Read one record file; raises InputError (unreadable files included)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from None
    return parse_bytes(data, path.name)


def is_json_input(path: Path) -> bool:
    """Whether a file holds API v2 JSON (plain, gzip or zip), judged from its first bytes."""
    try:
        with path.open("rb") as fh:
            head = fh.read(64)
    except OSError:
        return False
    return ctgov_input.sniff(head) is not None


def read_path(path: Path) -> Iterator[Trial | InputError]:
    """Every record of one input file, or the error that kept each one out.

    A page file holds one record; a JSON file or archive may hold any number, each read and
    reported on its own.
    """
    if is_json_input(path):
        yield from ctgov_input.read_studies(path)
        return
    try:
        yield read_file(path)
    except InputError as exc:
        yield exc


def expand_inputs(inputs: Iterable[Path]) -> Iterator[Path]:
    """Files as given, and the record files inside folders, in sorted order."""
    for path in inputs:
        if path.is_dir():
            yield from sorted(p for p in path.iterdir() if p.is_file() and p.suffix in SUFFIXES)
        else:
            yield path
