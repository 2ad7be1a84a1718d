"""The summary reads a table's rows from the statistics the main job has just computed."""

from __future__ import annotations

from cse_networks.summary import rows_in_statistics


def test_rows_are_read_from_a_statistics_entry_with_rows() -> None:
    assert rows_in_statistics("123456 bytes, 789 rows") == 789
    assert rows_in_statistics("0 bytes, 0 rows") == 0


def test_no_rows_in_the_entry_means_count_them() -> None:
    # a size alone (analyze ... noscan) or no entry (a table rebuilt since: Spark drops
    # the statistics of a table it writes) leaves the count to a scan
    assert rows_in_statistics("123456 bytes") is None
    assert rows_in_statistics(None) is None
