with

base as (

    select * from {{ ref('base_ocgm__ocg_nominals') }}

),

final as (

    select
        ocg_membership_id,
        ocg_id,
        record_id,
        source_system,
        source_nominal_id,
        ocg_role,
        ocg_threat_band,
        mapped_from,
        archived_at
    from base
    where n_breaches = 0

)

select * from final
