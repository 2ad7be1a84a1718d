-- Rank and score of every ranked person (offenders and suspects; victims are
-- not ranked) in every published run, this run included (docs block id_rules):
-- a dashboard shows trend and previous rank from it without recomputing
-- anything. Grain: one row per ranked person per published run.
with

history as (
    select
        run_id,
        to_date(as_of_date) as as_of_date,
        person_id,
        priority_rank,
        priority_score
    from {{ ref('registry_person_history') }}
),

final as (
    select
        *,
        dense_rank() over (order by as_of_date desc, run_id desc) = 1 as is_latest_run
    from history
)

select * from final
