with

base as (

    select * from {{ ref('base_person_records__identifiers') }}

),

final as (

    select
        identifier_key,
        record_id,
        source_system,
        source_nominal_id,
        identifier_type,
        identifier_value,
        identifier_value_recorded,
        observed_from,
        observed_to
    from base
    where n_breaches = 0

)

select * from final
