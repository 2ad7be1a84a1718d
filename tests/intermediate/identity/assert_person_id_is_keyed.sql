-- Fails when the keyed ids were not made with one real key:
-- - the person ids and identifier ids of the build carry different keys (their
--   models were built in runs with different keys), or more than one key;
-- - the key is a known public value (the key check values below are those of
--   the empty key, Spark's redaction constant '*********(redacted)' and the old
--   development key 'local-synthetic-only', and bec8d31e4ced4bcc the public
--   development key's; tests/python/identity checks these four),
--   or the public development key under a source that is not that key;
-- - a person id is the unkeyed hash, or the old hash under a public constant.
with

person_keys as (
    select distinct
        person_id_key_source as key_source,
        person_id_key_check as key_check
    from {{ ref('int_person_ids_keyed') }}
),

identifier_keys as (
    select distinct
        person_id_key_source as key_source,
        person_id_key_check as key_check
    from {{ ref('int_identifier_ids_keyed') }}
),

person_ids as (
    select
        anchor_record_id,
        person_id
    from {{ ref('int_person_ids_keyed') }}
),

all_keys as (
    select * from person_keys
    union
    select * from identifier_keys
),

keys_counted as (
    select 'more than one person id key in the build' as failure
    from all_keys
    having count(*) > 1
),

keys_checked as (
    select 'person id key is a known public value' as failure
    from all_keys
    where
        key_check in ('74d2aba6c0c16eb6', 'ca1e500b2b3b5692', '14a4072ee0525ba7')
        or (
            key_check = 'bec8d31e4ced4bcc'
            and key_source != 'PUBLIC_DEVELOPMENT_KEY'
        )
        or (
            key_source = 'PUBLIC_DEVELOPMENT_KEY'
            and key_check != 'bec8d31e4ced4bcc'
        )
),

ids_checked as (
    select 'person id is an unkeyed or publicly keyed hash' as failure
    from person_ids
    where
        person_id = concat('P', substr(sha2(anchor_record_id, 256), 1, 16))
        or person_id = concat(
            'P', substr(sha2(concat('|', anchor_record_id), 256), 1, 16)
        )
        or person_id = concat(
            'P',
            substr(sha2(concat('*********(redacted)|', anchor_record_id), 256), 1, 16)
        )
        or person_id = concat(
            'P',
            substr(sha2(concat('local-synthetic-only|', anchor_record_id), 256), 1, 16)
        )
),

final as (
    select * from keys_counted
    union all
    select * from keys_checked
    union all
    select * from ids_checked
)

select * from final
