"""Print a build summary: its extract load, source freshness, rows per layer, top networks.

Reads only pseudonymous marts (never the restricted identity model), so the
summary is safe to show in a terminal or a CI log.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from cse_networks.spark import get_spark

__all__ = ["freshness_lines", "main"]

LAYERS = ("staging", "intermediate", "graph", "marts")


def _print_load(spark: object, audit: str) -> None:
    """The extract load the published marts were built from (RAW_LOAD rows of the run audit)."""
    if not spark.catalog.tableExists(audit):
        return
    rows = (
        spark.table(audit)
        .where("entry_type = 'RAW_LOAD'")
        .orderBy("table_name")
        .select("load_id", "n_rows", "is_manifest_checked", "extracted_at", "loaded_at")
        .collect()
    )
    if not rows:
        print("\nExtract load: none recorded (raw loaded before the load log existed)")
        return
    first = rows[0]
    checked = all(r.is_manifest_checked for r in rows)
    extracted = first.extracted_at.isoformat() if first.extracted_at else "unknown"
    print(
        f"\nBuilt from extract load {first.load_id} (loaded {first.loaded_at.isoformat()} UTC, "
        f"extracted {extracted}): {len(rows)} tables, {sum(r.n_rows for r in rows):,} rows, "
        + ("control totals checked" if checked else "NO control totals checked (no manifest)")
    )


def freshness_lines(sources_json: Path) -> list[str]:
    """Lines summarising ``dbt source freshness`` results (``target/sources.json``).

    One line of counts by status, then one line per source that is not ``pass``
    (its age in days and thresholds); a note when the results file is absent.
    """
    if not sources_json.exists():
        return [f"Source freshness: not checked ({sources_json} absent)"]
    results = json.loads(sources_json.read_text(encoding="utf-8")).get("results", [])
    counts: dict[str, int] = {}
    for result in results:
        counts[result.get("status", "unknown")] = counts.get(result.get("status", "unknown"), 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no sources"
    lines = [f"Source freshness: {summary}"]
    for result in sorted(results, key=lambda r: r.get("unique_id", "")):
        status = result.get("status", "unknown")
        if status == "pass":
            continue
        name = result.get("unique_id", "?").removeprefix("source.cse_networks.")
        age = result.get("max_loaded_at_time_ago_in_s")
        age_text = f"{age / 86400:.0f} days since the newest row" if age is not None else ""
        lines.append(f"  {status.upper():<6} {name}  {age_text}".rstrip())
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--top", type=int, default=5, help="networks to show (default 5)")
    parser.add_argument(
        "--freshness",
        type=Path,
        default=Path(os.environ.get("DBT_TARGET_PATH", "target")) / "sources.json",
        help="results of dbt source freshness (default $DBT_TARGET_PATH/sources.json)",
    )
    args = parser.parse_args(argv)
    for line in freshness_lines(args.freshness):
        print(line)
    spark = get_spark()
    prefix = os.environ.get("CSE_SCHEMA_PREFIX", "")
    databases = {row[0] for row in spark.sql("show databases").collect()}
    print("Built tables (rows):")
    for layer in LAYERS:
        schema = f"{prefix}{layer}"
        if schema not in databases:
            continue
        for table in sorted(r.tableName for r in spark.sql(f"show tables in {schema}").collect()):
            if table.startswith("dim_person_identities"):
                continue
            count = spark.table(f"{schema}.{table}").count()
            print(f"  {schema}.{table:<40} {count:>10,}")
    print(_key_line(spark, f"{prefix}marts.rpt_run_audit"))
    _print_load(spark, f"{prefix}marts.rpt_run_audit")
    networks = f"{prefix}marts.fct_networks"
    if spark.catalog.tableExists(networks):
        top = spark.table(networks).orderBy("priority_rank", "network_id").limit(args.top).collect()
        print(f"\nTop {len(top)} networks (advisory: for human review, decides nothing):")
        for row in top:
            print(
                f"  #{row.priority_rank} {row.network_id}  score {row.priority_score:.3f}  "
                f"members {row.n_members}  victims {row.n_victims}"
            )
            print(f"      {row.explanation}")
    return 0


def _key_line(spark, audit: str) -> str:
    """Which person-id key keyed the published ids (from the run audit), in one line."""
    if not spark.catalog.tableExists(audit):
        return "\nPerson-id key: unknown (no run audit published)"
    columns = ("person_id_key_source", "person_id_key_check")
    rows = spark.table(audit).select(*columns).distinct().collect()
    sources = sorted({str(r.person_id_key_source) for r in rows})
    checks = sorted({str(r.person_id_key_check) for r in rows})
    if "PUBLIC_DEVELOPMENT_KEY" in sources:
        return (
            "\nPerson-id key: the PUBLIC development key (local target, no key supplied): "
            "person ids protect nothing; synthetic data only"
        )
    return f"\nPerson-id key: from {', '.join(sources)}, key check value {', '.join(checks)}"


if __name__ == "__main__":
    raise SystemExit(main())
