"""The adapter: dbt-spark's SparkAdapter plus the in-process ``session`` submission."""

from __future__ import annotations

from typing import Any

from dbt.adapters.base import PythonJobHelper, available
from dbt.adapters.contracts.connection import AdapterResponse
from dbt.adapters.events.logging import AdapterLogger
from dbt.adapters.spark import SparkAdapter
from dbt.adapters.sparksession.connections import SparkSessionConnectionManager
from dbt.adapters.sparksession.orphans import remove_orphan_location, schema_location
from dbt.adapters.sparksession.submission import SessionPythonJobHelper, get_session

logger = AdapterLogger("SparkSession")


class SparkSessionAdapter(SparkAdapter):
    """SparkAdapter whose Python models run in the dbt process's own SparkSession."""

    ConnectionManager = SparkSessionConnectionManager  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._schema_locations: dict[str, str] = {}

    @property
    def default_python_submission_method(self) -> str:
        return "session"

    @property
    def python_submission_helpers(self) -> dict[str, type[PythonJobHelper]]:
        return {"session": SessionPythonJobHelper, **super().python_submission_helpers}

    def generate_python_submission_response(self, submission_result: Any) -> AdapterResponse:
        return AdapterResponse(_message="OK", code="OK")

    @available
    def remove_orphan_table_location(self, schema: str, identifier: str) -> str:
        """Delete the folder a killed run left for ``schema.identifier`` without
        registering the table (``orphans.remove_orphan_location``); called before
        every table the adapter creates. Returns the deleted folder or ''.

        Each schema's folder is looked up once per invocation: a metastore round trip
        per table created would be paid by every run for a fault most never have."""
        spark = get_session(self.config.credentials)
        locations = self._schema_locations
        if schema not in locations:
            found = schema_location(spark, schema)
            if found is None:
                return ""
            locations[schema] = found
        removed = remove_orphan_location(
            spark, schema, identifier, location_of_schema=locations[schema]
        )
        if removed is None:
            return ""
        logger.warning(
            f"{schema}.{identifier}: removed the folder {removed} that an interrupted run "
            "left without registering its table (it would stop the table's creation)"
        )
        return removed
