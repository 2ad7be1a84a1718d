"""dbt adapter ``sparksession``: dbt-spark plus in-process Python models.

dbt-spark 1.11 submits Python models only to Databricks (dbt-spark issue 415).
This plugin subclasses the Spark adapter and registers a ``session`` submission
method that executes the compiled Python model inside the SparkSession of the
dbt process itself, so one ``dbt build`` runs SQL and Python models in one DAG.
Everything else (SQL, macros, materialisations, catalog) is inherited from
dbt-spark through the plugin dependency.
"""

from dbt.adapters.base import AdapterPlugin
from dbt.adapters.sparksession.connections import (
    SparkSessionConnectionManager,
    SparkSessionCredentials,
)
from dbt.adapters.sparksession.impl import SparkSessionAdapter
from dbt.include import sparksession

__all__ = [
    "Plugin",
    "SparkSessionAdapter",
    "SparkSessionConnectionManager",
    "SparkSessionCredentials",
]

Plugin = AdapterPlugin(
    adapter=SparkSessionAdapter,  # type: ignore[arg-type]
    credentials=SparkSessionCredentials,
    include_path=sparksession.PACKAGE_PATH,
    dependencies=["spark"],
)
