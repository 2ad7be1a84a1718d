"""The address-word blocking rule: records of one dwelling meet even when every name
and date of birth differs or is missing; words on many records (hubs) pair nobody.

Invented names and addresses; the tests assert on ids and counts only.
"""

from __future__ import annotations

import pandas as pd

from person_resolution.blocking import BLOCKING_RULE_DESCRIPTIONS
from person_resolution.features import rare_words
from person_resolution.pipeline import resolve_pairs
from tests.python.person_resolution.conftest import MODEL_PATH

ADDRESS_RULE = "address_word"


def test_rare_words_keeps_words_of_few_records_and_drops_hubs() -> None:
    words = pd.Series(
        [["12", "ROAD", "WYCLIFFE"], ["ROAD", "WYCLIFFE"], ["ROAD", "ZETLAND"], None],
        index=["r1", "r2", "r3", "r4"],
    )
    kept = rare_words(words, max_records=2)
    # ROAD is on three records: a hub at 2; each record keeps its own rare words
    assert kept.tolist() == [["12", "WYCLIFFE"], ["WYCLIFFE"], ["ZETLAND"], None]
    assert kept.index.tolist() == ["r1", "r2", "r3", "r4"]
    assert rare_words(words, max_records=3)[0] == ["12", "ROAD", "WYCLIFFE"]
    # None: the block is off, no record keeps a word
    assert rare_words(words, max_records=None).isna().all()


def _dwelling_records() -> tuple[pd.DataFrame, pd.DataFrame]:
    # one person recorded twice: both names misspelt, a date of birth on one record only,
    # so no name, date-of-birth or postcode rule blocks the pair; a third record is
    # someone else in another street of the same town
    records = pd.DataFrame(
        {
            "record_id": ["CRIMES:W1", "INTEL:W2", "CRIMES:W3"],
            "forename": ["Briony", "Brony", "Malachy"],
            "middle_names": [None, None, None],
            "surname": ["Castellane", "Castelane", "Odhiambo"],
            "date_of_birth": [None, pd.Timestamp("1979-04-02").date(), None],
            "pnc_id": [None, None, None],
            "postcode": ["HX1 2RT", "HX1 2RT", "HX3 9QP"],
            "gender": ["F", "F", "M"],
        }
    )
    addresses = pd.DataFrame(
        {
            "record_id": ["CRIMES:W1", "INTEL:W2", "CRIMES:W3"],
            "address": [
                "14 Wycliffe Gardens, Halifax, HX1 2RT",
                "14 WYCLIFFE GDNS HALIFAX",
                "3 Zetland Row, Halifax, HX3 9QP",
            ],
            "observed_from": pd.to_datetime(["2024-01-05", "2023-06-30", "2024-02-01"]),
        }
    )
    return records, addresses


def _pairs(max_records: int | None, nicknames: pd.DataFrame, seed: int) -> pd.DataFrame:
    records, addresses = _dwelling_records()
    pairs, _ = resolve_pairs(
        records,
        nicknames,
        addresses=addresses,
        model_path=str(MODEL_PATH),
        min_probability=0.0,
        seed=seed,
        address_word_max_records=max_records,
    )
    return pairs.set_index(["record_id_a", "record_id_b"])


def test_a_shared_rare_address_word_blocks_a_pair_no_other_rule_finds(
    nicknames: pd.DataFrame, splink_seed: int, word_max_records: int
) -> None:
    assert ADDRESS_RULE in BLOCKING_RULE_DESCRIPTIONS
    pairs = _pairs(word_max_records, nicknames, splink_seed)
    assert ("CRIMES:W1", "INTEL:W2") in pairs.index
    assert pairs.loc[("CRIMES:W1", "INTEL:W2"), "blocking_rule"] == ADDRESS_RULE
    # only the town is shared with the third record, and three records hold it: with a
    # hub limit of 2 it pairs nobody, so W3 meets neither
    assert ("CRIMES:W1", "CRIMES:W3") not in _pairs(2, nicknames, splink_seed).index
    # negative controls: without the block, or when two records already make a word a
    # hub, no rule pairs the dwelling's records
    assert ("CRIMES:W1", "INTEL:W2") not in _pairs(None, nicknames, splink_seed).index
    assert ("CRIMES:W1", "INTEL:W2") not in _pairs(1, nicknames, splink_seed).index
