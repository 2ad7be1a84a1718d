"""The names of benchmark worlds: one (scale, world profile) pair, one label."""

from __future__ import annotations

__all__ = ["world_label"]


def world_label(scale: str, profile: str) -> str:
    """Folder and log label of one (scale, world profile): ``default``, ``default-alt``."""
    return scale if profile == "default" else f"{scale}-{profile}"
