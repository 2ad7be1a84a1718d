-- Ranks run 1..N without gaps: networks over all networks, people over non-victims.
with

network_ranks as (
    select
        'fct_networks' as mart_name,
        count(*) as n_rows,
        min(priority_rank) as min_rank,
        max(priority_rank) as max_rank,
        count(distinct priority_rank) as n_ranks
    from {{ ref('fct_networks') }}
),

person_ranks as (
    select
        'fct_person_scores' as mart_name,
        count(*) as n_rows,
        min(priority_rank) as min_rank,
        max(priority_rank) as max_rank,
        count(distinct priority_rank) as n_ranks
    from {{ ref('fct_person_scores') }}
    where not is_victim
),

ranks as (
    select * from network_ranks
    union all
    select * from person_ranks
)

select *
from ranks
where n_rows > 0 and (min_rank != 1 or max_rank != n_rows or n_ranks != n_rows)
