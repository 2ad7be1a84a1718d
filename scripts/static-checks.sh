# Sourced by scripts/test.sh and scripts/test-fast.sh (after env.sh, in the repo root):
# `step` prints a stage with the seconds since the start (README, "Tests"), then the
# static checks both commands begin with: ruff, sqlfluff, the contract check.
start=$SECONDS
step() { printf '\n== %s (at %ds)\n' "$*" "$((SECONDS - start))"; }

step "ruff"
ruff check python tests models benchmarks scripts/sqlfluff_dbt
ruff format --check python tests models benchmarks scripts/sqlfluff_dbt
step "sqlfluff"
python scripts/lint_sql.py models tests analyses macros
step "contract check"
python -m cse_contract.check
