"""Credentials and connection manager: dbt-spark's, under the type name ``sparksession``."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dbt.adapters.spark.connections import SparkConnectionManager, SparkCredentials
from dbt.adapters.spark.session import SessionConnectionWrapper
from dbt_common.dataclass_schema import ValidationError

ADAPTER_TYPE = "sparksession"
_BUNDLED_LOG4J2 = (
    Path(__file__).resolve().parents[2] / "include" / ADAPTER_TYPE / "conf" / "log4j2.properties"
)


def use_quiet_spark_logging(spark_params: dict[str, Any] | None = None) -> None:
    """Give Spark the bundled quiet log4j2 config unless a conf dir is already set.

    Also chooses the Python of Spark's Python workers: the target's
    ``spark.pyspark.python`` when it sets one (the `standalone` and `cluster`
    targets: the shipped environment archive), else PYSPARK_PYTHON when set,
    else this interpreter.

    Must run before the JVM starts; a cluster's own ``SPARK_CONF_DIR`` (with its
    ``hive-site.xml``) always wins.
    """
    if "SPARK_CONF_DIR" not in os.environ:
        # As log4j2's own setting (the launcher adds SPARK_SUBMIT_OPTS to the driver's
        # JVM flags), not as a conf dir: Spark puts a conf dir on the class path, and a
        # non-empty folder there rules out the driver's class-data archive
        # (cse_networks.jvm_archive).
        flag = f"-Dlog4j2.configurationFile={_BUNDLED_LOG4J2}"
        submit_opts = os.environ.get("SPARK_SUBMIT_OPTS", "")
        if flag not in submit_opts:
            os.environ["SPARK_SUBMIT_OPTS"] = f"{submit_opts} {flag}".strip()
    # PySpark takes the executors' Python from the driver process's PYSPARK_PYTHON
    # (SparkContext.pythonExec), never from a builder conf: a target's
    # spark.pyspark.python is copied there before the SparkContext starts.
    executor_python = str((spark_params or {}).get("spark.pyspark.python") or "")
    if executor_python:
        os.environ["PYSPARK_PYTHON"] = executor_python
    # Python workers (applyInPandas in Python models) use dbt's own interpreter,
    # which has the project's packages installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)


def build_session(conf: Mapping[str, Any] | None = None, *, hive: bool = True) -> Any:
    """The one SparkSession builder: quiet logging, Hive support, the given settings.

    dbt (Python models), the loader, tests and tools all start Spark here, so a
    setting means the same wherever the session is made. Empty values are skipped
    (a profile's unset ``env_var``); when a session is already running,
    ``getOrCreate`` returns it. ``hive=False``: Spark's in-memory catalog, for a
    test's throwaway session that reads and writes no metastore
    (``tests/python/local_spark.py``).
    """
    from pyspark.sql import SparkSession

    use_quiet_spark_logging(dict(conf or {}))
    # Said either way: SparkSession.builder is one object per process, and its settings
    # outlive the sessions it made.
    builder = SparkSession.builder.config(
        "spark.sql.catalogImplementation", "hive" if hive else "in-memory"
    )
    for key, value in (conf or {}).items():
        if value is not None and str(value) != "":
            builder = builder.config(str(key), str(value))
    return builder.getOrCreate()


@dataclass
class SparkSessionCredentials(SparkCredentials):
    """dbt-spark credentials, plus the person-id key policy of the target.

    ``person_id_key_policy`` (``required`` unless the target says otherwise):
    ``required`` stops every dbt command, before anything runs, when the person-id
    key (``DBT_ENV_SECRET_CSE_PERSON_ID_KEY`` or the file named by
    ``CSE_PERSON_ID_KEY_FILE``) is missing or shorter than 32 bytes;
    ``development_key_allowed`` (the ``local`` target) falls back to the public
    development key. The key itself is only checked here, never kept.
    """

    person_id_key_policy: str = "required"

    def __post_init__(self) -> None:
        super().__post_init__()
        from cse_networks.pseudonym import PersonIdKeyError, load_key

        try:
            load_key(self.person_id_key_policy)
        except PersonIdKeyError as exc:
            # One line: dbt prints it after the profile and target names.
            raise ValidationError(str(exc)) from None

    @property
    def type(self) -> str:
        return ADAPTER_TYPE

    def _connection_keys(self) -> tuple[str, ...]:
        # Part of `target` in Jinja: the keyed-id models read the policy from it.
        return (*super()._connection_keys(), "person_id_key_policy")


class SparkSessionConnectionManager(SparkConnectionManager):
    """dbt-spark's connection manager, with quiet Spark logging by default."""

    TYPE = ADAPTER_TYPE

    @classmethod
    def open(cls, connection):  # type: ignore[no-untyped-def]
        use_quiet_spark_logging(connection.credentials.server_side_parameters)
        connection = super().open(connection)
        if type(connection.handle) is SessionConnectionWrapper:
            connection.handle.__class__ = EscapingSessionConnectionWrapper
        return connection


class EscapingSessionConnectionWrapper(SessionConnectionWrapper):
    """dbt-spark's session wrapper, with string bindings escaped and nulls kept null.

    dbt-spark quotes seed values as ``'value'`` without escaping, so a seed cell
    with an apostrophe (O'Brien) or a backslash breaks the insert; and it loads an
    empty cell (``None``) as the text ``'None'``, so "empty means any" columns of
    the analyst seeds silently matched nothing.
    """

    @classmethod
    def _fix_binding(cls, value: Any) -> str | float:
        if value is None:
            return "null"
        if isinstance(value, str):
            escaped = value.replace("\\", "\\\\").replace("'", "\\'")
            return f"'{escaped}'"
        return super()._fix_binding(value)
