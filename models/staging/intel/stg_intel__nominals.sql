with

base as (

    select * from {{ ref('base_intel__nominals') }}

),

final as (

    select
        intel_nominal_id,
        intel_id,
        record_id,
        source_system,
        source_nominal_id,
        mention_role
    from base
    where n_breaches = 0

)

select * from final
