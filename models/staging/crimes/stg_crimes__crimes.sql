with

base as (

    select * from {{ ref('base_crimes__crimes') }}

),

final as (

    select
        crime_id,
        offence_code,
        offence_category,
        lsoa_code,
        outcome_code,
        is_child_sexual_offence,
        is_cse_flagged,
        is_cse_flag_missing,
        committed_from,
        committed_to,
        recorded_at,
        offence_at
    from base
    where n_breaches = 0

)

select * from final
