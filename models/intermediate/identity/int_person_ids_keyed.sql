-- The person id of every cluster of this run, from the registry
-- (int_person_id_records_registered, docs block id_rules): a continuing person
-- keeps the id of earlier runs; a new one gets the keyed pseudonym of its anchor
-- record. One row per anchor record.
with

registered as (
    select
        anchor_record_id,
        person_id,
        person_id_key_source,
        person_id_key_check
    from {{ ref('int_person_id_records_registered') }}
    where anchor_record_id is not null
),

final as (
    select distinct
        anchor_record_id,
        person_id,
        person_id_key_source,
        person_id_key_check
    from registered
)

select * from final
