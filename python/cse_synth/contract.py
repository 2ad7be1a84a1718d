"""The raw source contract (``raw_sources.yml``) as Arrow schemas.

Both the generator and the loader read the contract from one place so the
files they write and check can never drift from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyarrow as pa
import yaml

from cse_networks.paths import contract_dir

__all__ = [
    "ARROW_TYPES",
    "ColumnSpec",
    "TableSpec",
    "arrow_schema",
    "load_contract",
    "offence_codes_path",
    "table_names",
]

# Contract (Spark SQL) type -> Arrow type written to parquet.
ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "timestamp": pa.timestamp("us"),
    "date": pa.date32(),
    "boolean": pa.bool_(),
    "int": pa.int32(),
}


@dataclass(frozen=True)
class ColumnSpec:
    """One contract column."""

    name: str
    type: str
    nullable: bool
    values: tuple[str, ...] | None


@dataclass(frozen=True)
class TableSpec:
    """One contract table: columns in contract order and its primary key."""

    name: str
    columns: tuple[ColumnSpec, ...]
    primary_key: tuple[str, ...]

    @property
    def column_names(self) -> list[str]:
        """Column names in contract order."""
        return [c.name for c in self.columns]


@cache
def load_contract(path: str | None = None) -> dict[str, TableSpec]:
    """Parse ``raw_sources.yml`` into table specs, keyed by table name in contract order.

    Parameters
    ----------
    path
        Contract folder; default ``cse_networks.paths.contract_dir()`` ($CSE_CONTRACT_DIR).
    """
    folder = Path(path) if path else contract_dir()
    doc = yaml.safe_load((folder / "raw_sources.yml").read_text())
    tables: dict[str, TableSpec] = {}
    for name, body in doc["tables"].items():
        cols = tuple(
            ColumnSpec(
                name=c["name"],
                type=c["type"],
                nullable=bool(c.get("null", True)),
                values=tuple(str(v) for v in c["values"]) if "values" in c else None,
            )
            for c in body["columns"]
        )
        tables[name] = TableSpec(name=name, columns=cols, primary_key=tuple(body["primary_key"]))
    return tables


def table_names() -> list[str]:
    """The contract's table names in contract order."""
    return list(load_contract())


def arrow_schema(table: str) -> pa.Schema:
    """Arrow schema (names, order, types) of a contract table."""
    spec = load_contract()[table]
    return pa.schema([pa.field(c.name, ARROW_TYPES[c.type]) for c in spec.columns])


def offence_codes_path() -> Path:
    """Path of the shared offence code reference CSV."""
    return contract_dir() / "reference" / "offence_codes.csv"
