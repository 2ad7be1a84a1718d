"""Declared text formats of an extract: encodings and date / timestamp patterns.

The contract (``contract/raw_sources.yml``) declares the reference: UTF-8 files,
``format: yyyy-MM-dd`` on date and ``format: 'yyyy-MM-dd HH:mm:ss'`` on timestamp
columns. A force whose system writes something else declares it once in a
formats file (``python -m cse_ingest.load --formats FILE``, or
``$CSE_INGEST_FORMATS``; examples in ``contract/overlays/``)::

    encoding: windows-1252          # every CSV file of the extract (optional)
    tables:
      nominals:
        encoding: latin-1           # this table's file(s) only (optional)
        columns:
          date_of_birth: dd/MM/yyyy # Spark datetime pattern, read exactly
          created_at: dd/MM/yyyy HH:mm

Nothing is guessed. The two reference patterns are read as ISO 8601 the way
Spark casts text (``T`` separator, fractional seconds and a date-only timestamp
accepted), so extracts that follow the reference keep loading; any other
pattern is read exactly, so a value valid in both orders (``03/04/2020``) is
read in the declared order only.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from cse_contract import TableSpec, read_contract_file
from cse_ingest.errors import LoadError

__all__ = [
    "ISO_PATTERNS",
    "SUPPORTED_ENCODINGS",
    "TableFormat",
    "declare_hint",
    "declared_formats",
    "formats_file_from_env",
]

# The reference patterns of contract/raw_sources.yml: read as ISO 8601 (Spark's cast).
ISO_PATTERNS = {"date": "yyyy-MM-dd", "timestamp": "yyyy-MM-dd HH:mm:ss"}

# Python codec name -> Java charset name for Spark. Only encodings in which a line
# break, comma and quote are the ASCII bytes, so the pre-scan can split lines on bytes.
SUPPORTED_ENCODINGS = {
    "utf-8": "UTF-8",
    "iso8859-1": "ISO-8859-1",
    "iso8859-15": "ISO-8859-15",
    "cp1252": "windows-1252",
}


@dataclass(frozen=True)
class TableFormat:
    """How one table's text files are written."""

    encoding: str  # Python codec name, a key of SUPPORTED_ENCODINGS
    patterns: dict[str, str] = field(default_factory=dict)  # date/timestamp column -> pattern

    @property
    def spark_encoding(self) -> str:
        """The Java charset name Spark reads the files with."""
        return SUPPORTED_ENCODINGS[self.encoding]


def declare_hint(table: str, column: str, example: str) -> str:
    """One sentence: how to declare another format for ``table.column``."""
    return (
        "if the extract writes another format, declare it once in a formats file "
        "(python -m cse_ingest.load --formats FILE, or $CSE_INGEST_FORMATS; see "
        f"contract/overlays/), e.g. 'tables: {{{table}: {{columns: {{{column}: {example}}}}}}}'"
    )


def _encoding(name: object, where: str) -> str:
    try:
        codec = codecs.lookup(str(name)).name
    except LookupError:
        codec = ""
    if codec not in SUPPORTED_ENCODINGS:
        raise LoadError(
            f"{where}: encoding {name!r} is not supported; declare one of utf-8, latin-1 "
            "(iso-8859-1), iso-8859-15 or windows-1252"
        )
    return codec


def formats_file_from_env() -> Path | None:
    """``$CSE_INGEST_FORMATS`` when set (the formats file a force declares once)."""
    value = os.environ.get("CSE_INGEST_FORMATS")
    return Path(value) if value else None


def declared_formats(
    contract: dict[str, TableSpec], formats_file: Path | None = None
) -> dict[str, TableFormat]:
    """Each table's encoding and date/timestamp patterns: the contract's, then the file's.

    Raises
    ------
    LoadError
        The formats file is missing or malformed, names an unknown table or
        column, gives a pattern for a column that is not a date or timestamp,
        or an unsupported encoding.
    """
    base = _encoding(read_contract_file("raw_sources.yml").get("encoding", "utf-8"), "contract")
    overlay: dict = {}
    if formats_file is not None:
        where = f"formats file {formats_file}"
        try:
            overlay = yaml.safe_load(Path(formats_file).read_text(encoding="utf-8")) or {}
        except FileNotFoundError:
            raise LoadError(f"{where} not found") from None
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise LoadError(f"{where} unreadable: {exc}") from None
        if not isinstance(overlay, dict) or not isinstance(overlay.get("tables", {}), dict):
            raise LoadError(f"{where} malformed: expected 'encoding' and/or a 'tables' mapping")
        unknown = sorted(set(overlay) - {"encoding", "tables", "description"})
        if unknown:
            raise LoadError(f"{where}: unknown key(s) {', '.join(unknown)}")
        if "encoding" in overlay:
            base = _encoding(overlay["encoding"], where)
        for table in overlay.get("tables") or {}:
            if table not in contract:
                raise LoadError(f"{where}: table {table!r} is not in the contract")
    result = {}
    for name, spec in contract.items():
        table_overlay = (overlay.get("tables") or {}).get(name) or {}
        where = f"formats file {formats_file}, table {name}"
        encoding = base
        if "encoding" in table_overlay:
            encoding = _encoding(table_overlay["encoding"], where)
        patterns = {
            c.name: c.format or ISO_PATTERNS[c.type] for c in spec.columns if c.type in ISO_PATTERNS
        }
        for column, pattern in (table_overlay.get("columns") or {}).items():
            if column not in patterns:
                raise LoadError(f"{where}: column {column!r} is not a date or timestamp column")
            if isinstance(pattern, dict):
                pattern = pattern.get("format")
            if not isinstance(pattern, str) or not pattern.strip():
                raise LoadError(f"{where}: column {column!r} needs a datetime pattern")
            patterns[column] = pattern.strip()
        result[name] = TableFormat(encoding=encoding, patterns=patterns)
    return result
