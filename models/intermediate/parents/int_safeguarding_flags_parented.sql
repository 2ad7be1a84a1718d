{#- Safeguarding flags that pass every check, their parents' included: the rows of
    int_safeguarding_flags_parents_checked with no breach. -#}

with

checked as (

    select * from {{ ref('int_safeguarding_flags_parents_checked') }}

),

final as (

    select
        safeguarding_flag_id,
        record_id,
        source_system,
        source_nominal_id,
        flag_type,
        flagged_at
    from checked
    where n_breaches = 0

)

select * from final
