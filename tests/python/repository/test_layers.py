"""dbt layers read one way: staging -> intermediate -> graph -> post_graph -> marts.

Read from the manifest dbt writes (the tiny build's), so every ``ref`` counts, Python
models' included. A model may ref its own layer or a lower one; a staging model may
ref only its own source's staging models, with no exceptions: the orphan checks
against another source's records are in models/intermediate/parents.
"""

from __future__ import annotations

import json

from manifest_nodes import model_node

LAYERS = ("staging", "intermediate", "graph", "post_graph", "marts")


def _place(node: dict) -> tuple[str, str | None]:
    """(layer, source folder for staging models) from the model's file path."""
    parts = node["original_file_path"].split("/")
    if parts[0] != "models" or parts[1] not in LAYERS:
        raise ValueError(f"{node['name']}: not under a layer folder: {node['original_file_path']}")
    return parts[1], parts[2] if parts[1] == "staging" else None


def layer_violations(manifest: dict) -> set[tuple[str, str]]:
    """(model, referenced model) pairs that read upward or across staging sources."""
    models = {u: n for u, n in manifest["nodes"].items() if n["resource_type"] == "model"}
    bad = set()
    for node in models.values():
        layer, source = _place(node)
        for parent_id in node["depends_on"]["nodes"]:
            if parent_id not in models:
                continue  # seeds and sources sit below every layer
            parent = models[parent_id]
            parent_layer, parent_source = _place(parent)
            upward = LAYERS.index(parent_layer) > LAYERS.index(layer)
            across = layer == parent_layer == "staging" and source != parent_source
            if upward or across:
                bad.add((node["name"], parent["name"]))
    return bad


def test_upward_and_cross_source_refs_are_found() -> None:
    manifest = {
        "nodes": dict(
            [
                model_node("stg_a__x", "models/staging/a/stg_a__x.sql"),
                model_node("stg_b__y", "models/staging/b/stg_b__y.sql", "stg_a__x"),
                model_node("int_z", "models/intermediate/z/int_z.sql", "stg_a__x", "pg_w"),
                model_node("graph_nodes", "models/graph/graph_nodes.sql", "int_z"),
                model_node("pg_w", "models/post_graph/w/pg_w.sql", "graph_nodes"),
                model_node("fct_v", "models/marts/v/fct_v.sql", "pg_w", "stg_b__y"),
            ]
        )
    }
    assert layer_violations(manifest) == {("stg_b__y", "stg_a__x"), ("int_z", "pg_w")}


def test_the_project_reads_one_way(tiny_build) -> None:
    assert tiny_build.target is not None
    manifest = json.loads((tiny_build.target / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(layer_violations(manifest)) == []
