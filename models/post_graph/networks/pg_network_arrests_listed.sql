-- Arrests (custody records) of network members made on or before the as-of date.
with

member_records as (
    select * from {{ ref('pg_network_member_records_listed') }}
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
        member_records.network_id,
        member_records.person_id,
        custody_records.custody_id,
        custody_records.arrested_at
    from custody_records
    inner join member_records on custody_records.record_id = member_records.record_id
)

select * from final
