"""The table loader: lazy, typed, shipped with the package, and precise about broken rows."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib.resources import files
from pathlib import Path

import pytest

from kg.errors import TableError
from kg.resources import ROOT, VOCAB_DATA_DIR
from kg.vocab.table import DRUG_COLUMNS, REGIMEN_COLUMNS, EntryKind, XRef, load_table


def test_nothing_is_read_at_import() -> None:
    code = ("import kg.pipeline, kg.cli; from kg.vocab.table import load_table; "
            "print(load_table.cache_info().currsize)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert run.stdout.strip() == "0"


def test_version_comes_from_the_version_file() -> None:
    first = (VOCAB_DATA_DIR / "VERSION").read_text(encoding="utf-8").split()[0]
    assert load_table().version == first


def test_typed_rows() -> None:
    table = load_table()
    cytarabine = table.entry("cytarabine")
    assert cytarabine.kind is EntryKind.DRUG
    assert XRef("chebi", "28680") in cytarabine.xrefs
    assert "Ara-C" in cytarabine.abbreviations
    hma = table.entry("hypomethylating-agent")
    assert hma.kind is EntryKind.CLASS and {"azacitidine", "decitabine"} <= set(hma.members)
    assert table.regimen("flag-ida").components == ("fludarabine", "cytarabine", "filgrastim",
                                                    "idarubicin")


def test_tables_ship_with_the_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    assert "kg.vocab" in setuptools["packages"]
    assert "data/*" in setuptools["package-data"]["kg.vocab"]
    assert files("kg.vocab").joinpath("data", "drugs.tsv").is_file()


def write_tables(folder: Path, drug_rows: list[list[str]],
                 regimen_rows: list[list[str]] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "VERSION").write_text("2000.01.01\n", encoding="utf-8")
    lines = ["\t".join(DRUG_COLUMNS)] + ["\t".join(r) for r in drug_rows]
    (folder / "drugs.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    regimens = ["\t".join(REGIMEN_COLUMNS)] + ["\t".join(r) for r in regimen_rows or []]
    (folder / "regimens.tsv").write_text("\n".join(regimens) + "\n", encoding="utf-8")
    return folder


def drug_row(id_: str, kind: str = "drug", members: str = "", chebi: str = "") -> list[str]:
    row = dict.fromkeys(DRUG_COLUMNS, "") | {"id": id_, "name": id_, "kind": kind,
                                              "members": members, "chebi": chebi}
    return [row[c] for c in DRUG_COLUMNS]


def test_a_bad_identifier_names_file_line_and_column(tmp_path: Path) -> None:
    folder = write_tables(tmp_path / "t", [drug_row("good", chebi="CHEBI:1"),
                                           drug_row("bad", chebi="ABC")])
    with pytest.raises(TableError) as err:
        load_table(folder)
    assert str(err.value) == f"{folder / 'drugs.tsv'}:3 column 'chebi': not a ChEBI identifier:" \
                             " 'ABC'"


def test_a_class_member_must_be_a_drug_row(tmp_path: Path) -> None:
    folder = write_tables(tmp_path / "t", [drug_row("x", kind="class", members="nosuchdrug")])
    with pytest.raises(TableError, match="member is not the id of a drug row"):
        load_table(folder)


def test_a_regimen_component_must_be_a_row(tmp_path: Path) -> None:
    folder = write_tables(tmp_path / "t", [drug_row("a")], [["r", "R", "", "a|b", "", ""]])
    with pytest.raises(TableError, match=r"regimens\.tsv:2 column .components."):
        load_table(folder)


def test_missing_tables(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="no such file"):
        load_table(tmp_path)
