-- Intelligence reports known at the as-of date (docs block as_of_date): the
-- one place an intelligence report enters the analysis. A report counts from
-- when it was submitted (submitted_at, its only date): before that it was in
-- no system the analyst could read. The persons a report names
-- (stg_intel__nominals, undated) count with their report: every reader joins
-- them to a known report (int_intel_reports_graded).
with

reports as (
    select * from {{ ref('stg_intel__reports') }}
),

final as (
    select *
    from reports
    where submitted_at < {{ as_of_cutoff() }}
)

select * from final
