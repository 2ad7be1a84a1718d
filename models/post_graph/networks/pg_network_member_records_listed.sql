-- The source records of each network member: how an arrest, a piece of
-- intelligence or any other record naming a record id reaches the member's
-- network.
with

members as (
    select
        person_id,
        network_id
    from {{ ref('pg_network_members_classified') }}
),

records as (
    select
        record_id,
        person_id
    from {{ ref('int_person_records_resolved') }}
),

final as (
    select
        members.network_id,
        members.person_id,
        records.record_id
    from members
    inner join records on members.person_id = records.person_id
)

select * from final
