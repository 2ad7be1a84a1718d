"""A model node of a synthetic dbt manifest, for tests of rules read from the manifest."""

from __future__ import annotations


def model_node(name: str, path: str, *refs: str) -> tuple[str, dict]:
    """(unique id, node) of a model ``name`` at file ``path`` that refs ``refs``."""
    node = {
        "name": name,
        "resource_type": "model",
        "original_file_path": path,
        "depends_on": {"nodes": [f"model.p.{r}" for r in refs]},
    }
    return f"model.p.{name}", node
