"""Several blocks (the ``large`` layout): parts per table; no id or identifier crosses blocks."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from cse_contract import load_contract
from cse_synth.generate import SCALES, Scale, generate


@pytest.fixture(scope="module")
def parts_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth_parts") / "parts"
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(SCALES, "tiny_parts", Scale(2, SCALES["tiny"].background, 1))
        generate("tiny_parts", 3, out)
    return out


def _read(root: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(root / name)


def test_parts_layout_and_manifest(parts_dir: Path) -> None:
    manifest = json.loads((parts_dir / "manifest.json").read_text())
    assert manifest["layout"] == "parts"
    for table in load_contract():
        files = sorted((parts_dir / "raw" / table).glob("part-*.parquet"))
        assert len(files) == 2
        assert sum(len(pd.read_parquet(f)) for f in files) == manifest["row_counts"][table]


def test_keys_unique_across_blocks(parts_dir: Path) -> None:
    defects = _read(parts_dir, "truth/defects")
    for table in ("nominals", "crimes", "custody_records", "intel_reports"):
        frame = _read(parts_dir, f"raw/{table}")
        pk = list(load_contract()[table].primary_key)
        dups = len(frame) - len(frame.drop_duplicates(pk))
        expected = (
            (defects["table_name"] == table) & (defects["defect_class"] == "DUPLICATE_PK")
        ).sum()
        assert dups == expected, table
    records = _read(parts_dir, "truth/records")
    per_record = records.groupby(["source_system", "source_nominal_id"])["true_person_id"].nunique()
    assert (per_record == 1).all()


def test_identifiers_and_pnc_not_shared_across_blocks(parts_dir: Path) -> None:
    records = _read(parts_dir, "truth/records")
    ids = _read(parts_dir, "raw/nominal_identifiers").merge(
        records, on=["source_system", "source_nominal_id"]
    )
    ids["block"] = ids["true_person_id"].str[2:4]
    squash = ids["identifier_value"].str.upper().str.replace(r"[^A-Z0-9]", "", regex=True)
    ids["key"] = (
        ids["identifier_type"]
        + ":"
        + squash.where(ids["identifier_type"] != "PHONE", squash.str[-9:])
    )
    assert (ids.dropna(subset=["key"]).groupby("key")["block"].nunique() == 1).all()
    nom = _read(parts_dir, "raw/nominals").merge(records, on=["source_system", "source_nominal_id"])
    pnc = nom.dropna(subset=["pnc_id"])
    assert (pnc.groupby("pnc_id")["true_person_id"].nunique() == 1).all()


def test_id_codes_distinct_for_every_block() -> None:
    import numpy as np

    from cse_synth.people import (
        MAX_BLOCKS,
        address_values,
        pnc_canonical,
        unique_codes,
        uprn_values,
    )

    serial = np.arange(2_000)
    rng = np.random.default_rng(0)
    for fn in (
        lambda b: unique_codes(b, serial, 1_000_000_000, 1_234_577),
        lambda b: unique_codes(b, serial, 320_000_000, 7_777_777),
        lambda b: uprn_values(b, serial),
        lambda b: address_values(rng, b, 5_000_000 + serial),
        lambda b: pnc_canonical(b, serial, np.full(len(serial), 2014)),
    ):
        values = np.concatenate([fn(b) for b in range(MAX_BLOCKS)])
        assert len(set(values.tolist())) == len(values)
