-- Each network member's first appearance in any evidence known at the as-of
-- date: a crime as suspect or offender, an arrest, credible intelligence naming
-- them, or a link.
with

members as (
    select
        person_id,
        network_id
    from {{ ref('pg_network_members_classified') }}
),

member_offences as (
    select
        person_id,
        offence_at
    from {{ ref('pg_network_member_offences_listed') }}
),

arrests as (
    select
        person_id,
        arrested_at
    from {{ ref('pg_network_arrests_listed') }}
),

intel as (
    select
        person_id,
        submitted_at
    from {{ ref('pg_network_intel_listed') }}
),

links as (
    select
        person_id_a,
        person_id_b,
        first_seen_at
    from {{ ref('pg_person_links_dated') }}
),

member_events as (
    select
        person_id,
        offence_at as seen_at
    from member_offences
    union all
    select
        person_id,
        arrested_at as seen_at
    from arrests
    union all
    select
        person_id,
        submitted_at as seen_at
    from intel
    union all
    select
        person_id_a as person_id,
        first_seen_at as seen_at
    from links
    union all
    select
        person_id_b as person_id,
        first_seen_at as seen_at
    from links
),

final as (
    select
        members.network_id,
        members.person_id,
        min(member_events.seen_at) as first_seen_at
    from members
    inner join member_events on members.person_id = member_events.person_id
    group by members.network_id, members.person_id
)

select * from final
