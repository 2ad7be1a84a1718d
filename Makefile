# cse-networks: the commands of the README. Each target is a thin wrapper.
SHELL := /bin/bash
.PHONY: setup run test test-fast test-cluster bench docs-serve lint clean

setup:  ## venv, pinned dependencies, Java check, the Spark driver's class-data archive
	scripts/setup.sh

run:  ## the main job: generate default data, load, dbt build, docs, summary
	scripts/run_main.sh

test:  ## lint, contract check, dbt build on tiny data, pytest (what CI runs)
	scripts/test.sh

test-fast:  ## lint, contract check, pytest without Spark or dbt builds (-m "not spark and not dbt and not pipeline")
	scripts/test-fast.sh

test-cluster:  ## the mini-cluster stage alone (needs CSE_TINY_SNAPSHOT, as make test sets it)
	scripts/test-cluster.sh

bench:  ## benchmark report (BENCHMARKS.md + JSON)
	scripts/bench.sh

docs-serve:  ## browse the lineage docs of the last build on http://localhost:8080
	. scripts/env.sh && dbt docs serve --port 8080 --no-browser

lint:
	. scripts/env.sh && ruff check python tests models benchmarks scripts/sqlfluff_dbt && python scripts/lint_sql.py models tests analyses macros

clean:  ## remove local state (warehouse, data, dbt target)
	rm -rf .local target logs
