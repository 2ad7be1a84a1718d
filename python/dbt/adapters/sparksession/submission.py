"""The ``session`` submission method: run a compiled Python model in-process."""

from __future__ import annotations

import linecache
import traceback
from typing import Any

from dbt.adapters.base import PythonJobHelper
from dbt.adapters.spark import SparkCredentials
from dbt.adapters.sparksession.connections import build_session
from dbt_common.exceptions import DbtRuntimeError


def get_session(credentials: SparkCredentials) -> Any:
    """Return the process's SparkSession, building it exactly as dbt-spark's cursor does.

    A Python model can be the first node of a run, before any SQL has opened the
    session, so the profile's ``server_side_parameters`` are applied here too.
    """
    return build_session(credentials.server_side_parameters)


class SessionPythonJobHelper(PythonJobHelper):
    """Execute the compiled model code with ``spark`` bound to the dbt process's session."""

    def __init__(self, parsed_model: dict, credentials: SparkCredentials) -> None:
        self.parsed_model = parsed_model
        self.credentials = credentials
        self.unique_id = parsed_model.get("unique_id", parsed_model.get("alias", "model"))

    def submit(self, compiled_code: str) -> dict:
        spark = get_session(self.credentials)
        filename = f"<dbt python model {self.unique_id}>"
        # Register the source so tracebacks show the model's own lines.
        lines = compiled_code.splitlines(keepends=True)
        linecache.cache[filename] = (len(compiled_code), None, lines, filename)
        namespace: dict[str, Any] = {"__name__": "__dbt_python_model__", "spark": spark}
        try:
            exec(compile(compiled_code, filename, "exec"), namespace)
        except Exception as exc:
            raise DbtRuntimeError(
                f"Python model {self.unique_id} raised {type(exc).__name__}\n"
                + traceback.format_exc()
            ) from exc
        finally:
            linecache.cache.pop(filename, None)
        return {"unique_id": self.unique_id}
