#!/usr/bin/env bash
# The test command: lint (ruff, sqlfluff), the contract check, a dbt build on
# the tiny data set, then pytest. CI runs exactly this (.ci/run).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$CSE_REPO_ROOT"
# The mini-cluster stage (last, below) runs by default, as CI runs it;
# CSE_TEST_CLUSTER=0 leaves it out for a quicker local run (README "Tests").
run_cluster="${CSE_TEST_CLUSTER:-1}"
# The project's venv first: every step below runs in it. Debian's packages (chromium
# for the briefing-pack browser test; PostgreSQL and its JDBC driver for the
# mini-cluster stage) are installed beside the tiny build, below, where missing.
scripts/setup.sh --no-jvm-archive

# Tests build into their own warehouse; the main job's is never touched.
export CSE_WAREHOUSE_DIR="$CSE_REPO_ROOT/.local/test-warehouse"
export DBT_TARGET_PATH="$CSE_REPO_ROOT/target/test"
export DBT_LOG_PATH="$CSE_REPO_ROOT/.local/test-logs"
# Throwaway warehouses: the Derby metastore skips the fsync at every commit
# (profiles.yml; the crash lab of tests/python/reliability keeps it on).
export CSE_DERBY_NO_SYNC="${CSE_DERBY_NO_SYNC:-1}"
# Every Spark driver of the suite lives minutes, not days: the short-run JVM flags
# (CSE_SHORT_RUN_JVM_FLAGS, scripts/env.sh: C1 only, the serial collector), as the
# mini-cluster's JVMs and `make run`'s driver (README "Tests"). Empty: Java's defaults.
export CSE_SPARK_DRIVER_JAVA_OPTIONS="${CSE_SPARK_DRIVER_JAVA_OPTIONS-$CSE_SHORT_RUN_JVM_FLAGS}"

# Each stage prints the seconds since the start: the wall time by stage (README, "Tests").
# The Spark drivers' class-data archive (python/cse_networks/jvm_archive.py: a driver
# JVM starts in about half the time) is built in the background, in its own process
# group, stopped by that id on every exit; so are the static checks (they need no
# Spark), the executors' environment archive for the mini-cluster stage (pip installs
# from the cache and packing) and the mini-cluster stage itself, below.
mkdir -p "$DBT_LOG_PATH"
archive_pid="" static_pid="" cluster_pid="" packages_pid=""
stop_background() {  # every background process group this script started, by id
    local pid
    for pid in "$archive_pid" "$jvm_archive_pid" "$static_pid" "$cluster_pid" "$packages_pid"; do
        if [ -n "$pid" ]; then kill -- "-$pid" 2>/dev/null || true; fi
    done
    # the mini-cluster stage stops its cluster on TERM (scripts/test-cluster.sh): let it
    if [ -n "$cluster_pid" ]; then wait "$cluster_pid" 2>/dev/null || true; fi
}
setsid python -m cse_networks.jvm_archive --build >"$DBT_LOG_PATH/jvm-archive.log" 2>&1 &
jvm_archive_pid=$!
trap stop_background EXIT
# Debian's packages the tests need (scripts/setup.sh --with-browser --with-cluster:
# nothing when present; as root, apt-get when missing, as on a fresh CI machine, where
# it took 31 s of a 61 s setup at the front of the run): in their own session at nice
# 19 beside the archive and the tiny build, which need neither. pytest waits for them.
packages_log="$DBT_LOG_PATH/system-packages.log"
setsid nice -n 19 bash -c 'source scripts/priority.sh; session_nice 19
    exec scripts/setup.sh --with-browser --no-jvm-archive '"$([ "$run_cluster" = "1" ] && echo --with-cluster)" \
    >"$packages_log" 2>&1 &
packages_pid=$!

# The static checks (ruff, sqlfluff, the contract check: scripts/static-checks.sh,
# as `make test-fast` runs them; about 15 s alone) run beside the class archive and
# the tiny build, not before them, at the lowest CPU priority (nice 19): the archive
# and the build are the critical path, and the build leaves about a fifth of the two
# cores idle (a chain of small Spark queries planned by one driver). In their own
# session (setsid: stopped as one group), so their niceness is the session's
# (scripts/priority.sh: under Linux's autogroups `nice` alone ranks processes only
# within a session; measured 2026-12-06, a session started with `setsid nice -n 10`
# took half the cores beside the tiny build). Their output
# follows the build's; a failure fails the command when the build ends (`make
# test-fast` is the quick lint check). Measured: benchmarks/notes/20-test-suite-wall-time.md.
source scripts/stage-clock.sh
source scripts/priority.sh  # session_nice: what `nice` is under Linux's autogroups
static_log="$DBT_LOG_PATH/static-checks.log"
step "static checks (ruff, sqlfluff, contract check) beside the tiny build: output after it"
setsid nice -n 19 bash -c 'source scripts/priority.sh; session_nice 19
    set -euo pipefail; source scripts/static-checks.sh' >"$static_log" 2>&1 &
