-- Arrests (custody records) of network members made on or before the as-of date.
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

custody_records as (
    select
        custody_id,
        record_id,
        arrested_at
    from {{ ref('stg_custody__custody_records') }}
    where arrested_at < {{ as_of_cutoff() }}
),

final as (
    select distinct
        members.network_id,
        members.person_id,
        custody_records.custody_id,
        custody_records.arrested_at
    from custody_records
    inner join records on custody_records.record_id = records.record_id
    inner join members on records.person_id = members.person_id
)

select * from final
