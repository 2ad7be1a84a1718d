"""The published marts match the output contract (names and Spark types) and keep
personal identifiers out of every mart but the restricted identity mart."""

from __future__ import annotations

import yaml

from cse_contract import contract_dir

PERSONAL_COLUMNS = {"forename", "surname", "middle_names", "full_name", "display_name"}
PERSONAL_COLUMNS |= {"date_of_birth", "pnc_id", "postcode", "identifier_value"}


def _contract_tables() -> dict[str, dict]:
    return yaml.safe_load((contract_dir() / "outputs.yml").read_text())["tables"]


def test_every_contract_table_and_column_has_its_contract_type(tiny_marts) -> None:
    gaps = []
    for table, spec in _contract_tables().items():
        actual = tiny_marts.schemas.get(table)
        if actual is None:
            gaps.append(f"{table}: missing")
            continue
        for column in spec["columns"]:
            found = actual.get(column["name"])
            if found != column["type"]:
                gaps.append(f"{table}.{column['name']}: {found} (contract {column['type']})")
    assert gaps == []


def test_contract_primary_keys_are_unique_and_not_null(tiny_marts) -> None:
    for table, spec in _contract_tables().items():
        frame = tiny_marts.frames[table]
        keys = spec["primary_key"]
        assert frame[keys].notna().all().all(), table
        assert not frame.duplicated(keys).any(), table


def test_only_the_restricted_mart_holds_personal_identifiers(tiny_marts) -> None:
    leaks = {
        table: sorted(PERSONAL_COLUMNS & set(columns))
        for table, columns in tiny_marts.schemas.items()
        if table != "dim_person_identities" and PERSONAL_COLUMNS & set(columns)
    }
    assert leaks == {}
    # The identity model is never published into the marts schema BI reads.
    assert "dim_person_identities" not in tiny_marts.schemas
    assert "dim_person_identities" not in tiny_marts.frames  # rows never read by tests


def test_every_mart_has_rows(tiny_marts) -> None:
    empty = [name for name, frame in tiny_marts.frames.items() if len(frame) == 0]
    # OCG links and network links may legitimately be empty on other data; not on tiny.
    assert empty == []
