with

base as (

    select * from {{ ref('base_safeguarding__flags') }}

),

final as (

    select
        safeguarding_flag_id,
        record_id,
        source_system,
        source_nominal_id,
        flag_type,
        flagged_at
    from base
    where n_breaches = 0

)

select * from final
