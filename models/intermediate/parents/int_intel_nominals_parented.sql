{#- Intelligence mentions that pass every check, their parents' included: the rows of
    int_intel_nominals_parents_checked with no breach. -#}

with

checked as (

    select * from {{ ref('int_intel_nominals_parents_checked') }}

),

final as (

    select
        intel_nominal_id,
        intel_id,
        record_id,
        source_system,
        source_nominal_id,
        mention_role
    from checked
    where n_breaches = 0

)

select * from final
