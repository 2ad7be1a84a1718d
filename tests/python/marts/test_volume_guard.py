"""The publish volume guard's limits (macros/publish), through `dbt run-operation`.

A 40% cut of one table (a partial extract) must stop the publish; growth has a
looser limit; a per-table limit overrides the defaults. No warehouse is needed:
the operation only compares the counts it is given, in the macros-only copy of
the project of ``conftest.py`` (its vars are the guard's limits).
"""

from __future__ import annotations

from collections.abc import Callable

Operation = Callable[..., tuple[int, str]]  # the run_operation fixture (conftest.py)


def _check(run_operation: Operation, previous: dict, current: dict, *extra: str) -> tuple[int, str]:
    return run_operation("check_volume_change", {"previous": previous, "current": current}, *extra)


def test_a_40_percent_cut_stops_and_growth_has_a_looser_limit(
    run_operation: Operation,
) -> None:
    code, output = _check(
        run_operation,
        {"crimes": 4188, "nominals": 1000, "intel_reports": 1000, "ocg_nominals": 0},
        {"crimes": 2513, "nominals": 1600, "intel_reports": 1400, "ocg_nominals": 0},
    )
    assert code != 0
    assert "Volume guard" in output
    assert "crimes: 2513 rows now against 4188 at the last publish (a drop of 40.0%" in output
    assert "nominals: 1600 rows now against 1000 at the last publish (growth of 60.0%" in output
    assert "intel_reports" not in output  # +40% is within the growth limit
    assert "volume_guard_acknowledged" in output


def test_within_limits_and_per_table_limits_pass(run_operation: Operation) -> None:
    code, output = _check(
        run_operation,
        {"crimes": 1000, "nominals": 1000},
        {"crimes": 600, "nominals": 850},  # crimes -40% allowed by its own limit; nominals -15%
        "--vars",
        "{volume_guard_table_limits: {crimes: {max_drop: 0.5}}}",
    )
    assert code == 0, output[-2000:]
    assert "volume guard: within limits for 2 table(s)" in output
