"""The alt world profile: deterministic per seed, independent of default, its traps planted.

Counts, ids and codes only: no record is printed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from cse_synth.generate import generate, main
from cse_synth.offences import background_codes, offence_table
from cse_synth.profiles import ALT, DEFAULT, profile

# the pipeline's placeholder rule (dbt var placeholder_name_tokens / _dates_of_birth)
_TOKENS = {"UNKNOWN", "PERSON UNKNOWN", "NOT KNOWN", "UNK", "NK", "UNNAMED", "NO NAME", "REFUSED"}
_DEFAULT_DOBS = {"1900-01-01", "1901-01-01"}


def _hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*.parquet"))
    }


@pytest.fixture(scope="module")
def alt_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth_alt") / "alt"
    generate("tiny", 42, out, "alt")
    return out


def _truth(root: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(root / "truth" / f"{name}.parquet")


def _raw(root: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(root / "raw" / f"{name}.parquet")


def _tagged(root: Path, tag: str) -> set[str]:
    persons = _truth(root, "persons").explode("role_tags")
    return set(persons.loc[persons["role_tags"] == tag, "true_person_id"])


def test_alt_same_seed_identical_other_seed_other(alt_dir: Path, tmp_path: Path) -> None:
    generate("tiny", 42, tmp_path / "again", "alt")
    assert _hashes(tmp_path / "again") == _hashes(alt_dir)
    generate("tiny", 7, tmp_path / "seven", "alt")
    assert (
        _hashes(tmp_path / "seven")["raw/crimes.parquet"] != _hashes(alt_dir)["raw/crimes.parquet"]
    )
    manifest = json.loads((alt_dir / "manifest.json").read_text())
    assert manifest["profile"] == "alt"


def test_alt_is_not_the_default_world(alt_dir: Path, tiny_dir: Path) -> None:
    a, b = _hashes(alt_dir), _hashes(tiny_dir)
    assert not set(a.items()) & set(b.items())  # no file of the default world reappears
    shapes = _truth(alt_dir, "networks")["shape"].value_counts()
    default_shapes = _truth(tiny_dir, "networks")["shape"].value_counts()
    assert shapes.get("SHARED_VICTIMS", 0) == 4 > default_shapes.get("SHARED_VICTIMS", 0)
    assert shapes.get("BRIDGED", 0) == 4 > default_shapes.get("BRIDGED", 0)
    sizes = _truth(alt_dir, "networks")["n_offenders"]
    assert sizes.max() > _truth(tiny_dir, "networks")["n_offenders"].max()


def test_alt_offence_mix_has_a_larger_cse_share() -> None:
    table = offence_table().set_index("offence_code")

    def cse_share(mix: tuple[tuple[str, float], ...] | None) -> float:
        codes, p = background_codes(mix)
        return float(p[table.loc[codes, "is_child_sexual_offence"].to_numpy(bool)].sum())

    assert cse_share(ALT.background_mix) > 2 * cse_share(DEFAULT.background_mix)


def test_groups_sharing_a_child_never_offend_together(alt_dir: Path) -> None:
    networks = _truth(alt_dir, "networks")
    members = _truth(alt_dir, "network_members")
    victims = _truth(alt_dir, "network_victims")
    shared = networks.loc[networks["shape"] == "SHARED_VICTIMS", "network_key"].tolist()
    person_of = _truth(alt_dir, "records").set_index(["source_system", "source_nominal_id"])
    crimes = _raw(alt_dir, "crime_nominals")
    crimes = crimes[crimes["involvement"].str.upper().str.strip().isin(["SUSPECT", "OFFENDER"])]
    keys = pd.MultiIndex.from_frame(crimes[["source_system", "source_nominal_id"]])
    crimes = crimes.assign(
        true_person_id=person_of["true_person_id"].reindex(keys).to_numpy()
    ).dropna(subset=["true_person_id"])
    for a, b in zip(shared[::2], shared[1::2], strict=True):
        va = set(victims.loc[victims["network_key"] == a, "true_person_id"])
        vb = set(victims.loc[victims["network_key"] == b, "true_person_id"])
        assert va & vb
        ma = set(members.loc[members["network_key"] == a, "true_person_id"])
        mb = set(members.loc[members["network_key"] == b, "true_person_id"])
        assert not ma & mb
        on = crimes.assign(a=crimes["true_person_id"].isin(ma), b=crimes["true_person_id"].isin(mb))
        per_crime = on.groupby("crime_id")[["a", "b"]].any()
        assert not (per_crime["a"] & per_crime["b"]).any()


def test_bridge_person_belongs_to_two_groups(alt_dir: Path) -> None:
    members = _truth(alt_dir, "network_members")
    bridges = members[members["role"] == "BRIDGE"]
    per_person = bridges.groupby("true_person_id")["network_key"].nunique()
    assert len(per_person) == 2 and per_person.eq(2).all()


def test_chance_victim_overlap_between_unrelated_groups(alt_dir: Path) -> None:
    chance = _tagged(alt_dir, "CHANCE_SHARED_VICTIM")
    victims = _truth(alt_dir, "network_victims")
    networks = _truth(alt_dir, "networks").set_index("network_key")
    assert len(chance) == ALT.chance_victim_overlaps
    for person in chance:
        nets = victims.loc[victims["true_person_id"] == person, "network_key"].unique()
        assert len(nets) == 2
        assert set(networks.loc[nets, "shape"]) <= {"FLAT", "FACILITATOR", "OCG_OVERLAP"}


def test_prolific_general_offender_in_two_cse_networks(alt_dir: Path) -> None:
    (prolific,) = _tagged(alt_dir, "PROLIFIC_GENERAL_LINKED")
    records = _truth(alt_dir, "records")
    members = _truth(alt_dir, "network_members")
    crimes = _raw(alt_dir, "crime_nominals").merge(
        records, on=["source_system", "source_nominal_id"]
    )
    own = set(crimes.loc[crimes["true_person_id"] == prolific, "crime_id"])
    with_members = crimes[crimes["crime_id"].isin(own)].merge(members, on="true_person_id")
    assert with_members["network_key"].nunique() >= 2


def test_operator_record_reaches_a_tenth_of_crimes_without_a_placeholder_name(
    alt_dir: Path,
) -> None:
    placeholders = _tagged(alt_dir, "PLACEHOLDER")
    assert len(placeholders) == len(ALT.placeholders)
    records = _truth(alt_dir, "records")
    nominals = _raw(alt_dir, "nominals").merge(records, on=["source_system", "source_nominal_id"])
    crimes = _raw(alt_dir, "crime_nominals").merge(
        records, on=["source_system", "source_nominal_id"]
    )
    n_crimes = _raw(alt_dir, "crimes")["crime_id"].nunique()
    hidden = 0
    for person in placeholders:
        own = nominals[nominals["true_person_id"] == person]
        names = (own["forename"].fillna("") + " " + own["surname"].fillna("")).str.upper()
        words = set(own["forename"].str.upper()) | set(own["surname"].str.upper()) | set(names)
        dobs = set(own["date_of_birth"].dropna().astype(str))
        if not words & _TOKENS and not dobs & _DEFAULT_DOBS:
            hidden += 1
            share = crimes.loc[crimes["true_person_id"] == person, "crime_id"].nunique() / n_crimes
            assert share > 0.08
    assert hidden == 1


def test_default_profile_keeps_the_historical_plan() -> None:
    from cse_synth.networks import NETWORK_PLAN

    assert profile("default") is DEFAULT
    assert DEFAULT.network_plan == NETWORK_PLAN and len(NETWORK_PLAN) == 9
    assert DEFAULT.stream == () and DEFAULT.name_error_factor == 1.0


def test_unknown_profile_is_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValueError, match="unknown profile 'nope'"):
        profile("nope")
    with pytest.raises(SystemExit):
        main(["--profile", "nope"])
    assert "invalid choice" in capsys.readouterr().err
