"""Live look-up of drugs the tables lack, at a SPARQL endpoint holding Wikidata-shaped data.

Answers (found or not) are cached on disk as JSON, per endpoint and name, so a second run needs
no network. Nothing here runs unless a caller asks for an endpoint.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kg import resources
from kg.errors import UsageError
from kg.queries import parse_query_file
from kg.rdfio import write_atomic
from kg.store import Endpoint, run_remote
from kg.vocab.lexicon import compact
from kg.vocab.table import XRef
from kg.vocab.xrefs import BY_PREFIX, BY_PROPERTY, WIKIDATA_DIRECT, WIKIDATA_ENTITY, normalise

CACHE_FILE = "wikidata-lookup.json"


@dataclass(frozen=True, slots=True)
class LookupHit:
    """The one item an endpoint holds under a name, its label and identifiers, and when."""

    name: str
    item: str
    label: str
    xrefs: tuple[XRef, ...]
    endpoint: str
    day: date


def _xrefs(item: str, rows: Iterable[dict[str, str]]) -> tuple[XRef, ...]:
    found: list[XRef] = []
    if item.startswith(WIKIDATA_ENTITY):
        qid = item[len(WIKIDATA_ENTITY):]
        if BY_PREFIX["wikidata"].valid(qid):
            found.append(XRef("wikidata", qid))
    for row in rows:
        prop = row["property"].removeprefix(WIKIDATA_DIRECT)
        vocab = BY_PROPERTY.get(prop)
        if vocab is None or not row["value"]:
            continue
        local = normalise(vocab, row["value"])
        if vocab.valid(local) and XRef(vocab.prefix, local) not in found:
            found.append(XRef(vocab.prefix, local))
    return tuple(sorted(found, key=lambda x: (x.prefix, x.local)))


def ask(endpoint: Endpoint, name: str, day: date) -> LookupHit | None:
    """The item whose label or alias is ``name``; None when there is none or several."""
    query = parse_query_file(resources.LOOKUP_QUERY)
    _, rows = run_remote(endpoint, query, {"name": name})
    items = sorted({r["item"] for r in rows})
    if len(items) != 1:
        return None
    item = items[0]
    label = next((r["label"] for r in rows if r["label"]), name)
    return LookupHit(name, item, label, _xrefs(item, rows), endpoint.query_url, day)


class Cache:
    """Answers by endpoint and compact name, in one JSON file of a folder."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / CACHE_FILE
        self.data: dict[str, dict[str, Any]] = {}
        if self.path.exists():
            try:
                loaded = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise UsageError(f"look-up cache {self.path} is unreadable: {exc}") from None
            if not isinstance(loaded, dict):
                raise UsageError(f"look-up cache {self.path} is not a JSON object")
            self.data = loaded

    def get(self, url: str, name: str) -> tuple[bool, LookupHit | None]:
        """Whether the answer is cached, and the answer."""
        entry = self.data.get(url, {}).get(compact(name))
        if entry is None:
            return False, None
        if not entry.get("item"):
            return True, None
        xrefs = tuple(XRef(p, v) for p, v in entry["xrefs"])
        return True, LookupHit(name, entry["item"], entry["label"], xrefs, url,
                               date.fromisoformat(entry["date"]))

    def put(self, url: str, name: str, hit: LookupHit | None, day: date) -> None:
        """Remember an answer (a miss too)."""
        entry: dict[str, Any] = {"name": name, "date": day.isoformat(), "item": None}
        if hit is not None:
            entry.update(item=hit.item, label=hit.label,
                         xrefs=[[x.prefix, x.local] for x in hit.xrefs])
        self.data.setdefault(url, {})[compact(name)] = entry

    def save(self) -> None:
        """Write the cache atomically, sorted, so that it diffs well."""
        text = json.dumps(self.data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        try:
            write_atomic(self.path, text.encode("utf-8"))
        except OSError as exc:
            raise UsageError(f"cannot write the look-up cache {self.path}: {exc}") from None


def lookup(names: Iterable[str], endpoint: Endpoint, cache_dir: Path, today: date
           ) -> dict[str, LookupHit | None]:
    """Each name's answer, from the cache when it has one, else from the endpoint.

    Raises EndpointError when the endpoint cannot answer (nothing is cached then).
    """
    cache = Cache(cache_dir)
    out: dict[str, LookupHit | None] = {}
    asked = False
    try:
        for name in sorted(set(names)):
            known, hit = cache.get(endpoint.query_url, name)
            if not known:
                hit = ask(endpoint, name, today)
                cache.put(endpoint.query_url, name, hit, today)
                asked = True
            out[name] = hit
    finally:
        if asked:
            cache.save()
    return out
