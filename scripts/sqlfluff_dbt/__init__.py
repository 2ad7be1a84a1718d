"""dbt's ``var()`` and ``env_var()`` for sqlfluff's jinja templater: the project's values.

sqlfluff's dbt builtins render every ``var()`` as the string ``'item'``, so a model
that loops over a list var or casts a number var cannot be laid out as dbt renders
it. ``.sqlfluff`` loads this module (``library_path``): its ``var`` returns the
value of ``dbt_project.yml``'s ``vars``, so lint sees the SQL dbt compiles by
default. Lint only; dbt never imports it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

_PROJECT = Path(__file__).resolve().parents[2] / "dbt_project.yml"
# sqlfluff runs this module again for every file it lints: libyaml's loader where present.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_VARS: dict[str, Any] = yaml.load(_PROJECT.read_text(), Loader=_LOADER).get("vars") or {}


def var(name: str, default: Any = None) -> Any:
    """The project's value of var ``name`` (dbt's default argument otherwise)."""
    if name in _VARS:
        return _VARS[name]
    if default is None:
        raise KeyError(f"var {name!r} is not in dbt_project.yml vars and has no default")
    return default


def env_var(name: str, default: str = "") -> str:
    """dbt's ``env_var``: the environment's value, else the default."""
    return os.environ.get(name, default)
