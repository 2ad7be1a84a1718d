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
step() { printf '\n-- cluster: %s (at %ds)\n' "$*" "$((SECONDS - start))"; }

# A fresh cluster each time; whatever happens next, it is stopped by pid.
scripts/cluster.sh down >/dev/null
trap 'scripts/cluster.sh down' EXIT
trap 'exit 143' TERM INT
rm -rf "$CSE_CLUSTER_DIR"

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

# The stage's cost: wall time, and CPU seconds (this script's processes plus the
# cluster's services and executors), which unlike wall time barely depends on
# what else the shared machine runs: on an idle 2-core machine the stage needs
# at least half its CPU seconds of wall time.
times >"$CSE_CLUSTER_DIR/times.txt"   # in this shell: its children's CPU
own_cpu="$(awk 'NR == 2 { n = 0; for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); n += t[1] * 60 + t[2] } print n }' "$CSE_CLUSTER_DIR/times.txt")"
services_cpu="$(scripts/cluster.sh cpu)"
printf '{"stage_seconds": %d, "dbt_build_seconds": %d, "cpu_seconds_processes": %.0f, "cpu_seconds_services": %.0f, "loadavg_end": "%s"}\n' \
    "$((SECONDS - start))" "$build_seconds" "$own_cpu" "$services_cpu" "$(cut -d' ' -f1-3 /proc/loadavg)" \
    >"$CSE_CLUSTER_DIR/stage-timing.json"
echo "test-cluster: stage $((SECONDS - start))s wall; CPU ${own_cpu%.*}s in dbt, loader, snapshot and tests + ${services_cpu%.*}s in the cluster's services and executors (load average $(cut -d' ' -f1-3 /proc/loadavg))"
step "done"
exit "$tests_rc"
