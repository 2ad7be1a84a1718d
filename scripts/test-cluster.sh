#!/usr/bin/env bash
# The mini-cluster stage of the test command (scripts/test.sh runs it with its
# own time budget): build the executors' environment archive, start the
# mini-cluster (scripts/cluster.sh), load and `dbt build` the tiny data set on
# the `standalone` target with Spark's event log on (models and seeds; the
# tests ran in the local build: CSE_CLUSTER_BUILD_ARGS), snapshot the published
# marts, then run tests/python/cluster (marts equal the local tiny build's,
# the graph step's work ran on executors, BI reads through the Thrift Server
# during a second build, the identity model is not published). The cluster is
# stopped by recorded pid on every exit, failures and timeouts included.
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
start=$SECONDS
marks=()   # "step at seconds", for stage-timing.json
step() {
    printf '\n-- cluster: %s (at %ds)\n' "$*" "$((SECONDS - start))"
    marks+=("$(printf '"%s": %d' "${1%% *}" "$((SECONDS - start))")")
}

# A fresh cluster each time; whatever happens next, it is stopped by pid.
scripts/cluster.sh down >/dev/null
trap 'scripts/cluster.sh down; [ -n "${meter_pid:-}" ] && kill "$meter_pid" 2>/dev/null; true' EXIT
trap 'exit 143' TERM INT
rm -rf "$CSE_CLUSTER_DIR"

# The stage's CPU seconds, which unlike its wall time barely depend on what else
# a shared machine runs: every 2 s, the CPU time of each process of this
# script's process group (dbt, the loader, their JVMs, the cluster's services
# and executors; not PostgreSQL), the last reading per process summed at the end.
mkdir -p "$CSE_CLUSTER_DIR"
meter="$CSE_CLUSTER_DIR/cpu-samples.txt"
pgid="$(ps -o pgid= -p $$ | tr -d ' ')"
while sleep 2; do
    # shellcheck disable=SC2046  # one /proc/PID/stat path per process
    cat $(pgrep -g "$pgid" | sed 's|.*|/proc/&/stat|') 2>/dev/null \
        | awk '{ p = $1; sub(/^.*\) /, ""); print p, $12 + $13 }' >>"$meter" || true
done &
meter_pid=$!

step "environment archive for the executors"
CSE_ENV_ARCHIVE="$(scripts/build_env_archive.sh)"
export CSE_ENV_ARCHIVE
step "cluster up"
scripts/cluster.sh up
eval "$(scripts/cluster.sh env)"

export DBT_TARGET_PATH="$CSE_REPO_ROOT/target/cluster"
export DBT_LOG_PATH="$CSE_CLUSTER_DIR/dbt-logs"
export DBT_ENV_SECRET_CSE_PERSON_ID_KEY="cse-tiny-leak-probe-5d1f0b9e7a3c28e4a6b0"
unset CSE_PERSON_ID_KEY_FILE
export CSE_CLUSTER_EVENT_LOG="$CSE_CLUSTER_DIR/eventlog"
mkdir -p "$CSE_CLUSTER_EVENT_LOG"
data="$CSE_DATA_DIR/tiny"
[ -f "$data/raw/_manifest.json" ] || python -m cse_synth.generate --scale tiny --seed 42 --out "$data"

step "load tiny into the cluster's raw schema"
python -m cse_ingest.load --data "$data/raw"
CSE_AS_OF_DATE="$(python -m cse_synth.as_of "$data")"
export CSE_AS_OF_DATE

# What the cluster builds: every seed and model, with the hooks and the publish:
# the whole DAG, its Python models' work on the executors. The data tests and
# unit tests (about 690 of the 820 nodes, more than half the build's time) ran
# on the same inputs in the local tiny build of the same `make test`, and the
# marts test below ties the two builds row for row. CSE_CLUSTER_BUILD_ARGS=""
# runs them on the cluster too (the whole `dbt build`; about twice as long).
build_args="${CSE_CLUSTER_BUILD_ARGS---exclude-resource-type test --exclude-resource-type unit_test}"
step "dbt build ${build_args} on the standalone target"
build_start=$SECONDS
# shellcheck disable=SC2086  # build_args: words
PYSPARK_SUBMIT_ARGS="--conf spark.eventLog.enabled=true --conf spark.eventLog.dir=file://$CSE_CLUSTER_EVENT_LOG pyspark-shell" \
    dbt build $build_args
build_seconds=$((SECONDS - build_start))
printf '{"dbt_build_seconds": %d, "loadavg_after": "%s"}\n' "$build_seconds" "$(cut -d' ' -f1-3 /proc/loadavg)" \
    >"$CSE_CLUSTER_DIR/build-timing.json"
echo "test-cluster: dbt build took ${build_seconds}s (load average $(cut -d' ' -f1-3 /proc/loadavg))"

step "snapshot of the published marts"
export CSE_CLUSTER_SNAPSHOT="$CSE_CLUSTER_DIR/snapshot"
python -m cse_networks.snapshot --schema marts --out "$CSE_CLUSTER_SNAPSHOT"

step "pytest tests/python/cluster"
tests_rc=0
CSE_CLUSTER_STAGE=1 python -m pytest tests/python/cluster -p no:randomly "$@" || tests_rc=$?

# The stage's cost: wall time, and CPU seconds (on an idle 2-core machine the
# stage needs at least half of them as wall time).
step "done"
kill "$meter_pid" 2>/dev/null || true
meter_pid=""
cpu_total="$(awk -v hz="$(getconf CLK_TCK)" '{ if ($2 > m[$1]) m[$1] = $2 }
    END { for (p in m) s += m[p]; print s / hz }' "$meter")"
services_cpu="$(scripts/cluster.sh cpu)"
printf '{"stage_seconds": %d, "dbt_build_seconds": %d, "cpu_seconds": %.0f, "cpu_seconds_services": %.0f, "loadavg_end": "%s", "steps_at": {%s}}\n' \
    "$((SECONDS - start))" "$build_seconds" "$cpu_total" "$services_cpu" "$(cut -d' ' -f1-3 /proc/loadavg)" \
    "$(IFS=,; echo "${marks[*]}")" >"$CSE_CLUSTER_DIR/stage-timing.json"
echo "test-cluster: stage $((SECONDS - start))s wall, ${cpu_total%.*} CPU seconds (${services_cpu%.*} of them in the cluster's services and executors); load average $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$tests_rc"
