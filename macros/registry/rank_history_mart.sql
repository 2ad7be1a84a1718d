{#- Body of a rank-history mart: the rows of the registry history model
    `history_model` (one row per `id_column` per published run), the as-of
    date as a date, and whether the row is of the latest published run (docs
    block `id_rules`). -#}
{% macro rank_history_mart(history_model, id_column) %}
with

history as (
    select
        run_id,
        to_date(as_of_date) as as_of_date,
        {{ id_column }},
        priority_rank,
        priority_score
    from {{ ref(history_model) }}
),

final as (
    select
        *,
        dense_rank() over (order by as_of_date desc, run_id desc) = 1 as is_latest_run
    from history
)

select * from final
{%- endmacro %}
