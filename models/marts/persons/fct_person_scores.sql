-- Priority of every person in the CSE link graph, with its components and the
-- plain-English evidence. Advisory: rank 1 = look at first; victims are not ranked.
with

members as (
    select * from {{ ref('pg_network_members_classified') }}
),

priorities as (
    select * from {{ ref('pg_persons_prioritised') }}
),

persons as (
    select
        members.person_id,
        members.component_id,
        members.network_id,
        members.is_cse_nominal,
        members.is_victim,
        members.is_ocg_member,
        members.degree,
        members.betweenness,
        members.eigenvector,
        members.member_role,
        members.is_key_player,
        members.key_player_order,
        members.run_id,
        priorities.harm_days,
        priorities.cse_harm_days,
        priorities.harm_days_recency_weighted,
        priorities.gravity_harm_days,
        priorities.n_crimes,
        priorities.n_cse_crimes,
        priorities.last_offence_at,
        priorities.n_victims,
        priorities.n_child_victims,
        priorities.linked_network_ids,
        priorities.linked_ocg_ids,
        {{- priority_component_columns('priorities') }}
        priorities.priority_score,
        priorities.priority_rank,
        priorities.explanation
    from members
    inner join priorities on members.person_id = priorities.person_id
),

final as (
    select
        cast(person_id as string) as person_id,
        cast(component_id as string) as component_id,
        cast(network_id as string) as network_id,
        cast(is_cse_nominal as boolean) as is_cse_nominal,
        cast(is_victim as boolean) as is_victim,
        cast(is_ocg_member as boolean) as is_ocg_member,
        cast(degree as bigint) as degree,  -- noqa: RF04
        cast(betweenness as double) as betweenness,
        cast(eigenvector as double) as eigenvector,
        cast(harm_days as double) as harm_days,
        cast(priority_score as double) as priority_score,
        cast(priority_rank as bigint) as priority_rank,
        cast(explanation as string) as explanation,
        cast(member_role as string) as member_role,
        cast(is_key_player as boolean) as is_key_player,
        cast(key_player_order as bigint) as key_player_order,
        cast(n_crimes as bigint) as n_crimes,
        cast(n_cse_crimes as bigint) as n_cse_crimes,
        cast(cse_harm_days as double) as cse_harm_days,
        cast(harm_days_recency_weighted as double) as harm_days_recency_weighted,
        cast(gravity_harm_days as double) as gravity_harm_days,
        cast(last_offence_at as timestamp) as last_offence_at,
        cast(n_victims as bigint) as n_victims,
        cast(n_child_victims as bigint) as n_child_victims,
        cast(linked_network_ids as array<string>) as linked_network_ids,
        cast(linked_ocg_ids as array<string>) as linked_ocg_ids,
        {{- priority_component_columns(cast_as='double') }}
        cast(run_id as string) as run_id
    from persons
)

select * from final
