"""A SparkSession configured exactly as dbt's profile configures it.

``profiles.yml`` is the one source of truth for Spark settings: the loader,
tests and tools render the selected target's ``server_side_parameters`` with
the same ``env_var`` semantics dbt uses, so Python code and ``dbt build``
share one warehouse and metastore.
"""

from __future__ import annotations

import os
from typing import Any

import jinja2
import yaml

from cse_networks.paths import REPO_ROOT, warehouse_dir

__all__ = ["get_spark", "profile_target", "session_conf", "spark_conf"]

PROFILE_NAME = "cse_networks"


def _env_var(name: str, default: str | None = None) -> str:
    if name in os.environ:
        return os.environ[name]
    if default is None:
        raise RuntimeError(f"Environment variable {name} is required by profiles.yml but not set")
    return default


def profile_target(target: str | None = None) -> tuple[str, dict[str, Any]]:
    """Render profiles.yml and return ``(target_name, output_dict)`` for the chosen target."""
    # Relative warehouse paths in the profile are relative to the repo root, as for dbt.
    os.environ.setdefault("CSE_WAREHOUSE_DIR", str(warehouse_dir()))
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    env.globals["env_var"] = _env_var
    env.filters["as_number"] = lambda value: int(value)
    raw = (REPO_ROOT / "profiles.yml").read_text()
    profile = yaml.safe_load(raw)[PROFILE_NAME]
    name = target or _env_var("CSE_TARGET", "local")
    outputs = profile["outputs"]
    if name not in outputs:
        raise RuntimeError(f"Unknown target {name!r}; profiles.yml defines {sorted(outputs)}")
    return name, _render(env, outputs[name])


def _render(env: jinja2.Environment, value: Any) -> Any:
    """Render every string of a profile output, as dbt does (numbers stay numbers)."""
    if isinstance(value, dict):
        return {key: _render(env, item) for key, item in value.items()}
    if isinstance(value, list):
        return [_render(env, item) for item in value]
    if isinstance(value, str) and "{{" in value:
        return env.from_string(value).render()
    return value


def spark_conf(target: str | None = None) -> dict[str, str]:
    """The Spark settings of a target (its ``server_side_parameters``)."""
    _, output = profile_target(target)
    return {str(k): str(v) for k, v in (output.get("server_side_parameters") or {}).items()}


# The settings that ship the project's Python to the executors (README "Targets").
EXECUTOR_PYTHON_CONFS = ("spark.archives", "spark.pyspark.python")


def session_conf(target: str | None = None, *, executor_python: bool = True) -> dict[str, str]:
    """The settings :func:`get_spark` starts a session with.

    ``executor_python=False`` leaves out the environment archive, for a process
    whose Spark work is JVM-only (reading files, writing tables, ``toPandas``):
    on a cluster every application otherwise ships and unpacks the archive on
    each executor. A Python UDF in such a session fails on the executors.
    """
    conf = spark_conf(target)
    if executor_python:
        return conf
    return {k: v for k, v in conf.items() if k not in EXECUTOR_PYTHON_CONFS}


def get_spark(target: str | None = None, *, executor_python: bool = True) -> Any:
    """Return the process's SparkSession, built from the target's profile settings
    (:func:`session_conf`; ``executor_python=False``: no environment archive)."""
    from dbt.adapters.sparksession.connections import build_session

    return build_session(session_conf(target, executor_python=executor_python))
