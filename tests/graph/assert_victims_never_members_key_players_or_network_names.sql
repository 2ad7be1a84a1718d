-- Networks are offender groups (docs block network_definition): fails on every
-- person who is only a victim yet is a network member, a key player, or the
-- person a network is named after.
with

victims_only as (
    select person_id
    from {{ ref('graph_nodes') }}
    where is_victim_only
),

members as (
    select person_id
    from {{ ref('graph_person_metrics') }}
),

key_players as (
    select person_id
    from {{ ref('graph_key_players') }}
),

networks as (
    select network_id
    from {{ ref('graph_networks') }}
),

victims_as_members as (
    select
        victims_only.person_id,
        'network member' as problem
    from victims_only
    inner join members on victims_only.person_id = members.person_id
),

victims_as_key_players as (
    select
        victims_only.person_id,
        'key player' as problem
    from victims_only
    inner join key_players on victims_only.person_id = key_players.person_id
),

victims_naming_networks as (
    select
        victims_only.person_id,
        'network named after a victim' as problem
    from victims_only
    inner join networks on networks.network_id = concat('N_', victims_only.person_id)
),

final as (
    select * from victims_as_members
    union all
    select * from victims_as_key_players
    union all
    select * from victims_naming_networks
)

select * from final
