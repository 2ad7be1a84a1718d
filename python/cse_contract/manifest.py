"""Control totals of an extract: ``_manifest.json`` beside the table files.

Source systems commonly send one with each extract; the generator writes one
for its own. The loader checks every table against it before anything is
replaced (``cse_ingest``). Format (``manifest_version`` 1)::

    {
      "manifest_version": 1,
      "extracted_at": "2026-11-01T00:00:00Z",
      "files": [
        {"table": "crimes", "file": "crimes.csv", "rows": 4188, "sha256": "<64 hex>"},
        {"table": "nominals", "file": "nominals/part-00000.parquet", "rows": 900,
         "sha256": "<64 hex>", "extracted_at": "2026-11-01T02:10:00Z"}
      ]
    }

``file`` is relative to the extract folder (``/`` separated); ``rows`` counts data
rows (a CSV header is not a row); ``extracted_at`` (ISO 8601, UTC) may be given per
file, else the manifest's applies.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from cse_contract.spec import ContractError

__all__ = [
    "MANIFEST_NAME",
    "Manifest",
    "ManifestEntry",
    "read_manifest",
    "sha256_file",
    "write_manifest",
]

MANIFEST_NAME = "_manifest.json"
_CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes, as 64 lower-case hex digits."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class ManifestEntry:
    """One file of the extract as its sender counted it."""

    table: str
    file: str
    rows: int
    sha256: str
    extracted_at: str | None


@dataclass(frozen=True)
class Manifest:
    """An extract's control totals."""

    extracted_at: str | None
    entries: tuple[ManifestEntry, ...]

    def for_table(self, table: str) -> list[ManifestEntry]:
        """The entries of one table, in file order."""
        return sorted((e for e in self.entries if e.table == table), key=lambda e: e.file)


def write_manifest(
    folder: Path, files: dict[str, list[tuple[str, int]]], *, extracted_at: str
) -> Path:
    """Write ``folder/_manifest.json`` for ``{table: [(relative file, rows), ...]}``.

    Hashes every file; the bytes depend only on the files and ``extracted_at``.
    """
    entries = [
        {
            "table": table,
            "file": name,
            "rows": int(rows),
            "sha256": sha256_file(folder / name),
        }
        for table, listed in files.items()
        for name, rows in sorted(listed)
    ]
    doc = {"manifest_version": 1, "extracted_at": extracted_at, "files": entries}
    path = folder / MANIFEST_NAME
    path.write_text(json.dumps(doc, indent=2) + "\n")
    return path


def _entry(item: object, path: Path) -> ManifestEntry:
    if not isinstance(item, dict):
        raise ContractError(f"manifest malformed: {path}: each of 'files' must be a mapping")
    try:
        entry = ManifestEntry(
            table=str(item["table"]),
            file=str(item["file"]),
            rows=int(item["rows"]),
            sha256=str(item["sha256"]).lower(),
            extracted_at=str(item["extracted_at"]) if item.get("extracted_at") else None,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ContractError(
            f"manifest malformed: {path}: a file entry needs table, file, rows (a whole "
            f"number) and sha256 ({type(exc).__name__}: {exc})"
        ) from None
    if len(entry.sha256) != 64 or any(c not in "0123456789abcdef" for c in entry.sha256):
        raise ContractError(f"manifest malformed: {path}: {entry.file}: sha256 is not 64 hex")
    return entry


def read_manifest(folder: Path) -> Manifest | None:
    """The extract's manifest, or ``None`` when it has none.

    Raises
    ------
    ContractError
        The manifest exists but is not valid JSON in the format above.
    """
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return None
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ContractError(f"manifest unreadable: {path}: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("files"), list):
        raise ContractError(f"manifest malformed: {path}: no 'files' list")
    return Manifest(
        extracted_at=str(doc["extracted_at"]) if doc.get("extracted_at") else None,
        entries=tuple(_entry(item, path) for item in doc["files"]),
    )
