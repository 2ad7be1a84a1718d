"""The pre-scan, control totals and declared formats, without Spark.

Fixtures hold invented names only; assertions are on counts, lines and messages
(which never carry values).
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from cse_contract import MANIFEST_NAME, load_contract, read_manifest
from cse_ingest.errors import LoadError
from cse_ingest.formats import declared_formats
from cse_ingest.load import check_manifest, find_sources, scan_sources
from cse_ingest.scan import scan_csv

HEADER = ["person_ref", "forename", "surname", "date_of_birth"]
ROWS = [
    ["P1", "Ada", "Quill", "2001-02-03"],
    ["P2", "Bram", "Osterly", "1999-12-31"],
    ["P3", "Cleo", "Marrow", "2004-07-15"],
]


def _write(path: Path, rows: list[list[str]], *, newline: str = "\n", bom: bool = False) -> Path:
    lines = [",".join(HEADER), *(",".join(r) for r in rows)]
    text = newline.join(lines) + newline
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_clean_file_counts_rows_and_hashes_bytes(tmp_path: Path) -> None:
    path = _write(tmp_path / "people.csv", ROWS)
    scan = scan_csv(path)
    assert (scan.rows, scan.fields, scan.size) == (3, 4, path.stat().st_size)
    assert scan.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_windows_line_endings_and_bom_are_read(tmp_path: Path) -> None:
    scan = scan_csv(_write(tmp_path / "people.csv", ROWS, newline="\r\n", bom=True))
    assert (scan.rows, scan.fields) == (3, 4)


def test_quoted_comma_and_newline_stay_in_one_field(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerow(["P1", "Ada, known as\nAddie", "Quill", "2001-02-03"])
        writer.writerows(ROWS[1:])
    assert scan_csv(path).rows == 3


def test_cut_mid_field_names_file_line_and_field_counts(tmp_path: Path) -> None:
    path = _write(tmp_path / "people.csv", ROWS * 40)
    data = path.read_bytes()
    cut = int(len(data) * 0.6)
    while data[cut - 1 : cut] in (b",", b"\n"):  # end inside a field
        cut += 1
    path.write_bytes(data[:cut])
    last_line = data[:cut].count(b"\n") + 1
    with pytest.raises(LoadError) as err:
        scan_csv(path)
    message = str(err.value)
    assert "people.csv" in message
    assert f"line {last_line} has " in message
    assert "the header has 4" in message
    assert "cut short" in message


def test_cut_inside_the_last_field_is_an_incomplete_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "people.csv", ROWS)
    path.write_bytes(path.read_bytes()[:-4])  # "2004-07" : right field count, no line break
    with pytest.raises(LoadError, match=r"line 4 is incomplete"):
        scan_csv(path)


def test_ragged_row_in_the_middle(tmp_path: Path) -> None:
    rows = [*ROWS[:1], ["P9", "Extra", "Field", "2001-01-01", "X"], *ROWS[1:]]
    with pytest.raises(LoadError, match=r"line 3 has 5 field\(s\), the header has 4"):
        scan_csv(_write(tmp_path / "people.csv", rows))


def test_unclosed_quote_is_structural(tmp_path: Path) -> None:
    path = _write(tmp_path / "people.csv", ROWS)
    path.write_bytes(path.read_bytes() + b'P4,"Dot,Vane,2000-01-01\n')
    with pytest.raises(LoadError, match="not valid CSV"):
        scan_csv(path)


def test_header_only_file_is_allowed_zero_byte_file_is_not(tmp_path: Path) -> None:
    assert scan_csv(_write(tmp_path / "empty.csv", [])).rows == 0
    zero = tmp_path / "zero.csv"
    zero.write_bytes(b"")
    with pytest.raises(LoadError, match="zero-byte file"):
        scan_csv(zero)


def test_latin1_file_is_refused_as_utf8_and_read_when_declared(tmp_path: Path) -> None:
    rows = [[*ROWS[0][:1], "Zoë", *ROWS[0][2:]], *ROWS[1:]]  # invented name, Windows export
    path = tmp_path / "people.csv"
    text = "\r\n".join([",".join(HEADER), *(",".join(r) for r in rows)]) + "\r\n"
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(LoadError) as err:
        scan_csv(path)
    assert "line 2 is not valid utf-8" in str(err.value)
    assert "encoding: latin-1" in str(err.value)
    assert scan_csv(path, encoding="iso8859-1").rows == 3


# ---- extracts: the generator's control totals, and declared formats


def _csv_extract(tiny_dir: Path, dest: Path) -> Path:
    dest.mkdir()
    files = []
    for table in load_contract():
        pacsv.write_csv(pq.read_table(tiny_dir / "raw" / f"{table}.parquet"), dest / f"{table}.csv")
        files.append(table)
    return dest


def test_generator_manifest_matches_its_extract(tiny_dir: Path) -> None:
    raw = tiny_dir / "raw"
    manifest = read_manifest(raw)
    assert manifest is not None
    assert {e.table for e in manifest.entries} == set(load_contract())
    contract = load_contract()
    scans = scan_sources(find_sources(raw, list(contract)), declared_formats(contract))
    check_manifest(raw, manifest, scans)  # raises on any mismatch
    for entry in manifest.entries:
        assert entry.rows == pq.read_metadata(raw / entry.file).num_rows


def test_manifest_mismatch_names_table_and_both_counts(tiny_dir: Path, tmp_path: Path) -> None:
    raw = shutil.copytree(tiny_dir / "raw", tmp_path / "raw")
    table = pq.read_table(raw / "crimes.parquet")
    kept = int(table.num_rows * 0.6)
    pq.write_table(table.slice(0, kept), raw / "crimes.parquet")
    contract = load_contract()
    scans = scan_sources(find_sources(raw, list(contract)), declared_formats(contract))
    with pytest.raises(LoadError) as err:
        check_manifest(raw, read_manifest(raw), scans)
    message = str(err.value)
    assert f"table crimes: manifest {table.num_rows} rows, files {kept} rows" in message
    assert "crimes.parquet SHA-256" in message
    assert "nominals" not in message  # only the damaged table is named


def test_manifest_hash_mismatch_with_equal_counts(tiny_dir: Path, tmp_path: Path) -> None:
    raw = _csv_extract(tiny_dir, tmp_path / "csv")
    from cse_contract import write_manifest

    write_manifest(
        raw,
        {t: [(f"{t}.csv", scan_csv(raw / f"{t}.csv").rows)] for t in load_contract()},
        extracted_at="2026-11-01T00:00:00Z",
    )
    doc = json.loads((raw / MANIFEST_NAME).read_text())
    assert {e["table"] for e in doc["files"]} == set(load_contract())
    path = raw / "nominals.csv"
    path.write_bytes(path.read_bytes().replace(b"CUSTODY", b"CUST0DY", 1))
    contract = load_contract()
    scans = scan_sources(find_sources(raw, list(contract)), declared_formats(contract))
    with pytest.raises(LoadError, match=r"table nominals: nominals.csv SHA-256 \w+\.\.\. differs"):
        check_manifest(raw, read_manifest(raw), scans)


def test_formats_file_is_checked_against_the_contract(tmp_path: Path) -> None:
    contract = load_contract()
    defaults = declared_formats(contract)
    assert defaults["nominals"].patterns["date_of_birth"] == "yyyy-MM-dd"
    assert defaults["crimes"].patterns["recorded_at"] == "yyyy-MM-dd HH:mm:ss"
    assert defaults["nominals"].encoding == "utf-8"
    good = tmp_path / "force.yml"
    good.write_text(
        "encoding: windows-1252\n"
        "tables:\n  nominals:\n    encoding: latin-1\n"
        "    columns: {date_of_birth: dd/MM/yyyy}\n"
    )
    declared = declared_formats(contract, good)
    assert declared["nominals"].patterns["date_of_birth"] == "dd/MM/yyyy"
    assert declared["nominals"].spark_encoding == "ISO-8859-1"
    assert declared["crimes"].spark_encoding == "windows-1252"
    cases = {
        "tables: {nominal: {columns: {date_of_birth: dd/MM/yyyy}}}\n": "'nominal' is not in",
        "tables: {nominals: {columns: {surname: dd/MM/yyyy}}}\n": "not a date or timestamp",
        "encoding: utf-16\n": "not supported",
        "encodings: latin-1\n": "unknown key",
    }
    for text, words in cases.items():
        good.write_text(text)
        with pytest.raises(LoadError, match=words):
            declared_formats(contract, good)
