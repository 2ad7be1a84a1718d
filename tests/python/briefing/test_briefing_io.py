"""The Spark reader and the command, against hand-made marts in a throwaway schema."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from briefing_cases import FAKE_SURNAME, make_frames
from local_spark import local_spark

from briefing.__main__ import main
from briefing.io import BriefingAccessError, read_marts

PREFIX = "briefing_test_"
SCHEMA = f"{PREFIX}marts"
RESTRICTED = f"{PREFIX}restricted"  # the identity model lives in its own schema


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    warehouse = tmp_path_factory.mktemp("briefing_spark")
    conf = {"spark.sql.shuffle.partitions": "2"}
    with local_spark(warehouse, app_name="briefing_test", conf=conf) as session:
        session.sql(f"create database if not exists {SCHEMA}")
        session.sql(f"create database if not exists {RESTRICTED}")
        # Parquet written by pandas and registered as external tables: no Spark write jobs.
        for name, frame in make_frames([6, 3, 9, 4]).items():
            folder = warehouse / "files" / name
            folder.mkdir(parents=True)
            frame.to_parquet(
                folder / "part-0.parquet", coerce_timestamps="us", allow_truncated_timestamps=True
            )
            schema = RESTRICTED if name == "dim_person_identities" else SCHEMA
            session.sql(f"create table {schema}.{name} using parquet location '{folder}'")
        yield session
        session.sql(f"drop database if exists {SCHEMA} cascade")
        session.sql(f"drop database if exists {RESTRICTED} cascade")


@pytest.fixture(scope="module")
def top_two(spark: object) -> dict[str, pd.DataFrame]:
    return read_marts(spark, top_n=2, with_names=True, prefix=PREFIX)


def test_reads_only_the_top_networks(top_two: dict[str, pd.DataFrame]) -> None:
    top = {"N000", "N001"}
    assert len(top_two["fct_networks"]) == 4  # all ranks, to choose the top ones
    assert set(top_two["fct_person_scores"]["network_id"]) == top
    assert set(top_two["fct_network_timeline"]["network_id"]) <= top
    links = top_two["fct_person_links"]
    assert (links["network_id_a"].isin(top) | links["network_id_b"].isin(top)).all()
    audit = top_two["rpt_run_audit"]
    # narrow: run facts and the vars (for the protective marking), nothing else
    assert list(audit.columns) == [
        "run_id",
        "as_of_date",
        "run_started_at",
        "git_commit",
        "vars_json",
    ]


def test_identities_only_for_people_in_the_pack(top_two: dict[str, pd.DataFrame]) -> None:
    shown = set(top_two["fct_person_scores"]["person_id"])
    assert set(top_two["dim_person_identities"]["person_id"]) == shown
    assert len(shown) == 6 + 3


def test_command_writes_the_pack(
    spark: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setattr("cse_networks.spark.get_spark", lambda: spark)
    monkeypatch.setenv("CSE_SCHEMA_PREFIX", PREFIX)
    out = tmp_path / "pack" / "briefing.html"
    assert main(["--top", "3", "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert re.findall(r'<svg class="link-chart" data-network-id="([^"]+)"', html) == [
        "N000",
        "N001",
        "N002",
    ]
    leaks = html.count(FAKE_SURNAME)  # a count, so a failure cannot print a name
    assert leaks == 0
    printed = capsys.readouterr().out
    assert "3 networks" in printed
    leaks = printed.count(FAKE_SURNAME)
    assert leaks == 0


def test_names_without_access_fail_clearly(
    spark: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    # the identity table out of reach, and back afterwards: tests run in random order
    hidden = f"{RESTRICTED}.dim_person_identities_hidden"
    spark.sql(f"alter table {RESTRICTED}.dim_person_identities rename to {hidden}")
    try:
        with pytest.raises(BriefingAccessError, match="restricted identity model"):
            read_marts(spark, top_n=1, with_names=True, prefix=PREFIX)
        monkeypatch.setattr("cse_networks.spark.get_spark", lambda: spark)
        monkeypatch.setenv("CSE_SCHEMA_PREFIX", PREFIX)
        out = tmp_path / "named.html"
        assert main(["--top", "1", "--out", str(out), "--with-names"]) == 2
        assert "dim_person_identities" in capsys.readouterr().err
        assert not out.exists()  # no silent pseudonymous fallback
    finally:
        spark.sql(f"alter table {hidden} rename to {RESTRICTED}.dim_person_identities")
