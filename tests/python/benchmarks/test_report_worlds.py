"""BENCHMARKS.md sets the two worlds side by side and judges each against the issue 17 targets."""

from __future__ import annotations

from benchmarks.report import _sweep_section, _two_worlds_section


def _world(profile: str, top_share: float, ari: float) -> dict:
    return {
        "scale": "default",
        "profile": profile,
        "quality": {
            "networks": {"adjusted_rand_index": ari, "nmi": 0.9, "share_recovered_whole": 0.8},
            "offender_groups": {
                "top10_planted_cse_share": top_share,
                "top10_min_cse_harm_share": 0.6,
                "victims_as_key_players": 0,
                "victims_as_network_members": 0,
                "separate_groups_kept_apart": 1.0,
                "n_separate_group_pairs": 4,
                "rank_size_spearman": -0.2,
                "ocg_priority_precision_at_k": 1.0,
            },
            "top10": [
                {
                    "rank": 1,
                    "network_id": "N000001",
                    "n_members": 5,
                    "n_planted_offenders": 5,
                    "planted_networks": ["NET-00-0001 FLAT high"],
                    "cse_harm_share": 1.0,
                    "n_cse_crimes": 9,
                    "n_crimes": 9,
                    "n_child_victims": 3,
                    "n_key_players": 2,
                    "n_key_players_planted_offenders": 2,
                    "trap_members": [],
                }
            ],
        },
    }


def test_two_worlds_side_by_side_with_targets_per_world() -> None:
    lines, targets = _two_worlds_section([_world("default", 1.0, 0.95), _world("alt", 0.7, 0.8)])
    text = "\n".join(lines)
    assert "| `default` | `default-alt` |" in text
    assert "| top-10 networks mostly planted CSE offenders (share) | 1.0 | 0.7 | >= 0.9 |" in text
    assert "### Top 10 of `default-alt` against the planted truth" in text
    status = {name: met for name, met, _ in targets}
    assert status["top-10 networks mostly planted CSE offenders (share) >= 0.9 (`default`)"]
    assert not status["top-10 networks mostly planted CSE offenders (share) >= 0.9 (`default-alt`)"]
    assert not status["network ARI (planted offenders) >= 0.9 (`default-alt`)"]


def test_sweep_section_names_the_choice_and_the_world_it_was_made_on() -> None:
    row = {
        "resolution": 0.3,
        "offender_ari": 0.95,
        "offender_ari_min_seed": 0.94,
        "offender_nmi": 0.97,
        "recovered_whole": 0.8,
        "separate_groups_apart": 1.0,
        "seed_stability_ari": 0.99,
        "n_networks_2plus": 40,
        "largest_network": 12,
    }
    sweep = {
        "default/default": {
            "profile": "default",
            "scale": "default",
            "used_for_choice": True,
            "criterion": "maximise ARI",
            "git_commit": "abc",
            "measured_at": "now",
            "n_offender_graph_persons": 1000,
            "n_offender_graph_links": 2000,
            "n_planted_networks": 33,
            "n_separate_group_pairs": 6,
            "n_seeds": 5,
            "graph_min_community_size": 3,
            "chosen_resolution": 0.3,
            "graph_leiden_resolution_in_project": 0.3,
            "rows": [row],
        }
    }
    text = "\n".join(_sweep_section(sweep))
    assert "tuning world: the choice is made here" in text and "**Chosen: 0.3**" in text
    alt = {**sweep["default/default"], "profile": "alt", "used_for_choice": False}
    text = "\n".join(_sweep_section({"alt/default": alt}))
    assert "Chosen" not in text and "would pick 0.3 here; not applied" in text
