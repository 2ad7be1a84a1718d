"""Deterministic parquet writing with exact Arrow types."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

__all__ = ["to_arrow", "write_parquet"]


def _array(values: pd.Series, typ: pa.DataType) -> pa.Array:
    if pa.types.is_timestamp(typ):
        s = pd.to_datetime(values.astype(object).where(values.notna(), None))
        return pa.array(s.to_numpy(dtype="datetime64[us]"), type=typ, mask=s.isna().to_numpy())
    if pa.types.is_date32(typ):
        ints = pd.array(values.astype(object).where(values.notna(), None), dtype="Int64")
        return pa.array(ints, type=pa.int64()).cast(pa.int32()).cast(typ)
    if pa.types.is_integer(typ):
        ints = pd.array(values.astype(object).where(values.notna(), None), dtype="Int64")
        return pa.array(ints, type=pa.int64()).cast(typ)
    if pa.types.is_boolean(typ):
        return pa.array(
            pd.array(values.astype(object).where(values.notna(), None), dtype="boolean"), type=typ
        )
    if pa.types.is_list(typ):
        return pa.array(list(values), type=typ)
    return pa.array(values.to_numpy(dtype=object), type=typ, from_pandas=True)


def to_arrow(frame: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    """Build an Arrow table with exactly ``schema`` (names, order, types, no pandas metadata)."""
    arrays = [_array(frame[f.name].reset_index(drop=True), f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def write_parquet(table: pa.Table, path: Path) -> None:
    """Write a parquet file whose bytes depend only on the data (no timestamps)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(
        table.replace_schema_metadata(None),
        path,
        compression="zstd",
        row_group_size=1_000_000,
        write_statistics=True,
    )
