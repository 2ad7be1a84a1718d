#!/usr/bin/env bash
# The main job: set up, generate the synthetic data set, load it into `raw`,
# dbt build (SQL + Python models), docs, summary and analyst briefing pack.
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
python -m cse_synth.load --data "$data/raw"
step "dbt build"
dbt build
step "dbt docs generate"
dbt docs generate
step "summary"
python -m cse_networks.summary
