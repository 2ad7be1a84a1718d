"""The publish gates of macros/publish, each run alone through `dbt run-operation`.

publish_marts is a chain of small macros; the gates that decide whether a run may
publish are pure, so they run here on hand-made results, with no warehouse and no
build (the macros-only project of ``conftest.py``).
"""

from __future__ import annotations

from collections.abc import Callable

Operation = Callable[..., tuple[int, str]]  # the run_operation fixture (conftest.py)


def _result(name: str, status: str, kind: str = "model") -> dict:
    return {
        "status": status,
        "node": {"name": name, "unique_id": f"{kind}.p.{name}", "resource_type": kind},
    }


def test_a_failed_test_or_skipped_model_stops_the_publish(run_operation: Operation) -> None:
    results = [
        _result("fct_networks", "success"),
        _result("not_null_fct_networks_network_id", "fail", "test"),
        _result("fct_person_scores", "skipped"),
    ]
    code, output = run_operation("failed_nodes", {"results": results, "live_schema": "marts"})
    assert code == 0, output[-2000:]
    assert (
        "publish: NOT publishing marts: 2 node(s) did not succeed: "
        "not_null_fct_networks_network_id (fail), fct_person_scores (skipped)"
    ) in output
    assert "The marts in `marts` still show the last successful run" in output


def test_a_mart_built_neither_now_nor_since_the_last_publish_stops_it(
    run_operation: Operation,
) -> None:
    required = [
        {"name": "fct_networks", "unique_id": "model.p.fct_networks"},
        {"name": "fct_person_scores", "unique_id": "model.p.fct_person_scores"},
        {"name": "dim_person_identities", "unique_id": "model.p.dim_person_identities"},
    ]
    args = {
        "required": required,
        "built": ["model.p.fct_networks"],
        "fresh": ["fct_person_scores"],  # built by the failed run a retry completes
    }
    code, output = run_operation("unbuilt_marts", args)
    assert code == 0, output[-2000:]
    assert "not every mart was built since the last publish (missing dim_person_identities)" in (
        output
    )
    args["fresh"].append("dim_person_identities")
    code, output = run_operation("unbuilt_marts", args)
    assert code == 0 and "not publishing" not in output
