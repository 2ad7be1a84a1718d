"""Score a published build against the generator's planted ground truth.

Usage: ``python -m benchmarks.quality --truth DATA/truth --out quality.json``
(with ``CSE_WAREHOUSE_DIR`` pointing at the built warehouse).

Every figure is an aggregate: no record, name or id is written out.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

__all__ = ["main", "score"]


def _read_truth(truth: Path, name: str) -> pd.DataFrame:
    # one file per table, or (large scale, written block by block) a folder of parts
    for path in (truth / f"{name}.parquet", truth / name):
        if path.exists():
            return pd.read_parquet(path)
    return pd.DataFrame()


def _person_of_true_person(records: pd.DataFrame, assigned: pd.DataFrame) -> pd.Series:
    """Map each true person to the resolved person holding most of their records."""
    joined = records.merge(assigned, on=["source_system", "source_nominal_id"], how="inner")
    counts = joined.groupby(["true_person_id", "person_id"]).size().reset_index(name="n")
    counts = counts.sort_values(["true_person_id", "n", "person_id"], ascending=[True, False, True])
    return counts.drop_duplicates("true_person_id").set_index("true_person_id")["person_id"]


def _majority(labels: pd.DataFrame, key: str, value: str) -> pd.Series:
    counts = labels.groupby([key, value]).size().reset_index(name="n")
    counts = counts.sort_values([key, "n", value], ascending=[True, False, True])
    return counts.drop_duplicates(key).set_index(key)[value]


def bridge_credited_measures(members: pd.DataFrame) -> dict:
    """ARI and groups recovered whole with each person counted once.

    A planted bridge person is a member of two planted groups (``BRIDGED``), but a
    partition puts every person in one network: scored row by row, keeping the two groups
    apart (the intended answer) always leaves one of them "not whole" and costs ARI. Here
    a person planted in several groups is credited to the group whose majority network
    they were placed in (else to their first group), so the truth is a partition of
    persons. ``members``: one row per (planted group, person) with the found
    ``network_id`` (absent persons labelled apart).
    """
    single = members[~members["true_person_id"].duplicated(keep=False)]
    majority = _majority(single, "network_key", "network_id")
    placed = members["network_id"] == members["network_key"].map(majority)
    ordered = members.assign(_placed=placed).sort_values(
        ["true_person_id", "_placed", "network_key"], ascending=[True, False, True]
    )
    persons = ordered.drop_duplicates("true_person_id")
    whole = persons.groupby("network_key")["network_id"].nunique().eq(1)
    return {
        "n_planted_persons": len(persons),
        "adjusted_rand_index_persons": round(
            float(adjusted_rand_score(persons["network_key"], persons["network_id"])), 4
        ),
        "share_recovered_whole_persons": round(float(whole.mean()), 4),
    }


def _ranking_measures(high: pd.Series, low: pd.Series, *, n_ranked: int) -> dict:
    """Ranking measures of planted high-harm networks (ranks of their found networks).

    ``high`` / ``low``: priority rank of the found network of each planted high- / low-harm
    network (NaN when not found; a miss ranks below every ranked network). With more than
    10 high-harm networks planted, "all in the top 10" cannot hold; these say how good the
    ordering is whatever their number: precision@10 (share of the top 10 that are found
    networks of planted high-harm networks), R-precision (recall within the top K, K = number
    planted), and whether every high-harm network ranks above every low-harm one (with the
    share of (high, low) pairs ordered correctly; a shared found network is a tie, not
    correct).
    """
    if not len(high):
        return {}
    k = len(high)
    high_filled = high.fillna(n_ranked + 1)
    low_filled = low.fillna(n_ranked + 1)
    top10_found = set(high.dropna()[high.dropna() <= 10].astype(int))
    pairs = [(h, lo) for h in high_filled for lo in low_filled]
    return {
        "high_harm_precision_at_10": round(len(top10_found) / min(10, n_ranked), 4)
        if n_ranked
        else None,
        "high_harm_r_precision_k": k,
        "high_harm_r_precision": round(float((high_filled <= k).mean()), 4),
        "n_low_harm_planted": len(low),
        "low_harm_ranks": sorted(int(r) for r in low.dropna()),
        "high_above_every_low": bool(high_filled.max() < low_filled.min()) if len(low) else None,
        "high_above_low_pair_share": round(float(np.mean([h < lo for h, lo in pairs])), 4)
        if pairs
        else None,
        "top10_target_attainable": k <= 10,
    }


def score(truth: dict[str, pd.DataFrame], marts: dict[str, pd.DataFrame]) -> dict:
    """All quality measures from truth frames and mart frames (pure; testable)."""
    from person_resolution.evaluation import pairwise_scores

    out: dict = {}
    records, assigned = truth["records"], marts["dim_person_source_records"]
    out["person_resolution"] = pairwise_scores(
        assigned, records, on=("source_system", "source_nominal_id")
    )
    person_of = _person_of_true_person(records, assigned)

    persons = marts["fct_person_scores"].set_index("person_id")
    members = truth["network_members"].copy()
    members["person_id"] = members["true_person_id"].map(person_of)
    members["network_id"] = members["person_id"].map(persons["network_id"])
    # A planted member missing from the graph gets a label of its own (a miss).
    missing = members["network_id"].isna()
    members.loc[missing, "network_id"] = "absent:" + members.loc[missing, "true_person_id"].astype(
        str
    )
    out["networks"] = {
        "n_planted_networks": int(members["network_key"].nunique()),
        "n_planted_members": len(members),
        "share_members_in_graph": round(float((~missing).mean()), 4),
        "adjusted_rand_index": round(
            float(adjusted_rand_score(members["network_key"], members["network_id"])), 4
        ),
        "nmi": round(
            float(normalized_mutual_info_score(members["network_key"], members["network_id"])), 4
        ),
        "share_recovered_whole": round(
            float(members.groupby("network_key")["network_id"].nunique().eq(1).mean()), 4
        ),
    }
    out["networks"].update(bridge_credited_measures(members))
    found_of_planted = _majority(members[~missing], "network_key", "network_id")

    networks = marts["fct_networks"].set_index("network_id")
    planted = truth["networks"].set_index("network_key")
    is_high = planted["is_high_harm"].astype(bool)
    high, low = planted.index[is_high], planted.index[~is_high]
    ranks = found_of_planted.reindex(high).map(networks["priority_rank"])
    low_ranks = found_of_planted.reindex(low).map(networks["priority_rank"])
    out["prioritisation"] = {
        "n_high_harm_planted": len(high),
        "high_harm_in_top10_recall": round(float((ranks <= 10).mean()), 4) if len(high) else None,
        "high_harm_ranks": sorted(int(r) for r in ranks.dropna()),
        **_ranking_measures(ranks, low_ranks, n_ranked=len(networks)),
    }
    key = members[members["is_key_player"].astype(bool) & ~missing]
    scored = marts["fct_person_scores"].dropna(subset=["priority_rank"])
    top3 = (
        scored.sort_values(["network_id", "priority_rank", "person_id"])
        .groupby("network_id")
        .head(3)
    )
    top3_pairs = set(zip(top3["network_id"], top3["person_id"], strict=True))
    hits = [(n, p) in top3_pairs for n, p in zip(key["network_id"], key["person_id"], strict=True)]
    out["key_players"] = {
        "n_planted_key_players": len(key),
        "recall_in_network_top3": round(float(np.mean(hits)), 4) if hits else None,
    }

    planted_links = truth["network_ocg_links"]
    found_links = marts["fct_network_ocg_links"]
    planted_set = {
        (found_of_planted.get(n), o)
        for n, o in zip(planted_links["network_key"], planted_links["ocg_id"], strict=True)
    }
    relevant = found_links[found_links["network_id"].isin(set(found_of_planted.values))]
    found_set = set(zip(relevant["network_id"], relevant["ocg_id"], strict=True))
    tp = len(planted_set & found_set)
    out["soc_coupling"] = {
        "n_planted_links": len(planted_set),
        "recall": round(tp / len(planted_set), 4) if planted_set else None,
        "precision": round(tp / len(found_set), 4) if found_set else None,
    }

    victims = truth["network_victims"].copy()
    victims["network_id"] = victims["network_key"].map(found_of_planted)
    victims["victim_person_id"] = victims["true_person_id"].map(person_of)
    found_victims = set(
        zip(
            marts["fct_network_victims"]["network_id"],
            marts["fct_network_victims"]["victim_person_id"],
            strict=True,
        )
    )
    victims["found"] = [
        (n, v) in found_victims
        for n, v in zip(victims["network_id"], victims["victim_person_id"], strict=True)
    ]
    per_network = victims.groupby("network_key")["found"].mean()
    out["victims"] = {
        "n_planted_victim_links": len(victims),
        "recall_overall": round(float(victims["found"].mean()), 4) if len(victims) else None,
        "recall_mean_per_network": round(float(per_network.mean()), 4) if len(victims) else None,
    }

    links = marts["fct_person_links"]
    edges = {tuple(sorted(p)) for p in zip(links["person_id_a"], links["person_id_b"], strict=True)}
    false_links = truth["false_links"].copy()
    traps: dict = {}
    for trap, group in false_links.groupby("trap_type"):
        pa = group["true_person_id_a"].map(person_of)
        pb = group["true_person_id_b"].map(person_of)
        pairs = {
            tuple(sorted((a, b)))
            for a, b in zip(pa, pb, strict=True)
            if isinstance(a, str) and isinstance(b, str) and a != b
        }
        traps[str(trap)] = {"n_planted": len(group), "n_linked": len(pairs & edges)}
    out["traps"] = traps
    unflagged = truth["unflagged_cse_crimes"]
    cse = marts.get("int_crimes_cse_classified")
    if cse is not None and len(unflagged):
        found = cse[cse["is_cse"].astype(bool)]["crime_id"]
        out["traps"]["unflagged_cse_crimes"] = {
            "n_planted": len(unflagged),
            "n_found_as_cse": int(unflagged["crime_id"].isin(set(found)).sum()),
        }
    out["offender_groups"] = offender_group_measures(truth, marts, person_of, found_of_planted)
    flagged = marts.get("int_implausible_persons_flagged")
    if flagged is not None:
        out["implausible_persons"] = implausible_person_measures(truth, flagged, person_of)
    # planted members are the offenders (victims are in network_victims): ARI on offenders
    out["offender_groups"]["network_ari"] = out["networks"]["adjusted_rand_index"]
    out["top10"] = top10_reading(truth, marts, person_of)
    return out


def top10_reading(
    truth: dict[str, pd.DataFrame], marts: dict[str, pd.DataFrame], person_of: pd.Series
) -> list[dict]:
    """The top 10 networks as an analyst reads them against the truth: counts and ids only.

    Per network: rank, network id, members, of them planted offenders (and the planted
    networks they come from, with their shape and harm class), CSE share of harm days,
    CSE crimes, child victims, key players and how many are planted offenders, and
    members tagged as planted traps (placeholder, general OCG, prolific general offender).
    """
    networks = marts["fct_networks"].sort_values("priority_rank").head(10)
    scores = marts["fct_person_scores"]
    members = truth["network_members"].assign(
        person_id=lambda f: f["true_person_id"].map(person_of)
    )
    planted = truth["networks"].set_index("network_key")
    persons = truth.get("persons")
    trap_of: dict[str, set[str]] = {}
    if persons is not None and len(persons):
        tags = persons.explode("role_tags")
        traps = tags[tags["role_tags"].isin(_TRAP_TAGS)]
        for true_id, tag in zip(traps["true_person_id"], traps["role_tags"], strict=True):
            pid = person_of.get(true_id)
            if isinstance(pid, str):
                trap_of.setdefault(pid, set()).add(str(tag))
    rows = []
    for _, n in networks.iterrows():
        ids = set(scores.loc[scores["network_id"] == n["network_id"], "person_id"])
        mine = members[members["person_id"].isin(ids)]
        keys = sorted(mine["network_key"].unique())
        kp = n["key_player_ids"]
        key_players = (
            {str(p) for p in kp} if kp is not None and not isinstance(kp, float) else set()
        )
        harm = _num(n["harm_days"])
        rows.append(
            {
                "rank": int(n["priority_rank"]),
                "network_id": str(n["network_id"]),
                "n_members": int(n["n_members"]),
                "n_planted_offenders": int(mine["person_id"].nunique()),
                "planted_networks": [f"{k} {_planted_label(planted.loc[k])}" for k in keys],
                "cse_harm_share": round(_num(n["cse_harm_days"]) / harm, 4) if harm else 0.0,
                "n_cse_crimes": int(_num(n["n_cse_crimes"])),
                "n_crimes": int(_num(n["n_crimes"])),
                "n_child_victims": int(_num(n["n_child_victims"])),
                "n_key_players": len(key_players),
                "n_key_players_planted_offenders": len(key_players & set(mine["person_id"])),
                "trap_members": sorted({t for p in ids for t in trap_of.get(p, set())}),
            }
        )
    return rows


def implausible_person_measures(
    truth: dict[str, pd.DataFrame], flagged: pd.DataFrame, person_of: pd.Series
) -> dict:
    """The implausible-record rule against the planted placeholders (counts only).

    ``placeholders_unlinked``: planted placeholder and operator records kept out of
    linking, of ``n_placeholders``; ``real_persons_unlinked``: persons kept out of linking
    who are no planted placeholder (real offenders a data-quality rule took out of the
    networks; must be 0); ``prolific_kept``: persons over a count threshold kept in
    linking because their charges and custody records corroborate the counts.
    """
    persons = truth["persons"]
    tagged = persons[persons["role_tags"].apply(lambda tags: "PLACEHOLDER" in list(tags))]
    placeholders = set(tagged["true_person_id"].map(person_of).dropna())
    unlinked = set(flagged.loc[flagged["is_excluded_from_linking"].astype(bool), "person_id"])
    findings = flagged["finding"].astype(str)
    return {
        "n_placeholders": len(placeholders),
        "placeholders_unlinked": len(placeholders & unlinked),
        "real_persons_unlinked": len(unlinked - placeholders),
        "prolific_kept": int((findings == "PROLIFIC_CORROBORATED").sum()),
    }


def _num(value: object) -> float:
    """A mart number, null as 0."""
    return 0.0 if value is None or pd.isna(value) else float(value)


def _planted_label(network: pd.Series) -> str:
    return f"{network['shape']} {'high' if network['is_high_harm'] else 'low'}"


_TRAP_TAGS = ("PLACEHOLDER", "GENERAL_OCG_MEMBER", "PROLIFIC_GENERAL_LINKED", "OCG_MEMBER_NO_CSE")


def _shared_pairs(frame: pd.DataFrame) -> set[tuple[str, str]]:
    """Pairs of planted networks (a < b) holding the same true person."""
    both = frame.merge(frame, on="true_person_id", suffixes=("_a", "_b"))
    keep = both["network_key_a"] < both["network_key_b"]
    return set(zip(both.loc[keep, "network_key_a"], both.loc[keep, "network_key_b"], strict=True))


def offender_group_measures(
    truth: dict[str, pd.DataFrame],
    marts: dict[str, pd.DataFrame],
    person_of: pd.Series,
    found_of_planted: pd.Series,
) -> dict:
    """Issue 17 measures, on the whole published ranking (not only planted networks).

    ``top10_planted_cse_share``: share of the top 10 networks whose members are mostly
    planted CSE offenders; ``top10_min_cse_harm_share``: smallest CSE share of harm days
    among them; ``rank_size_spearman``: Spearman between rank and member count;
    ``victims_as_key_players`` / ``victims_as_network_members``: planted victims who never
    offend found as key players / members; ``separate_groups_kept_apart``: share of planted
    network pairs sharing only victims or one bridging person that come out as two
    networks joined by a ``fct_network_links`` row; ``ocg_priority_precision_at_k``: share
    of the top k OCGs (k = planted CSE-engaged OCGs) that are planted CSE-engaged.
    """
    networks = marts["fct_networks"]
    scores = marts["fct_person_scores"]
    members = truth["network_members"]
    offender_persons = set(members["true_person_id"].map(person_of).dropna())
    top = networks.sort_values("priority_rank").head(10)
    member_of = scores.groupby("network_id")["person_id"].agg(list)
    mostly_cse = [
        np.mean([p in offender_persons for p in member_of.get(n, [])]) > 0.5
        for n in top["network_id"]
    ]
    harm = top["harm_days"].astype(float)
    cse_share = (top["cse_harm_days"].astype(float) / harm.where(harm > 0)).fillna(0.0)
    spearman = networks["priority_rank"].corr(networks["n_members"], method="spearman")
    # among offender groups only: one-person networks rank last by design (not a group)
    groups = networks[networks["n_members"].astype(int) >= 2]
    spearman_groups = groups["priority_rank"].corr(groups["n_members"], method="spearman")

    victims = truth["network_victims"]
    victim_only = set(victims["true_person_id"]) - set(members["true_person_id"])
    victim_persons = set(pd.Series(sorted(victim_only)).map(person_of).dropna()) - offender_persons
    key_players = {p for ids in networks["key_player_ids"] for p in ids}

    pairs = _shared_pairs(victims) | _shared_pairs(members)
    links = marts.get("fct_network_links")
    linked = (
        set(zip(links["network_id"], links["linked_network_id"], strict=True))
        if links is not None
        else set()
    )
    kept = [
        found_of_planted.get(a) is not None
        and found_of_planted.get(b) is not None
        and found_of_planted.get(a) != found_of_planted.get(b)
        and (found_of_planted.get(a), found_of_planted.get(b)) in linked
        for a, b in sorted(pairs)
    ]

    ocgs = marts.get("fct_ocg_cse_priority")
    planted_ocgs = set(truth["network_ocg_links"]["ocg_id"])
    precision = None
    if ocgs is not None and planted_ocgs:
        k = len(planted_ocgs)
        top_k = ocgs.sort_values("priority_rank").head(k)["ocg_id"]
        precision = round(float(top_k.isin(planted_ocgs).mean()), 4)
    sizes = networks["n_members"].astype(int)
    return {
        "n_networks": len(networks),
        "n_one_person_networks": int((sizes == 1).sum()),
        "n_planted_offenders_alone": len(
            offender_persons
            & set(
                scores.loc[
                    scores["network_id"].isin(networks.loc[sizes == 1, "network_id"]), "person_id"
                ]
            )
        ),
        "top10_planted_cse_share": round(float(np.mean(mostly_cse)), 4) if len(top) else None,
        "top10_min_cse_harm_share": round(float(cse_share.min()), 4) if len(top) else None,
        "rank_size_spearman": None if pd.isna(spearman) else round(float(spearman), 4),
        "rank_size_spearman_groups": None
        if pd.isna(spearman_groups)
        else round(float(spearman_groups), 4),
        "victims_as_key_players": len(victim_persons & key_players),
        "victims_as_network_members": len(victim_persons & set(scores["person_id"])),
        "n_separate_group_pairs": len(pairs),
        "separate_groups_kept_apart": round(float(np.mean(kept)), 4) if kept else None,
        "network_ari": None,  # filled from networks.adjusted_rand_index (offender members)
        "ocg_priority_precision_at_k": precision,
    }


MART_TABLES = [
    "dim_person_source_records",
    "fct_person_scores",
    "fct_networks",
    "fct_network_ocg_links",
    "fct_network_victims",
    "fct_person_links",
    "fct_network_links",
    "fct_ocg_cse_priority",
]
TRUTH_TABLES = [
    "records",
    "networks",
    "network_members",
    "network_victims",
    "network_ocg_links",
    "false_links",
    "unflagged_cse_crimes",
    "persons",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--truth", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    from cse_networks.spark import get_spark

    spark = get_spark()
    prefix = os.environ.get("CSE_SCHEMA_PREFIX", "")
    marts = {t: spark.table(f"{prefix}marts.{t}").toPandas() for t in MART_TABLES}
    marts["int_crimes_cse_classified"] = (
        spark.table(f"{prefix}intermediate.int_crimes_cse_classified")
        .select("crime_id", "is_cse")
        .toPandas()
    )
    marts["int_implausible_persons_flagged"] = (
        spark.table(f"{prefix}intermediate.int_implausible_persons_flagged")
        .select("person_id", "is_excluded_from_linking", "finding")
        .toPandas()
    )
    truth = {t: _read_truth(args.truth, t) for t in TRUTH_TABLES}
    result = score(truth, marts)
    args.out.write_text(json.dumps(result, indent=2, default=str))
    print(json.dumps(result, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
