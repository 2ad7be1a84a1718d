-- Safeguarding flags that pass every check: the rows of stg_safeguarding__flags (their own
-- source's checks) with no breach in int_safeguarding_flags_parents_checked either
-- (the cross-source orphan checks).
{{ rows_with_parents(
    'stg_safeguarding__flags',
    'int_safeguarding_flags_parents_checked',
    'safeguarding_flag_id',
) }}