static_pid=$!

step "dbt build on tiny data"
# Every Spark driver from here on (the tiny build, the tests' dbt commands and
# sessions) maps the class-data archive; without it they start as before, slower.
if wait "$jvm_archive_pid"; then
    CSE_SPARK_DRIVER_JAVA_OPTIONS="$CSE_SPARK_DRIVER_JAVA_OPTIONS $(python -m cse_networks.jvm_archive --options)"
else
    echo "test: the JVM class archive was not written ($DBT_LOG_PATH/jvm-archive.log): Spark drivers start without it, slower" >&2
fi
jvm_archive_pid=""
# The executors' environment archive, for the mini-cluster stage minutes later: only
# now, at nice 19, because beside the class archive it doubled that one's 33 s, which
# the tiny build waits for (pip's and gzip's disk and CPU; nice alone did not help).
if [ "$run_cluster" = "1" ]; then
    setsid nice -n 19 bash -c 'source scripts/priority.sh; session_nice 19
        exec scripts/build_env_archive.sh' >"$DBT_LOG_PATH/env-archive.log" 2>&1 &
    archive_pid=$!
fi
data="$CSE_DATA_DIR/tiny"
rm -rf "$CSE_WAREHOUSE_DIR"
# A distinctive, public test key for the person ids (the same as
# TINY_PERSON_ID_KEY in tests/python/conftest.py) and Spark's event log on: the
# leak test finds the key in no event log, dbt log, target/ or warehouse file.
export DBT_ENV_SECRET_CSE_PERSON_ID_KEY="cse-tiny-leak-probe-5d1f0b9e7a3c28e4a6b0"
unset CSE_PERSON_ID_KEY_FILE
export CSE_TINY_EVENT_LOG="$CSE_REPO_ROOT/.local/test-eventlog"
rm -rf "$CSE_TINY_EVENT_LOG" && mkdir -p "$CSE_TINY_EVENT_LOG"
python -m cse_synth.generate --scale tiny --seed 42 --out "$data"
# The synthetic world's own date (docs block as_of_date); labs and fixtures inherit it.
CSE_AS_OF_DATE="$(python -m cse_synth.as_of "$data")"
export CSE_AS_OF_DATE
rm -f "$DBT_TARGET_PATH/sources.json"
rm -rf "$CSE_REPO_ROOT/.local/test-snapshots/tiny-marts" "$CSE_REPO_ROOT/.local/test-snapshots/tiny-marts-read"
# One process and one Spark session (cse_networks.chain, as make run): the load; as
# the main job, freshness of the load, logged for rpt_run_audit (the frozen synthetic
# world is stale by design, so dbt's check fails; the run goes on); the build with
# every data and unit test; then a canonical copy of the published marts, for the
# determinism test, and the marts as BI reads them (views, Spark types), for the
# tiny_marts fixture, read before pytest starts, while no other process holds the
# metastore.
PYSPARK_SUBMIT_ARGS="--conf spark.eventLog.enabled=true --conf spark.eventLog.dir=file://$CSE_TINY_EVENT_LOG pyspark-shell" \
    python - "$data/raw" "$CSE_REPO_ROOT/.local/test-snapshots" <<'EOF'
import sys
from pathlib import Path

from cse_networks.chain import Step, run_to_exit_code
from cse_networks.main_job import load_and_build_steps

raw, snapshots = sys.argv[1:3]
sys.path.insert(0, "tests/python")  # tiny_warehouse.py
steps = [
    *load_and_build_steps(Path(raw), build_args=[]),
    Step(
        "marts snapshot",
        "tiny_warehouse",
        ["--schema", "marts", "--snapshot", f"{snapshots}/tiny-marts",
         "--marts", f"{snapshots}/tiny-marts-read"],
    ),
]
sys.exit(run_to_exit_code(steps, what="the tiny build"))
EOF
export CSE_TINY_WAREHOUSE="$CSE_WAREHOUSE_DIR" CSE_TINY_DATA="$data"
export CSE_TINY_SNAPSHOT="$CSE_REPO_ROOT/.local/test-snapshots/tiny-marts"
export CSE_TINY_MARTS="$CSE_REPO_ROOT/.local/test-snapshots/tiny-marts-read"
export CSE_TINY_TARGET="$DBT_TARGET_PATH" CSE_TINY_LOGS="$DBT_LOG_PATH"

