-- Every link of fct_network_victim_links joins a member of the network
-- (fct_person_scores) to a victim listed for the same network (fct_network_victims).
with

victim_links as (
    select
        network_id,
        offender_person_id,
        victim_person_id
    from {{ ref('fct_network_victim_links') }}
),

network_victims as (
    select
        network_id,
        victim_person_id
    from {{ ref('fct_network_victims') }}
),

members as (
    select
        network_id,
        person_id
    from {{ ref('fct_person_scores') }}
),

final as (
    select
        victim_links.network_id,
        victim_links.offender_person_id,
        victim_links.victim_person_id,
        network_victims.victim_person_id is null as is_victim_not_listed,
        members.person_id is null as is_offender_not_member
    from victim_links
    left join network_victims
        on
            victim_links.network_id = network_victims.network_id
            and victim_links.victim_person_id = network_victims.victim_person_id
    left join members
        on
            victim_links.network_id = members.network_id
            and victim_links.offender_person_id = members.person_id
    where network_victims.victim_person_id is null or members.person_id is null
)

select * from final
