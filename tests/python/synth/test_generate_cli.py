"""Where ``python -m cse_synth.generate`` writes without ``--out``: ``$CSE_DATA_DIR/<scale>``
(scripts/env.sh sets the variable), and a clear stop when nothing says where."""

from __future__ import annotations

from pathlib import Path

import pytest

from cse_synth.generate import main


def test_without_out_it_writes_under_cse_data_dir(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CSE_DATA_DIR", str(tmp_path))
    assert main(["--scale", "tiny", "--seed", "42"]) == 0
    assert (tmp_path / "tiny" / "raw" / "_manifest.json").exists()


def test_without_out_or_cse_data_dir_it_stops_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("CSE_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["--scale", "tiny"]) == 2
    assert "pass --out, or set CSE_DATA_DIR" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # nothing written anywhere it was not told
