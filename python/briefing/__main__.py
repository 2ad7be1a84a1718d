"""Command: write the analyst briefing pack for the top networks.

    python -m briefing --top 10 --out target/briefing/briefing.html [--with-names]

Prints only the output path and counts, never a person's details.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefing.columns import BriefingDataError
from briefing.page import render_briefing

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit status (2 for missing data or access)."""
    parser = argparse.ArgumentParser(prog="python -m briefing", description=__doc__.split("\n")[0])
    parser.add_argument("--top", type=int, default=10, help="networks in the pack (default 10)")
    parser.add_argument(
        "--out", type=Path, default=Path("target/briefing/briefing.html"), help="HTML file to write"
    )
    parser.add_argument(
        "--with-names",
        action="store_true",
        help="label people by name (needs read access to restricted.dim_person_identities)",
    )
    parser.add_argument("--seed", type=int, default=42, help="layout seed (default 42)")
    parser.add_argument(
        "--marking",
        default=None,
        help="protective marking banner (default: the run's dbt var protective_marking, "
        "else OFFICIAL-SENSITIVE)",
    )
    args = parser.parse_args(argv)
    if args.top < 1:
        parser.error("--top must be at least 1")

    from briefing.io import read_marts
    from cse_networks.spark import get_spark

    try:
        frames = read_marts(get_spark(), top_n=args.top, with_names=args.with_names)
        page = render_briefing(
            frames,
            top_n=args.top,
            seed=args.seed,
            with_names=args.with_names,
            marking=args.marking,
        )
    except BriefingDataError as error:
        print(f"briefing: error: {error}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(page, encoding="utf-8")
    count = page.count('class="link-chart"')
    print(f"Briefing pack: {count} networks -> {args.out} ({len(page) / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
