with

graded as (

    select
        grading_scheme,
        grade_text,
        exclusion_reason,
        is_credible,
        is_cse_marked
    from {{ ref('int_intel_reports_graded') }}

),

excluded_counted as (

    select
        grading_scheme,
        grade_text,
        exclusion_reason,
        count(*) as n_reports,
        count_if(is_cse_marked) as n_cse_marked_reports
    from graded
    where not is_credible
    group by grading_scheme, grade_text, exclusion_reason

),

scheme_totals as (

    select
        grading_scheme as total_scheme,
        count(*) as n_scheme_reports
    from graded
    group by grading_scheme

),

final as (

    select
        excluded_counted.grading_scheme,
        excluded_counted.grade_text,
        excluded_counted.exclusion_reason,
        excluded_counted.n_reports,
        excluded_counted.n_cse_marked_reports,
        excluded_counted.n_reports / scheme_totals.n_scheme_reports as share_of_scheme_reports
    from excluded_counted
    inner join scheme_totals
        on excluded_counted.grading_scheme = scheme_totals.total_scheme

)

select * from final
