#!/usr/bin/env bash
# The main job: set up, generate the synthetic data set, load it into `raw`,
# source freshness, dbt build (SQL + Python models), docs, summary and analyst briefing pack.
# Usage: scripts/run_main.sh   (CSE_SCALE=tiny|default|large, default: default)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$CSE_REPO_ROOT"
# Without writing the driver's class-data archive: it saves a few seconds per Spark
# start and the main job starts one driver, while writing it costs about 40 s once
# (benchmarks/notes/42-jvm-class-archive.md). The archive `make setup` or `make test`
# wrote is used (below); `make run` alone never waits for one.
scripts/setup.sh --no-jvm-archive

scale="${CSE_SCALE:-default}"
seed="${CSE_SEED:-42}"
data="$CSE_DATA_DIR/$scale"

step() { printf '\n== %s\n' "$*"; }

step "generate synthetic '$scale' data (seed $seed) -> $data"
python -m cse_synth.generate --scale "$scale" --seed "$seed" --out "$data"
# The synthetic world is frozen at its generator's date: run as of that day
# (a real extract leaves CSE_AS_OF_DATE unset and runs as of the run's date).
CSE_AS_OF_DATE="${CSE_AS_OF_DATE:-$(python -m cse_synth.as_of "$data")}"
export CSE_AS_OF_DATE
# Load, source freshness (a stale feed is reported in the summary; the run goes on)
# and its log, dbt build ($CSE_RUN_BUILD_ARGS, scripts/env.sh: every model and data
# test; the unit tests prove the SQL, not the data, and run in make test), table
# statistics, docs and their owners, summary, briefing pack: one process and one
# Spark session for all of them (python/cse_networks/main_job.py; each step prints
# its seconds), not a Spark start-up per command.
# The driver's JVM flags, unless CSE_SPARK_DRIVER_JAVA_OPTIONS is set (empty: Java's
# defaults): at tiny and default, a run of minutes, the short-run flags
# (CSE_SHORT_RUN_JVM_FLAGS, scripts/env.sh); at large, Java's defaults (C2 earns its
# compile threads in a build of half an hour; not measured with the short-run flags).
if [ -z "${CSE_SPARK_DRIVER_JAVA_OPTIONS+set}" ] && [ "$scale" != large ]; then
    CSE_SPARK_DRIVER_JAVA_OPTIONS="$CSE_SHORT_RUN_JVM_FLAGS"
fi
# The local driver maps the class-data archive, when `make setup` or `make test` wrote one
# (python/cse_networks/jvm_archive.py;
# --options gives nothing for the other targets, whose drivers have another class path).
CSE_SPARK_DRIVER_JAVA_OPTIONS="${CSE_SPARK_DRIVER_JAVA_OPTIONS:-} $(python -m cse_networks.jvm_archive --options)"
export CSE_SPARK_DRIVER_JAVA_OPTIONS
# The pack sits in the dbt target folder, beside the Splink charts its methods note links.
briefing="${DBT_TARGET_PATH:-$CSE_REPO_ROOT/target}/briefing/briefing.html"
python -m cse_networks.main_job --data "$data/raw" --top "${CSE_BRIEFING_TOP:-10}" \
    --briefing "$briefing"
echo "Open $briefing in a browser; lineage docs: make docs-serve"
