#!/usr/bin/env bash
# The benchmark command: pipeline stages at tiny/default/large, graph step at
# 10k/100k/1M nodes, quality against planted truth -> BENCHMARKS.md + JSON.
# Takes a long time at large scale. Flags pass through, e.g. --scales tiny,default
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$CSE_REPO_ROOT"
scripts/setup.sh
# The synthetic worlds are frozen at their generator's date (docs block as_of_date).
CSE_AS_OF_DATE="${CSE_AS_OF_DATE:-$(python -c 'from cse_synth.generate import AS_OF_DATE; print(AS_OF_DATE)')}"
export CSE_AS_OF_DATE
python -m benchmarks.run "$@"
