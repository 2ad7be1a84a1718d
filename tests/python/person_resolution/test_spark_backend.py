"""The Spark backend scores exactly like DuckDB (the backend the README offers at cluster scale).

Runs in every full suite on the hand-made records (a `spark` test, left out of
`make test-fast`); the benchmark (``benchmarks/resolution_bench.py
--spark-parity``) checks the same on generated data.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest

from person_resolution.blocking import BLOCKING_RULE_DESCRIPTIONS
from person_resolution.features import prepare_records
from person_resolution.scoring import score_pairs


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A SparkSession on a warehouse of its own, never the tiny warehouse's metastore."""
    from cse_networks.spark import get_spark

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CSE_WAREHOUSE_DIR", str(tmp_path_factory.mktemp("splink_spark_wh")))
        session = get_spark("local")
        yield session
        session.stop()


def test_spark_and_duckdb_give_the_same_pairs(
    spark,
    records: pd.DataFrame,
    nicknames: pd.DataFrame,
    saved_model: dict,
    splink_seed: int,
    word_max_records: int,
) -> None:
    # F and G (unrelated, nothing else in common) lodge at one address, so one pair
    # comes from the address-word rule alone: an exploded array on both backends
    addresses = pd.DataFrame(
        {
            "record_id": ["CRIMES:F1", "SAFEGUARDING:G1", "CRIMES:C1"],
            "address": ["7 Quarry Bank Mews, Rusholme", "7 QUARRY BANK MEWS", "2 Elm Walk"],
            "observed_from": pd.to_datetime(["2024-01-01", "2023-01-01", "2022-01-01"]),
        }
    )
    features = prepare_records(
        records, nicknames, addresses=addresses, address_word_max_records=word_max_records
    )
    duck = score_pairs(features, model=saved_model, min_probability=0.0, seed=splink_seed).pairs
    on_spark = score_pairs(
        features,
        model=saved_model,
        backend="spark",
        spark=spark,
        min_probability=0.0,
        seed=splink_seed,
    ).pairs
    assert len(duck) > 0, "no candidate pairs: nothing was compared"
    address_rule = list(BLOCKING_RULE_DESCRIPTIONS).index("address_word")
    by_address = duck.loc[duck["blocking_rule_index"] == address_rule]
    assert by_address[["record_id_a", "record_id_b"]].values.tolist() == [
        ["CRIMES:F1", "SAFEGUARDING:G1"]
    ]
    pd.testing.assert_frame_equal(duck, on_spark, check_exact=False, atol=1e-9)
    leftover = [t.name for t in spark.catalog.listTables() if t.name.startswith("__splink__")]
    assert leftover == []
