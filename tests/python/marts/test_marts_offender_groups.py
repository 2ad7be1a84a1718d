"""Networks are offender groups (issue 17): victims stay victims, groups sharing a victim
stay apart and linked, placeholder records are data-quality findings, and OCGs are
ranked by CSE engagement. Checked on the tiny build against the generator's truth;
failures print counts and ids only."""

from __future__ import annotations

import pandas as pd
import pytest


def _truth(tiny_build, name: str) -> pd.DataFrame:
    return pd.read_parquet(tiny_build.data / "truth" / f"{name}.parquet")


def _true_to_resolved(tiny_marts, tiny_build) -> pd.DataFrame:
    """true_person_id -> person_id through the source records (nominal id is enough)."""
    records = _truth(tiny_build, "records")
    dim = tiny_marts.frames["dim_person_source_records"]
    return records.merge(dim[["source_nominal_id", "person_id"]], on="source_nominal_id")[
        ["true_person_id", "person_id"]
    ].drop_duplicates()


def _planted_to_mart_networks(tiny_marts, tiny_build) -> dict[str, str]:
    """Planted network key -> the mart network holding most of its offenders' records."""
    members = _truth(tiny_build, "network_members")
    scores = tiny_marts.frames["fct_person_scores"]
    mapped = members.merge(_true_to_resolved(tiny_marts, tiny_build), on="true_person_id").merge(
        scores[["person_id", "network_id"]], on="person_id"
    )
    counts = mapped.groupby(["network_key", "network_id"]).size().rename("n").reset_index()
    counts = counts.sort_values(["network_key", "n", "network_id"], ascending=[True, False, True])
    majority = counts.drop_duplicates("network_key")
    return dict(zip(majority["network_key"], majority["network_id"], strict=True))


def _persons_tagged(tiny_marts, tiny_build, tag: str) -> set[str]:
    persons = _truth(tiny_build, "persons")
    tagged = persons[persons["role_tags"].apply(lambda tags: tag in list(tags))]
    resolved = _true_to_resolved(tiny_marts, tiny_build)
    return set(resolved.loc[resolved["true_person_id"].isin(tagged["true_person_id"]), "person_id"])


def test_victims_are_never_members_key_players_or_network_names(tiny_marts, tiny_build) -> None:
    scores = tiny_marts.frames["fct_person_scores"]
    networks = tiny_marts.frames["fct_networks"]
    victims = tiny_marts.frames["fct_network_victims"]
    members = set(scores["person_id"])
    victims_only = set(victims["victim_person_id"]) - members
    assert victims_only, "the tiny world has victims; none were attached to a network"
    assert not scores["is_victim"].any(), int(scores["is_victim"].sum())
    assert (scores["member_role"] != "VICTIM").all()
    assert int(networks["n_victim_members"].sum()) == 0
    key_players = {p for ids in networks["key_player_ids"] for p in ids}
    assert key_players <= members
    named_after = {n.removeprefix("N_") for n in networks["network_id"]}
    assert not (named_after & victims_only), sorted(named_after & victims_only)[:5]
    # against the truth: planted child victims who never offend are neither members nor
    # key players (counts only in the message)
    planted_victims = set(_truth(tiny_build, "network_victims")["true_person_id"]) - set(
        _truth(tiny_build, "network_members")["true_person_id"]
    )
    resolved = _true_to_resolved(tiny_marts, tiny_build)
    victim_persons = set(
        resolved.loc[resolved["true_person_id"].isin(planted_victims), "person_id"]
    ) - set(
        resolved.loc[
            resolved["true_person_id"].isin(
                _truth(tiny_build, "network_members")["true_person_id"]
            ),
            "person_id",
        ]
    )
    assert victim_persons, "the tiny world plants child victims"
    assert not (victim_persons & members), len(victim_persons & members)
    assert not (victim_persons & key_players), len(victim_persons & key_players)


def test_victim_links_join_each_network_member_to_its_own_victims(tiny_marts) -> None:
    # fct_network_victim_links (the link charts' victims): every offender is a member
    # of the link's network, every victim is listed for it in fct_network_victims, and
    # every victim of a member's crime gets at least one link.
    links = tiny_marts.frames["fct_network_victim_links"]
    scores = tiny_marts.frames["fct_person_scores"]
    victims = tiny_marts.frames["fct_network_victims"]
    assert len(links), "the tiny world has victims of members' crimes"
    assert (links["link_type"] == "OFFENDER_VICTIM").all()
    assert (links["offender_person_id"] != links["victim_person_id"]).all()
    network_of = dict(zip(scores["person_id"], scores["network_id"], strict=True))
    assert (links["offender_person_id"].map(network_of) == links["network_id"]).all()
    linked = set(zip(links["network_id"], links["victim_person_id"], strict=True))
    listed = set(zip(victims["network_id"], victims["victim_person_id"], strict=True))
    assert linked == listed, (len(linked - listed), len(listed - linked))
    per_pair = links.groupby(["network_id", "victim_person_id"])["n_crimes"].max()
    totals = victims.set_index(["network_id", "victim_person_id"])["n_crimes"]
    assert (per_pair <= totals.reindex(per_pair.index)).all()  # one offender's share


