"""Leftover managed-table folders: files a killed run wrote for a table it never registered.

Spark writes a managed table's files first and registers the table in the
metastore after. A run killed between the two (an operator's kill, a lost
driver) leaves the folder ``<schema location>/<table>`` with no table in the
catalog, and every later ``create table`` of that name fails with
``LOCATION_ALREADY_EXISTS``: the warehouse stays broken until someone deletes
the folder by hand (seen once in 35 test runs on this machine, when the
reliability lab's kill landed inside a mart's write).

:func:`remove_orphan_location` is that deletion, done only when it is safe: the
catalog has no table of the name (a registered table's folder is never
touched), and the folder is the one Spark itself would give the new managed
table (the schema's location plus the table name), so nothing else can be hit.
The adapter calls it before every table it creates: models and seeds
(``dbt/include/sparksession/macros``) and the marts' build records
(``macros/publish/record_mart_build.sql``).
"""

from __future__ import annotations

from typing import Any

__all__ = ["remove_orphan_location", "schema_location"]


def schema_location(spark: Any, schema: str) -> str | None:
    """The folder of ``schema``, or None when the schema does not exist (then no
    folder of a table in it can be left over either)."""
    if not spark.catalog.databaseExists(schema):
        return None
    rows = spark.sql(f"describe schema `{schema}`").collect()
    return str(next(r.info_value for r in rows if r.info_name == "Location"))


def remove_orphan_location(
    spark: Any, schema: str, identifier: str, *, location_of_schema: str | None = None
) -> str | None:
    """Delete the managed-table folder of ``schema.identifier`` if the table is not in
    the catalog; return the deleted folder, or None when there was nothing to delete.

    The folder is Spark's own for a new managed table (``SessionCatalog.defaultTablePath``):
    the schema's location (``location_of_schema``, looked up when not given) plus the
    table name, lower-cased as the catalog stores it. The catalog is asked only when
    such a folder exists, which in a run that was not interrupted it never does.
    """
    base = location_of_schema or schema_location(spark, schema)
    if base is None:
        return None
    location = f"{base.rstrip('/')}/{identifier.lower()}"
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(location)
    fs = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    if not fs.exists(path) or spark.catalog.tableExists(identifier, schema):
        return None
    fs.delete(path, True)
    return location
