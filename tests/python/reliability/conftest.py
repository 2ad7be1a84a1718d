"""Shared fixtures of the reliability tests: the tiny data set and labs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def tiny_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny data set (raw/ and truth/): the test command's, or generated here."""
    if os.environ.get("CSE_TINY_DATA"):
        return Path(os.environ["CSE_TINY_DATA"])
    out = tmp_path_factory.mktemp("tiny-data")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "cse_synth.generate",
            "--scale",
            "tiny",
            "--seed",
            "42",
            "--out",
            str(out),
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    return out
