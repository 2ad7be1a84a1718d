"""Generated raw files match the contract exactly and are reproducible byte for byte."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cse_contract import MANIFEST_NAME, arrow_schema, load_contract
from cse_synth.generate import generate
from cse_synth.truth import TRUTH_SCHEMAS


def _hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("table", list(load_contract()))
def test_raw_table_matches_contract(tiny_dir: Path, table: str) -> None:
    schema = pq.read_schema(tiny_dir / "raw" / f"{table}.parquet")
    expected = arrow_schema(table)
    assert schema.names == expected.names
    assert [f.type for f in schema] == [f.type for f in expected]


def test_only_contract_tables_and_control_totals_in_raw(tiny_dir: Path) -> None:
    files = sorted(p.name for p in (tiny_dir / "raw").iterdir())
    assert files == sorted([*(f"{t}.parquet" for t in load_contract()), MANIFEST_NAME])


@pytest.mark.parametrize("name", list(TRUTH_SCHEMAS))
def test_truth_files_have_documented_schema(tiny_dir: Path, name: str) -> None:
    schema = pq.read_schema(tiny_dir / "truth" / f"{name}.parquet")
    assert schema.names == TRUTH_SCHEMAS[name].names


def test_manifest_counts_match_files(tiny_dir: Path) -> None:
    manifest = json.loads((tiny_dir / "manifest.json").read_text())
    assert manifest["scale"] == "tiny"
    assert manifest["seed"] == 42
    assert manifest["as_of_date"] == "2026-11-01"
    for table, n in manifest["row_counts"].items():
        assert pq.read_metadata(tiny_dir / "raw" / f"{table}.parquet").num_rows == n
    defects = pq.read_table(tiny_dir / "truth" / "defects.parquet").to_pandas()
    total = sum(sum(v.values()) for v in manifest["planted_defect_counts"].values())
    assert total == len(defects)


def test_same_seed_gives_identical_files(tiny_dir: Path, tmp_path: Path) -> None:
    generate("tiny", 42, tmp_path / "again")
    assert _hashes(tmp_path / "again") == _hashes(tiny_dir)


def test_other_seed_gives_other_data(tiny_dir: Path, tmp_path: Path) -> None:
    generate("tiny", 7, tmp_path / "seven")
    a = _hashes(tmp_path / "seven")
    b = _hashes(tiny_dir)
    assert a["raw/crimes.parquet"] != b["raw/crimes.parquet"]
