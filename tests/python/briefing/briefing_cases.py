"""Small hand-made mart frames for the briefing tests (synthetic, seeded)."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from briefing.columns import TABLES

__all__ = [
    "DATA_QUALITY",
    "FAKE_SURNAME",
    "LINK_TYPES",
    "is_victim_slot",
    "make_frames",
    "person_id",
    "victim_id",
]

# A surname that cannot occur in ids, labels or explanations: its presence means names leaked.
FAKE_SURNAME = "Quillfeatherby"
# The link types of seeds/reference/link_type_weights.csv.
LINK_TYPES = [
    "CO_OFFENDING",
    "OFFENDER_VICTIM",
    "ARRESTED_TOGETHER",
    "CREDIBLE_INTEL",
    "SAME_OCG",
    "SHARED_IDENTIFIER",
]
# rpt_data_quality rows shaped like the mart: 7 distinct quarantined crimes rows carry
# 9 reasons between them, so a panel that sums reasons would show the wrong figure.
DATA_QUALITY = pd.DataFrame(
    [
        ("QUARANTINED_ROWS", "crimes", "DISTINCT_ROWS_QUARANTINED", "of 500 raw rows", 7, 0.014),
        (
            "QUARANTINED_ROWS",
            "nominals",
            "DISTINCT_ROWS_QUARANTINED",
            "of 800 raw rows",
            3,
            0.00375,
        ),
        (
            "QUARANTINE",
            "crimes",
            "NULL_REQUIRED:crime_id",
            "NULL_REQUIRED: row quarantined",
            5,
            None,
        ),
        ("QUARANTINE", "crimes", "FUTURE_DATE:offence_at", "FUTURE_DATE: row quarantined", 4, None),
        ("QUARANTINE", "nominals", "DUPLICATE_KEY", "DUPLICATE_KEY: row quarantined", 3, None),
        (
            "QUARANTINE",
            "nominals",
            "PLACEHOLDER_DATE:date_of_birth",
            "PLACEHOLDER_DATE: row kept, flagged",
            11,
            None,
        ),
        ("INTEL_EXCLUDED", "3x5x2", "NOT_CREDIBLE_GRADE", "3EP", 6, 0.06),
        ("INTEL_EXCLUDED", "5x5x5", "NOT_CREDIBLE_GRADE", "E41", 2, 0.2),
        ("IDENTIFIER_HUB", "ADDRESS", "HUB_IDENTIFIER", "I-hub-1", 14, None),
        ("IDENTIFIER_HUB", "PHONE", "HUB_IDENTIFIER", "I-hub-2", 9, None),
        ("PLACEHOLDER_RECORD", "nominals", "PLACEHOLDER_NAME", "placeholder name", 2, None),
    ],
    columns=["check_type", "subject", "check_name", "check_detail", "n_rows", "share_of_subject"],
)


def person_id(network: int, index: int) -> str:
    """A pseudonymous id like the marts' (hash-shaped, no personal data)."""
    digest = hashlib.sha256(f"n{network}-p{index}".encode()).hexdigest()[:12]
    return f"P{digest}"


def victim_id(network: int, index: int) -> str:
    """A victim's pseudonymous id: victims are attached to a network, never members."""
    digest = hashlib.sha256(f"n{network}-v{index}".encode()).hexdigest()[:12]
    return f"V{digest}"


def is_victim_slot(index: int) -> bool:
    """Each fifth member slot also brings one victim of the members' crimes."""
    return index % 5 == 4


