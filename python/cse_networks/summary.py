"""Print a build summary: its extract load, source freshness, rows per layer, top networks.

Reads only pseudonymous marts (never the restricted identity model), so the
summary is safe to show in a terminal or a CI log.
"""

from __future__ import annotations

import argparse
import os
import re

from cse_networks.run_audit import FRESHNESS_COLUMNS, freshness_lines
from cse_networks.spark import get_spark

__all__ = ["main"]

LAYERS = ("staging", "intermediate", "graph", "post_graph", "marts")


def rows_in_statistics(statistics: str | None) -> int | None:
    """The row count in a table's ``Statistics`` entry (``DESCRIBE TABLE EXTENDED``:
    "123456 bytes, 789 rows"), or None when it holds none (only a size, or no entry)."""
    match = re.search(r"(\d+) rows", statistics or "")
    return int(match.group(1)) if match else None


def row_count(spark: object, qualified: str) -> int:
    """Rows of a table: from the statistics the main job's step before computed
    (``compute_table_statistics``, which counted them; a table rebuilt since has
    none), else counted."""
    entries = spark.sql(f"describe table extended {qualified}").collect()
    statistics = next((r.data_type for r in entries if r.col_name == "Statistics"), None)
    rows = rows_in_statistics(statistics)
    return rows if rows is not None else spark.table(qualified).count()


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


def _freshness_entries(spark: object, audit: str) -> list[dict[str, object]]:
    """SOURCE_FRESHNESS rows of the run audit (the last check of the load the marts read)."""
    if not spark.catalog.tableExists(audit):
        return []
    columns = ("schema_name", "table_name", *FRESHNESS_COLUMNS)
    rows = spark.table(audit).where("entry_type = 'SOURCE_FRESHNESS'").select(*columns).collect()
    return [row.asDict() for row in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--top", type=int, default=5, help="networks to show (default 5)")
    args = parser.parse_args(argv)
    spark = get_spark()
    prefix = os.environ.get("CSE_SCHEMA_PREFIX", "")
    for line in freshness_lines(_freshness_entries(spark, f"{prefix}marts.rpt_run_audit")):
        print(line)
    databases = {row[0] for row in spark.sql("show databases").collect()}
    print("Built tables (rows):")
    for layer in LAYERS:
        schema = f"{prefix}{layer}"
        if schema not in databases:
            continue
        for table in sorted(r.tableName for r in spark.sql(f"show tables in {schema}").collect()):
            if table.startswith("dim_person_identities"):
                continue
            count = row_count(spark, f"{schema}.{table}")
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
