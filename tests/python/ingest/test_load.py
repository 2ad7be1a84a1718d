"""The raw loader: happy path, and structural errors that leave earlier raw tables intact."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from cse_contract import load_contract
from cse_ingest.load import LoadError, SourceFile, load_raw, validate

pytest.importorskip("pyspark")


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One SparkSession for the module, with its own warehouse and metastore."""
    from cse_networks.spark import get_spark

    old = os.environ.get("CSE_WAREHOUSE_DIR")
    os.environ["CSE_WAREHOUSE_DIR"] = str(tmp_path_factory.mktemp("synth_wh"))
    session = get_spark("local")
    yield session
    session.stop()
    if old is None:
        os.environ.pop("CSE_WAREHOUSE_DIR", None)
    else:
        os.environ["CSE_WAREHOUSE_DIR"] = old


@pytest.fixture(scope="module")
def loaded(spark: object, tiny_dir: Path) -> dict[str, int]:
    """The tiny data set loaded once; later tests check it survives failed loads."""
    return load_raw(tiny_dir / "raw", spark=spark)


def _copy_raw(tiny_dir: Path, dest: Path) -> Path:
    shutil.copytree(tiny_dir / "raw", dest)
    return dest


def _to_csv(tiny_dir: Path, dest: Path) -> Path:
    dest.mkdir()
    for table in load_contract():
        pacsv.write_csv(pq.read_table(tiny_dir / "raw" / f"{table}.parquet"), dest / f"{table}.csv")
    return dest


def _raw_counts(spark: object) -> dict[str, int]:
    # all tables still there, and two of them (first and last replaced) unchanged
    names = {t.name for t in spark.catalog.listTables("raw")}
    assert set(load_contract()) <= names
    return {t: spark.table(f"raw.{t}").count() for t in ("nominals", "safeguarding_flags")}


def _subset(counts: dict[str, int]) -> dict[str, int]:
    return {t: counts[t] for t in ("nominals", "safeguarding_flags")}


def test_happy_path_counts_equal_files(
    loaded: dict[str, int], tiny_dir: Path, spark: object
) -> None:
    for table, n in loaded.items():
        assert n == pq.read_metadata(tiny_dir / "raw" / f"{table}.parquet").num_rows
    cols = spark.table("raw.crimes").dtypes
    assert cols[0] == ("crime_id", "string")
    assert dict(cols)["recorded_at"] == "timestamp"
    assert dict(spark.table("raw.ocg_nominals").dtypes)["ocg_threat_band"] == "int"
    assert not spark.catalog.tableExists("raw.crimes__loading")


def test_missing_file_stops_before_replacing(
    loaded: dict[str, int], spark: object, tiny_dir: Path, tmp_path: Path
) -> None:
    data = _copy_raw(tiny_dir, tmp_path / "raw")
    (data / "crimes.parquet").unlink()
    (data / "nominals.parquet").rename(data / "extra_table.parquet")
    with pytest.raises(LoadError, match="crimes") as err:
        load_raw(data, spark=spark)
    assert "nominals" in str(err.value)
    assert _raw_counts(spark) == _subset(loaded)


def test_missing_column_names_file_and_column(
    loaded: dict[str, int], spark: object, tiny_dir: Path, tmp_path: Path
) -> None:
    data = _copy_raw(tiny_dir, tmp_path / "raw")
    path = data / "custody_records.parquet"
    pq.write_table(pq.read_table(path).drop_columns(["arrested_at"]), path)
    with pytest.raises(LoadError) as err:
        load_raw(data, spark=spark)
    assert "custody_records.parquet" in str(err.value)
    assert "arrested_at" in str(err.value)
    assert _raw_counts(spark) == _subset(loaded)


def test_bad_type_csv_names_file_column_and_count(
    loaded: dict[str, int], spark: object, tiny_dir: Path, tmp_path: Path
) -> None:
    data = _to_csv(tiny_dir, tmp_path / "csv")
    path = data / "nominals.csv"
    lines = path.read_text().splitlines()
    header = next(iter(lines)).split(",")
    pos = [h.strip('"') for h in header].index("date_of_birth")
    bad = 0
    for i in range(1, len(lines), 50):
        fields = lines[i].split(",")
        if len(fields) == len(header) and fields[pos]:
            fields[pos] = "31/02/20O1"
            lines[i] = ",".join(fields)
            bad += 1
    path.write_text("\n".join(lines) + "\n")
    assert bad >= 3
    with pytest.raises(LoadError) as err:
        load_raw(data, spark=spark)
    message = str(err.value)
    assert "nominals.csv" in message
    assert "date_of_birth" in message
    assert f"{bad} value(s)" in message
    assert "20O1" not in message  # counts, never values
    assert _raw_counts(spark) == _subset(loaded)


def test_csv_values_cast_to_contract_types(spark: object, tiny_dir: Path, tmp_path: Path) -> None:
    data = _to_csv(tiny_dir, tmp_path / "csv")
    contract = load_contract()
    for table in ("crimes", "ocg_nominals"):
        df = validate(spark, SourceFile(table, data / f"{table}.csv", "csv"), contract[table])
        assert df.columns == contract[table].column_names
        assert df.count() == pq.read_metadata(tiny_dir / "raw" / f"{table}.parquet").num_rows
    assert dict(df.dtypes)["mapped_from"] == "date"


def test_extra_column_warns_and_is_dropped(
    spark: object, tiny_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    table = pq.read_table(tiny_dir / "raw" / "crimes.parquet")
    path = tmp_path / "crimes.parquet"
    pq.write_table(table.append_column("officer_notes", table.column("lsoa_code")), path)
    with caplog.at_level(logging.WARNING, logger="cse_ingest.load"):
        df = validate(spark, SourceFile("crimes", path, "parquet"), load_contract()["crimes"])
    assert df.columns == load_contract()["crimes"].column_names
    warning = " ".join(r.getMessage() for r in caplog.records)
    assert "officer_notes" in warning
    assert "crimes.parquet" in warning


def test_folder_of_parts_is_one_table(spark: object, tiny_dir: Path, tmp_path: Path) -> None:
    from cse_ingest.load import find_sources

    table = pq.read_table(tiny_dir / "raw" / "crimes.parquet")
    data = _copy_raw(tiny_dir, tmp_path / "raw")
    (data / "crimes.parquet").unlink()
    half = table.num_rows // 2
    (data / "crimes").mkdir()
    pq.write_table(table.slice(0, half), data / "crimes" / "part-00000.parquet")
    pq.write_table(table.slice(half), data / "crimes" / "part-00001.parquet")
    src = find_sources(data, list(load_contract()))["crimes"]
    assert src.path == data / "crimes"
    df = validate(spark, src, load_contract()["crimes"])
    assert df.count() == table.num_rows
