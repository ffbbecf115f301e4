"""Shared fixtures: the repository's criteria folder, loaded once."""
from pathlib import Path

import pytest

import hoctap

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def registry() -> hoctap.Registry:
    return hoctap.Registry(str(ROOT / "criteria"))
