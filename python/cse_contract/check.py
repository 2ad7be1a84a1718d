"""Check the dbt project's YAML against the project's own contracts.

Usage::

    python -m cse_contract.check [--project DIR]

Checks that

- the dbt sources declare every table and column of ``contract/raw_sources.yml``;
- every model of ``contract/outputs.yml`` exists with an enforced contract and every
  contract column;
- every model file has a YAML description, and every YAML column a description.

Prints one line per gap and exits 1 when there is any (2 when a contract file is
missing or unreadable). Reads nothing outside the repository unless
``$CSE_CONTRACT_DIR`` says so.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from cse_contract.spec import ContractError, read_contract_file

__all__ = ["contract_gaps", "main"]

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _yaml_docs(project: Path) -> Iterator[dict[str, Any]]:
    """Every YAML mapping under ``models/``, in path order."""
    for path in sorted([*project.glob("models/**/*.yml"), *project.glob("models/**/*.yaml")]):
        doc = yaml.safe_load(path.read_text())
        if isinstance(doc, dict):
            yield doc


def _described(node: dict[str, Any]) -> bool:
    return bool(str(node.get("description") or "").strip())


def contract_gaps(project: Path, contract: Path | None = None) -> list[str]:
    """One line per gap between the project's YAML and the two contracts."""
    sources: dict[str, set[str]] = {}
    models: dict[str, dict[str, Any]] = {}
    for doc in _yaml_docs(project):
        for src in doc.get("sources") or []:
            for table in src.get("tables") or []:
                sources[table["name"]] = {c["name"] for c in table.get("columns") or []}
        for model in doc.get("models") or []:
            models[model["name"]] = model

    gaps: list[str] = []
    for table, spec in read_contract_file("raw_sources.yml", contract)["tables"].items():
        if table not in sources:
            gaps.append(f"raw contract: no dbt source table '{table}'")
            continue
        gaps += [
            f"raw contract: source {table} lacks column '{c['name']}'"
            for c in spec["columns"]
            if c["name"] not in sources[table]
        ]
    for table, spec in read_contract_file("outputs.yml", contract)["tables"].items():
        model = models.get(table)
        if model is None:
            gaps.append(f"output contract: no model '{table}' in YAML")
            continue
        if not ((model.get("config") or {}).get("contract") or {}).get("enforced"):
            gaps.append(f"output contract: {table} has no enforced contract")
        columns = {c["name"] for c in model.get("columns") or []}
        gaps += [
            f"output contract: {table} lacks column '{c['name']}'"
            for c in spec["columns"]
            if c["name"] not in columns
        ]
    for path in sorted([*project.glob("models/**/*.sql"), *project.glob("models/**/*.py")]):
        model = models.get(path.stem)
        if model is None or not _described(model):
            gaps.append(f"docs: model {path.stem} ({path.relative_to(project)}) has no description")
            continue
        gaps += [
            f"docs: {path.stem}.{c['name']} has no description"
            for c in model.get("columns") or []
            if not _described(c)
        ]
    return gaps


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m cse_contract.check", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--project", type=Path, default=PROJECT_ROOT, help="dbt project root")
    args = parser.parse_args(argv)
    try:
        gaps = contract_gaps(args.project)
    except ContractError as exc:
        print(f"contract check: {exc}", file=sys.stderr)
        return 2
    for gap in gaps:
        print(gap)
    print(f"contract check: {len(gaps)} gaps")
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main())
