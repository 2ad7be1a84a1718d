with

base as (

    select * from {{ ref('base_crimes__crime_nominals') }}

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
    from base
    where n_breaches = 0

)

select * from final
