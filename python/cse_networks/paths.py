"""Where the project and its local state live."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["REPO_ROOT", "data_dir", "warehouse_dir"]

REPO_ROOT = Path(__file__).resolve().parents[2]


def warehouse_dir() -> Path:
    """Folder of the local warehouse, Derby metastore and Spark scratch ($CSE_WAREHOUSE_DIR)."""
    return Path(os.environ.get("CSE_WAREHOUSE_DIR", REPO_ROOT / ".local" / "warehouse")).resolve()


def data_dir() -> Path:
    """Folder of generated data sets, one sub-folder per scale ($CSE_DATA_DIR)."""
    return Path(os.environ.get("CSE_DATA_DIR", REPO_ROOT / ".local" / "data")).resolve()
