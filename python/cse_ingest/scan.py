"""The pre-scan: one streaming pass over every file before Spark reads it.

For a CSV file the pass hashes the bytes (SHA-256), decodes each line in the
declared encoding, parses it with Python's ``csv`` module and counts the data
rows; it stops at the first structural problem with the file, the line number
and the field counts:

- a zero-byte file (no header row);
- a line not valid in the declared encoding (never read with replacement
  characters);
- a row with more or fewer fields than the header (a ragged row);
- an opening quote never closed, or a file whose last line has no line break
  (an incomplete last line: the file was cut short).

A header-only file is allowed (0 rows; the loader warns). Blank lines are not
rows (Spark skips them too). A UTF-8 byte-order mark and Windows line endings
are read. For a Parquet file the pass hashes the bytes and takes the row count
from the file footer.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from cse_ingest.errors import LoadError

__all__ = ["FileScan", "scan_csv", "scan_file", "scan_parquet"]


@dataclass(frozen=True)
class FileScan:
    """One file as the pre-scan found it."""

    path: Path
    size: int
    sha256: str
    rows: int
    fields: int | None = None  # CSV: fields in the header


def scan_parquet(path: Path) -> FileScan:
    """Hash a Parquet file and read its row count from the footer."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    try:
        rows = pq.read_metadata(path).num_rows
    except Exception as exc:  # pyarrow raises several types for a damaged footer
        raise LoadError(f"{path}: not a readable Parquet file ({type(exc).__name__})") from None
    return FileScan(path=path, size=path.stat().st_size, sha256=digest.hexdigest(), rows=rows)


def scan_csv(path: Path, *, encoding: str = "utf-8") -> FileScan:
    """Check a CSV file's structure in one pass; return its size, SHA-256 and data rows.

    Raises
    ------
    LoadError
        Naming the file, the line and (for a ragged row) both field counts.
    """
    size = path.stat().st_size
    if size == 0:
        raise LoadError(
            f"{path}: zero-byte file: not even a header row (an empty table is sent as "
            "its header line alone)"
        )
    digest = hashlib.sha256()
    state = {"consumed": 0, "last": b""}

    def lines(handle: object) -> Iterator[str]:
        for number, raw in enumerate(handle, 1):  # physical lines, split on b"\n"
            digest.update(raw)
            state["consumed"] += len(raw)
            state["last"] = raw
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                raise LoadError(
                    f"{path}: line {number} is not valid {encoding} text; declare the file's "
                    "encoding (e.g. 'encoding: latin-1' in a formats file, python -m "
                    "cse_ingest.load --formats FILE) rather than reading it with "
                    "replacement characters"
                ) from None
            yield text[1:] if number == 1 and text.startswith("\ufeff") else text

    rows = 0
    with path.open("rb") as handle:
        reader = csv.reader(lines(handle), strict=True)
        try:
            header = next(reader)
            width = len(header)
            for record in reader:
                if not record:
                    continue  # a blank line
                if len(record) != width:
                    at_end = state["consumed"] == size and not state["last"].endswith(b"\n")
                    raise LoadError(
                        f"{path}: line {reader.line_num} has {len(record)} field(s), the "
                        f"header has {width}"
                        + (
                            " (it is the last line and has no line break: the file was cut short)"
                            if at_end
                            else " (a ragged row)"
                        )
                    )
                rows += 1
        except csv.Error as exc:
            raise LoadError(
                f"{path}: line {reader.line_num}: not valid CSV ({exc}); an unclosed quote "
                "usually means the file was cut short"
            ) from None
    if not state["last"].endswith(b"\n"):
        raise LoadError(
            f"{path}: line {reader.line_num} is incomplete: the file ends without a line "
            "break, so it was probably cut short in transfer"
        )
    return FileScan(path=path, size=size, sha256=digest.hexdigest(), rows=rows, fields=width)


def scan_file(path: Path, fmt: str, *, encoding: str = "utf-8") -> FileScan:
    """Pre-scan one file of format ``fmt`` (``csv`` or ``parquet``)."""
    return scan_csv(path, encoding=encoding) if fmt == "csv" else scan_parquet(path)
