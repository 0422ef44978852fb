"""The only module that knows where the project's assets live: ontology, shapes, queries, seeds."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "kg.ttl"
SHAPES_DIR = ROOT / "shapes"
QUERIES_DIR = ROOT / "queries"
STORE_SPARQL_DIR = QUERIES_DIR / "store"
SEEDS_DIR = ROOT / "seeds"
# The bundled drug and regimen tables ship inside the package (kg/vocab/data/).
VOCAB_DATA_DIR = Path(__file__).resolve().parent / "vocab" / "data"
LOOKUP_QUERY = QUERIES_DIR / "lookup" / "wikidata-drug.rq"