def make_frames(sizes: list[int], *, seed: int = 7) -> dict[str, pd.DataFrame]:
    """Mart frames for networks of the given sizes, ranked in list order.

    Parameters
    ----------
    sizes : list of int
        Members per network; network ``k`` is ``N00k`` with priority rank ``k + 1``.
    seed : int
        Seed of the random links, flags and counts.

    Returns
    -------
    dict of str to pd.DataFrame
        Every mart the renderer reads, including a restricted identity frame.
    """
    rng = np.random.default_rng(seed)
    networks, persons, links, identities = [], [], [], []
    net_links, ocg_links, victims, victim_links, timeline = [], [], [], [], []
    for k, size in enumerate(sizes):
        nid = f"N{k:03d}"
        ids = [person_id(k, i) for i in range(size)]
        # As in the real marts (issue 17): members are offenders and associates, never
        # victims; the network's victims come through fct_network_victim_links.
        is_victim = [False] * size
        for i, pid in enumerate(ids):
            persons.append(
                {
                    "person_id": pid,
                    "component_id": f"C{k:03d}",
                    "network_id": nid,
                    "is_cse_nominal": i % 3 == 0 and not is_victim[i],
                    "is_victim": is_victim[i],
                    "is_ocg_member": i % 7 == 1,
                    "degree": int(rng.integers(1, 9)),
                    "betweenness": float(rng.random() ** 3),
                    "eigenvector": float(rng.random()),
                    "harm_days": float(rng.integers(0, 400)),
                    "priority_score": float(rng.random()),
                    "priority_rank": None if is_victim[i] else i + 1,
                    "explanation": "synthetic",
                    "is_key_player": i in (0, 2) and size > 3,
                }
            )
            identities.append(
                {
                    "person_id": pid,
                    "forename": f"Alex{i}",
                    "surname": FAKE_SURNAME,
                    "date_of_birth": pd.Timestamp("1990-01-01") + pd.Timedelta(days=i),
                }
            )
        # A random tree keeps every network connected; then some extra links.
        pairs = {(ids[int(rng.integers(0, i))], ids[i]) for i in range(1, size)}
        for _ in range(size // 2):
            a, b = rng.choice(size, 2, replace=False)
            pairs.add((ids[min(a, b)], ids[max(a, b)]))
        for a, b in sorted(pairs):
            types = sorted(set(rng.choice(LINK_TYPES, int(rng.integers(1, 3))).tolist()))
            links.append(
                {
                    "person_id_a": a,
                    "person_id_b": b,
                    "network_id_a": nid,
                    "network_id_b": nid,
                    "link_types": types,
                    "weight": float(rng.gamma(2.0, 1.0)),
                    "first_seen_at": pd.Timestamp("2021-03-01"),
                    "last_seen_at": pd.Timestamp("2024-02-01"),
                }
            )
        if k > 0:  # a bridge from this network to the previous one
            other = f"N{k - 1:03d}"
            links.append(
                {
                    "person_id_a": ids[0],
                    "person_id_b": person_id(k - 1, 0),
                    "network_id_a": nid,
                    "network_id_b": other,
                    "link_types": ["INTEL_ASSOCIATION"],
                    "weight": 1.5,
                    "first_seen_at": pd.Timestamp("2023-01-01"),
                    "last_seen_at": pd.Timestamp("2023-06-01"),
                }
            )
            for a, b, pa in ((nid, other, ids[0]), (other, nid, person_id(k - 1, 0))):
                net_links.append(
                    {
                        "network_id": a,
                        "linked_network_id": b,
                        "n_links": 1,
                        "link_weight": 1.5,
                        "bridging_person_ids": [pa],
                    }
                )
        ocg_links.append(
            {
                "network_id": nid,
                "ocg_id": f"OCG{k % 2:02d}",
                "n_shared_members": 1,
                "n_direct_links": 2,
                "link_persons": [ids[min(1, size - 1)], "PX-not-a-member"],
            }
        )
        for i in range(size):
            if is_victim_slot(i):
                vid = victim_id(k, i)
                # Offended against by the previous member (1-3 crimes) and, from the
                # second victim on, also by the first member (one crime).
                offenders = [(ids[i - 1], 1 + i % 3)] + ([(ids[0], 1)] if i >= 9 else [])
                for offender, n in offenders:
                    victim_links.append(
                        {
                            "network_id": nid,
                            "offender_person_id": offender,
                            "victim_person_id": vid,
                            "link_type": "OFFENDER_VICTIM",
                            "n_crimes": n,
                            "n_cse_crimes": min(n, 1),
                            "first_offence_at": pd.Timestamp("2022-05-01"),
                            "last_offence_at": pd.Timestamp("2023-05-01"),
                        }
                    )
                victims.append(
                    {
                        "network_id": nid,
                        "victim_person_id": vid,
                        "n_crimes": 2,
                        "n_cse_crimes": 1,
                        "first_offence_at": pd.Timestamp("2022-05-01"),
                        "last_offence_at": pd.Timestamp("2023-05-01"),
                        "age_at_first_offence_years": 12 + i % 9,
                        "is_child_at_first_offence": i % 2 == 0,
                        "is_repeat_victim": True,
                        "has_safeguarding_flag": i % 3 == 0,
                    }
                )
        for q in pd.date_range("2022-01-01", "2024-10-01", freq="QS"):
            if rng.random() < 0.2:
                continue  # gaps: quiet quarters have no row
            timeline.append(
                {
                    "network_id": nid,
                    "quarter_start_date": q.date(),
                    "n_active_links": int(rng.integers(0, 10)),
                    "n_new_members": int(rng.integers(0, 3)),
                    "n_crimes": int(rng.integers(0, 6)),
                    "n_cse_crimes": int(rng.integers(0, 3)),
                    "harm_days": float(rng.integers(0, 300)),
                    "n_arrests": int(rng.integers(0, 4)),
                    "n_intel_reports": int(rng.integers(0, 8)),
                }
            )
        networks.append(
            {
                "network_id": nid,
                "component_id": f"C{k:03d}",
                "n_members": size,
                "n_cse_nominals": sum(1 for i in range(size) if i % 3 == 0 and not is_victim[i]),
                "n_victims": sum(1 for i in range(size) if is_victim_slot(i)),
                "harm_days": float(rng.integers(100, 5000)),
                "n_linked_ocgs": 1,
                "priority_score": round(1.0 - 0.1 * k, 3),
                "priority_rank": k + 1,
                "explanation": f"Network {nid}: {size} members, synthetic test case.",
                "run_id": "run-test-0001",
            }
        )
    return {
        "fct_networks": pd.DataFrame(networks),
        "fct_person_scores": pd.DataFrame(persons),
        "fct_person_links": pd.DataFrame(links),
        "fct_network_links": pd.DataFrame(
            net_links,
            columns=list(TABLES["fct_network_links"].columns),
        ),
        "fct_network_ocg_links": pd.DataFrame(ocg_links),
        "fct_network_victims": pd.DataFrame(
            victims,
            columns=list(TABLES["fct_network_victims"].columns),
        ),
        "fct_network_victim_links": pd.DataFrame(
            victim_links, columns=list(TABLES["fct_network_victim_links"].columns)
        ),
        "fct_network_timeline": pd.DataFrame(timeline),
        "rpt_data_quality": DATA_QUALITY.copy(),
        "rpt_run_audit": pd.DataFrame(
            {
                "run_id": ["run-test-0000", "run-test-0001"],
                "as_of_date": [
                    pd.Timestamp("2024-06-30").date(),
                    pd.Timestamp("2024-11-14").date(),
                ],
                "run_started_at": [
                    pd.Timestamp("2025-01-01 10:00"),
                    pd.Timestamp("2025-01-02 10:00"),
                ],
                "git_commit": ["0123456789abcdef", "fedcba9876543210"],
                "vars_json": [
                    '{"protective_marking": "OFFICIAL"}',
                    '{"protective_marking": "OFFICIAL-SENSITIVE TEST"}',
                ],
            }
        ),
        "dim_person_identities": pd.DataFrame(identities),
    }
