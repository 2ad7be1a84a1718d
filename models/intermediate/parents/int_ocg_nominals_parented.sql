-- OCG memberships that pass every check: the rows of stg_ocgm__ocg_nominals (their own
-- source's checks) with no breach in int_ocg_nominals_parents_checked either
-- (the cross-source orphan checks).
{{ rows_with_parents(
    'stg_ocgm__ocg_nominals',
    'int_ocg_nominals_parents_checked',
    'ocg_membership_id',
) }}
