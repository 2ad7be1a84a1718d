-- Every intelligence report known at the as-of date (int_intel_reports_known)
-- with its credibility under the `intel_grade_credibility` seed (docs block
-- `credibility_rule`). Handling codes do not affect credibility, so the seed
-- is read per scheme, source evaluation and intelligence assessment.

with

reports as (

    select
        intel_id,
        grading_scheme,
        source_evaluation,
        intelligence_assessment,
        handling_code,
        is_cse_marked,
        submitted_at
    from {{ ref('int_intel_reports_known') }}

),

grades as (

    select distinct
        grading_scheme as grade_scheme,
        source_evaluation as grade_source_evaluation,
        intelligence_assessment as grade_intelligence_assessment,
        is_credible as is_credible_grade,
        rationale
    from {{ ref('intel_grade_credibility') }}

),

reports_graded as (

    select
        reports.*,
        grades.is_credible_grade,
        grades.rationale
    from reports
    left join grades
        on
            reports.grading_scheme = grades.grade_scheme
            and reports.source_evaluation = grades.grade_source_evaluation
            and reports.intelligence_assessment = grades.grade_intelligence_assessment

),

final as (

    select
        intel_id,
        grading_scheme,
        source_evaluation,
        intelligence_assessment,
        handling_code,
        concat(
            grading_scheme, ' ',
            coalesce(source_evaluation, '-'),
            coalesce(intelligence_assessment, '-')
        ) as grade_text,
        coalesce(is_credible_grade, false) as is_credible,
        case
            when source_evaluation is null then 'MISSING_GRADE:source_evaluation'
            when intelligence_assessment is null then 'MISSING_GRADE:intelligence_assessment'
            when is_credible_grade is null then 'UNKNOWN_GRADE'
            when not is_credible_grade then 'LOW_GRADE'
        end as exclusion_reason,
        coalesce(rationale, 'grade missing or unknown: not credible') as credibility_rationale,
        is_cse_marked,
        submitted_at
    from reports_graded

)

select * from final
