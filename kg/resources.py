"""The only module that knows where the project's assets live: ontology, shapes, queries, seeds."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "kg.ttl"
SHAPES_DIR = ROOT / "shapes"
QUERIES_DIR = ROOT / "queries"
SEEDS_DIR = ROOT / "seeds"
