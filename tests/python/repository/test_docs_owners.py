"""Owners in the lineage docs are roles of the force, never the account that ran the build."""

from __future__ import annotations

import getpass
import json
import pwd

import pytest

from cse_networks.docs_owners import OwnerError, role_owners, with_role_owners

ROLES = {"Data lab engineering", "Intelligence analysis"}


def _account_names() -> set[str]:
    """Every account of this machine, and the one running the tests."""
    return {entry.pw_name for entry in pwd.getpwall()} | {getpass.getuser()}


def _manifest() -> dict:
    return {
        "groups": {
            "group.p.eng": {"name": "eng", "owner": {"name": "Data lab engineering"}},
            "group.p.intel": {"name": "intel", "owner": {"name": "Intelligence analysis"}},
        },
        "nodes": {
            "model.p.stg_a": {"group": "eng"},
            "model.p.fct_b": {"group": "intel"},
            "seed.p.overrides": {"config": {"group": "intel"}},
            "test.p.not_null_a": {"group": None},
        },
        "sources": {"source.p.raw.a": {"meta": {"owner": "Data lab engineering"}}},
    }


def _catalog(owner: str) -> dict:
    entry = {"metadata": {"type": "table", "owner": owner}, "columns": {}}
    return {
        "nodes": {u: json.loads(json.dumps(entry)) for u in ("model.p.stg_a", "model.p.fct_b")},
        "sources": {"source.p.raw.a": json.loads(json.dumps(entry))},
    }


def test_catalog_owner_becomes_the_group_or_source_role() -> None:
    account = getpass.getuser()
    fixed = with_role_owners(_catalog(account), role_owners(_manifest()))
    owners = {u: e["metadata"]["owner"] for s in ("nodes", "sources") for u, e in fixed[s].items()}
    assert owners == {
        "model.p.stg_a": "Data lab engineering",
        "model.p.fct_b": "Intelligence analysis",
        "source.p.raw.a": "Data lab engineering",
    }
    assert fixed["nodes"]["model.p.stg_a"]["metadata"]["type"] == "table"


def test_a_relation_without_a_role_stops_with_one_line() -> None:
    manifest = _manifest()
    del manifest["sources"]["source.p.raw.a"]["meta"]
    with pytest.raises(OwnerError, match=r"1 documented relation.*source\.p\.raw\.a"):
        with_role_owners(_catalog("anyone"), role_owners(manifest))


def test_every_model_seed_and_source_of_the_manifest_has_a_role_owner(tiny_build) -> None:
    """The tiny build's manifest (what dbt docs serves): a role on every page, no account."""
    assert tiny_build.target is not None
    manifest = json.loads((tiny_build.target / "manifest.json").read_text(encoding="utf-8"))
    owners = role_owners(manifest)
    documented = [
        u
        for u, n in manifest["nodes"].items()
        if n["resource_type"] in ("model", "seed") and n["config"].get("enabled", True)
    ] + list(manifest["sources"])
    assert len(documented) > 100
    assert sorted(u for u in documented if u not in owners) == []
    assert set(owners[u] for u in documented) == ROLES
    assert not set(owners.values()) & _account_names()
    # the analysts' marts and override seeds are theirs; the pipeline is engineering's
    assert owners["model.cse_networks.fct_networks"] == "Intelligence analysis"
    assert owners["seed.cse_networks.person_merge_overrides"] == "Intelligence analysis"
    assert owners["model.cse_networks.rpt_run_audit"] == "Data lab engineering"
    exposures = [e["owner"].get("name") for e in manifest["exposures"].values()]
    assert not set(exposures) & _account_names()
