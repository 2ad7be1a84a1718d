-- What changed since the last published run, network by network (docs block
-- id_rules): one row per network of this run and one per id retired in it,
-- with the previous id(s), rank then and now, and members added and removed.
with

changes as (
    select
        network_id,
        status,
        previous_network_ids,
        related_network_id,
        jaccard,
        n_members,
        n_members_added,
        n_members_removed,
        previous_rank,
        previous_as_of
    from {{ ref('graph_network_ids') }}
),

ranks as (
    select
        network_id,
        priority_rank
    from {{ ref('pg_networks_scored') }}
),

dates as (
    select as_of_date
    from {{ ref('int_run_dates_resolved') }}
),

changes_ranked as (
    select
        changes.network_id,
        changes.status,
        changes.previous_network_ids,
        changes.related_network_id,
        changes.jaccard,
        changes.n_members,
        changes.n_members_added,
        changes.n_members_removed,
        changes.previous_rank,
        cast(ranks.priority_rank as bigint) as priority_rank,
        -- positive: the network rose in the list (a smaller rank number)
        changes.previous_rank - cast(ranks.priority_rank as bigint) as rank_change,
        to_date(changes.previous_as_of) as previous_as_of_date
    from changes
    left join ranks on changes.network_id = ranks.network_id
),

final as (
    select
        changes_ranked.*,
        dates.as_of_date
    from changes_ranked
    cross join dates
)

select * from final
