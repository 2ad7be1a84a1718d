"""Spark edge of :mod:`cse_networks.pseudonym`: add keyed ids to a DataFrame.

The key travels to the executors inside the pandas UDF's closure (pickled with
the function, like any captured value), so executors need no environment
variable, and the key is never a Spark conf, a SQL literal or part of a query
plan (plans show only the function's name, e.g. ``person_ids(anchor_record_id)``).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from cse_networks.pseudonym import PersonIdKey, identifier_id, person_id

__all__ = ["with_identifier_ids", "with_person_ids"]


def with_person_ids(frame: Any, *, anchor_column: str, key: PersonIdKey, out: str) -> Any:
    """``frame`` with column ``out``: the person id of ``anchor_column`` (null stays null)."""
    from pyspark.sql.functions import col, pandas_udf

    secret = key.secret

    def person_ids(anchors: pd.Series) -> pd.Series:
        return pd.Series(
            [None if pd.isna(a) else person_id(str(a), secret) for a in anchors],
            index=anchors.index,
            dtype="object",
        )

    return frame.withColumn(out, pandas_udf(person_ids, "string")(col(anchor_column)))


def with_identifier_ids(
    frame: Any, *, type_column: str, value_column: str, key: PersonIdKey, out: str
) -> Any:
    """``frame`` with column ``out``: the identifier id of each type and value."""
    from pyspark.sql.functions import col, pandas_udf

    secret = key.secret

    def identifier_ids(types: pd.Series, values: pd.Series) -> pd.Series:
        return pd.Series(
            [
                None if pd.isna(t) or pd.isna(v) else identifier_id(str(t), str(v), secret)
                for t, v in zip(types, values, strict=True)
            ],
            index=types.index,
            dtype="object",
        )

    udf = pandas_udf(identifier_ids, "string")
    return frame.withColumn(out, udf(col(type_column), col(value_column)))
