{#- Crime involvements that pass every check, their parents' included: the rows of
    int_crime_nominals_parents_checked with no breach. -#}

with

checked as (

    select * from {{ ref('int_crime_nominals_parents_checked') }}

),

final as (

    select
        crime_nominal_id,
        crime_id,
        record_id,
        source_system,
        source_nominal_id,
        involvement,
        linked_at
    from checked
    where n_breaches = 0

)

select * from final