def test_networks_without_key_players_keep_their_fragmentation(tiny_marts) -> None:
    networks = tiny_marts.frames["fct_networks"]
    none = networks[networks["n_key_players"] == 0]
    assert (none["fragmentation_after_key_players"] == none["fragmentation_before"]).all()
    some = networks[networks["n_key_players"] > 0]
    assert (some["fragmentation_after_key_players"] > some["fragmentation_before"]).all()


def test_groups_sharing_a_victim_are_two_linked_networks(tiny_marts, tiny_build) -> None:
    victims = _truth(tiny_build, "network_victims")
    shared = victims.merge(victims, on="true_person_id", suffixes=("_a", "_b"))
    pairs = shared.loc[
        shared["network_key_a"] < shared["network_key_b"], ["network_key_a", "network_key_b"]
    ].drop_duplicates()
    if pairs.empty:
        pytest.fail("the tiny world plants offender groups sharing a victim; none found")
    to_mart = _planted_to_mart_networks(tiny_marts, tiny_build)
    links = tiny_marts.frames["fct_network_links"]
    linked = {
        (a, b)
        for a, b, types in zip(
            links["network_id"], links["linked_network_id"], links["link_types"], strict=True
        )
        if "SHARED_VICTIM" in list(types)
    }
    for key_a, key_b in pairs.itertuples(index=False):
        net_a, net_b = to_mart.get(key_a), to_mart.get(key_b)
        assert net_a and net_b, f"{key_a} or {key_b} not found among the mart networks"
        assert net_a != net_b, f"{key_a} and {key_b} were merged into {net_a}"
        assert (net_a, net_b) in linked, f"{net_a} and {net_b} share a victim but are not linked"


def test_placeholder_record_is_a_data_quality_finding(tiny_marts, tiny_build) -> None:
    placeholders = _persons_tagged(tiny_marts, tiny_build, "PLACEHOLDER")
    assert placeholders, "the generator plants placeholder records at every scale"
    quality = tiny_marts.frames["rpt_data_quality"]
    findings = quality[quality["check_type"] == "IMPLAUSIBLE_PERSON"]
    found = findings[findings["subject"].isin(placeholders)]
    assert set(found["subject"]) == placeholders, len(set(found["subject"]))
    assert (found["check_name"] == "PLACEHOLDER_NAME").all()
    assert found["check_detail"].str.contains("kept out of linking", regex=False).all()
    assert (found["n_rows"] > 0).all()
    members = set(tiny_marts.frames["fct_person_scores"]["person_id"])
    links = tiny_marts.frames["fct_person_links"]
    linked = set(links["person_id_a"]) | set(links["person_id_b"])
    assert not (placeholders & (members | linked))


def test_cse_engaged_ocg_ranks_above_ocgs_without_cse(tiny_marts, tiny_build) -> None:
    ocgs = tiny_marts.frames["fct_ocg_cse_priority"]
    planted_cse = set(_truth(tiny_build, "network_ocg_links")["ocg_id"]) & set(ocgs["ocg_id"])
    without = ocgs[~ocgs["is_cse_engaged"]]
    assert planted_cse, "no planted CSE-engaged OCG in the mart"
    assert not without.empty, "the generator plants a general OCG with no CSE link"
    cse_ranks = ocgs.loc[ocgs["ocg_id"].isin(planted_cse), "priority_rank"]
    assert cse_ranks.max() < without["priority_rank"].min()
    general = ocgs[ocgs["ocg_id"].str.endswith("-8001")]
    assert len(general) == 1 and not general["is_cse_engaged"].iloc[0]
    assert general["explanation"].str.contains("no CSE link found", regex=False).all()
    ranks = sorted(ocgs["priority_rank"].astype("int64"))
    assert ranks == list(range(1, len(ocgs) + 1))


def test_a_bridge_between_two_planted_groups_is_a_component_key_player(
    tiny_marts, tiny_build
) -> None:
    """The tiny world plants two offender groups joined by one person who belongs to
    both (truth: a member of two planted networks). Inside either network nobody can
    name that person as the point of disruption; over their component the key-player
    search must (fct_networks.component_key_player_ids)."""
    members = _truth(tiny_build, "network_members")
    groups = members.groupby("true_person_id")["network_key"].nunique()
    bridges = set(groups[groups > 1].index)
    if not bridges:
        pytest.fail("the tiny world plants two groups joined by one bridging person; none found")
    resolved = _true_to_resolved(tiny_marts, tiny_build)
    bridge_ids = set(resolved.loc[resolved["true_person_id"].isin(bridges), "person_id"])
    scores = tiny_marts.frames["fct_person_scores"].set_index("person_id")
    networks = tiny_marts.frames["fct_networks"].set_index("network_id")
    scored_bridges = sorted(bridge_ids & set(scores.index))
    assert scored_bridges, "the planted bridging person is in no network of the tiny build"
    for person_id in scored_bridges:
        network = networks.loc[scores.loc[person_id, "network_id"]]
        named = list(network["component_key_player_ids"])
        assert person_id in named, (
            f"bridge of network {network.name} not among its component key players "
            f"({len(named)} named)"
        )
