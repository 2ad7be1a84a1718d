"""Run a lab's chain of steps in one process and one Spark session.

``python lab_steps.py STEPS.json``: the steps (``cse_networks.chain.Step`` as JSON)
run by ``cse_networks.chain.run_chain`` (what ``make run`` uses too), every step
whatever the one before returned, each step's output in ``<name>.out`` and each dbt
step's ``run_results.json`` copied to ``<name>.run_results.json`` in the folder of
``STEPS.json``; the exit codes by step go to ``STEPS.codes.json`` beside it
(``Lab.steps`` reads them all). A run that must be killed mid-way (the crash test)
is its own process (``Lab.dbt_killed_when``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from cse_networks.chain import Step, run_chain


def main(argv: list[str]) -> int:
    spec = Path(argv[0])
    steps = [Step.from_json(s) for s in json.loads(spec.read_text())]
    codes = run_chain(steps, outputs=spec.parent, keep_going=True, announce=False)
    spec.with_suffix(".codes.json").write_text(json.dumps(codes, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
