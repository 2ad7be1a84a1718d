with

base as (

    select * from {{ ref('base_custody__custody_records') }}

),

final as (

    select
        custody_id,
        record_id,
        source_system,
        source_nominal_id,
        offence_code,
        crime_id,
        incident_id,
        arrest_postcode,
        arrested_at
    from base
    where n_breaches = 0

)

select * from final
