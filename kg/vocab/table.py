"""The bundled drug, drug-class and regimen tables: typed rows, checked, loaded once on demand."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from kg import resources
from kg.errors import TableError
from kg.vocab.xrefs import VOCABULARIES, normalise

DRUG_COLUMNS = ("id", "name", "kind", "members", "synonyms", "abbreviations", "brands",
                *(v.column for v in VOCABULARIES), "source", "notes")
REGIMEN_COLUMNS = ("id", "regimen", "aliases", "components", "source", "notes")


class EntryKind(StrEnum):
    """A row of the drug table names one substance or a class of substances."""

    DRUG = "drug"
    CLASS = "class"


@dataclass(frozen=True, slots=True)
class XRef:
    """One identifier of a drug in an external vocabulary (Bioregistry prefix, local id)."""

    prefix: str
    local: str

    @property
    def curie(self) -> str:
        """``prefix:local``."""
        return f"{self.prefix}:{self.local}"


@dataclass(frozen=True, slots=True)
class DrugEntry:
    """A drug (label = INN) or a drug class, with its names and identifiers."""

    id: str
    name: str
    kind: EntryKind
    members: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    xrefs: tuple[XRef, ...] = ()
    source: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class RegimenEntry:
    """A named regimen and the drugs (or drug classes) it combines."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    source: str = ""
    notes: str = ""


@dataclass(frozen=True, eq=False)
class VocabTable:
    """The loaded tables; compared and hashed by identity (one per load)."""

    version: str
    drugs: Mapping[str, DrugEntry]
    regimens: Mapping[str, RegimenEntry]

    def entry(self, id_: str) -> DrugEntry:
        """A drug or class row by id; raises TableError when there is none."""
        try:
            return self.drugs[id_]
        except KeyError:
            raise TableError("drugs.tsv", "no row with this id", value=id_) from None

    def regimen(self, id_: str) -> RegimenEntry:
        """A regimen row by id; raises TableError when there is none."""
        try:
            return self.regimens[id_]
        except KeyError:
            raise TableError("regimens.tsv", "no row with this id", value=id_) from None


def _cells(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def _rows(text: str, file: str, columns: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    lines = [(n, r) for n, r in enumerate(reader, 1) if any(c.strip() for c in r)]
    if not lines:
        raise TableError(file, "empty table")
    header = [h.strip() for h in lines[0][1]]
    missing = [c for c in columns if c not in header]
    if missing:
        raise TableError(file, "header lacks column(s)", 1, value=", ".join(missing))
    out = []
    for n, cells in lines[1:]:
        if len(cells) > len(header):
            raise TableError(file, f"{len(cells)} cells, the header has {len(header)}", n)
        row = dict(zip(header, (c.strip() for c in cells), strict=False))
        out.append((n, {c: row.get(c, "") for c in columns}))
    return out


def parse_drugs(text: str, file: str = "drugs.tsv") -> dict[str, DrugEntry]:
    """Drug and class rows by id; raises TableError on a bad kind, id, identifier or member."""
    drugs: dict[str, DrugEntry] = {}
    lines: dict[str, int] = {}
    for n, row in _rows(text, file, DRUG_COLUMNS):
        id_, name = row["id"], row["name"]
        if not id_ or not name:
            raise TableError(file, "every row needs an id and a name", n)
        if id_ in drugs:
            raise TableError(file, f"id already used on line {lines[id_]}", n, "id", id_)
        try:
            kind = EntryKind(row["kind"] or "drug")
        except ValueError:
            raise TableError(file, "kind must be drug or class", n, "kind", row["kind"]) from None
        members = _cells(row["members"])
        if members and kind is not EntryKind.CLASS:
            raise TableError(file, "only a class has members", n, "members", row["members"])
        xrefs = []
        for vocab in VOCABULARIES:
            for value in _cells(row[vocab.column]):
                local = normalise(vocab, value)
                if not vocab.valid(local):
                    raise TableError(file, f"not a {vocab.name} identifier", n, vocab.column,
                                     value)
                xrefs.append(XRef(vocab.prefix, local))
        drugs[id_] = DrugEntry(id_, name, kind, members, _cells(row["synonyms"]),
                               _cells(row["abbreviations"]), _cells(row["brands"]),
                               tuple(xrefs), row["source"], row["notes"])
        lines[id_] = n
    for entry in drugs.values():
        for member in entry.members:
            if drugs.get(member) is None or drugs[member].kind is not EntryKind.DRUG:
                raise TableError(file, "member is not the id of a drug row", lines[entry.id],
                                 "members", member)
    return drugs


def parse_regimens(text: str, drugs: Mapping[str, DrugEntry], file: str = "regimens.tsv"
                   ) -> dict[str, RegimenEntry]:
    """Regimen rows by id; every component must be a row of the drug table."""
    regimens: dict[str, RegimenEntry] = {}
    for n, row in _rows(text, file, REGIMEN_COLUMNS):
        id_, name = row["id"], row["regimen"]
        if not id_ or not name:
            raise TableError(file, "every row needs an id and a regimen name", n)
        if id_ in regimens:
            raise TableError(file, "id already used", n, "id", id_)
        components = _cells(row["components"])
        if not components:
            raise TableError(file, "a regimen needs its components", n, "components")
        for c in components:
            if c not in drugs:
                raise TableError(file, "component is not the id of a drug row", n,
                                 "components", c)
        regimens[id_] = RegimenEntry(id_, name, _cells(row["aliases"]), components,
                                     row["source"], row["notes"])
    return regimens


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TableError(str(path), "no such file (the bundled tables are missing)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TableError(str(path), f"cannot read: {exc}") from None


@lru_cache(maxsize=4)
def load_table(directory: Path | None = None) -> VocabTable:
    """The tables of a folder (default: the bundled ones), read on first use and cached."""
    folder = directory if directory is not None else resources.VOCAB_DATA_DIR
    lines = [x.strip() for x in _read(folder / "VERSION").splitlines() if x.strip()]
    version = lines[0] if lines else ""
    if not version:
        raise TableError(str(folder / "VERSION"), "empty version")
    drugs_file, regimens_file = folder / "drugs.tsv", folder / "regimens.tsv"
    drugs = parse_drugs(_read(drugs_file), str(drugs_file))
    regimens = parse_regimens(_read(regimens_file), drugs, str(regimens_file))
    return VocabTable(version, drugs, regimens)
