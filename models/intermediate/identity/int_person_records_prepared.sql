-- Matching keys of every staged person record: letters-only names, canonical
-- forenames (nickname seed), soundex, transposed date of birth.
with

nominals as (
    select
        record_id,
        source_system,
        source_nominal_id,
        pnc_id,
        forename,
        middle_names,
        surname,
        date_of_birth,
        gender,
        postcode
    from {{ ref('stg_person_records__nominals') }}
),

nicknames as (
    select
        -- the names' standardised form without spaces, as the Python features build it
        replace({{ standardise_name('name_variant') }}, ' ', '') as name_variant,
        replace({{ standardise_name('canonical_name') }}, ' ', '') as canonical_name
    from {{ ref('name_nicknames') }}
),

names_keyed as (
    select
        record_id,
        source_system,
        source_nominal_id,
        pnc_id,
        gender,
        postcode,
        date_of_birth,
        nullif(regexp_replace(upper(forename), '[^A-Z]', ''), '') as forename_key,
        nullif(
            regexp_replace(upper(split(trim(middle_names), ' ')[0]), '[^A-Z]', ''), ''
        ) as middle_name_key,
        nullif(regexp_replace(upper(surname), '[^A-Z]', ''), '') as surname_key,
        -- the date read the other way round (day <-> month), when that is a date
        case
            when day(date_of_birth) <= 12 and day(date_of_birth) != month(date_of_birth)
                then make_date(year(date_of_birth), day(date_of_birth), month(date_of_birth))
        end as date_of_birth_transposed,
        -- parts of a double-barrelled surname, recorded with a space, a hyphen or alone
        filter(
            split(regexp_replace(upper(surname), '[^A-Z ]', ' '), ' +'),
            part -> length(part) >= 3
        ) as surname_parts
    from nominals
),

forenames_canonicalised as (
    select
        names_keyed.record_id,
        array_sort(
            array_distinct(
                concat(
                    array(names_keyed.forename_key),
                    collect_list(nicknames.canonical_name)
                )
            )
        ) as forename_canonical_keys
    from names_keyed
    left join nicknames
        on names_keyed.forename_key = nicknames.name_variant
    where names_keyed.forename_key is not null
    group by names_keyed.record_id, names_keyed.forename_key
),

final as (
    select
        names_keyed.record_id,
        names_keyed.source_system,
        names_keyed.source_nominal_id,
        names_keyed.pnc_id,
        names_keyed.gender,
        names_keyed.postcode,
        names_keyed.forename_key,
        names_keyed.middle_name_key,
        names_keyed.surname_key,
        names_keyed.surname_parts,
        forenames_canonicalised.forename_canonical_keys,
        soundex(names_keyed.surname_key) as surname_soundex,
        case
            when names_keyed.forename_key is not null and names_keyed.surname_key is not null
                then concat(names_keyed.forename_key, '|', names_keyed.surname_key)
        end as name_key,
        names_keyed.date_of_birth,
        names_keyed.date_of_birth_transposed,
        year(names_keyed.date_of_birth) as birth_year
    from names_keyed
    left join forenames_canonicalised
        on names_keyed.record_id = forenames_canonicalised.record_id
)

select * from final
