-- Intelligence reports typed and standardised, with breach reasons. Grade
-- codes are checked per grading scheme against the `intel_grade_credibility`
-- seed, which lists every valid combination of both schemes. A missing grade
-- is allowed by the contract (the report is kept but is not credible).
{% set codes = var('raw_code_values') -%}

with

source as (

    {{ raw_rows('intel', 'intel_reports') }}

),

grades as (

    select
        grading_scheme,
        source_evaluation,
        intelligence_assessment,
        handling_code
    from {{ ref('intel_grade_credibility') }}

),

source_evaluations as (

    select distinct
        grading_scheme as valid_scheme_se,
        source_evaluation as valid_source_evaluation
    from grades

),

intelligence_assessments as (

    select distinct
        grading_scheme as valid_scheme_ia,
        intelligence_assessment as valid_intelligence_assessment
    from grades

),

handling_codes as (

    select distinct
        grading_scheme as valid_scheme_hc,
        handling_code as valid_handling_code
    from grades

),

standardised as (

    select
        {{ standardise_id('intel_id') }} as intel_id,
        {{ standardise_code('grading_scheme') }} as grading_scheme,
        {{ standardise_code('source_evaluation') }} as source_evaluation,
        {{ standardise_code('intelligence_assessment') }} as intelligence_assessment,
        {{ standardise_code('handling_code') }} as handling_code,
        is_cse_marked is null as is_cse_mark_missing,
        coalesce(is_cse_marked, false) as is_cse_marked,
        cast(submitted_at as timestamp) as submitted_at,
        {{ record_key(['intel_id']) }} as record_key,
        raw_row_json
    from source

),

checked as (

    select
        *,
        {{ breach_array([
            breach_null('intel_id'),
            breach_null('submitted_at'),
            breach_null('grading_scheme'),
            breach_unknown('grading_scheme', codes['grading_scheme']),
            "case when grading_scheme in " ~ sql_list(codes['grading_scheme'])
            ~ " and source_evaluation is not null and valid_source_evaluation is null"
            ~ " then 'UNKNOWN_CODE:source_evaluation' end",
            "case when grading_scheme in " ~ sql_list(codes['grading_scheme'])
            ~ " and intelligence_assessment is not null"
            ~ " and valid_intelligence_assessment is null"
            ~ " then 'UNKNOWN_CODE:intelligence_assessment' end",
            "case when grading_scheme in " ~ sql_list(codes['grading_scheme'])
            ~ " and handling_code is not null and valid_handling_code is null"
            ~ " then 'UNKNOWN_CODE:handling_code' end",
            breach_future('submitted_at'),
        ]) }} as row_breaches
    from standardised
    left join source_evaluations
        on
            standardised.grading_scheme = source_evaluations.valid_scheme_se
            and standardised.source_evaluation = source_evaluations.valid_source_evaluation
    left join intelligence_assessments
        on
            standardised.grading_scheme = intelligence_assessments.valid_scheme_ia
            and standardised.intelligence_assessment
            = intelligence_assessments.valid_intelligence_assessment
    left join handling_codes
        on
            standardised.grading_scheme = handling_codes.valid_scheme_hc
            and standardised.handling_code = handling_codes.valid_handling_code

),

copies_numbered as (

    {{ copies_numbered(['intel_id']) }}

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
        submitted_at,
        {{ base_audit_columns() }}
    from copies_numbered

)

select * from final
