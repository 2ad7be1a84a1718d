-- Fails when the person-id key is empty or unset, or on every record whose person id is
-- not the keyed hash of its anchor record id, or equals the hash without a key.
with

resolved as (
    select
        record_id,
        anchor_record_id,
        person_id
    from {{ ref('int_person_records_resolved') }}
),

key_checked as (
    -- Empty, or left unsubstituted because the session lacks the key conf.
    select 'empty or unset person id key' as failure
    where {{ person_id_key() }} in ('', concat('$', '{spark.cse.person_id_key}'))
),

ids_checked as (
    select 'person id not keyed' as failure
    from resolved
    where
        person_id != {{ person_id('anchor_record_id') }}
        or person_id = concat(
            'P', substr(sha2(concat('', '|', anchor_record_id), 256), 1, 16)
        )
),

final as (
    select * from key_checked
    union all
    select * from ids_checked
)

select * from final
