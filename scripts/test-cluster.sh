#!/usr/bin/env bash
# The mini-cluster stage of the test command (scripts/test.sh runs it with its
# own time budget): build the executors' environment archive, start the
# mini-cluster (scripts/cluster.sh), load and `dbt build` the tiny data set on
# the `standalone` target with Spark's event log on (models and seeds; the
# tests ran in the local build: CSE_CLUSTER_BUILD_ARGS), snapshot the published
# marts, record BI reads through the Thrift Server during a second build in the
# same application, then run tests/python/cluster (marts equal the local tiny
# build's, the graph step's work ran on executors, the recorded BI reads each
# saw one complete version, the identity model is not published). The cluster
# is stopped by recorded pid on every exit, failures and timeouts included.
#
# Usage: scripts/test-cluster.sh [pytest args]   (CSE_TINY_SNAPSHOT: the local
# tiny build's marts; default: the one the last `make test` wrote)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$CSE_REPO_ROOT"

die() { echo "test-cluster: $*" >&2; exit 1; }
export CSE_TINY_SNAPSHOT="${CSE_TINY_SNAPSHOT:-$CSE_REPO_ROOT/.local/test-snapshots/tiny-marts}"
[ -n "${CSE_TINY_SNAPSHOT:-}" ] && [ -d "$CSE_TINY_SNAPSHOT" ] \
    || die "no local tiny snapshot at $CSE_TINY_SNAPSHOT: run make test first (or set CSE_TINY_SNAPSHOT)"

export CSE_CLUSTER_DIR="${CSE_CLUSTER_DIR:-$CSE_REPO_ROOT/.local/cluster-test}"
export CSE_ENV_ARCHIVE="${CSE_ENV_ARCHIVE:-$CSE_REPO_ROOT/.local/env/cse-env.tar.gz}"
start=$SECONDS
loadavg_start="$(cut -d' ' -f1-3 /proc/loadavg)"
marks=()   # "step at seconds", for stage-timing.json
mark() {  # key, seconds since the start
    marks+=("$(printf '"%s": %d' "$1" "$2")")
}
current="start"
step() {  # key (in stage-timing.json), what
    current="$2"
    printf '\n-- cluster: %s (at %ds)\n' "$2" "$((SECONDS - start))"
    mark "$1" "$((SECONDS - start))"
}

# A fresh cluster each time; whatever happens next, it is stopped by pid (and
# the background archive build by its process group id), and a failure says
# in one line which step failed.
scripts/cluster.sh down >/dev/null
on_exit() {
    local rc=$?
    set +e
    [ -n "${archive_pid:-}" ] && kill -- "-$archive_pid" 2>/dev/null
    [ -n "${meter_pid:-}" ] && kill "$meter_pid" 2>/dev/null
    scripts/cluster.sh down
    if [ "$rc" != 0 ]; then
        echo "test-cluster: FAILED in step '$current' (exit $rc); logs in $CSE_CLUSTER_DIR (logs/, dbt-logs/)" >&2
    fi
    return "$rc"
}
trap on_exit EXIT
trap 'exit 143' TERM INT
rm -rf "$CSE_CLUSTER_DIR"

# The stage's CPU seconds, which unlike its wall time barely depend on what else
# a shared machine runs: every 2 s, the CPU time of each process of this
# script's process groups (dbt, the loader, their JVMs, the cluster's services
# and executors, the archive build; not PostgreSQL), the last reading per
# process summed at the end.
mkdir -p "$CSE_CLUSTER_DIR"
meter="$CSE_CLUSTER_DIR/cpu-samples.txt"
groups="$CSE_CLUSTER_DIR/process-groups"
ps -o pgid= -p $$ | tr -d ' ' >"$groups"
while sleep 2; do
    # shellcheck disable=SC2046  # one /proc/PID/stat path per process
    cat $(pgrep -g "$(paste -sd, "$groups")" | sed 's|.*|/proc/&/stat|') 2>/dev/null \
        | awk '{ p = $1; sub(/^.*\) /, ""); print p, $12 + $13 }' >>"$meter" || true
done &
meter_pid=$!

# The services start while the executors' environment archive is built (in
# make test it was built in the background already: then this is a checksum).
# The Thrift Server finishes starting during the load and the build.
step up "cluster up, the environment archive meanwhile"
setsid scripts/build_env_archive.sh >"$CSE_CLUSTER_DIR/env-archive.log" 2>&1 &
archive_pid=$!
echo "$archive_pid" >>"$groups"
scripts/cluster.sh up --thrift-later
eval "$(scripts/cluster.sh env)"

