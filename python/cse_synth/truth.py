"""Ground-truth tables (``DIR/truth/``): what was planted, for recovery tests and benchmarks.

Never loaded into ``raw``. One row per:

``records``              source record -> true person
                         (source_system, source_nominal_id, true_person_id); keys as
                         generated, before defects (an UNKNOWN_CODE or LOWER_CASE
                         source_system in raw still maps through this table by id)
``persons``              true person (true_person_id, gender, date_of_birth,
                         ethnicity_code, role_tags list, block)
``networks``             planted network (network_key, shape, is_high_harm and a planted
                         harm summary: n_offenders, n_victims, n_crimes,
                         n_child_rape_crimes, harm_days, first/last_offence_at, has_ocg_link)
``network_members``      offender in a network (role FACILITATOR / BROKER / BRIDGE /
                         MEMBER, is_key_player: designated role or articulation point of
                         the network's own evidence graph); a BRIDGE is in both networks
``network_victims``      victim of a network (a child may be in several networks)
``network_ocg_links``    network linked to an OCG through a member
``false_links``          pair of true people linked only by a trap (trap_type, see traps.py);
                         pairs involving at least one planted person, a < b
``unflagged_cse_crimes`` CSE crime without ``is_cse_flagged = true`` (reason
                         CHILD_SEXUAL_OFFENCE_CODE or SEXUAL_OFFENCE_CHILD_VICTIM)
``defects``              injected defect (table_name, primary_key text, defect_class,
                         column_name; see defects.py)
``hub_identifiers``      identifier value shared by many unrelated people (hub_kind, n_persons)
``namesakes``            distinct true people given the same forename and surname
                         (namesake_group, true_person_id, same_dob)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from cse_synth.networks import Planted
from cse_synth.offences import offence_table
from cse_synth.world import DAY_US, World

__all__ = ["TRUTH_SCHEMAS", "build_truth", "person_ids", "unflagged_cse"]

_S, _B, _I, _TS, _D = pa.string(), pa.bool_(), pa.int32(), pa.timestamp("us"), pa.date32()
TRUTH_SCHEMAS: dict[str, pa.Schema] = {
    "records": pa.schema(
        [("source_system", _S), ("source_nominal_id", _S), ("true_person_id", _S)]
    ),
    "persons": pa.schema(
        [
            ("true_person_id", _S),
            ("gender", _S),
            ("date_of_birth", _D),
            ("ethnicity_code", _S),
            ("role_tags", pa.list_(_S)),
            ("block", _I),
        ]
    ),
    "networks": pa.schema(
        [
            ("network_key", _S),
            ("shape", _S),
            ("is_high_harm", _B),
            ("n_offenders", _I),
            ("n_victims", _I),
            ("n_crimes", _I),
            ("n_child_rape_crimes", _I),
            ("harm_days", pa.float64()),
            ("first_offence_at", _TS),
            ("last_offence_at", _TS),
            ("has_ocg_link", _B),
        ]
    ),
    "network_members": pa.schema(
        [("network_key", _S), ("true_person_id", _S), ("role", _S), ("is_key_player", _B)]
    ),
    "network_victims": pa.schema([("network_key", _S), ("true_person_id", _S)]),
    "network_ocg_links": pa.schema([("network_key", _S), ("ocg_id", _S)]),
    "false_links": pa.schema(
        [("true_person_id_a", _S), ("true_person_id_b", _S), ("trap_type", _S)]
    ),
    "unflagged_cse_crimes": pa.schema(
        [("crime_id", _S), ("offence_code", _S), ("reason", _S), ("is_planted", _B)]
    ),
    "defects": pa.schema(
        [("table_name", _S), ("primary_key", _S), ("defect_class", _S), ("column_name", _S)]
    ),
    "hub_identifiers": pa.schema(
        [("identifier_type", _S), ("identifier_value", _S), ("hub_kind", _S), ("n_persons", _I)]
    ),
    "namesakes": pa.schema([("namesake_group", _S), ("true_person_id", _S), ("same_dob", _B)]),
}
_CHILD_RAPE = {"19D", "19E", "19G", "19H"}


def person_ids(block: int, pids: np.ndarray) -> np.ndarray:
    """Stable true person ids ``TP<block>-<pid>``."""
    return np.char.add(f"TP{block:02d}-", np.char.zfill(np.asarray(pids).astype(str), 7)).astype(
        object
    )


def unflagged_cse(world: World, crime_id: np.ndarray) -> pd.DataFrame:
    """CSE crimes (child sexual code, or sexual code with an under-18 victim), not flagged."""
    crimes = world.frame("crimes")
    ref = offence_table().set_index("offence_code")
    code = crimes["offence_code"].to_numpy()
    child_code = ref.loc[code, "is_child_sexual_offence"].to_numpy(bool)
    sexual = np.isin(ref.loc[code, "category"].to_numpy(), ["SEXUAL_ADULT"]) | np.isin(
        code, ["24", "72"]
    )
    inv = world.frame("crime_inv")
    vic = inv[inv["involvement"] == "VICTIM"].merge(crimes[["ckey", "committed_from"]], on="ckey")
    dob = world.persons["dob_days"].to_numpy()[vic["pid"].to_numpy()]
    age_years = (vic["committed_from"].to_numpy() // DAY_US - dob) / 365.25
    child_vic = set(vic.loc[age_years < 18, "ckey"].tolist())
    has_child_victim = crimes["ckey"].isin(child_vic).to_numpy()
    is_cse = child_code | (sexual & has_child_victim)
    not_flagged = crimes["is_cse_flagged"].to_numpy(object) != True  # noqa: E712 (None counts)
    sel = is_cse & not_flagged
    return pd.DataFrame(
        {
            "crime_id": crime_id[crimes.loc[sel, "ckey"].to_numpy()],
            "offence_code": code[sel],
            "reason": np.where(
                child_code[sel], "CHILD_SEXUAL_OFFENCE_CODE", "SEXUAL_OFFENCE_CHILD_VICTIM"
            ),
            "is_planted": crimes.loc[sel, "network_key"].notna().to_numpy(),
        }
    )


def _network_summary(world: World, planted: Planted, crime_id: np.ndarray) -> pd.DataFrame:
    crimes = world.frame("crimes")
    ref = offence_table().set_index("offence_code")
    crimes = crimes[crimes["network_key"].notna()].copy()
    crimes["harm"] = ref.loc[crimes["offence_code"].to_numpy(), "harm_days"].to_numpy(float)
    crimes["rape"] = crimes["offence_code"].isin(_CHILD_RAPE)
    g = crimes.groupby("network_key").agg(
        n_crimes=("ckey", "size"),
        n_child_rape_crimes=("rape", "sum"),
        harm_days=("harm", "sum"),
        first_offence_at=("committed_from", "min"),
        last_offence_at=("committed_from", "max"),
    )
    nets = pd.DataFrame(planted.networks).drop_duplicates("network_key")
    members = pd.DataFrame(planted.members)
    victims = pd.DataFrame(planted.victims).drop_duplicates()
    links = {d["network_key"] for d in planted.ocg_links}
    nets["n_offenders"] = (
        nets["network_key"].map(members.groupby("network_key")["pid"].nunique()).fillna(0)
    )
    nets["n_victims"] = (
        nets["network_key"].map(victims.groupby("network_key")["pid"].nunique()).fillna(0)
    )
    nets = nets.join(g, on="network_key")
    nets["has_ocg_link"] = nets["network_key"].isin(links)
    for c in ("first_offence_at", "last_offence_at"):
        nets[c] = nets[c].astype(np.int64).astype("datetime64[us]")
    return nets


def build_truth(
    world: World,
    planted: Planted,
    records: pd.DataFrame,
    crime_id: np.ndarray,
    defects: pd.DataFrame,
    unflagged: pd.DataFrame,
) -> dict[str, pd.DataFrame]:
    """Assemble every truth frame of one block (columns as in ``TRUTH_SCHEMAS``)."""
    b = world.block
    per = world.persons
    tags = pd.concat(world.truth["person_tags"], ignore_index=True).drop_duplicates()
    tags = tags.sort_values(["pid", "tag"], kind="stable").groupby("pid")["tag"].agg(list)
    present = np.unique(records["pid"].to_numpy())
    persons = pd.DataFrame(
        {
            "true_person_id": person_ids(b, present),
            "gender": per["gender"].to_numpy()[present],
            "date_of_birth": per["dob_days"].to_numpy()[present],
            "ethnicity_code": per["ethnicity_code"].to_numpy()[present],
            "role_tags": [tags.get(p, []) for p in present],
            "block": b,
        }
    )
    members = pd.DataFrame(planted.members).drop_duplicates(["network_key", "pid"])
    victims = pd.DataFrame(planted.victims).drop_duplicates()
    false = (
        pd.concat(world.truth.get("false_links", []), ignore_index=True)
        if "false_links" in world.truth
        else pd.DataFrame(columns=["pid_a", "pid_b", "trap_type"])
    )
    names = pd.concat(world.truth["namesakes"], ignore_index=True)
    hubs = pd.concat(world.truth["hub_identifiers"], ignore_index=True)
    return {
        "records": pd.DataFrame(
            {
                "source_system": records["source_system"].to_numpy(),
                "source_nominal_id": records["source_nominal_id"].to_numpy(),
                "true_person_id": person_ids(b, records["pid"].to_numpy()),
            }
        ),
        "persons": persons,
        "networks": _network_summary(world, planted, crime_id),
        "network_members": pd.DataFrame(
            {
                "network_key": members["network_key"].to_numpy(),
                "true_person_id": person_ids(b, members["pid"].to_numpy()),
                "role": members["role"].to_numpy(),
                "is_key_player": members["is_key_player"].to_numpy(bool),
            }
        ),
        "network_victims": pd.DataFrame(
            {
                "network_key": victims["network_key"].to_numpy(),
                "true_person_id": person_ids(b, victims["pid"].to_numpy()),
            }
        ),
        "network_ocg_links": pd.DataFrame(
            planted.ocg_links, columns=["network_key", "ocg_id"]
        ).drop_duplicates(),
        "false_links": pd.DataFrame(
            {
                "true_person_id_a": person_ids(b, false["pid_a"].to_numpy()),
                "true_person_id_b": person_ids(b, false["pid_b"].to_numpy()),
                "trap_type": false["trap_type"].to_numpy(),
            }
        ),
        "unflagged_cse_crimes": unflagged,
        "defects": defects,
        "hub_identifiers": hubs,
        "namesakes": pd.DataFrame(
            {
                "namesake_group": np.char.add(
                    f"NS{b:02d}-", names["namesake_group"].astype(str).to_numpy().astype(str)
                ).astype(object),
                "true_person_id": person_ids(b, names["pid"].to_numpy()),
                "same_dob": names["same_dob"].to_numpy(bool),
            }
        ),
    }
