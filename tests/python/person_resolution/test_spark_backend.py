"""The Spark backend scores exactly like DuckDB (slow: needs a Spark session).

Runs only with ``CSE_TEST_SPLINK_SPARK=1``; the benchmark
(``benchmarks/resolution_bench.py --spark-parity``) checks the same on generated data.
"""

from __future__ import annotations

import os

import pandas as pd
import pytest

from person_resolution.features import prepare_records
from person_resolution.scoring import score_pairs

pytestmark = pytest.mark.skipif(
    os.environ.get("CSE_TEST_SPLINK_SPARK") != "1", reason="set CSE_TEST_SPLINK_SPARK=1"
)


def test_spark_and_duckdb_give_the_same_pairs(
    records: pd.DataFrame, nicknames: pd.DataFrame, saved_model: dict, tmp_path
) -> None:
    os.environ.setdefault("CSE_WAREHOUSE_DIR", str(tmp_path / "wh"))
    from cse_networks.spark import get_spark

    spark = get_spark()
    features = prepare_records(records, nicknames)
    duck = score_pairs(features, model=saved_model, min_probability=0.0).pairs
    on_spark = score_pairs(
        features, model=saved_model, backend="spark", spark=spark, min_probability=0.0
    ).pairs
    pd.testing.assert_frame_equal(duck, on_spark, check_exact=False, atol=1e-9)
    leftover = [t.name for t in spark.catalog.listTables() if t.name.startswith("__splink__")]
    assert leftover == []