export DBT_TARGET_PATH="$CSE_REPO_ROOT/target/cluster"
export DBT_LOG_PATH="$CSE_CLUSTER_DIR/dbt-logs"
export DBT_ENV_SECRET_CSE_PERSON_ID_KEY="cse-tiny-leak-probe-5d1f0b9e7a3c28e4a6b0"
unset CSE_PERSON_ID_KEY_FILE
export CSE_CLUSTER_EVENT_LOG="$CSE_CLUSTER_DIR/eventlog"
mkdir -p "$CSE_CLUSTER_EVENT_LOG"
# The tiny data the local build of the same make test generated (same seed:
# the same files), generated only when missing.
data="$CSE_DATA_DIR/tiny"
[ -f "$data/raw/_manifest.json" ] || python -m cse_synth.generate --scale tiny --seed 42 --out "$data"
CSE_AS_OF_DATE="$(python -m cse_synth.as_of "$data")"
export CSE_AS_OF_DATE
# Same inputs as the local build: the same files, and the freshness check the
# local build logged (its target/sources.json: the same files' newest loaded_at
# against the same check time) logged for this load, as the main job logs its own.
freshness="${CSE_TINY_TARGET:-$CSE_REPO_ROOT/target/test}/sources.json"
[ -f "$freshness" ] || die "no freshness results of the local tiny build at $freshness: run make test first"

step archive "environment archive ready"
wait "$archive_pid" || { archive_pid=""; cat "$CSE_CLUSTER_DIR/env-archive.log" >&2; exit 1; }
archive_pid=""
[ -f "$CSE_ENV_ARCHIVE" ] || exit 1

# What the cluster builds: every seed and model, with the hooks and the publish:
# the whole DAG, its Python models' work on the executors. The data tests and
# unit tests (856 of the 1,025 nodes, more than half the build's time) ran
# on the same inputs in the local tiny build of the same `make test`, and the
# marts test below ties the two builds row for row. CSE_CLUSTER_BUILD_ARGS=""
# runs them on the cluster too (the whole `dbt build`; about twice as long).
build_args="${CSE_CLUSTER_BUILD_ARGS---exclude-resource-type test --exclude-resource-type unit_test}"
# Three dbt threads, not two: the executors' two cores sat idle over half of the
# build while the driver (in the dbt process) planned the next query and talked
# to the metastore; a third model in flight overlaps that work (this build and
# the tests' second one). CSE_DBT_THREADS overrides it.
export CSE_DBT_THREADS="${CSE_DBT_THREADS:-3}"
# One Python process and one Spark application (one driver, two executors, the
# archive shipped once) for the load and its freshness check, the build, the
# executor probe (which Python the executors run: the archive; the test checks
# it) and the snapshot of the published marts, as the main job runs its chain
# (cse_networks.main_job): the session is started as dbt's Python models need it,
# with the archive, not as the load (JVM-only work) would start it. The load was
# its own application, beside the archive's build; in make test the archive is
# ready when the stage starts, and the second application cost a driver, two
# executors and the imports again. The build runs through dbt's programmatic
# entry point (dbtRunner, what the `dbt` command calls); its seconds go to
# build-seconds, its start to build-at.
step load "load tiny (with the local build's freshness check), dbt build ${build_args} on the standalone target, the executor probe, the marts' snapshot and BI reads during a second, marts-only build: one application"
export CSE_CLUSTER_SNAPSHOT="$CSE_CLUSTER_DIR/snapshot" CSE_CLUSTER_PROBE="$CSE_CLUSTER_DIR/executor-probe.json"
export CSE_CLUSTER_BI_READS="$CSE_CLUSTER_DIR/bi-reads.json"
# shellcheck disable=SC2086  # build_args: words
PYSPARK_SUBMIT_ARGS="--conf spark.eventLog.enabled=true --conf spark.eventLog.dir=file://$CSE_CLUSTER_EVENT_LOG pyspark-shell" \
    python - "$data/raw" "$freshness" $build_args <<'EOF'
import json, os, sys, time
from pathlib import Path

from cse_ingest import freshness, load
from cse_networks.spark import get_spark

data, results, *build_args = sys.argv[1:]
spark = get_spark()  # with the environment archive: the session every step reuses
code = load.main(["--data", data]) or freshness.main(["--results", results])
if code:
    sys.exit(code)
print("\n-- cluster: dbt build, in the load's application", flush=True)
Path(os.environ["CSE_CLUSTER_DIR"], "build-at").write_text(f"{time.time():.0f}\n")

from dbt.cli.main import dbtRunner

