#!/usr/bin/env bash
# The fast check before a commit (no Spark, no dbt build): lint (ruff, sqlfluff), the
# contract check, then every pytest test not marked `spark`, `dbt` or `pipeline` (unit tests,
# graph step, person resolution, generator, briefing rendering). `make test` runs all.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$CSE_REPO_ROOT"
# no Spark in this command; Debian's chromium for the briefing-pack browser test
# (installed when run as root, else it stops with the one command to run)
scripts/setup.sh --no-jvm-archive --with-browser

source scripts/static-checks.sh
step "pytest (not spark, dbt or pipeline)"
python -m pytest -m "not spark and not dbt and not pipeline" "$@"
step "done"
