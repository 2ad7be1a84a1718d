with

base as (

    select * from {{ ref('base_intel__reports') }}

),

final as (

    select
        intel_id,
        grading_scheme,
        source_evaluation,
        intelligence_assessment,
        handling_code,
        is_cse_marked,
        is_cse_mark_missing,
        submitted_at
    from base
    where n_breaches = 0

)

select * from final
