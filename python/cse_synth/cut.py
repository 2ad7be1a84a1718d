"""The extract the force would have sent on an earlier day, cut from a generated world.

    python -m cse_synth.cut --data .local/data/default --at 2026-05-01 --out .local/data/default-cut

Two cuts of one world (an earlier one and the full extract) are what the id-persistence
test and benchmark run on (docs block ``id_rules``): run 1 on the cut at T1, run 2 on
the later extract. A row is in the cut when it existed at the cut time:

- nominals created by then; crimes recorded by then; custody records, intelligence
  reports and safeguarding flags dated by then;
- link rows (crime_nominals, intel_nominals, identifiers, OCG mappings, custody,
  flags) only when their person record and their crime or report are in the cut;
- a period still open at the cut time (identifier ``observed_to``, OCG
  ``archived_at`` after it) is open (null) in the cut.

Reads and writes single-file Parquet extracts (the ``files`` layout of ``tiny`` and
``default``); writes the cut's control totals (``raw/_manifest.json``, extracted at
the cut time) and a ``manifest.json`` whose ``as_of_date`` is the cut day.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import pandas as pd

from cse_contract import ContractError, load_contract, write_manifest

__all__ = ["cut_extract", "main"]

PERSON_KEY = ["source_system", "source_nominal_id"]


def _before(frame: pd.DataFrame, column: str, at: pd.Timestamp) -> pd.DataFrame:
    return frame[pd.to_datetime(frame[column]) <= at]


def _with_person(frame: pd.DataFrame, nominals: pd.DataFrame) -> pd.DataFrame:
    keys = nominals[PERSON_KEY].drop_duplicates()
    return frame.merge(keys, on=PERSON_KEY, how="inner")[frame.columns]


def _open_after(frame: pd.DataFrame, column: str, at: pd.Timestamp) -> pd.DataFrame:
    out = frame.copy()
    out[column] = out[column].astype(object).where(~(pd.to_datetime(out[column]) > at), None)
    return out


def cut_tables(tables: dict[str, pd.DataFrame], at: pd.Timestamp) -> dict[str, pd.DataFrame]:
    """The rows of ``tables`` (raw contract tables) that existed at ``at``."""
    nominals = _before(tables["nominals"], "created_at", at)
    crimes = _before(tables["crimes"], "recorded_at", at)
    reports = _before(tables["intel_reports"], "submitted_at", at)
    crime_nominals = _with_person(_before(tables["crime_nominals"], "linked_at", at), nominals)
    crime_nominals = crime_nominals[crime_nominals["crime_id"].isin(set(crimes["crime_id"]))]
    intel_nominals = _with_person(tables["intel_nominals"], nominals)
    intel_nominals = intel_nominals[intel_nominals["intel_id"].isin(set(reports["intel_id"]))]
    identifiers = _with_person(
        _before(tables["nominal_identifiers"], "observed_from", at), nominals
    )
    ocg = _with_person(_before(tables["ocg_nominals"], "mapped_from", at), nominals)
    return {
        "nominals": nominals,
        "crimes": crimes,
        "crime_nominals": crime_nominals,
        "custody_records": _with_person(
            _before(tables["custody_records"], "arrested_at", at), nominals
        ),
        "intel_reports": reports,
        "intel_nominals": intel_nominals,
        "nominal_identifiers": _open_after(identifiers, "observed_to", at),
        "ocg_nominals": _open_after(ocg, "archived_at", at),
        "safeguarding_flags": _with_person(
            _before(tables["safeguarding_flags"], "flagged_at", at), nominals
        ),
    }


def cut_extract(data: Path, at: str, out: Path) -> dict[str, int]:
    """Write the cut of ``data/raw`` at ``at`` (ISO date) to ``out/raw``; rows per table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    stamp = pd.Timestamp(at)
    names = list(load_contract())
    arrow = {name: pq.read_table(data / "raw" / f"{name}.parquet") for name in names}
    tables = {name: table.to_pandas() for name, table in arrow.items()}
    for frame in tables.values():
        frame["_row"] = range(len(frame))
    cut = cut_tables(tables, stamp + pd.Timedelta(days=1) - pd.Timedelta(seconds=1))
    if out.exists():
        shutil.rmtree(out)
    (out / "raw").mkdir(parents=True)
    files = {}
    for name in names:
        rows = pa.array(cut[name]["_row"].to_numpy(), type=pa.int64())
        table = arrow[name].take(rows)
        for column in ("observed_to", "archived_at"):
            if column in table.column_names:
                kept = cut[name][column]
                index = table.column_names.index(column)
                field = table.schema.field(column)
                values = pa.array(kept.where(kept.notna(), None).tolist(), type=field.type)
                table = table.set_column(index, field, values)
        pq.write_table(table, out / "raw" / f"{name}.parquet")
        files[name] = [(f"{name}.parquet", table.num_rows)]
    write_manifest(out / "raw", files, extracted_at=f"{stamp.date().isoformat()}T23:59:59Z")
    source = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    manifest = {
        **source,
        "as_of_date": stamp.date().isoformat(),
        "cut_from": str(source.get("scale")),
    }
    manifest["row_counts"] = {name: files[name][0][1] for name in names}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest["row_counts"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="a generated data set (DIR/raw)")
    parser.add_argument("--at", required=True, help="cut day, YYYY-MM-DD (rows up to its end)")
    parser.add_argument("--out", type=Path, required=True, help="folder for the cut (replaced)")
    args = parser.parse_args(argv)
    try:
        counts = cut_extract(args.data, args.at, args.out)
    except (OSError, ValueError, KeyError, ContractError) as error:
        print(f"cse_synth.cut: {error}", file=sys.stderr)
        return 2
    print(f"cse_synth.cut: {args.data} at {args.at} -> {args.out} ({sum(counts.values())} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
