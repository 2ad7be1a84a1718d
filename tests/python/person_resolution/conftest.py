"""Fixtures: a small hand-made set of person records with known true persons.

The names are invented and the tests never print records; they assert on counts and ids.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cse_networks.project import project_vars
from person_resolution.model import load_model
from person_resolution.pipeline import RECORD_COLUMNS

REPO_ROOT = Path(__file__).resolve().parents[3]
MODEL_PATH = REPO_ROOT / "models" / "intermediate" / "identity" / "splink" / "person_model.json"
NICKNAMES_PATH = REPO_ROOT / "seeds" / "reference" / "name_nicknames.csv"

# (record_id, true person, forename, middle, surname, dob, pnc, postcode, gender)
_ROWS = [
    # person A: exact copy, nickname + transposed date of birth, PNC in another format
    ("CRIMES:A1", "A", "Jonathan", None, "Whitcombe", "1990-03-07", "1990/0012345X", "S1 4AB", "M"),
    ("CUSTODY:A2", "A", "JONATHAN", None, "WHITCOMBE", "1990-03-07", "90/12345x", "s14ab", "M"),
    ("INTEL:A3", "A", "Jon", None, "Whitcombe", "1990-07-03", None, "S1 4AB", "M"),
    # person B: typo in the surname, placeholder date of birth on one record
    ("CRIMES:B1", "B", "Priya", "Kaur", "Ramanathan", "1985-11-23", None, "LS6 2QT", "F"),
    ("INTEL:B2", "B", "Priya", None, "Ramanathn", "1985-11-23", None, "LS6 2QT", "F"),
    ("CRIMES:B3", "B", "Priya", None, "Ramanathan", "1900-01-01", None, "LS6 2QT", "F"),
    # person C: forename and surname swapped, double-barrelled surname recorded in part
    ("CRIMES:C1", "C", "Oluwaseun", None, "Adeyemi-Clarke", "2001-05-30", None, "M14 5RR", "M"),
    ("OCGM:C2", "C", "Adeyemi Clarke", None, "Oluwaseun", "2001-05-30", None, "M14 5RR", "M"),
    ("INTEL:C3", "C", "Oluwaseun", None, "Clarke", "2001-05-30", None, "M14 5RR", "M"),
    # person D: namesake of A with another PNC id and postcode (must stay apart)
    ("CRIMES:D1", "D", "Jonathan", None, "Whitcombe", "1990-03-07", "1989/0099999Z", "B5 7TT", "M"),
    # person E: near-empty record (no date of birth, postcode or PNC id) named like A
    ("INTEL:E1", "E", "Jonathan", None, "Whitcombe", None, None, None, "M"),
    # persons F, G: unrelated singletons
    ("CRIMES:F1", "F", "Marta", None, "Kowalczyk", "1978-02-14", None, "NG7 1AA", "F"),
    ("SAFEGUARDING:G1", "G", "Tyler", None, "Brennan", "2010-09-09", None, "S2 3CD", "U"),
]


@pytest.fixture
def records() -> pd.DataFrame:
    """Staged-like person records (one row each) with a ``true_person_id`` column."""
    frame = pd.DataFrame(
        _ROWS,
        # the columns the resolution reads, with the truth after the record id
        columns=[RECORD_COLUMNS[0], "true_person_id", *RECORD_COLUMNS[1:]],
    )
    frame["date_of_birth"] = pd.to_datetime(frame["date_of_birth"]).dt.date
    return frame


@pytest.fixture
def nicknames() -> pd.DataFrame:
    """The project's nickname seed."""
    return pd.read_csv(NICKNAMES_PATH)


@pytest.fixture
def saved_model() -> dict:
    """The committed, trained model."""
    model = load_model(MODEL_PATH)
    assert model is not None
    return model


@pytest.fixture
def splink_seed() -> int:
    """The seed of u sampling a build passes (var ``splink_seed``): scoring with a saved
    model samples nothing, training samples with this seed."""
    return int(project_vars()["splink_seed"])


@pytest.fixture
def word_max_records() -> int:
    """Address words on more records than this are not blocked on: the value a build
    passes (var ``identity_identifier_max_records``)."""
    return int(project_vars()["identity_identifier_max_records"])