static_rc=0
wait "$static_pid" || static_rc=$?
static_pid=""
step "static checks: $([ "$static_rc" = 0 ] && echo passed || echo "FAILED (exit $static_rc)"); their output"
cat "$static_log"
if [ "$static_rc" != 0 ]; then
    echo "test: FAILED: the static checks (ruff, sqlfluff or the contract check; output above)" >&2
    exit "$static_rc"
fi

# The mini-cluster stage (README "Tests"; CSE_TEST_CLUSTER=0 leaves it out) starts
# when pytest has only the tests that wait for a reliability lab left (the first of
# them writes CSE_TEST_LABS_ONLY_MARK: tests/python/reliability/conftest.py) or has
# ended: in that tail one lab's chain of small queries is all pytest runs, and about
# a third of the two cores sat idle. Started with pytest as a whole (measured at
# 380570e), the two took as long together as one after the other, both cores already
# busy (benchmarks/notes/20-test-suite-wall-time.md). Its output follows pytest's.
# 10 minutes on an idle 2-core machine is its budget, reported in its last line; the
# timeout only guards against a hang (a shared machine takes several times as long).
# The cluster is stopped by pid on every exit of scripts/test-cluster.sh, timeouts
# included; a failing pytest stops the stage (TERM to its process group).
cluster_budget="${CSE_CLUSTER_STAGE_SECONDS:-1800}"
export CSE_TEST_LABS_ONLY_MARK="$DBT_LOG_PATH/pytest-labs-only"
pytest_done="$DBT_LOG_PATH/pytest-done"
cluster_log="$DBT_LOG_PATH/cluster-stage.log"
rm -f "$CSE_TEST_LABS_ONLY_MARK" "$pytest_done" "$cluster_log.began"
if [ "$run_cluster" = "1" ]; then
    setsid bash -c '
        while [ ! -e "$CSE_TEST_LABS_ONLY_MARK" ] && [ ! -e "$1" ]; do sleep 2; done
        date +%s >"$3.began"
        # test-cluster.sh builds the archive again if the background build failed
        while [ -n "$2" ] && kill -0 "$2" 2>/dev/null; do sleep 1; done
        exec timeout -k 60 "$4" scripts/test-cluster.sh' \
        _ "$pytest_done" "$archive_pid" "$cluster_log" "$cluster_budget" >"$cluster_log" 2>&1 &
    cluster_pid=$!
fi

packages_rc=0
wait "$packages_pid" || packages_rc=$?
packages_pid=""
if [ "$packages_rc" != 0 ]; then
    cat "$packages_log" >&2
    echo "test: FAILED: Debian's packages for the browser test or the mini-cluster stage (above)" >&2
    exit "$packages_rc"
fi

step "pytest"
began=$(date +%s)
pytest_rc=0
python -m pytest "$@" || pytest_rc=$?
touch "$pytest_done"
if [ "$pytest_rc" != 0 ]; then
    exit "$pytest_rc"  # stop_background stops the mini-cluster stage
fi

if [ "$run_cluster" = "1" ]; then
    wait_at=$((SECONDS - start))
    stage_began=""
    [ -f "$cluster_log.began" ] && stage_began=$(( $(<"$cluster_log.began") - began ))
    step "mini-cluster stage (began ${stage_began:-?}s into pytest; budget 600 s on an idle 2-core machine; hang guard ${cluster_budget}s)"
    tail -n +1 -f --pid="$cluster_pid" "$cluster_log"
    rc=0
    wait "$cluster_pid" || rc=$?
    cluster_pid=""
    if [ "$rc" != 0 ]; then
        [ "$rc" = 124 ] && why="ran past its ${cluster_budget}s hang guard" || why="failed (exit $rc)"
        echo "test: FAILED: the mini-cluster stage $why; see its lines above and .local/cluster-test/" >&2
        exit "$rc"
    fi
    echo "test: the mini-cluster stage ran $((SECONDS - start - wait_at))s after pytest ended"
else
    step "mini-cluster stage NOT run (CSE_TEST_CLUSTER=0; CI runs it: make test-cluster after this make test)"
fi
step "done"
