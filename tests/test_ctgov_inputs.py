"""API v2 input forms (study, page, list, JSON Lines, gzip, folder, zip) and records that break
the schema: each is reported with its NCT id or position and skipped, the rest goes on."""

from __future__ import annotations

import copy
import dataclasses
import gzip
import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputError
from kg.model import Trial
from kg.pipeline import read_inputs
from kg.sources import ctgov_input
from kg.sources.ctgov_input import iter_studies, read_studies

DATA = Path(__file__).parent / "data" / "ctgov"
FILES = sorted(DATA.glob("*.json"))
NCT_IDS = [p.stem for p in FILES]


def _studies() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in FILES]


def _jsonl(studies: list[Any]) -> str:
    return "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in studies)


def _read(path: Path) -> tuple[list[Trial], list[InputError]]:
    trials: list[Trial] = []
    errors: list[InputError] = []
    for item in read_studies(path):
        (errors if isinstance(item, InputError) else trials).append(item)  # type: ignore[arg-type]
    return trials, errors


def _without_source(t: Trial) -> Trial:
    return dataclasses.replace(t, source=dataclasses.replace(t.source, file_name="",
                                                              sha256=""))


@pytest.fixture(scope="module")
def from_folder() -> dict[str, Trial]:
    trials, errors = _read(DATA)
    assert errors == []
    return {t.nct_id: t for t in trials}


def _write_forms(tmp_path: Path) -> dict[str, Path]:
    studies = _studies()
    page = tmp_path / "page.json"
    page.write_text(json.dumps({"studies": studies, "nextPageToken": "NF0g5JSEm_Q"}, indent=2),
                    encoding="utf-8")
    page_token_first = tmp_path / "page2.json"
    page_token_first.write_text(json.dumps({"totalCount": 12, "nextPageToken": "x",
                                            "studies": studies}), encoding="utf-8")
    listing = tmp_path / "list.json"
    listing.write_text(json.dumps(studies), encoding="utf-8")
    lines = tmp_path / "studies.jsonl"
    lines.write_text(_jsonl(studies), encoding="utf-8")
    packed = tmp_path / "studies.jsonl.gz"
    packed.write_bytes(gzip.compress(_jsonl(studies).encode("utf-8")))
    archive = tmp_path / "ctg-studies.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in FILES:
            zf.write(path, f"ctg-studies/{path.name}")
    return {"page": page, "page-token-first": page_token_first, "list": listing,
            "jsonl": lines, "jsonl-gz": packed, "zip": archive}


@pytest.mark.parametrize("form", ["page", "page-token-first", "list", "jsonl", "jsonl-gz",
                                  "zip"])
def test_every_form_gives_the_same_trials(tmp_path: Path, form: str,
                                          from_folder: dict[str, Trial]) -> None:
    trials, errors = _read(_write_forms(tmp_path)[form])
    assert errors == []
    assert [t.nct_id for t in trials] == NCT_IDS
    for t in trials:
        assert _without_source(t) == _without_source(from_folder[t.nct_id])


def test_labels_name_file_and_position(tmp_path: Path) -> None:
    forms = _write_forms(tmp_path)
    labels = {form: [label for label, _ in iter_studies(path)] for form, path in forms.items()}
    assert labels["page"][:2] == ["page.json studies[0]", "page.json studies[1]"]
    assert labels["list"][11] == "list.json[11]"
    assert labels["jsonl"][2] == "studies.jsonl line 3"
    assert labels["jsonl-gz"][2] == "studies.jsonl.gz line 3"
    assert labels["zip"][0] == f"ctg-studies.zip:ctg-studies/{FILES[0].name}"


def test_single_study_file_keeps_its_checksum(tmp_path: Path) -> None:
    renamed = tmp_path / "record.dat"  # content decides, not the name
    renamed.write_bytes(FILES[0].read_bytes())
    trials, errors = _read(renamed)
    assert errors == [] and [t.nct_id for t in trials] == [FILES[0].stem]
    assert trials[0].source.file_name == "record.dat"
    assert trials[0].source.sha256 == hashlib.sha256(FILES[0].read_bytes().strip()).hexdigest()


def test_small_chunks_read_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    from_folder: dict[str, Trial]) -> None:
    monkeypatch.setattr(ctgov_input, "_CHUNK", 97)  # values cross every chunk boundary
    trials, errors = _read(_write_forms(tmp_path)["page"])
    assert errors == [] and len(trials) == 12
    assert all(_without_source(t) == _without_source(from_folder[t.nct_id]) for t in trials)


def test_a_page_streams_study_by_study(tmp_path: Path) -> None:
    first = FILES[0].read_text(encoding="utf-8")
    page = tmp_path / "page.json"
    page.write_text('{"studies": [' + first + ", {broken", encoding="utf-8")
    items = iter_studies(page)
    label, item = next(items)  # decoded before the broken rest is read
    assert label == "page.json studies[0]" and not isinstance(item, InputError)
    label, item = next(items)
    assert isinstance(item, InputError) and "invalid JSON at line" in str(item)


def _broken(study: dict[str, Any], change: str) -> dict[str, Any]:
    bad = copy.deepcopy(study)
    proto = bad["protocolSection"]
    if change == "no-nct":
        del proto["identificationModule"]["nctId"]
    elif change == "count-text":
        proto["designModule"]["enrollmentInfo"]["count"] = "many"
    elif change == "phases-text":
        proto["designModule"]["phases"] = "PHASE2"
    elif change == "status-code":
        proto["statusModule"]["overallStatus"] = "HALF_DONE"
    elif change == "geo-text":
        proto["contactsLocationsModule"]["locations"][0]["geoPoint"]["lat"] = "north"
    return bad


