"""Every mart's docs page names the relation analysts and BI read: its view in `marts`."""

from __future__ import annotations

import json


def test_docs_name_each_published_view_and_only_those(tiny_build, tiny_marts) -> None:
    """meta published_relation of the marts = the views the tiny build published.

    The page's Relation is the build schema (marts_build), where each run builds
    and tests the mart; the description says so and where to read it instead.
    The restricted identity model is never published and names no view.
    """
    assert tiny_build.target is not None
    manifest = json.loads((tiny_build.target / "manifest.json").read_text(encoding="utf-8"))
    marts = {
        n["name"]: n
        for n in manifest["nodes"].values()
        if n["resource_type"] == "model" and n["fqn"][1] == "marts"
    }
    named = {
        name: n["config"]["meta"]["published_relation"]
        for name, n in marts.items()
        if "published_relation" in n["config"].get("meta", {})
    }
    # (a CSE_SCHEMA_PREFIX, for parallel test warehouses, prefixes every schema)
    published = {f"marts.{view}" for view in tiny_marts.schemas}
    assert tiny_marts.schema_name.endswith("marts") and len(published) >= 15
    assert set(named.values()) == published
    assert all(relation == f"marts.{name}" for name, relation in named.items())
    assert set(marts) - set(named) == {"dim_person_identities"}
    for name in named:
        node = marts[name]
        assert node["schema"].endswith("marts_build")
        assert "Where to read it." in node["description"], name
