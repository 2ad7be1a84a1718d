"""Print the as-of date of a generated data set (its manifest.json), for CSE_AS_OF_DATE.

    python -m cse_synth.as_of .local/data/default   ->  2026-11-01

The synthetic worlds are frozen at their generator's date; runs on them set
CSE_AS_OF_DATE to it (docs block ``as_of_date``). A missing or unreadable
manifest is one line on stderr and exit status 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def as_of_date(data_dir: Path) -> str:
    """The ``as_of_date`` recorded in ``data_dir/manifest.json``."""
    return str(json.loads((data_dir / "manifest.json").read_text(encoding="utf-8"))["as_of_date"])


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m cse_synth.as_of DATA_DIR", file=sys.stderr)
        return 2
    try:
        print(as_of_date(Path(args[0])))
    except (OSError, ValueError, KeyError) as error:
        print(f"cse_synth.as_of: cannot read the as-of date of {args[0]}: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
