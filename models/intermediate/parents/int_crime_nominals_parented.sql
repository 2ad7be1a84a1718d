-- Crime involvements that pass every check: the rows of stg_crimes__crime_nominals (their own
-- source's checks) with no breach in int_crime_nominals_parents_checked either
-- (the cross-source orphan checks).
{{ rows_with_parents(
    'stg_crimes__crime_nominals',
    'int_crime_nominals_parents_checked',
    'crime_nominal_id',
) }}
