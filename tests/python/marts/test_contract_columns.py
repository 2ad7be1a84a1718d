"""macros/contract/contract_columns, run alone through `dbt run-operation`.

The marts' typed select is built from their YAML contract by this macro; the tiny
build's contract test (test_marts_contract.py) checks the types it gives on real
marts. Here: the text it renders, and its errors for a contract that is not whole.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

Operation = Callable[..., tuple[int, str]]  # the run_operation fixture (conftest.py)

# Logs what the macro renders for the columns given, so the test can read it.
PROBE = """{% macro probe_contract_columns(columns) %}
    {% do log('rendered: ' ~ contract_columns(columns) ~ ' :end', info=true) %}
{% endmacro %}
"""


@pytest.fixture(scope="module")
def probe(macro_project: Path) -> None:
    (macro_project / "macros" / "probe_contract_columns.sql").write_text(PROBE)


def test_each_column_is_cast_to_its_contract_type_in_yaml_order(
    probe: None, run_operation: Operation
) -> None:
    columns = [
        {"name": "network_id", "data_type": "string"},
        {"name": "shared_victim_ids", "data_type": "array<string>"},
        {"name": "n_links", "data_type": "bigint"},
    ]
    code, output = run_operation("probe_contract_columns", {"columns": columns})
    assert code == 0, output[-2000:]
    rendered = output.split("rendered: ", 1)[1].split(" :end", 1)[0]
    assert rendered.split(",\n        ") == [
        "cast(network_id as string) as network_id",
        "cast(shared_victim_ids as array<string>) as shared_victim_ids",
        "cast(n_links as bigint) as n_links",
    ]


def test_a_column_without_a_type_stops_the_compile(probe: None, run_operation: Operation) -> None:
    columns = [{"name": "network_id", "data_type": "string"}, {"name": "n_links"}]
    code, output = run_operation("probe_contract_columns", {"columns": columns})
    assert code != 0
    # "of <model>": in an operation, the operation's own name
    assert "contract_columns: column n_links of probe_contract_columns has no data_type" in output


def test_no_columns_stops_the_compile(probe: None, run_operation: Operation) -> None:
    code, output = run_operation("probe_contract_columns", {"columns": []})
    assert code != 0
    assert "has no columns in its YAML" in output
