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
The adapter calls it before every table it creates
(``dbt/include/sparksession/macros/orphans.sql``).
"""

from __future__ import annotations

from typing import Any

__all__ = ["managed_location", "remove_orphan_location"]


def managed_location(spark: Any, schema: str, identifier: str) -> str | None:
    """The folder Spark gives the managed table ``schema.identifier``, or None when
    the schema does not exist (then no folder of it can be left over either).

    Spark's own rule (``SessionCatalog.defaultTablePath``): the schema's location
    plus the table name, lower-cased as the catalog stores it.
    """
    if not spark.catalog.databaseExists(schema):
        return None
    rows = spark.sql(f"describe schema `{schema}`").collect()
    location = next(r.info_value for r in rows if r.info_name == "Location")
    return f"{location.rstrip('/')}/{identifier.lower()}"


def remove_orphan_location(spark: Any, schema: str, identifier: str) -> str | None:
    """Delete the managed-table folder of ``schema.identifier`` if the table is not in
    the catalog; return the deleted folder, or None when there was nothing to delete."""
    if spark.catalog.tableExists(identifier, schema):
        return None
    location = managed_location(spark, schema, identifier)
    if location is None:
        return None
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(location)
    fs = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    if not fs.exists(path):
        return None
    fs.delete(path, True)
    return location
