"""The load benchmark reads the checks' own time from the loader's phase log line."""

from __future__ import annotations

from benchmarks.load_bench import CHECK_PHASES, checks_seconds
from cse_ingest.load import PhaseClock


def test_checks_seconds_sums_only_the_phases_the_checks_added() -> None:
    clock = PhaseClock()
    for phase in ("pre_scan", "control_totals", "spark_session", "contract_and_write", "load_log"):
        clock.lap(phase)
    clock.seconds = {
        "pre_scan": 0.5,
        "control_totals": 0.25,
        "spark_session": 9.0,
        "contract_and_write": 30.0,
        "load_log": 1.25,
    }
    log = f"INFO cse_ingest.load: raw.crimes: 10 rows\nINFO cse_ingest.load: {clock.line()}\n"
    assert set(CHECK_PHASES) < set(clock.seconds)
    assert checks_seconds(log) == 2.0


def test_a_log_without_the_phase_line_is_not_measured() -> None:
    assert checks_seconds("INFO cse_ingest.load: load stopped, nothing replaced\n") is None
