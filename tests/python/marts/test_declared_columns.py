"""macros/columns/declared_columns, run alone through `dbt run-operation`.

The staged models (macro staged_rows) and the contract marts select the columns their
YAML declares through this macro. The tiny build checks what it gives on real models
(the marts' types: test_marts_contract.py; the staged columns: the staging tests).
Here: the text it renders, and its errors for a YAML that is not whole.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

Operation = Callable[..., tuple[int, str]]  # the run_operation fixture (conftest.py)

# Logs what the macro renders for the columns given, so the test can read it.
PROBE = """{% macro probe_declared_columns(columns, cast=false) %}
    {% do log('rendered: ' ~ declared_columns(cast=cast, columns=columns) ~ ' :end', info=true) %}
{% endmacro %}
"""

COLUMNS = [
    {"name": "network_id", "data_type": "string"},
    {"name": "shared_victim_ids", "data_type": "array<string>"},
    {"name": "n_links", "data_type": "bigint"},
]


@pytest.fixture(scope="module")
def probe(macro_project: Path) -> None:
    (macro_project / "macros" / "probe_declared_columns.sql").write_text(PROBE)


def _rendered(output: str) -> list[str]:
    return output.split("rendered: ", 1)[1].split(" :end", 1)[0].split(",\n        ")


def test_the_columns_are_listed_in_yaml_order(probe: None, run_operation: Operation) -> None:
    code, output = run_operation("probe_declared_columns", {"columns": COLUMNS})
    assert code == 0, output[-2000:]
    assert _rendered(output) == ["network_id", "shared_victim_ids", "n_links"]


def test_with_cast_each_column_is_cast_to_its_yaml_type(
    probe: None, run_operation: Operation
) -> None:
    code, output = run_operation("probe_declared_columns", {"columns": COLUMNS, "cast": True})
    assert code == 0, output[-2000:]
    assert _rendered(output) == [
        "cast(network_id as string) as network_id",
        "cast(shared_victim_ids as array<string>) as shared_victim_ids",
        "cast(n_links as bigint) as n_links",
    ]


def test_a_column_without_a_type_stops_a_cast_select(probe: None, run_operation: Operation) -> None:
    columns = [{"name": "network_id", "data_type": "string"}, {"name": "n_links"}]
    code, output = run_operation("probe_declared_columns", {"columns": columns})
    assert code == 0, output[-2000:]  # without cast, a type is not needed
    code, output = run_operation("probe_declared_columns", {"columns": columns, "cast": True})
    assert code != 0
    # "of <model>": in an operation, the operation's own name
    assert "declared_columns: column n_links of probe_declared_columns has no data_type" in output


def test_no_columns_stops_the_compile(probe: None, run_operation: Operation) -> None:
    code, output = run_operation("probe_declared_columns", {"columns": []})
    assert code != 0
    assert "has no columns in its YAML" in output
