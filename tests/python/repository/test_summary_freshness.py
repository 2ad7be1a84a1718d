"""The run summary reports dbt source freshness from target/sources.json."""

from __future__ import annotations

import json
from pathlib import Path

from cse_networks.summary import freshness_lines


def test_counts_by_status_and_lists_stale_sources(tmp_path: Path) -> None:
    results = {
        "results": [
            {
                "unique_id": "source.cse_networks.crimes.crimes",
                "status": "pass",
                "max_loaded_at_time_ago_in_s": 3600.0,
            },
            {
                "unique_id": "source.cse_networks.custody.custody_records",
                "status": "warn",
                "max_loaded_at_time_ago_in_s": 8 * 86400.0,
            },
            {
                "unique_id": "source.cse_networks.intel.intel_reports",
                "status": "error",
                "max_loaded_at_time_ago_in_s": 40 * 86400.0,
            },
        ]
    }
    path = tmp_path / "sources.json"
    path.write_text(json.dumps(results), encoding="utf-8")
    lines = freshness_lines(path)
    assert lines[0] == "Source freshness: 1 error, 1 pass, 1 warn"
    assert lines[1:] == [
        "  WARN   custody.custody_records  8 days since the newest row",
        "  ERROR  intel.intel_reports  40 days since the newest row",
    ]


def test_absent_results_say_so(tmp_path: Path) -> None:
    assert freshness_lines(tmp_path / "sources.json")[0].startswith("Source freshness: not checked")
