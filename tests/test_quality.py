"""ruff and mypy (strict on kg/) are part of the tests."""

from __future__ import annotations

import subprocess
import sys

from kg.resources import ROOT


def test_ruff() -> None:
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "kg", "tests"], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_strict() -> None:
    run = subprocess.run([sys.executable, "-m", "mypy", "--strict", "kg"], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
