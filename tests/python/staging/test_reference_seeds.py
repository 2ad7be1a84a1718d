"""The reference seeds owned by staging: offence codes and intelligence grade credibility."""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pytest
import yaml

from cse_contract import contract_dir
from cse_networks.paths import REPO_ROOT

SEEDS = REPO_ROOT / "seeds" / "reference"


@pytest.fixture(scope="module")
def grades() -> pd.DataFrame:
    """The credibility seed, every column as text."""
    return pd.read_csv(SEEDS / "intel_grade_credibility.csv", dtype=str)


def test_offence_codes_seed_is_the_contract_file() -> None:
    """dbt seeds the contract's own reference file: one copy, nothing to drift."""
    project = yaml.safe_load((REPO_ROOT / "dbt_project.yml").read_text())
    seed_paths = [REPO_ROOT / p for p in project["seed-paths"]]
    copies = [p for folder in seed_paths for p in folder.rglob("offence_codes.csv")]
    assert copies == [Path(contract_dir()) / "reference" / "offence_codes.csv"]


def test_every_grade_of_both_schemes_once(grades: pd.DataFrame) -> None:
    key = ["grading_scheme", "source_evaluation", "intelligence_assessment", "handling_code"]
    expected = {("3X5X2", *g) for g in itertools.product("123", "ABCDE", "PC")} | {
        ("5X5X5", *g) for g in itertools.product("ABCDE", "12345", "12345")
    }
    assert not grades.duplicated(key).any()
    assert set(map(tuple, grades[key].to_numpy())) == expected
    assert grades["rationale"].notna().all()


def _rule(scheme: str, source: str, assessment: str) -> bool:
    if scheme == "3X5X2":
        return (source == "1" and assessment in "ABC") or (source == "2" and assessment in "AB")
    return (source in "AB" and assessment in "12") or (source == "C" and assessment == "1")


def test_credibility_follows_the_documented_rule(grades: pd.DataFrame) -> None:
    expected = [
        _rule(s, e, a)
        for s, e, a in grades[
            ["grading_scheme", "source_evaluation", "intelligence_assessment"]
        ].to_numpy()
    ]
    assert grades["is_credible"].map({"true": True, "false": False}).tolist() == expected


def test_handling_code_never_changes_credibility(grades: pd.DataFrame) -> None:
    per_grade = grades.groupby(["grading_scheme", "source_evaluation", "intelligence_assessment"])
    assert (per_grade["is_credible"].nunique() == 1).all()
