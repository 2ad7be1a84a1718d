"""The pre-scan: every file is read before Spark reads it, streaming, in bounded memory.

For a CSV file the scan hashes the bytes (SHA-256), then parses the file with
Arrow's streaming CSV reader (every field as text, quoted line breaks allowed) in
the declared encoding and counts the data rows. When Arrow finds a problem, the
file is read again line by line with Python's ``csv`` module to name the exact
line; the load stops at the first structural problem with the file, the line
number and the field counts:

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

import pyarrow as pa
import pyarrow.csv as pacsv
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


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _header(path: Path, encoding: str) -> list[str] | None:
    """The header's field names, or None when the first line does not decode / parse."""
    with path.open("rb") as handle:
        first = handle.readline()
    try:
        text = first.decode(encoding).lstrip("\ufeff")
        return next(csv.reader([text], strict=True))
    except (UnicodeDecodeError, csv.Error, StopIteration):
        return None


def _arrow_rows(path: Path, encoding: str, header: list[str]) -> tuple[int, list[tuple]]:
    """Data rows as Arrow's streaming reader counts them, and the rows it found ragged."""
    ragged: list[tuple] = []

    def keep(row: object) -> str:
        ragged.append((row.expected_columns, row.actual_columns))
        return "skip"

    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(encoding=encoding, block_size=1 << 22),
        parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=keep),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(header, pa.string()), check_utf8=True
        ),
    )
    rows = sum(batch.num_rows for batch in reader)
    return rows, ragged


def scan_csv(path: Path, *, encoding: str = "utf-8") -> FileScan:
    """Check a CSV file's structure; return its size, SHA-256 and data rows.

    Raises
    ------
    LoadError
        Naming the file, the line and (for a ragged row) both field counts.
    """
    size = path.stat().st_size
    if size == 0:
        return _scan_exact(path, encoding=encoding)  # raises: zero-byte file
    header = _header(path, encoding)
    if header is not None and len(set(header)) == len(header):
        with path.open("rb") as handle:
            handle.seek(size - 1)
            complete = handle.read(1) == b"\n"
        try:
            rows, ragged = _arrow_rows(path, encoding, header)
        except (pa.ArrowInvalid, UnicodeDecodeError):
            rows, ragged = -1, []
        if complete and rows >= 0 and not ragged:
            return FileScan(
                path=path, size=size, sha256=_sha256(path), rows=rows, fields=len(header)
            )
        if ragged:
            exact = _scan_exact(path, encoding=encoding)  # raises with the line number
            expected, actual = ragged[0]
            raise LoadError(
                f"{path}: a row has {actual} field(s), the header has {expected} "
                f"(the exact line was not found; {exact.rows} rows read line by line)"
            )
    return _scan_exact(path, encoding=encoding)


def _scan_exact(path: Path, *, encoding: str = "utf-8") -> FileScan:
    """The line-by-line scan (Python's ``csv``): names the line of the first problem."""
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
