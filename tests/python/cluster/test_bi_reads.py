"""The recorder of BI reads during a build (``bi_reads.read_during``), on a fake Thrift
connection and a fake build: no Spark, so it runs in ``make test-fast``. The mini-cluster
stage runs it for real (``test_mini_cluster.py`` judges that record)."""

from __future__ import annotations

import copy
import threading
import time

from bi_reads import dbt_build_with_messages, problems, read_during


class FakeWarehouse:
    """Marts whose views switch from version ``a`` to ``b`` when ``publish`` runs; a
    read of ``broken`` raises, as a view over a dropped table would."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self.version = "a"
        self.publish_log = 3
        self.lock = threading.Lock()
        self.reads = 0

    def publish(self) -> None:
        with self.lock:
            self.version = "b"
            self.publish_log += 1

    def connect(self) -> FakeConnection:
        return FakeConnection(self)


class FakeConnection:
    def __init__(self, warehouse: FakeWarehouse) -> None:
        self.warehouse = warehouse
        self.rows: list[tuple] = []

    def cursor(self) -> FakeConnection:
        return self

    def execute(self, sql: str) -> None:
        w = self.warehouse
        with w.lock:
            if sql == "select count(*) from audit.publish_log":
                self.rows = [(w.publish_log,)]
            elif sql.startswith("show create table"):
                view = f"CREATE VIEW marts.fct_networks AS SELECT * FROM marts_v{w.version}"
                self.rows = [(view,)]
            else:
                name = sql.rsplit(".", 1)[-1]
                if name == "broken":
                    raise RuntimeError("TABLE_OR_VIEW_NOT_FOUND")
                w.reads += 1
                self.rows = [(w.counts[name],)]

    def fetchall(self) -> list[tuple]:
        return self.rows

    def close(self) -> None:
        pass


def _build(warehouse: FakeWarehouse, *, before_hook: float, succeed: bool = True):
    def run(on_message):
        on_message("1 of 2 START sql table model marts_build.fct_networks")
        time.sleep(before_hook)
        on_message("publish: audit passed; copying 2 marts into marts_vb, then repointing `marts`")
        time.sleep(0.05)
        warehouse.publish()
        on_message("publish: published 2 marts to `marts` (version marts_vb)")
        time.sleep(0.05)
        return succeed, ["publish: published"]

    return run


def test_reads_are_paced_until_the_publish_hook_and_see_the_switch() -> None:
    warehouse = FakeWarehouse({"fct_networks": 7, "fct_person_scores": 11})
    record = read_during(
        _build(warehouse, before_hook=0.5),
        ["fct_networks", "fct_person_scores"],
        connect=warehouse.connect,
        pause=0.2,
    )
    rounds = record["rounds"]
    during = [i for i, r in enumerate(rounds) if r["publishing"]]
    # 0.5 s before the publish at 0.2 s apart: a few rounds, not a busy loop; then back
    # to back through the publish's 0.05 s; then paced again: at most one round more
    assert during and 2 <= during[0] <= 4, during
    after = rounds[during[-1] + 1 :]
    assert len(after) <= 1 and all(r["version"] == "b" for r in after), len(after)
    assert all(r["counts"] == {"fct_networks": 7, "fct_person_scores": 11} for r in rounds)
    assert record["publishes_before"] == 3
    assert record["final"]["version"] == "b"
    assert {r["version"] for r in rounds} | {record["final"]["version"]} == {"a", "b"}
    assert record["build_success"] and record["build_messages"] == ["publish: published"]


def test_a_failing_read_is_recorded_not_raised_and_a_failed_build_is_recorded() -> None:
    warehouse = FakeWarehouse({"fct_networks": 7})
    record = read_during(
        _build(warehouse, before_hook=0.1, succeed=False),
        ["fct_networks", "broken"],
        connect=warehouse.connect,
        pause=0.05,
    )
    observed = [*record["rounds"], record["final"]]
    assert len(observed) >= 2 and all("TABLE_OR_VIEW_NOT_FOUND" in r["error"] for r in observed)
    assert record["build_success"] is False


def test_the_dbt_build_keeps_info_messages_and_passes_every_message_on(monkeypatch) -> None:
    """dbt's events reach the publish-hook watch whatever their level; only info and
    above are kept for the record."""

    class Info:
        def __init__(self, level: str, msg: str) -> None:
            self.level, self.msg = level, msg

    class Event:
        def __init__(self, level: str, msg: str) -> None:
            self.info = Info(level, msg)

    class Result:
        success = True

    class FakeRunner:
        def __init__(self, callbacks) -> None:
            self.callbacks = callbacks

        def invoke(self, args):
            assert args == ["build", "--select", "path:models/marts"]
            for level, msg in (("debug", "publish: audit passed"), ("info", "publish: published")):
                for callback in self.callbacks:
                    callback(Event(level, msg))
            return Result()

    import dbt.cli.main

    monkeypatch.setattr(dbt.cli.main, "dbtRunner", FakeRunner)
    seen: list[str] = []
    success, kept = dbt_build_with_messages(["build", "--select", "path:models/marts"])(seen.append)
    assert success and kept == ["publish: published"]
    assert seen == ["publish: audit passed", "publish: published"]


def _good_record() -> dict:
    warehouse = FakeWarehouse({"fct_networks": 7, "fct_person_scores": 11})
    return read_during(
        _build(warehouse, before_hook=0.3),
        ["fct_networks", "fct_person_scores"],
        connect=warehouse.connect,
        pause=0.1,
    )


def test_the_judge_passes_a_good_record_and_names_each_fault_in_a_bad_one() -> None:
    """Negative controls for the cluster test's judge: each fault BI could meet during a
    publish, planted in a record that passes, is named."""
    expected = {"fct_networks": 7, "fct_person_scores": 11}
    good = _good_record()
    judge = {"publishes_now": 4, "version_now": "b"}
    assert problems(good, expected, **judge) == []

    def planted(change) -> list[str]:
        bad = copy.deepcopy(good)
        change(bad)
        return problems(bad, expected, **judge)

    def half_done(r: dict) -> None:  # a read that saw a mart mid-copy
        r["rounds"][-1]["counts"]["fct_networks"] = 3

    def no_switch(r: dict) -> None:
        for seen in [*r["rounds"], r["final"]]:
            seen["version"] = "b"

    def failed_read(r: dict) -> None:
        r["rounds"][0] = {"error": "TABLE_OR_VIEW_NOT_FOUND", "publishing": False}

    def never_during_publish(r: dict) -> None:
        for seen in r["rounds"]:
            seen["publishing"] = False

    assert planted(half_done) == ["fct_networks: 3 rows, want 7"]
    assert planted(no_switch) == ["the reads never saw the publish switch versions"]
    assert planted(failed_read) == ["read failed: TABLE_OR_VIEW_NOT_FOUND"]
    assert planted(never_during_publish) == ["no read ran once the publish began"]
    assert problems(good, expected, publishes_now=5, version_now="b") == [
        "publishes: 3 before, 5 after"
    ]
    assert problems(good, expected, publishes_now=4, version_now="c") == [
        "the final read saw b, BI reads c"
    ]
    assert problems(good, {**expected, "fct_network_links": 2}, **judge)[0].startswith("read [")
    failed = copy.deepcopy(good)
    failed["build_success"] = False
    assert problems(failed, expected, **judge)[0].startswith("the second build failed")
