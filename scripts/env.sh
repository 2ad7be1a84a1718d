# Source me: environment shared by every command (paths, dbt profile, quiet Spark).
# All values can be overridden by exporting them first.
cse_here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Sourced before from another checkout (a second clone run from the same shell):
# the paths and commit that checkout's env.sh derived are its own, so they are
# derived again here (a path set by hand outside that checkout is kept). Without
# this, a clean clone would run on the other checkout's .venv (its code), data,
# warehouse and profile, and its run audit would record the other commit.
if [ -n "${CSE_REPO_ROOT:-}" ] && [ "$CSE_REPO_ROOT" != "$cse_here" ]; then
    for cse_name in CSE_VENV DBT_PROFILES_DIR CSE_WAREHOUSE_DIR CSE_DATA_DIR; do
        case "${!cse_name:-}" in "$CSE_REPO_ROOT" | "$CSE_REPO_ROOT"/*) unset "$cse_name" ;; esac
    done
    unset CSE_GIT_COMMIT cse_name
fi
CSE_REPO_ROOT="$cse_here"
unset cse_here
export CSE_REPO_ROOT
export CSE_VENV="${CSE_VENV:-$CSE_REPO_ROOT/.venv}"
export DBT_PROFILES_DIR="${DBT_PROFILES_DIR:-$CSE_REPO_ROOT}"
export CSE_TARGET="${CSE_TARGET:-local}"
export CSE_WAREHOUSE_DIR="${CSE_WAREHOUSE_DIR:-$CSE_REPO_ROOT/.local/warehouse}"
export CSE_DATA_DIR="${CSE_DATA_DIR:-$CSE_REPO_ROOT/.local/data}"
export DBT_SEND_ANONYMOUS_USAGE_STATS=false
export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore::FutureWarning,ignore::DeprecationWarning}"
export PATH="$CSE_VENV/bin:$PATH"
# The JVM flags of a Spark driver that lives minutes, not days (one definition: the
# test command's drivers, `make run` at tiny and default, and the mini-cluster's JVMs):
# C1 only, since C2's compile threads cost more CPU than they return in a run of
# minutes on 2 cores, and the serial collector. C1 alone would shrink the code cache
# to 48 MB, which a whole build's generated code fills ("Out of space in CodeCache"
# kills the SparkContext): the tiered default, 240 MB, is kept. `make run` at default,
# same hour: 255 s and 261 s with them, 271 s and 290 s with Java's defaults
# (benchmarks/notes/40-make-run-speed.md).
export CSE_SHORT_RUN_JVM_FLAGS="${CSE_SHORT_RUN_JVM_FLAGS--XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=240m -XX:+UseSerialGC}"
# Arguments of the production `dbt build` (make run, and the benchmark's one-build pass):
# models and data tests, no unit tests (they prove SQL, not data, and run in make test).
# CSE_RUN_BUILD_ARGS="" runs them too.
export CSE_RUN_BUILD_ARGS="${CSE_RUN_BUILD_ARGS---exclude-resource-type unit_test}"
# The commit the run audit records (rpt_run_audit.git_commit); outside a git
# checkout (an exported tarball) say so rather than guess.
CSE_GIT_COMMIT="${CSE_GIT_COMMIT:-$(git -C "$CSE_REPO_ROOT" rev-parse HEAD 2>/dev/null || echo 'not a git checkout')}"
export CSE_GIT_COMMIT
