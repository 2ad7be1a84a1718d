-- Arrests (custody records) of network members known at the as-of date
-- (int_custody_records_known: made on or before it).
with

member_records as (
    select * from {{ ref('pg_network_member_records_listed') }}
),

custody_records as (
    select
        custody_id,
        record_id,
        arrested_at
    from {{ ref('int_custody_records_known') }}
),

final as (
    select distinct
        member_records.network_id,
        member_records.person_id,
        custody_records.custody_id,
        custody_records.arrested_at
    from custody_records
    inner join member_records on custody_records.record_id = member_records.record_id
)

select * from final
