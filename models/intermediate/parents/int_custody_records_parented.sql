-- Custody records that pass every check: the rows of stg_custody__custody_records (their own
-- source's checks) with no breach in int_custody_records_parents_checked either
-- (the cross-source orphan checks).
{{ rows_with_parents(
    'stg_custody__custody_records',
    'int_custody_records_parents_checked',
    'custody_id',
) }}
