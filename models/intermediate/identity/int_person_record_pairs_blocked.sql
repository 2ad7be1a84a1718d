-- Candidate record pairs for the fuzzy rules (a < b): the same date of birth, a
-- day/month-transposed date of birth, the same canonical forename and surname,
-- or the same personal identifier held in overlapping periods. Very large
-- blocks carry no evidence and would explode the pairs. The kinds of identifier
-- shared are kept for the evidence text.
{%- set identifier_types = var('identity_identifier_types') %}
{%- set identifier_max_records = var('identity_identifier_max_records') %}

with

records as (
    select * from {{ ref('int_person_records_prepared') }}
),

identifiers as (
    select
        record_id,
        identifier_type,
        identifier_value,
        observed_from,
        coalesce(observed_to, date '9999-12-31') as observed_until
    from {{ ref('stg_person_records__identifiers') }}
    where identifier_type in {{ sql_list(identifier_types) }}
),

-- Blocking keys; very large blocks carry no evidence and would explode the pairs.
records_blocked as (
    select
        records.*,
        count(*) over (partition by records.date_of_birth) as n_dob_block
    from records
    where records.date_of_birth is not null
),

canonical_names as (
    select
        record_id,
        surname_key,
        explode(forename_canonical_keys) as canonical_forename_key
    from records_blocked
    where surname_key is not null
),

canonical_name_blocks as (
    select
        record_id,
        canonical_forename_key,
        surname_key,
        count(*) over (partition by canonical_forename_key, surname_key) as n_name_block
    from canonical_names
),

-- A value on many records (a taxi office phone) is no evidence of identity.
identifiers_counted as (
    select
        *,
        size(collect_set(record_id) over (
            partition by identifier_type, identifier_value
        )) as n_records_holding
    from identifiers
),

identifiers_personal as (
    select *
    from identifiers_counted
    where n_records_holding <= {{ identifier_max_records }}
),

candidates_same_dob as (
    select
        records_a.record_id as record_id_a,
        records_b.record_id as record_id_b
    from records_blocked as records_a
    inner join records_blocked as records_b
        on
            records_a.date_of_birth = records_b.date_of_birth
            and records_a.record_id < records_b.record_id
    where records_a.n_dob_block <= {{ var('identity_max_block_size') }}
),

candidates_transposed_dob as (
    select
        least(records_a.record_id, records_b.record_id) as record_id_a,
        greatest(records_a.record_id, records_b.record_id) as record_id_b
    from records_blocked as records_a
    inner join records_blocked as records_b
        on records_a.date_of_birth_transposed = records_b.date_of_birth
    where
        records_a.n_dob_block <= {{ var('identity_max_block_size') }}
        and records_b.n_dob_block <= {{ var('identity_max_block_size') }}
),

candidates_same_name as (
    select distinct
        names_a.record_id as record_id_a,
        names_b.record_id as record_id_b
    from canonical_name_blocks as names_a
    inner join canonical_name_blocks as names_b
        on
            names_a.canonical_forename_key = names_b.canonical_forename_key
            and names_a.surname_key = names_b.surname_key
            and names_a.record_id < names_b.record_id
    where names_a.n_name_block <= {{ var('identity_max_block_size') }}
),

-- the same personal identifier on both records while both held it (a phone
-- re-issued years later, or a flat moved into, belongs to someone else); the
-- kinds shared are kept for the evidence text
candidates_shared_identifier as (
    select
        identifiers_a.record_id as record_id_a,
        identifiers_b.record_id as record_id_b,
        array_sort(
            collect_set(lower(replace(identifiers_a.identifier_type, '_', ' ')))
        ) as shared_identifier_kinds
    from identifiers_personal as identifiers_a
    inner join identifiers_personal as identifiers_b
        on
            identifiers_a.identifier_type = identifiers_b.identifier_type
            and identifiers_a.identifier_value = identifiers_b.identifier_value
            and identifiers_a.record_id < identifiers_b.record_id
            and identifiers_a.observed_from <= identifiers_b.observed_until
            and identifiers_a.observed_until >= identifiers_b.observed_from
    group by identifiers_a.record_id, identifiers_b.record_id
),

candidates as (
    select * from candidates_same_dob
    union
    select * from candidates_transposed_dob
    union
    select * from candidates_same_name
    union
    select
        record_id_a,
        record_id_b
    from candidates_shared_identifier
),

final as (
    select
        candidates.record_id_a,
        candidates.record_id_b,
        shared_identifier.shared_identifier_kinds
    from candidates
    left join candidates_shared_identifier as shared_identifier
        on
            candidates.record_id_a = shared_identifier.record_id_a
            and candidates.record_id_b = shared_identifier.record_id_b
)

select * from final