started = time.monotonic()
build = dbtRunner().invoke(["build", *build_args])
build_seconds = round(time.monotonic() - started)
Path(os.environ["CSE_CLUSTER_DIR"], "build-seconds").write_text(f"{build_seconds}\n")
loadavg = " ".join(Path("/proc/loadavg").read_text().split()[:3])
print(f"test-cluster: dbt build took {build_seconds}s (load average {loadavg})", flush=True)
if not build.success:
    from cse_networks.chain import dbt_exit_code

    sys.exit(dbt_exit_code(build))  # as the dbt command would exit

from cse_networks.executor_probe import probe_executors
from cse_networks.snapshot import snapshot_schema

print("\n-- cluster: executor probe and snapshot of the published marts, in the same application", flush=True)
spark = get_spark()  # the session dbt built on (getOrCreate)
Path(os.environ["CSE_CLUSTER_PROBE"]).write_text(json.dumps(probe_executors(spark)))
counts = snapshot_schema("marts", Path(os.environ["CSE_CLUSTER_SNAPSHOT"]))
print(f"snapshot of marts: {len(counts)} tables, {sum(counts.values())} rows "
      f"({round(time.monotonic() - started) - build_seconds}s)")

# BI reads over the Thrift Server during a second build that republishes the marts:
# its models only (the publish needs every mart rebuilt since the last one; the
# data tests ran in the local build), in this application (tests/python/cluster/
# bi_reads.py: a second one cost a driver, two executors and the imports again).
# The reads are recorded; test_mini_cluster.py judges them.
import subprocess

sys.path[:0] = ["tests/python", "tests/python/cluster"]
from bi_reads import dbt_build_with_messages, read_during
from tiny_warehouse import RESTRICTED_MARTS

subprocess.run(["scripts/cluster.sh", "wait-thrift"], check=True)
print("\n-- cluster: BI reads over the Thrift Server during a second, marts-only build, "
      "in the same application", flush=True)
Path(os.environ["CSE_CLUSTER_DIR"], "second-build-at").write_text(f"{time.time():.0f}\n")
record = read_during(
    dbt_build_with_messages(["build", "--select", "path:models/marts", "--resource-type", "model"]),
    sorted(name for name in counts if name not in RESTRICTED_MARTS),
)
Path(os.environ["CSE_CLUSTER_BI_READS"]).write_text(json.dumps(record, indent=1))
print(f"test-cluster: second build {'passed' if record['build_success'] else 'FAILED'}; "
      f"{len(record['rounds'])} read rounds recorded", flush=True)
spark.stop()
EOF
build_seconds="$(<"$CSE_CLUSTER_DIR/build-seconds")"
build_at=$(( $(<"$CSE_CLUSTER_DIR/build-at") - $(date +%s) + SECONDS - start ))
mark build "$build_at"
mark snapshot "$((build_at + build_seconds))"
mark second_build "$(( $(<"$CSE_CLUSTER_DIR/second-build-at") - $(date +%s) + SECONDS - start ))"

step tests "pytest tests/python/cluster"
tests_rc=0
CSE_CLUSTER_STAGE=1 python -m pytest tests/python/cluster -p no:randomly "$@" || tests_rc=$?

# The stage's cost: wall time, and CPU seconds (on an idle 2-core machine the
# stage needs at least half of them as wall time).
step done "done"
kill "$meter_pid" 2>/dev/null || true
meter_pid=""
cpu_total="$(awk -v hz="$(getconf CLK_TCK)" '{ if ($2 > m[$1]) m[$1] = $2 }
    END { for (p in m) s += m[p]; print s / hz }' "$meter")"
services_cpu="$(scripts/cluster.sh cpu)"
printf '{"stage_seconds": %d, "dbt_build_seconds": %d, "cpu_seconds": %.0f, "cpu_seconds_services": %.0f, "loadavg_start": "%s", "loadavg_end": "%s", "steps_at": {%s}}\n' \
    "$((SECONDS - start))" "$build_seconds" "$cpu_total" "$services_cpu" "$loadavg_start" "$(cut -d' ' -f1-3 /proc/loadavg)" \
    "$(IFS=,; echo "${marks[*]}")" >"$CSE_CLUSTER_DIR/stage-timing.json"
echo "test-cluster: stage $((SECONDS - start))s wall, ${cpu_total%.*} CPU seconds (${services_cpu%.*} of them in the cluster's services and executors; on 2 idle cores at least $(awk -v c="$cpu_total" 'BEGIN { printf "%d", c / 2 }')s, budget 600s); load average $loadavg_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
exit "$tests_rc"
