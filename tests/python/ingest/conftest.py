"""Fixtures: one ``tiny`` extract per test session (generated into a temp folder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cse_synth.generate import generate


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ``tiny`` data set generated once with seed 42 (the loader's input)."""
    out = tmp_path_factory.mktemp("ingest") / "tiny"
    generate("tiny", 42, out)
    return out
