# The static checks of both test commands: ruff, sqlfluff, the contract check. Sourced
# by scripts/test-fast.sh first thing, and run by scripts/test.sh in the background,
# beside its tiny build (after env.sh, in the repo root; each stage printed by `step`).
source scripts/stage-clock.sh

step "ruff"
ruff check python tests models benchmarks scripts/sqlfluff_dbt
ruff format --check python tests models benchmarks scripts/sqlfluff_dbt
step "sqlfluff"
python scripts/lint_sql.py models tests analyses macros
step "contract check"
python -m cse_contract.check
