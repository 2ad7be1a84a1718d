#!/usr/bin/env bash
# The main job: set up, generate the synthetic data set, load it into `raw`,
# source freshness, dbt build (SQL + Python models), docs, summary and analyst briefing pack.
# Usage: scripts/run_main.sh   (CSE_SCALE=tiny|default|large, default: default)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$CSE_REPO_ROOT"
scripts/setup.sh

scale="${CSE_SCALE:-default}"
seed="${CSE_SEED:-42}"
data="$CSE_DATA_DIR/$scale"

step() { printf '\n== %s\n' "$*"; }

step "generate synthetic '$scale' data (seed $seed) -> $data"
python -m cse_synth.generate --scale "$scale" --seed "$seed" --out "$data"
step "load into the raw schema"
python -m cse_ingest.load --data "$data/raw"
# The synthetic world is frozen at its generator's date: run as of that day
# (a real extract leaves CSE_AS_OF_DATE unset and runs as of the run's date).
CSE_AS_OF_DATE="${CSE_AS_OF_DATE:-$(python -m cse_synth.as_of "$data")}"
export CSE_AS_OF_DATE
step "source freshness of the load (a stale feed is reported in the summary; the run goes on)"
rm -f "${DBT_TARGET_PATH:-target}/sources.json"
dbt source freshness || echo "source freshness: some sources are stale (see the summary)"
# The check's results become rows of raw.freshness_log, stamped with the load:
# rpt_run_audit (SOURCE_FRESHNESS rows) and the summary show them.
python -m cse_ingest.freshness
step "dbt build"
# Every model and data test (the data tests are the audit the publish step waits on);
# unit tests prove the SQL, not the data: dbt's guidance is to run them in development
# and CI (make test), not in production runs (CSE_RUN_BUILD_ARGS, scripts/env.sh).
# shellcheck disable=SC2086  # the arguments are words
dbt build $CSE_RUN_BUILD_ARGS
step "table statistics (row counts in the lineage docs)"
dbt run-operation compute_table_statistics
step "dbt docs generate"
dbt docs generate
# Owners are roles (dbt groups, source meta.owner), not the account that ran the build.
python -m cse_networks.docs_owners
step "summary"
python -m cse_networks.summary
step "analyst briefing pack"
python -m briefing --top "${CSE_BRIEFING_TOP:-10}" --out "$CSE_REPO_ROOT/target/briefing/briefing.html"
echo "Open target/briefing/briefing.html in a browser; lineage docs: make docs-serve"
