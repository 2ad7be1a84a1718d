-- Intelligence mentions that pass every check: the rows of stg_intel__nominals (their own
-- source's checks) with no breach in int_intel_nominals_parents_checked either
-- (the cross-source orphan checks).
{{ rows_with_parents(
    'stg_intel__nominals',
    'int_intel_nominals_parents_checked',
    'intel_nominal_id',
) }}