def test_schema_breaking_records_are_named_and_skipped(tmp_path: Path) -> None:
    studies = _studies()
    lines = [json.dumps(s) for s in studies]
    lines[1] = json.dumps(_broken(studies[1], "no-nct"))
    lines[3] = json.dumps(_broken(studies[3], "count-text"))
    lines[5] = json.dumps(_broken(studies[5], "phases-text"))
    lines[7] = json.dumps(_broken(studies[7], "status-code"))
    lines[9] = json.dumps(_broken(studies[9], "geo-text"))
    lines[10] = lines[10][:200]  # cut short: not JSON
    path = tmp_path / "bulk.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    trials, errors = _read(path)
    assert [t.nct_id for t in trials] == [NCT_IDS[n] for n in (0, 2, 4, 6, 8, 11)]
    found = {(e.file, e.record, e.field) for e in errors}
    assert found == {
        ("bulk.jsonl line 2", None, "protocolSection.identificationModule.nctId"),
        ("bulk.jsonl line 4", NCT_IDS[3], "protocolSection.designModule.enrollmentInfo.count"),
        ("bulk.jsonl line 6", NCT_IDS[5], "protocolSection.designModule.phases"),
        ("bulk.jsonl line 8", NCT_IDS[7], "protocolSection.statusModule.overallStatus"),
        ("bulk.jsonl line 10", NCT_IDS[9],
         "protocolSection.contactsLocationsModule.locations[0].geoPoint.lat"),
        ("bulk.jsonl line 11", None, None),
    }
    by_line = {e.file: str(e) for e in errors}
    assert "expected a whole number, found a string: 'many'" in by_line["bulk.jsonl line 4"]
    assert "unknown status: 'HALF_DONE'" in by_line["bulk.jsonl line 8"]
    assert "invalid JSON" in by_line["bulk.jsonl line 11"]


def test_bad_members_of_a_page_and_a_zip(tmp_path: Path) -> None:
    studies = _studies()
    page = tmp_path / "page.json"
    page.write_text(json.dumps({"studies": [studies[0], _broken(studies[1], "no-nct"), 7,
                                            studies[2]]}), encoding="utf-8")
    trials, errors = _read(page)
    assert [t.nct_id for t in trials] == NCT_IDS[:1] + NCT_IDS[2:3]
    assert [(e.file, e.record) for e in errors] == [("page.json studies[1]", None),
                                                    ("page.json studies[2]", None)]
    assert "a study must be a JSON object, found a number" in str(errors[1])
    archive = tmp_path / "bulk.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("a.json", json.dumps(studies[0]))
        zf.writestr("b.json", b"\xff\xfe not text")
        zf.writestr("c.json", json.dumps(_broken(studies[3], "count-text")))
        zf.writestr("d.json", json.dumps(studies[4]))
    trials, errors = _read(archive)
    assert [t.nct_id for t in trials] == [NCT_IDS[0], NCT_IDS[4]]
    assert [(e.file, e.record) for e in errors] == [("bulk.zip:b.json", None),
                                                    ("bulk.zip:c.json", NCT_IDS[3])]


def test_kg_build_reports_skipped_records_and_exits_1(tmp_path: Path) -> None:
    studies = _studies()
    lines = [json.dumps(s) for s in studies]
    lines[4] = json.dumps(_broken(studies[4], "no-nct"))
    lines[8] = json.dumps(_broken(studies[8], "count-text"))
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "bulk.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "g.nq"
    result = CliRunner().invoke(main, ["build", str(inputs), "-o", str(out), "-f", "nquads",
                                       "--no-validate"])
    assert result.exit_code == 1
    errors = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    assert errors == [
        "error: bulk.jsonl line 5 field 'protocolSection.identificationModule.nctId': "
        "missing: a study needs its NCT number",
        f"error: bulk.jsonl line 9 [{NCT_IDS[8]}] field "
        "'protocolSection.designModule.enrollmentInfo.count': expected a whole number, "
        "found a string: 'many'",
    ]
    assert "built 10 trials" in result.stderr and "2 record(s) skipped" in result.stderr
    written = out.read_text(encoding="utf-8")
    assert NCT_IDS[0] in written and NCT_IDS[4] not in written
    assert "Traceback" not in result.output


def test_kg_build_detects_json_among_pages(tmp_path: Path) -> None:
    from kg.resources import SEEDS_DIR

    inputs = tmp_path / "in"
    inputs.mkdir()
    for seed in SEEDS_DIR.iterdir():
        (inputs / seed.name).write_bytes(seed.read_bytes())
    (inputs / "studies.jsonl").write_text(_jsonl(_studies()), encoding="utf-8")
    result = read_inputs([inputs])
    assert result.errors == ()
    assert len(result.trials) == 5 + 12
    out = tmp_path / "g.ttl"
    run = CliRunner().invoke(main, ["build", str(inputs), "-o", str(out), "--no-validate"])
    assert run.exit_code == 0, run.output
    assert "built 17 trials" in run.stderr


def test_empty_and_non_json_inputs(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    stray = tmp_path / "stray.json"
    stray.write_text('{"studies": [], "nextPageToken": null} trailing', encoding="utf-8")
    _, errors = _read(empty)
    assert [e.message for e in errors] == ["the file is empty"]
    result = read_inputs([empty])  # not JSON by its first bytes: read as a page, also empty
    assert [e.message for e in result.errors] == ["the file is empty"]
    _, errors = _read(stray)
    assert len(errors) == 1 and "invalid JSON at line 1" in str(errors[0])
