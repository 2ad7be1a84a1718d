#!/usr/bin/env bash
# The fast check before a commit (no Spark, no dbt build): lint (ruff, sqlfluff), the
# contract check, then every pytest test not marked `spark`, `dbt` or `pipeline` (unit tests,
# graph step, person resolution, generator, briefing rendering). `make test` runs all.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$CSE_REPO_ROOT"
scripts/setup.sh

start=$SECONDS
step() { printf '\n== %s (at %ds)\n' "$*" "$((SECONDS - start))"; }

step "ruff"
ruff check python tests models benchmarks scripts/sqlfluff_dbt
ruff format --check python tests models benchmarks scripts/sqlfluff_dbt
step "sqlfluff"
sqlfluff lint models tests analyses macros --processes 2 --disable-progress-bar
step "contract check"
python -m cse_contract.check
step "pytest (not spark, dbt or pipeline)"
python -m pytest -m "not spark and not dbt and not pipeline" "$@"
step "done"
