"""The one error the loader raises for a problem in the extract."""

from __future__ import annotations

__all__ = ["LoadError"]


class LoadError(RuntimeError):
    """A structural problem that stops the load before anything is replaced.

    The message names the file (and line, column or table) and gives counts,
    never values: extracts hold personal data.
    """
