"""The bundled drug and regimen tables: shape, identifier patterns, references, seed identifiers."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "kg" / "vocab" / "data"
REFERENCE = Path(__file__).resolve().parent / "data" / "reference_drugs.tsv"

DRUG_COLUMNS = ["id", "name", "kind", "members", "synonyms", "abbreviations", "brands",
                "chebi", "drugbank", "rxnorm", "atc", "mesh", "ncit", "unii", "pubchem",
                "chembl", "wikidata", "source", "notes"]
REGIMEN_COLUMNS = ["id", "regimen", "aliases", "components", "source", "notes"]
PATTERNS = {
    "chebi": r"[0-9]+",
    "drugbank": r"DB[0-9]{5}",
    "rxnorm": r"[0-9]{1,7}",
    "atc": r"[A-Z]([0-9]{2}([A-Z]([A-Z]([0-9]{2})?)?)?)?",
    "mesh": r"[CD][0-9]{6,9}",
    "ncit": r"C[0-9]+",
    "unii": r"[A-Z0-9]{10}",
    "pubchem": r"[0-9]+",
    "chembl": r"CHEMBL[0-9]+",
    "wikidata": r"Q[0-9]+",
}
# table column -> column of the shared reference table (which also writes ChEBI as CHEBI:n)
REFERENCE_COLUMNS = {c: c for c in PATTERNS} | {"pubchem": "pubchem_cid"}


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header, *lines = list(reader)
    for n, cells in enumerate(lines, 2):
        assert len(cells) == len(header), f"{path.name} line {n}: {len(cells)} cells"
    return header, [dict(zip(header, cells, strict=True)) for cells in lines]


def _cells(value: str) -> list[str]:
    return [v for v in value.split("|") if v]


@pytest.fixture(scope="module")
def drugs() -> dict[str, dict[str, str]]:
    header, rows = _read(DATA / "drugs.tsv")
    assert header == DRUG_COLUMNS
    ids = [r["id"] for r in rows]
    assert ids == sorted(ids), "drugs.tsv must be sorted by id"
    assert len(set(ids)) == len(ids), "duplicate ids"
    return {r["id"]: r for r in rows}


@pytest.fixture(scope="module")
def regimens() -> list[dict[str, str]]:
    header, rows = _read(DATA / "regimens.tsv")
    assert header == REGIMEN_COLUMNS
    ids = [r["id"] for r in rows]
    assert len(set(ids)) == len(ids), "duplicate regimen ids"
    return rows


def test_version_is_one_dated_line() -> None:
    lines = (DATA / "VERSION").read_text(encoding="utf-8").split()
    assert len(lines) == 1
    assert re.fullmatch(r"[0-9]{4}\.[0-9]{2}\.[0-9]{2}", lines[0])


def test_every_row_has_id_name_kind_source(drugs: dict[str, dict[str, str]]) -> None:
    for id_, row in drugs.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", id_), id_
        assert row["name"].strip(), id_
        assert row["kind"] in {"drug", "class"}, id_
        assert row["source"].strip(), id_
        for column, value in row.items():
            assert value == value.strip(), (id_, column)


def test_enough_substances(drugs: dict[str, dict[str, str]]) -> None:
    assert sum(r["kind"] == "drug" for r in drugs.values()) >= 60


def test_identifiers_match_their_patterns(drugs: dict[str, dict[str, str]]) -> None:
    for id_, row in drugs.items():
        for column, pattern in PATTERNS.items():
            for value in _cells(row[column]):
                assert re.fullmatch(pattern, value), (id_, column, value)


def test_class_members_are_drug_rows(drugs: dict[str, dict[str, str]]) -> None:
    for id_, row in drugs.items():
        members = _cells(row["members"])
        if row["kind"] == "class":
            assert members, f"class {id_} has no members"
        else:
            assert not members, f"drug {id_} has members"
        for member in members:
            assert member in drugs, (id_, member)
            assert drugs[member]["kind"] == "drug", (id_, member)


def test_regimen_components_are_rows(drugs: dict[str, dict[str, str]],
                                     regimens: list[dict[str, str]]) -> None:
    for row in regimens:
        assert row["id"] and row["regimen"], row
        assert row["source"] or "NOT VERIFIED" in row["notes"], row["id"]
        components = _cells(row["components"])
        assert components, row["id"]
        for component in components:
            assert component in drugs, (row["id"], component)


def test_requested_regimens_are_named(regimens: list[dict[str, str]]) -> None:
    names = {n.casefold() for r in regimens for n in [r["regimen"], *_cells(r["aliases"])]}
    for wanted in ["MEC", "FLAG", "FLAG-IDA", "CLAG", "CLAG+VEN", "CLAGV", "HAM", "MiDAC",
                   "FLAMSA", "7+3", "3+7", "DA", "IA", "HiDAC", "2CDA+HDAraC", "Ven+HMA",
                   "Ven+LDAC"]:
        assert wanted.casefold() in names, wanted


def test_seed_drugs_keep_reference_identifiers(drugs: dict[str, dict[str, str]]) -> None:
    _, reference = _read(REFERENCE)
    assert reference
    by_name = {r["name"]: r for r in drugs.values()}
    for ref in reference:
        row = by_name.get(ref["name"])
        assert row is not None, f"seed drug {ref['name']} missing"
        assert row["kind"] == "drug"
        for column, ref_column in REFERENCE_COLUMNS.items():
            expected = [v.removeprefix("CHEBI:") for v in _cells(ref[ref_column])]
            assert _cells(row[column]) == expected, (ref["name"], column)
