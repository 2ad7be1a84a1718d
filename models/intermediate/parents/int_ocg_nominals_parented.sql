{#- OCG memberships that pass every check, their parents' included: the rows of
    int_ocg_nominals_parents_checked with no breach. -#}

with

checked as (

    select * from {{ ref('int_ocg_nominals_parents_checked') }}

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
    from checked
    where n_breaches = 0

)

select * from final
