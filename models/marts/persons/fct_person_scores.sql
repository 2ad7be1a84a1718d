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
        {{ declared_columns(cast=true) }}
    from persons
)

select * from final
