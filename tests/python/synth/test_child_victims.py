"""Victims of child sexual offences are children at the offence (but for the planted
recording errors), so the pipeline's VICTIM_AGE finding lists errors, not the
generator's own noise."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import cse_synth.background as background
from cse_synth.generate import generate
from cse_synth.offences import offence_table


def _child_offence_victim_ages(raw: Path) -> pd.Series:
    """Age in years at the offence of every victim row of a crime whose offence code
    requires a child victim (NaN where the record has no date of birth)."""
    codes = offence_table()
    child_codes = set(codes.loc[codes["is_child_sexual_offence"], "offence_code"])
    crimes = pd.read_parquet(raw / "crimes.parquet")
    links = pd.read_parquet(raw / "crime_nominals.parquet")
    nominals = pd.read_parquet(raw / "nominals.parquet")
    victims = (
        links[links["involvement"] == "VICTIM"]
        .merge(crimes[["crime_id", "offence_code", "committed_from"]], on="crime_id")
        .pipe(lambda frame: frame[frame["offence_code"].isin(child_codes)])
        .merge(
            nominals[["source_system", "source_nominal_id", "date_of_birth"]],
            on=["source_system", "source_nominal_id"],
            how="left",
        )
    )
    born = pd.to_datetime(victims["date_of_birth"], errors="coerce")
    at = pd.to_datetime(victims["committed_from"], errors="coerce", utc=True).dt.tz_localize(None)
    return (at - born).dt.days / 365.25


def test_child_victims_at_picks_a_child_of_the_offence_day_or_nobody() -> None:
    day = np.datetime64("2020-06-01", "D").astype(np.int64)
    born = np.array(
        [np.datetime64(d, "D").astype(np.int64) for d in ("1980-01-01", "2008-03-01", "2012-07-01")]
    )
    pool = np.array([101, 102, 103])
    offences = np.array([day, day, day, np.datetime64("1985-01-01", "D").astype(np.int64)])
    picked = background.child_victims_at(np.random.default_rng(1), pool, born, offences)
    # aged 12 and 7 on 2020-06-01: only the 12-year-old is within CHILD_VICTIM_AGES
    assert list(picked[:3]) == [102, 102, 102]
    assert picked[3] == -1  # nobody of the pool was 10 to 17 in 1985


def test_without_recording_errors_every_child_offence_victim_with_a_birth_date_is_a_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The negative control of the planted errors: with their share at 0, no victim of
    a child sexual offence is an adult by their record (the generator before this rule
    gave 3 of tiny's 88 such victims, and 125 of default's 432, an adult's date of birth)."""
    monkeypatch.setattr(background, "CHILD_OFFENCE_AGE_ERROR_SHARE", 0.0)
    generate("tiny", 42, tmp_path / "tiny")
    ages = _child_offence_victim_ages(tmp_path / "tiny" / "raw").dropna()
    assert len(ages) > 50
    assert (ages < 18).all(), f"{int((ages >= 18).sum())} adult victims of child offences"


def test_recording_errors_stay_a_small_share(tiny_dir: Path) -> None:
    ages = _child_offence_victim_ages(tiny_dir / "raw")
    known = ages.dropna()
    assert ages.isna().any()  # some victims' records have no date of birth
    assert (known >= 18).mean() <= 0.06
