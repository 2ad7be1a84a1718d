-- The names of each person's anchor record (the record resolution built on):
-- the one place the restricted identity mart takes names from. One row per
-- person whose anchor record has a staged nominal.
with

records as (
    select
        record_id,
        person_id,
        anchor_record_id
    from {{ ref('int_person_records_resolved') }}
),

nominals as (
    select
        record_id,
        forename,
        surname,
        full_name
    from {{ ref('stg_person_records__nominals') }}
),

anchor_names as (
    select distinct
        records.person_id,
        nominals.forename,
        nominals.surname,
        nominals.full_name
    from records
    inner join nominals on records.anchor_record_id = nominals.record_id
    where records.record_id = records.anchor_record_id
),

final as (
    select
        person_id,
        forename,
        surname,
        full_name
    from anchor_names
)

select * from final
