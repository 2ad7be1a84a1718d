"""scripts/compare_compiled.py: two compiled trees compared token by token (no dbt)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
SCRIPT = REPO / "scripts" / "compare_compiled.py"


def _load():
    spec = importlib.util.spec_from_file_location("compare_compiled", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up by name
    spec.loader.exec_module(module)
    return module


compare_compiled = _load()

MODEL = """with

source as (
    select *, to_json(struct(*)) as raw_row_json
    from raw.crimes
)

select * from source where code = 'A  B'
"""


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "compiled" / "cse_networks" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_whitespace_and_line_breaks_do_not_count(tmp_path: Path) -> None:
    before = _tree(tmp_path / "before", {"models/a.sql": MODEL, "tests/t.sql": "select 1"})
    reflowed = (
        "with source as (\n\n        select\n            *,\n"
        "            to_json( struct(*) ) as raw_row_json\n        from raw.crimes\n)\n"
        "select *\nfrom source\nwhere code = 'A  B'"
    )
    after = _tree(tmp_path / "after", {"models/a.sql": reflowed, "tests/t.sql": "select\n    1\n"})
    result = compare_compiled.compare_trees(before, after)
    assert result.compared == 2
    assert result.identical


def test_a_changed_token_differs(tmp_path: Path) -> None:
    before = _tree(tmp_path / "before", {"models/a.sql": MODEL})
    after = _tree(tmp_path / "after", {"models/a.sql": MODEL.replace("raw.crimes", "raw.crime")})
    result = compare_compiled.compare_trees(before, after)
    assert result.differing == ["cse_networks/models/a.sql"]
    assert "'crimes' -> 'crime'" in result.details["cse_networks/models/a.sql"]


def test_whitespace_inside_a_string_counts(tmp_path: Path) -> None:
    before = _tree(tmp_path / "before", {"models/a.sql": MODEL})
    after = _tree(tmp_path / "after", {"models/a.sql": MODEL.replace("'A  B'", "'A B'")})
    assert compare_compiled.compare_trees(before, after).differing == ["cse_networks/models/a.sql"]


def test_comments_count_unless_ignored(tmp_path: Path) -> None:
    before = _tree(tmp_path / "before", {"models/a.sql": "-- one\nselect 1"})
    after = _tree(tmp_path / "after", {"models/a.sql": "-- two\nselect 1"})
    assert not compare_compiled.compare_trees(before, after).identical
    assert compare_compiled.compare_trees(before, after, keep_comments=False).identical


def test_a_file_on_one_side_only_is_reported(tmp_path: Path) -> None:
    before = _tree(tmp_path / "before", {"models/a.sql": MODEL, "models/gone.sql": "select 1"})
    after = _tree(tmp_path / "after", {"models/a.sql": MODEL, "models/new.sql": "select 2"})
    result = compare_compiled.compare_trees(before, after)
    assert result.compared == 1
    assert result.only_before == ["cse_networks/models/gone.sql"]
    assert result.only_after == ["cse_networks/models/new.sql"]
    assert not result.identical


@pytest.mark.parametrize(
    ("after_text", "code", "verdict"),
    [(MODEL, 0, "1 compiled files compared, 0 differ"), ("select 2", 1, "1 differ")],
)
def test_command_line_exit_code_and_summary(
    tmp_path: Path, after_text: str, code: int, verdict: str
) -> None:
    before = _tree(tmp_path / "before", {"models/a.sql": MODEL})
    after = _tree(tmp_path / "after", {"models/a.sql": after_text})
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(before), str(after)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == code
    assert verdict in run.stdout


def test_each_compiles_invocation_id_is_masked(tmp_path: Path) -> None:
    model = "select *, '{run}' as registry_run_id from ids"
    sides = {}
    for side, run in (("before", "1111-aaaa"), ("after", "2222-bbbb")):
        root = _tree(tmp_path / side, {"models/a.sql": model.format(run=run)})
        (root / "manifest.json").write_text(json.dumps({"metadata": {"invocation_id": run}}))
        sides[side] = root
    assert compare_compiled.compare_trees(sides["before"], sides["after"]).identical
    (sides["after"] / "manifest.json").unlink()  # without the manifest the ids differ
    assert not compare_compiled.compare_trees(sides["before"], sides["after"]).identical
