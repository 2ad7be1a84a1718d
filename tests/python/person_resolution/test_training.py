"""Unsupervised training and the retrain command, on the generator's tiny data set."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from person_resolution import train
from person_resolution.model import level_weights


@pytest.fixture(scope="module")
def tiny_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny synthetic data set (from the test command, else generated here)."""
    given = os.environ.get("CSE_TINY_DATA")
    if given and (Path(given) / "raw").exists():
        return Path(given) / "raw"
    out = tmp_path_factory.mktemp("tiny")
    command = [sys.executable, "-m", "cse_synth.generate", "--scale", "tiny", "--seed", "42"]
    subprocess.run(
        [*command, "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return out / "raw"


def test_retrain_command_writes_model_and_docs(tiny_raw: Path, tmp_path: Path) -> None:
    out, docs = tmp_path / "model.json", tmp_path / "docs.md"
    args = ["--data", str(tiny_raw), "--out", str(out), "--docs", str(docs), "--seed", "7"]
    assert train.main(args) == 0
    model = json.loads(out.read_text())
    rows = level_weights(model)
    trained = [r for r in rows if r["level"] >= 0]
    assert trained and all(r["u_probability"] is not None for r in trained)
    weight = {(r["comparison"], r["label"]): r["match_weight"] for r in rows}
    assert weight[("date_of_birth", "exact")] > weight[("date_of_birth", "different")]
    text = docs.read_text()
    assert "{% docs splink_model_weights %}" in text and "{% docs splink_blocking %}" in text
    assert "**all rules**" in text  # truth exists beside raw: blocking recall measured

    # same data, same seed: the same model
    again = tmp_path / "again.json"
    assert train.main(["--data", str(tiny_raw), "--out", str(again), "--seed", "7"]) == 0
    assert json.loads(again.read_text()) == model
