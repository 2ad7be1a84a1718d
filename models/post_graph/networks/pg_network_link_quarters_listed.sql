-- The calendar quarters each link inside a network was active in: from the
-- quarter it was first seen to the quarter it was last seen (clipped to the
-- as-of date).
with

members as (
    select
        person_id,
        network_id
    from {{ ref('pg_network_members_classified') }}
),

links as (
    select
        person_id_a,
        person_id_b,
        first_seen_at,
        last_seen_at
    from {{ ref('pg_person_links_dated') }}
),

links_inside_networks as (
    select
        members_a.network_id,
        links.person_id_a,
        links.person_id_b,
        links.first_seen_at,
        links.last_seen_at
    from links
    inner join members as members_a on links.person_id_a = members_a.person_id
    inner join members as members_b
        on
            links.person_id_b = members_b.person_id
            and members_a.network_id = members_b.network_id
),

final as (
    select
        network_id,
        person_id_a,
        person_id_b,
        quarter_start_date
    from links_inside_networks
        lateral view explode(
            sequence(
                to_date(date_trunc('quarter', first_seen_at)),
                to_date(date_trunc('quarter', last_seen_at)),
                interval 3 month
            )
        ) as quarter_start_date
)

select * from final
