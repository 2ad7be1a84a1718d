"""The dbt project's settings as ``dbt_project.yml`` holds them, for Python outside dbt.

A measure or benchmark that applies one of the project's thresholds (a var with its
reason beside it in ``dbt_project.yml``) reads it here rather than restating it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from cse_networks.paths import REPO_ROOT

__all__ = ["project_vars"]


@cache
def project_vars() -> dict[str, Any]:
    """The ``vars:`` of ``dbt_project.yml`` as written.

    These are the values a build uses unless its command line overrides them. The
    mapping is cached and shared: copy it before changing it.
    """
    project = yaml.safe_load((REPO_ROOT / "dbt_project.yml").read_text())
    return project["vars"]
