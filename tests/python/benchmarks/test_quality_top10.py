"""The top-10 reading of the quality benchmark: counts, planted origin and traps per network."""

from __future__ import annotations

import numpy as np
import pandas as pd

from benchmarks.quality import top10_reading


def test_top10_reading_counts_planted_offenders_key_players_and_traps() -> None:
    truth = {
        "network_members": pd.DataFrame(
            {"network_key": ["NET-1", "NET-1"], "true_person_id": ["t1", "t2"]}
        ),
        "networks": pd.DataFrame(
            {"network_key": ["NET-1"], "shape": ["FLAT"], "is_high_harm": [True]}
        ),
        "persons": pd.DataFrame(
            {"true_person_id": ["t1", "t3"], "role_tags": [["NAMESAKE"], ["PLACEHOLDER"]]}
        ),
    }
    person_of = pd.Series({"t1": "P1", "t2": "P2", "t3": "P3"})
    marts = {
        "fct_networks": pd.DataFrame(
            {
                "network_id": ["N2", "N1"],
                "priority_rank": [2, 1],
                "n_members": [1, 3],
                "harm_days": [np.nan, 200.0],
                "cse_harm_days": [None, 150.0],
                "n_cse_crimes": [0, 4],
                "n_crimes": [1, 9],
                "n_child_victims": [0, 2],
                "key_player_ids": [np.array([], dtype=object), np.array(["P1", "P3"])],
            }
        ),
        "fct_person_scores": pd.DataFrame(
            {"network_id": ["N1", "N1", "N1", "N2"], "person_id": ["P1", "P2", "P3", "P9"]}
        ),
    }
    first, second = top10_reading(truth, marts, person_of)
    assert first["network_id"] == "N1" and first["n_members"] == 3
    assert first["n_planted_offenders"] == 2
    assert first["planted_networks"] == ["NET-1 FLAT high"]
    assert first["cse_harm_share"] == 0.75
    assert first["n_key_players"] == 2 and first["n_key_players_planted_offenders"] == 1
    assert first["trap_members"] == ["PLACEHOLDER"]
    assert second["cse_harm_share"] == 0.0 and second["planted_networks"] == []


def test_implausible_person_measures_count_real_persons_unlinked() -> None:
    from benchmarks.quality import implausible_person_measures

    truth = {
        "persons": pd.DataFrame(
            {
                "true_person_id": ["t1", "t2", "t3"],
                "role_tags": [["PLACEHOLDER"], ["BACKGROUND_OFFENDER"], ["BACKGROUND_OFFENDER"]],
            }
        )
    }
    person_of = pd.Series({"t1": "P1", "t2": "P2", "t3": "P3"})
    flagged = pd.DataFrame(
        {
            "person_id": ["P1", "P2", "P3"],
            "is_excluded_from_linking": [True, True, False],
            "finding": ["PLACEHOLDER_NAME", "IMPLAUSIBLE_CRIME_COUNT", "PROLIFIC_CORROBORATED"],
        }
    )
    measures = implausible_person_measures(truth, flagged, person_of)
    assert measures == {
        "n_placeholders": 1,
        "placeholders_unlinked": 1,
        "real_persons_unlinked": 1,
        "prolific_kept": 1,
    }


def test_bridge_person_is_credited_to_the_group_it_was_placed_with() -> None:
    from benchmarks.quality import bridge_credited_measures

    # two planted groups kept apart as N1 and N2; the bridge b sits in N1
    members = pd.DataFrame(
        {
            "network_key": ["A", "A", "A", "B", "B", "B"],
            "true_person_id": ["a1", "a2", "b", "b1", "b2", "b"],
            "network_id": ["N1", "N1", "N1", "N2", "N2", "N1"],
        }
    )
    measures = bridge_credited_measures(members)
    assert measures == {
        "n_planted_persons": 5,
        "adjusted_rand_index_persons": 1.0,
        "share_recovered_whole_persons": 1.0,
    }
    # the same groups merged into one network are not recovered apart
    merged = bridge_credited_measures(members.assign(network_id="N1"))
    assert merged["adjusted_rand_index_persons"] == 0.0
