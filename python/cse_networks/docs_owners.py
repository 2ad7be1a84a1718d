"""Owner roles in the lineage docs (``python -m cse_networks.docs_owners``, after docs generate).

The docs site shows as "Owner" the owner the warehouse reports for each table
(``target/catalog.json``), which for Spark is only the account that ran the
build. The project's owners are roles: the owner of the model's or seed's dbt
group (``models/_models__groups.yml``, assigned by folder in
``dbt_project.yml``), and a source's ``meta.owner``. This puts that role in the
catalog's owner of every node and source; a node or source without a role
stops with a one-line error, so no account name is ever shown as an owner.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
from pathlib import Path
from typing import Any

__all__ = ["OwnerError", "role_owners", "with_role_owners"]


class OwnerError(ValueError):
    """A documented node or source has no owner role."""


def role_owners(manifest: dict[str, Any]) -> dict[str, str]:
    """unique_id -> owner role: a model's or seed's group owner name, a source's meta.owner."""
    groups = {
        group["name"]: (group.get("owner") or {}).get("name")
        for group in (manifest.get("groups") or {}).values()
    }
    owners: dict[str, str] = {}
    for unique_id, node in (manifest.get("nodes") or {}).items():
        group = node.get("group") or (node.get("config") or {}).get("group")
        if group and groups.get(group):
            owners[unique_id] = str(groups[group])
    for unique_id, source in (manifest.get("sources") or {}).items():
        meta = source.get("meta") or (source.get("config") or {}).get("meta") or {}
        if meta.get("owner"):
            owners[unique_id] = str(meta["owner"])
    return owners


def with_role_owners(catalog: dict[str, Any], owners: dict[str, str]) -> dict[str, Any]:
    """A copy of ``catalog`` whose every node and source has its owner role as owner.

    Raises :class:`OwnerError` naming the entries without a role.
    """
    out = copy.deepcopy(catalog)
    missing = []
    for section in ("nodes", "sources"):
        for unique_id, entry in (out.get(section) or {}).items():
            if unique_id not in owners:
                missing.append(unique_id)
                continue
            entry.setdefault("metadata", {})["owner"] = owners[unique_id]
    if missing:
        raise OwnerError(
            f"{len(missing)} documented relation(s) without an owner role "
            f"(a dbt group or source meta.owner), e.g. {sorted(missing)[0]}"
        )
    return out


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: rewrite ``<target>/catalog.json`` with owner roles."""
    parser = argparse.ArgumentParser(
        prog="python -m cse_networks.docs_owners", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--target",
        type=Path,
        default=Path(os.environ.get("DBT_TARGET_PATH", "target")),
        help="dbt target folder holding manifest.json and catalog.json (default $DBT_TARGET_PATH)",
    )
    args = parser.parse_args(argv)
    manifest_path, catalog_path = args.target / "manifest.json", args.target / "catalog.json"
    for path in (manifest_path, catalog_path):
        if not path.exists():
            print(f"docs owners: {path} absent: run dbt docs generate first", file=sys.stderr)
            return 2
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    catalog = json.loads(catalog_path.read_text(encoding="utf-8"))
    try:
        fixed = with_role_owners(catalog, role_owners(manifest))
    except OwnerError as exc:
        print(f"docs owners: {exc}", file=sys.stderr)
        return 2
    catalog_path.write_text(json.dumps(fixed), encoding="utf-8")
    entries = [e for section in ("nodes", "sources") for e in fixed[section].values()]
    roles = sorted({e["metadata"]["owner"] for e in entries})
    print(f"docs owners: {', '.join(roles)} on {len(entries)} pages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
