"""Priority marts: planted networks rank as their harm says, ranks are dense and
deterministic, every explanation names evidence and carries the advisory note."""

from __future__ import annotations

import pandas as pd
import pytest

ADVISORY = "Advisory: for human review only"


def _planted_network_ranks(tiny_marts, tiny_build) -> pd.DataFrame:
    """Planted network -> mart network (majority of members' records) -> its priority rank.

    Truth records map source records to true people; ``dim_person_source_records``
    maps the same records to resolved people, ``fct_person_scores`` people to networks.
    """
    truth = tiny_build.data / "truth"
    records = pd.read_parquet(truth / "records.parquet")
    members = pd.read_parquet(truth / "network_members.parquet")
    planted = pd.read_parquet(truth / "networks.parquet")
    dim = tiny_marts.frames["dim_person_source_records"]
    scores = tiny_marts.frames["fct_person_scores"]
    networks = tiny_marts.frames["fct_networks"]

    # Defects may change the case of source_system in raw; the nominal id is enough.
    # Majority by source records: a person split by resolution counts by its records.
    record_persons = records.merge(
        dim[["source_nominal_id", "person_id"]], on="source_nominal_id", how="inner"
    )[["source_nominal_id", "true_person_id", "person_id"]].drop_duplicates()
    member_networks = members.merge(record_persons, on="true_person_id").merge(
        scores[["person_id", "network_id"]], on="person_id"
    )
    counts = member_networks.groupby(["network_key", "network_id"]).size().rename("n").reset_index()
    majority = counts.sort_values(["network_key", "n", "network_id"], ascending=[True, False, True])
    majority = majority.drop_duplicates("network_key")
    return planted.merge(majority, on="network_key", how="left").merge(
        networks[["network_id", "priority_rank", "priority_score"]], on="network_id", how="left"
    )


def test_planted_high_harm_network_with_child_victims_and_ocg_ranks_above_low_harm(
    tiny_marts, tiny_build
) -> None:
    ranked = _planted_network_ranks(tiny_marts, tiny_build)
    high = ranked[
        ranked["is_high_harm"] & ranked["has_ocg_link"] & (ranked["n_child_rape_crimes"] > 0)
    ].dropna(subset=["priority_rank"])
    low = ranked[~ranked["is_high_harm"]].dropna(subset=["priority_rank"])
    if high.empty or low.empty:
        pytest.fail("planted networks could not be mapped to mart networks")
    best_high = high.sort_values("harm_days", ascending=False).iloc[0]
    low_ranks = dict(zip(low["network_key"], low["priority_rank"], strict=True))
    above = {key: rank for key, rank in low_ranks.items() if rank <= best_high["priority_rank"]}
    assert above == {}, f"{best_high['network_key']} rank {best_high['priority_rank']}"


def test_planted_high_harm_networks_outrank_low_harm_on_average(tiny_marts, tiny_build) -> None:
    ranked = _planted_network_ranks(tiny_marts, tiny_build).dropna(subset=["priority_rank"])
    mean_rank = ranked.groupby("is_high_harm")["priority_rank"].mean()
    assert mean_rank[True] < mean_rank[False]


@pytest.mark.parametrize("table", ["fct_networks", "fct_person_scores"])
def test_explanations_are_non_empty_and_advisory(tiny_marts, table: str) -> None:
    explanations = tiny_marts.frames[table]["explanation"]
    assert explanations.notna().all()
    assert (explanations.str.len() > len(ADVISORY) + 10).all()
    assert explanations.str.contains(ADVISORY, regex=False).all()


def test_network_explanations_name_their_evidence(tiny_marts) -> None:
    networks = tiny_marts.frames["fct_networks"]
    with_victims = networks[networks["n_victims"] > 0]
    assert with_victims["explanation"].str.contains("victim").all()
    ocg_linked = networks[networks["n_linked_ocgs"] > 0]
    assert ocg_linked["explanation"].str.contains("linked to OCG").all()


def _assert_dense_with_tie_break(frame: pd.DataFrame, id_column: str) -> None:
    ranks = frame["priority_rank"].astype("int64")
    assert sorted(ranks) == list(range(1, len(frame) + 1))
    expected = frame.sort_values(["priority_score", id_column], ascending=[False, True])
    assert list(expected["priority_rank"].astype("int64")) == list(range(1, len(frame) + 1))


def test_network_ranks_are_dense_with_stable_tie_break(tiny_marts) -> None:
    networks = tiny_marts.frames["fct_networks"]
    ranks = networks["priority_rank"].astype("int64")
    assert sorted(ranks) == list(range(1, len(networks) + 1))
    # offender groups before lone persons, CSE networks first, then by score, ties by id
    expected = networks.sort_values(
        ["is_offender_group", "is_cse_network", "priority_score", "network_id"],
        ascending=[False, False, False, True],
    )
    assert list(expected["priority_rank"].astype("int64")) == list(range(1, len(networks) + 1))


def test_person_ranks_are_dense_over_non_victims_and_null_for_victims(tiny_marts) -> None:
    scores = tiny_marts.frames["fct_person_scores"]
    victims = scores[scores["is_victim"]]
    assert victims["priority_rank"].isna().all()
    assert victims["priority_score"].isna().all()
    _assert_dense_with_tie_break(scores[~scores["is_victim"]], "person_id")


def test_component_scores_are_between_0_and_1(tiny_marts) -> None:
    for table in ("fct_networks", "fct_person_scores"):
        frame = tiny_marts.frames[table]
        components = [c for c in frame.columns if c.endswith("_component")]
        assert len(components) == 6, table
        values = frame[[*components, "priority_score"]].dropna()
        assert ((values >= 0) & (values <= 1)).all().all(), table


def test_top_ranked_people_are_mostly_members_of_planted_high_harm_networks(
    tiny_marts, tiny_build
) -> None:
    truth = tiny_build.data / "truth"
    records = pd.read_parquet(truth / "records.parquet")
    members = pd.read_parquet(truth / "network_members.parquet")
    planted = pd.read_parquet(truth / "networks.parquet")
    high_keys = set(planted.loc[planted["is_high_harm"], "network_key"])
    dim = tiny_marts.frames["dim_person_source_records"]
    high_people = set(
        records.merge(dim, on="source_nominal_id").merge(
            members[members["network_key"].isin(high_keys)], on="true_person_id"
        )["person_id"]
    )
    scores = tiny_marts.frames["fct_person_scores"]
    top = scores[~scores["is_victim"]].sort_values("priority_rank").head(10)
    share = top["person_id"].isin(high_people).mean()
    assert share >= 0.8, f"{share:.0%} of the top 10 people are planted high-harm members"
