"""The raw source contract (``raw_sources.yml``) as table specs and Arrow schemas.

The generator, the loader and the contract check read the contract from one
place, so the files they write and check can never drift from it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyarrow as pa
import yaml

__all__ = [
    "ARROW_TYPES",
    "ColumnSpec",
    "ContractError",
    "TableSpec",
    "arrow_schema",
    "contract_dir",
    "load_contract",
    "offence_codes_path",
    "read_contract_file",
]

# Contract (Spark SQL) type -> Arrow type written to parquet.
ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "timestamp": pa.timestamp("us"),
    "date": pa.date32(),
    "boolean": pa.bool_(),
    "int": pa.int32(),
}


# contract/ at the root of the repository (python/cse_contract/spec.py -> parents[2])
_REPO_CONTRACT = Path(__file__).resolve().parents[2] / "contract"


def contract_dir() -> Path:
    """The project's interface contracts: raw sources, output marts, offence-code reference.

    ``contract/`` in the repository, owned and versioned with the code; ``$CSE_CONTRACT_DIR``
    points elsewhere (for example a force's reviewed copy) when set.
    """
    return Path(os.environ.get("CSE_CONTRACT_DIR") or _REPO_CONTRACT).resolve()


class ContractError(RuntimeError):
    """A contract file is missing, unreadable or malformed (the message names the file)."""


def read_contract_file(name: str, folder: Path | None = None) -> dict:
    """Parse one YAML file of the contract folder, or raise ``ContractError`` naming it."""
    path = (folder or contract_dir()) / name
    try:
        doc = yaml.safe_load(path.read_text())
    except FileNotFoundError:
        raise ContractError(
            f"contract file not found: {path} (the contract lives in contract/ of the "
            "repository; $CSE_CONTRACT_DIR overrides the folder)"
        ) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ContractError(f"contract file unreadable: {path}: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("tables"), dict):
        raise ContractError(f"contract file malformed: {path}: no 'tables' mapping")
    return doc


@dataclass(frozen=True)
class ColumnSpec:
    """One contract column."""

    name: str
    type: str
    nullable: bool
    values: tuple[str, ...] | None
    format: str | None = None  # date / timestamp columns: Spark datetime pattern of text extracts


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
        Contract folder; default ``contract_dir()``.
    """
    doc = read_contract_file("raw_sources.yml", Path(path) if path else None)
    tables: dict[str, TableSpec] = {}
    for name, body in doc["tables"].items():
        cols = tuple(
            ColumnSpec(
                name=c["name"],
                type=c["type"],
                nullable=bool(c.get("null", True)),
                values=tuple(str(v) for v in c["values"]) if "values" in c else None,
                format=str(c["format"]) if "format" in c else None,
            )
            for c in body["columns"]
        )
        tables[name] = TableSpec(name=name, columns=cols, primary_key=tuple(body["primary_key"]))
    return tables


def arrow_schema(table: str) -> pa.Schema:
    """Arrow schema (names, order, types) of a contract table."""
    spec = load_contract()[table]
    return pa.schema([pa.field(c.name, ARROW_TYPES[c.type]) for c in spec.columns])


def offence_codes_path() -> Path:
    """Path of the contract's offence code reference CSV (also the dbt seed ``offence_codes``)."""
    path = contract_dir() / "reference" / "offence_codes.csv"
    if not path.is_file():
        raise ContractError(f"offence code reference not found: {path}")
    return path
