"""The person-id key of the tiny build: in no file the build wrote, and the ids it keyed.

Reuses the tiny build (``tiny_build``: the test command's, or built once per
session), which runs with Spark's event log on and the distinctive test key
``TINY_PERSON_ID_KEY``. A key that reached a Spark conf, SQL text or a plan
shows in the event log in clear (the old mechanism: 993 copies before the
identity models had even run), so zero occurrences here can fail.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

pytestmark = pytest.mark.pipeline


def _contents(path: Path) -> bytes:
    """The file's bytes, decompressed when Spark compressed it (event logs: zstd, lz4...)."""
    codecs = {".zstd": "zstd", ".zst": "zstd", ".lz4": "lz4", ".snappy": "snappy", ".gz": "gzip"}
    codec = codecs.get(path.suffix)
    if codec:
        try:
            with pa.input_stream(str(path), compression=codec) as stream:
                return stream.read()
        except (OSError, pa.ArrowInvalid):
            pass  # not a whole stream (e.g. Spark's snappy framing): scan the raw bytes
    return path.read_bytes()


def _key_occurrences(roots: list[Path], key: bytes) -> tuple[int, int]:
    """(files scanned, files holding the key in clear) under ``roots``."""
    scanned, holding = 0, 0
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file() and not path.is_symlink():
                scanned += 1
                holding += key in _contents(path)
    return scanned, holding


def _build(tiny_build):
    missing = [
        name
        for name in ("target", "logs", "event_log", "person_id_key")
        if getattr(tiny_build, name) is None
    ]
    assert not missing, f"the tiny build did not record {missing} (scripts/test.sh exports them)"
    return tiny_build


def test_the_key_is_in_no_event_log_dbt_log_artefact_or_warehouse_file(tiny_build) -> None:
    build = _build(tiny_build)
    key = build.person_id_key.encode()
    event_logs = [p for p in build.event_log.rglob("*") if p.is_file()]
    assert event_logs, "Spark wrote no event log during the tiny build"
    events = b"".join(_contents(p) for p in event_logs)
    # The event log holds the plans of the keyed-id models: the scan covers them.
    assert b"int_person_registries_computed" in events and b"int_identifier_ids_keyed" in events
    assert b"SparkListenerSQLExecutionStart" in events
    assert key not in events
    for name, root in (
        ("dbt logs", build.logs),
        ("target/", build.target),
        ("warehouse", build.warehouse),
    ):
        scanned, holding = _key_occurrences([root], key)
        assert scanned > 0, f"nothing to scan in {name}"
        assert holding == 0, f"the person-id key is in {holding} of {scanned} files of {name}"


def _table(warehouse: Path, schema: str, table: str) -> pa.Table:
    prefix = os.environ.get("CSE_SCHEMA_PREFIX", "")
    return pq.read_table(warehouse / "warehouse" / f"{prefix}{schema}.db" / table)


def _hmac_hex(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def test_built_ids_equal_an_independent_hmac_of_the_test_key(tiny_build) -> None:
    build = _build(tiny_build)
    key = build.person_id_key.encode()
    persons = _table(build.warehouse, "intermediate", "int_person_ids_keyed").to_pandas()
    assert len(persons) > 0
    expected = ["P" + _hmac_hex(key, anchor) for anchor in persons["anchor_record_id"]]
    assert (persons["person_id"] == expected).all()
    assert set(persons["person_id_key_source"]) == {"ENVIRONMENT"}
    check = hmac.new(key, b"cse-networks person id key check", hashlib.sha256).hexdigest()[:16]
    assert set(persons["person_id_key_check"]) == {check}
    # Another key gives none of these ids.
    other = b"another-key-of-at-least-32-bytes-for-the-test"
    assert not {"P" + _hmac_hex(other, a) for a in persons["anchor_record_id"]} & set(
        persons["person_id"]
    )

    keyed = _table(build.warehouse, "intermediate", "int_identifier_ids_keyed").to_pandas()
    # the staged identifiers (stg_person_records__identifiers is a view over these rows)
    base = _table(build.warehouse, "staging", "base_person_records__identifiers").to_pandas()
    values = base[base["n_breaches"] == 0]
    joined = keyed.merge(values, on="identifier_key", how="inner", validate="one_to_one")
    assert len(joined) == len(keyed) > 0
    expected_identifiers = [
        f"{kind}:{_hmac_hex(key, value)}"
        for kind, value in zip(joined["identifier_type"], joined["identifier_value"], strict=True)
    ]
    assert (joined["identifier_id"] == expected_identifiers).all()
