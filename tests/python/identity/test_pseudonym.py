"""Keyed pseudonymous ids (cse_networks.pseudonym): the definition, the key, the Spark path.

Every expected id is an HMAC computed here with Python's ``hmac`` directly, from
the same key and record id, never through the package under test.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import re
from collections.abc import Iterator
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from local_spark import local_spark

from cse_networks import pseudonym
from cse_networks.pseudonym import (
    ENV_VAR,
    FILE_ENV_VAR,
    PUBLIC_DEVELOPMENT_KEY,
    PersonIdKey,
    PersonIdKeyError,
    identifier_id,
    key_check_value,
    load_key,
    person_id,
)

REPO = Path(__file__).resolve().parents[3]
# Holds the words of Spark's default redaction regex: as a Spark conf this key
# became the public constant '*********(redacted)' (issue 24).
SECRET_TOKEN_KEY = b"force-secret-token-key-0f4e7d2a9c1b8e3f6a5d"
OTHER_KEY = b"another-force-key-of-enough-bytes-7b2c9e1d"
RECORD_IDS = ["CRIMES:N000001", "CUSTODY:C-0042", "INTEL:\u00e9-7", "SAFEGUARDING:S9"]


def _hmac_hex(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def test_person_id_is_the_hmac_of_the_anchor_record_id() -> None:
    for record_id in RECORD_IDS:
        assert person_id(record_id, SECRET_TOKEN_KEY) == "P" + _hmac_hex(
            SECRET_TOKEN_KEY, record_id
        )


def test_another_key_gives_other_ids() -> None:
    ours = {person_id(r, SECRET_TOKEN_KEY) for r in RECORD_IDS}
    theirs = {person_id(r, OTHER_KEY) for r in RECORD_IDS}
    assert len(ours) == len(RECORD_IDS) and not ours & theirs
    # Nor the hash under Spark's redaction constant, the fallback of the old mechanism.
    redacted = {person_id(r, b"*********(redacted)") for r in RECORD_IDS}
    assert not ours & redacted


def test_identifier_id_is_the_type_and_the_hmac_of_the_value() -> None:
    value = "07700 900123"
    expected = "PHONE:" + _hmac_hex(SECRET_TOKEN_KEY, value)
    assert identifier_id("PHONE", value, SECRET_TOKEN_KEY) == expected
    assert identifier_id("PHONE", value, OTHER_KEY) != expected


def test_key_from_the_environment() -> None:
    key = load_key("required", {ENV_VAR: SECRET_TOKEN_KEY.decode()})
    assert key.secret == SECRET_TOKEN_KEY and key.source == "ENVIRONMENT"
    assert not key.is_public_development_key
    assert SECRET_TOKEN_KEY.decode() not in repr(key)


def test_key_from_a_secret_file_ignores_the_trailing_line_break(tmp_path: Path) -> None:
    path = tmp_path / "person_id_key"
    path.write_bytes(SECRET_TOKEN_KEY + b"\n")
    key = load_key("required", {FILE_ENV_VAR: str(path)})
    assert key.secret == SECRET_TOKEN_KEY and key.source == "SECRET_FILE"


def _one_line_error(policy: str, environ: dict[str, str]) -> str:
    with pytest.raises(PersonIdKeyError) as caught:
        load_key(policy, environ)
    message = str(caught.value)
    assert "\n" not in message
    for value in environ.values():
        if value and not value.startswith("/"):
            assert value not in message  # never echoes a key
    return message


@pytest.mark.parametrize("policy", ["required", "development_key_allowed"])
def test_short_keys_fail_on_every_target(policy: str, tmp_path: Path) -> None:
    message = _one_line_error(policy, {ENV_VAR: "x" * 31})
    assert "31 bytes" in message and "at least 32" in message
    path = tmp_path / "short"
    path.write_text("short-key\n")
    assert "9 bytes" in _one_line_error(policy, {FILE_ENV_VAR: str(path)})


def test_no_key_fails_when_the_target_requires_one() -> None:
    message = _one_line_error("required", {})
    assert ENV_VAR in message and FILE_ENV_VAR in message
    assert "requires the force's key" in _one_line_error("required", {ENV_VAR: ""})


def test_ambiguous_unreadable_or_public_keys_fail(tmp_path: Path) -> None:
    both = {ENV_VAR: SECRET_TOKEN_KEY.decode(), FILE_ENV_VAR: str(tmp_path / "k")}
    assert "set exactly one" in _one_line_error("required", both)
    missing = _one_line_error("required", {FILE_ENV_VAR: str(tmp_path / "absent")})
    assert "cannot read" in missing
    public = _one_line_error("required", {ENV_VAR: PUBLIC_DEVELOPMENT_KEY.decode()})
    assert "public development key" in public
    assert "unknown" in _one_line_error("anything", {})


def test_local_target_falls_back_to_the_public_development_key() -> None:
    key = load_key("development_key_allowed", {})
    assert key.is_public_development_key and key.source == "PUBLIC_DEVELOPMENT_KEY"
    assert key.secret == PUBLIC_DEVELOPMENT_KEY and len(key.secret) >= pseudonym.MIN_KEY_BYTES
    assert b"PUBLIC" in key.secret
    # A supplied key wins over the fallback.
    supplied = load_key("development_key_allowed", {ENV_VAR: OTHER_KEY.decode()})
    assert supplied.secret == OTHER_KEY


def test_key_check_values_in_the_dbt_test_are_those_of_the_public_keys() -> None:
    """assert_person_id_is_keyed.sql lists check values of known public keys."""
    sql = (REPO / "tests/intermediate/identity/assert_person_id_is_keyed.sql").read_text()
    listed = set(re.findall(r"'([0-9a-f]{16})'", sql))
    public = [b"", b"*********(redacted)", b"local-synthetic-only", PUBLIC_DEVELOPMENT_KEY]
    assert listed == {key_check_value(k) for k in public}
    assert key_check_value(SECRET_TOKEN_KEY) != key_check_value(OTHER_KEY)
    assert (
        key_check_value(SECRET_TOKEN_KEY)
        == hmac.new(
            SECRET_TOKEN_KEY, b"cse-networks person id key check", hashlib.sha256
        ).hexdigest()[:16]
    )


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    folder = tmp_path_factory.mktemp("pseudonym_spark")
    conf = {
        "spark.sql.shuffle.partitions": "2",
        "spark.sql.execution.arrow.pyspark.enabled": "true",
    }
    with local_spark(folder, app_name="pseudonym_test", conf=conf) as session:
        yield session


def test_spark_ids_with_a_secret_token_key_equal_the_independent_hmac(spark) -> None:
    """The pandas UDF on Spark's Python workers, keyed only by its closure.

    The test key is in no environment variable, conf or file of any process: the
    workers can only have it from the function itself.
    """
    from cse_networks.pseudonym_spark import with_identifier_ids, with_person_ids

    rows = [(r, "PHONE", f"0770090{i:04d}") for i, r in enumerate(RECORD_IDS)] + [
        (None, None, None)
    ]
    frame = spark.createDataFrame(rows, "record_id string, kind string, value string").repartition(
        2
    )
    key = PersonIdKey(SECRET_TOKEN_KEY, "ENVIRONMENT")
    keyed = with_person_ids(frame, anchor_column="record_id", key=key, out="person_id")
    keyed = with_identifier_ids(
        keyed, type_column="kind", value_column="value", key=key, out="identifier_id"
    )
    got = {r.record_id: (r.person_id, r.identifier_id) for r in keyed.collect()}
    assert got.pop(None) == (None, None)
    for record_id, value in ((r, v) for r, _, v in rows[:-1]):
        expected_person = "P" + _hmac_hex(SECRET_TOKEN_KEY, record_id)
        expected_identifier = "PHONE:" + _hmac_hex(SECRET_TOKEN_KEY, value)
        assert got[record_id] == (expected_person, expected_identifier)
    other = with_person_ids(
        frame, anchor_column="record_id", key=PersonIdKey(OTHER_KEY, "ENVIRONMENT"), out="p"
    )
    assert not {r.p for r in other.collect()} & {p for p, _ in got.values()}
    # Neither the plan nor the session's confs hold the key.
    plan = io.StringIO()
    with redirect_stdout(plan):
        keyed.explain(mode="extended")
    assert "person_ids(" in plan.getvalue()
    assert SECRET_TOKEN_KEY.decode() not in plan.getvalue()
    confs = " ".join(f"{k}={v}" for k, v in spark.sparkContext.getConf().getAll())
    assert SECRET_TOKEN_KEY.decode() not in confs


class _Rows:
    def __init__(self, rows: list[tuple[str, str]]) -> None:
        self.rows = rows

    def select(self, *columns: str) -> _Rows:
        return self

    def distinct(self) -> _Rows:
        return self

    def collect(self) -> list[object]:
        from types import SimpleNamespace

        return [
            SimpleNamespace(person_id_key_source=s, person_id_key_check=c) for s, c in self.rows
        ]


class _Spark:
    """Just enough of a SparkSession for the summary's key line."""

    def __init__(self, rows: list[tuple[str, str]] | None) -> None:
        from types import SimpleNamespace

        self.rows = rows
        self.catalog = SimpleNamespace(tableExists=lambda name: rows is not None)

    def table(self, name: str) -> _Rows:
        return _Rows(self.rows or [])


def test_the_summary_says_when_the_public_development_key_was_used() -> None:
    from cse_networks.summary import _key_line

    public = _key_line(_Spark([("PUBLIC_DEVELOPMENT_KEY", "bec8d31e4ced4bcc")]), "marts.a")
    assert "PUBLIC development key" in public and "synthetic data only" in public
    force = _key_line(_Spark([("SECRET_FILE", "0123456789abcdef")]), "marts.a")
    assert "PUBLIC" not in force and "SECRET_FILE" in force and "0123456789abcdef" in force
    assert "unknown" in _key_line(_Spark(None), "marts.a")
