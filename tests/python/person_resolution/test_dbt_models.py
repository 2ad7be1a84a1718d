"""The identity dbt Python models pass every var they read to dbt's parser.

dbt gives a Python model only the config keys of the ``dbt.config.get`` calls its parser
finds, and the parser does not look inside expressions such as ``get(...) or "x"``: a
call hidden there always returns None, so ``resolution_method: rules`` (and
``splink_backend: spark``) were silently ignored.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from dbt.parser.models import PythonParseVisitor

IDENTITY = Path(__file__).resolve().parents[3] / "models" / "intermediate" / "identity"

CASES = {
    "int_person_record_pairs_scored.py": {
        "resolution_method",
        "splink_backend",
        "splink_model_path",
        "splink_min_probability",
        "splink_seed",
        "identity_identifier_max_records",
        "splink_threshold",
        "splink_borderline_band",
    },
    "int_person_records_clustered.py": {"resolution_method", "splink_threshold"},
    "int_person_registries_computed.py": {"person_id_key_policy"},
}


def _config_keys_seen_by_dbt(path: Path) -> set[str]:
    visitor = PythonParseVisitor(None)
    visitor.visit(ast.parse(path.read_text()))
    return {args[0] for func, args, _ in visitor.dbt_function_calls if func == "get" and args}


def _config_keys_in_code(path: Path) -> set[str]:
    keys = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and ast.unparse(node.func.value) == "dbt.config"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            keys.add(node.args[0].value)
    return keys


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_config_key_reaches_the_model(name: str) -> None:
    path = IDENTITY / name
    seen = _config_keys_seen_by_dbt(path)
    assert CASES[name] <= seen
    assert _config_keys_in_code(path) <= seen
