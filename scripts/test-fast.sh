#!/usr/bin/env bash
# The fast check before a commit (no Spark, no dbt build): lint (ruff, sqlfluff), the
# contract check, then every pytest test not marked `spark`, `dbt` or `pipeline` (unit tests,
# graph step, person resolution, generator, briefing rendering). `make test` runs all.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$CSE_REPO_ROOT"
scripts/setup.sh --no-jvm-archive  # no Spark in this command

source scripts/static-checks.sh
step "pytest (not spark, dbt or pipeline)"
python -m pytest -m "not spark and not dbt and not pipeline" "$@"
step "done"
