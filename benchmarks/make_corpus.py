"""Make a registry-sized corpus of ClinicalTrials.gov API v2 studies by varying real records.

Each synthetic study is a copy of one of the real records in tests/data/ctgov (or a folder given
with --records) with a new NCT number, its sites and arms shuffled, and its number of sites drawn
from a heavy-tailed distribution like the registry's (most studies have one site, a few hundreds).
Output: JSON Lines (``.jsonl``, optionally ``.gz``) or a zip of one JSON file per study, the two
shapes of the registry's bulk download. The same --seed gives the same corpus.

    python benchmarks/make_corpus.py 10000 /tmp/corpus-10k.jsonl
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import random
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "tests" / "data" / "ctgov"

# Sites per study: about half of registry studies list one location or none, the median is 1 and
# a long tail reaches several hundred; a log-normal with these parameters has that shape.
SITES_MU, SITES_SIGMA, SITES_MAX = 0.2, 1.3, 800


def load_records(folder: Path) -> list[dict[str, Any]]:
    """The real studies the corpus varies."""
    records = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
    if not records:
        raise SystemExit(f"no .json records in {folder}")
    return records


def _site_count(rng: random.Random) -> int:
    return min(SITES_MAX, max(0, round(rng.lognormvariate(SITES_MU, SITES_SIGMA)) - 1))


def vary(record: dict[str, Any], number: int, rng: random.Random) -> dict[str, Any]:
    """A new study: new NCT number, shuffled arms, a drawn number of (reused) sites."""
    study = copy.deepcopy(record)
    proto = study["protocolSection"]
    proto["identificationModule"]["nctId"] = f"NCT{90000000 + number:08d}"
    arms = proto.get("armsInterventionsModule", {}).get("armGroups")
    if arms:
        rng.shuffle(arms)
    locations = proto.get("contactsLocationsModule", {}).get("locations")
    if locations:
        want = _site_count(rng)
        drawn = [copy.deepcopy(rng.choice(locations)) for _ in range(want)]
        for k, site in enumerate(drawn):
            site["facility"] = f"{site.get('facility', 'Site')} {k + 1}"
        proto["contactsLocationsModule"]["locations"] = drawn
    return study


def corpus(n: int, seed: int, records: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """``n`` varied studies, deterministic for a seed."""
    rng = random.Random(seed)
    for i in range(n):
        yield vary(rng.choice(records), i, rng)


def write(path: Path, studies: Iterator[dict[str, Any]]) -> int:
    """Write JSON Lines (.jsonl / .jsonl.gz) or a zip of one file per study; returns the count."""
    count = 0
    if path.suffix == ".zip":
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for study in studies:
                nct = study["protocolSection"]["identificationModule"]["nctId"]
                zf.writestr(f"{nct}.json", json.dumps(study))
                count += 1
        return count
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as fh:
        for study in studies:
            fh.write(json.dumps(study, separators=(",", ":")) + "\n")
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("output", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--records", type=Path, default=RECORDS)
    args = parser.parse_args()
    n = write(args.output, corpus(args.count, args.seed, load_records(args.records)))
    print(f"wrote {n} studies to {args.output}")


if __name__ == "__main__":
    main()
