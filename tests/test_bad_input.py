"""Bad input: one clear error line naming the file (and field), other files still converted."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputError
from kg.resources import SEEDS_DIR
from kg.sources import read_file

IMPACT = SEEDS_DIR / "000_a572ec62bb855f1a.txt"
VEEVA = SEEDS_DIR / "002_417d30830939582b.txt"


def _copy(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b"\n  \n", "the file is empty"),
        ("unknown.txt", b"Minutes of the board meeting\nNothing here.\n", "unknown layout"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
        ("truncated.txt", IMPACT.read_bytes()[:6000], "no lead sponsor"),
        ("truncated_veeva.txt", VEEVA.read_bytes()[:3000], "truncated"),
    ],
    ids=["empty", "blank", "unknown-layout", "binary", "truncated-ctgov", "truncated-veeva"],
)
def test_bad_file_is_named(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    with pytest.raises(InputError) as info:
        read_file(_copy(tmp_path, name, data))
    assert info.value.file == name
    assert message in str(info.value)


def test_unknown_status_word_names_field_and_value(tmp_path: Path) -> None:
    text = IMPACT.read_text(encoding="utf-8").replace("\nRECRUITING\n", "\nHALF_RECRUITING\n", 1)
    with pytest.raises(InputError) as info:
        read_file(_copy(tmp_path, "bad_status.txt", text.encode()))
    err = info.value
    assert (err.record, err.field, err.value) == ("NCT06713837", "Recruitment Status",
                                                  "HALF_RECRUITING")


def test_unreadable_date_names_field(tmp_path: Path) -> None:
    text = IMPACT.read_text(encoding="utf-8").replace("2025-02-27", "2025-02-31")
    with pytest.raises(InputError) as info:
        read_file(_copy(tmp_path, "bad_date.txt", text.encode()))
    assert info.value.field == "Study Start Date" and info.value.value == "2025-02-31"


def test_build_goes_on_past_bad_files(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for seed in SEEDS_DIR.iterdir():
        (inputs / seed.name).write_bytes(seed.read_bytes())
    _copy(inputs, "zz_empty.txt", b"")
    _copy(inputs, "zz_unknown.txt", b"Hello\nworld\n")
    _copy(inputs, "zz_truncated.txt", IMPACT.read_bytes()[:6000])
    out = tmp_path / "g.ttl"
    result = CliRunner().invoke(main, ["build", str(inputs), "-o", str(out)])
    assert result.exit_code == 1
    errors = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    assert len(errors) == 3
    assert any("zz_empty.txt" in x for x in errors)
    assert any("zz_unknown.txt" in x and "unknown layout" in x for x in errors)
    assert any("zz_truncated.txt [NCT06713837]" in x for x in errors)
    assert "Traceback" not in result.output
    assert "built 5 trials" in result.stderr
    assert "NCT05327894" in out.read_text(encoding="utf-8")


def test_nothing_readable_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    bad = _copy(tmp_path, "bad.txt", b"not a registry page\n")
    out = tmp_path / "g.ttl"
    result = CliRunner().invoke(main, ["build", str(bad), "-o", str(out)])
    assert result.exit_code == 1
    assert not out.exists()


def test_missing_input_and_bad_base_iri(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(tmp_path / "nope.txt"),
                                       "-o", str(tmp_path / "g.ttl")])
    assert result.exit_code == 1 and "no such file" in result.stderr
    result = CliRunner().invoke(main, ["build", "--base-iri", "not an iri",
                                       "-o", str(tmp_path / "g.ttl")])
    assert result.exit_code == 2 and "base IRI" in result.stderr
    assert not (tmp_path / "g.ttl").exists()


def test_failed_write_keeps_old_file(tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    out.write_text("old content")
    result = CliRunner().invoke(main, ["build", "--base-iri", "http://x/ bad/", "-o", str(out)])
    assert result.exit_code == 2
    assert out.read_text() == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["g.ttl"]
