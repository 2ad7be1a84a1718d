-- Offender members of each network of this run: what the next run matches its
-- networks against (Jaccard of offender members, docs block id_rules).
with

members as (
    select
        network_id,
        person_id
    from {{ ref('pg_network_members_classified') }}
    where network_id is not null
),

final as (
    select
        *,
        '{{ invocation_id }}' as registry_run_id
    from members
)

select * from final
