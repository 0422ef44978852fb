"""Shared fixtures: the seed records read once, the seed graph built once."""

from __future__ import annotations

import pytest
from rdflib import Dataset

from kg.model import Trial
from kg.pipeline import build_dataset, read_inputs
from kg.resources import SEEDS_DIR


@pytest.fixture(scope="session")
def seed_trials() -> dict[str, Trial]:
    result = read_inputs([SEEDS_DIR])
    assert result.errors == ()
    return {t.nct_id: t for t in result.trials}


@pytest.fixture(scope="session")
def seed_dataset(seed_trials: dict[str, Trial]) -> Dataset:
    return build_dataset(list(seed_trials.values()))
