-- Person records that cannot be one real individual (docs block
-- implausible_persons): a placeholder name ("UNKNOWN", "PERSON UNKNOWN"), a
-- default date of birth, or an implausible number of crimes or linked persons.
-- Persons flagged with is_excluded_from_linking lose every link and never enter
-- the graph; every flagged person is listed in rpt_data_quality with its counts.
{%- set tokens = var('placeholder_name_tokens') %}
{%- set dates = var('placeholder_dates_of_birth') %}

with

records as (
    select
        record_id,
        upper(forename_key) as forename_key,
        upper(middle_name_key) as middle_name_key,
        upper(surname_key) as surname_key,
        date_of_birth
    from {{ ref('int_person_records_prepared') }}
),

resolved as (
    select
        record_id,
        person_id
    from {{ ref('int_person_records_resolved') }}
),

involvements as (
    select
        person_id,
        crime_id
    from {{ ref('int_crime_involvements_resolved') }}
    where is_suspect_or_offender
),

links as (
    select
        person_id_a,
        person_id_b
    from {{ ref('int_person_links_typed') }}
),

records_checked as (
    select
        resolved.person_id,
        records.record_id,
        records.forename_key in (
            {%- for t in tokens %}
                '{{ t }}'{{ ',' if not loop.last }}
            {%- endfor %}
        )
        or records.surname_key in (
            {%- for t in tokens %}
                '{{ t }}'{{ ',' if not loop.last }}
            {%- endfor %}
        )
        or concat_ws(' ', records.forename_key, records.surname_key) in (
            {%- for t in tokens %}
                '{{ t }}'{{ ',' if not loop.last }}
            {%- endfor %}
        ) as has_placeholder_name,
        coalesce(
            records.date_of_birth in (
                {%- for d in dates %}
                    date'{{ d }}'{{ ',' if not loop.last }}
                {%- endfor %}
            ),
            false
        ) as has_default_date_of_birth
    from records
    inner join resolved on records.record_id = resolved.record_id
),

persons_checked as (
    select
        person_id,
        count(*) as n_records,
        bool_or(has_placeholder_name) as has_placeholder_name,
        bool_or(has_default_date_of_birth) as has_default_date_of_birth
    from records_checked
    group by person_id
),

crimes_counted as (
    select
        person_id,
        count(distinct crime_id) as n_crimes_as_suspect
    from involvements
    group by person_id
),

linked_persons as (
    select
        person_id_a as person_id,
        person_id_b as linked_person_id
    from links
    union
    select
        person_id_b as person_id,
        person_id_a as linked_person_id
    from links
),

links_counted as (
    select
        person_id,
        count(*) as n_linked_persons
    from linked_persons
    group by person_id
),

persons_measured as (
    select
        persons_checked.person_id,
        persons_checked.n_records,
        persons_checked.has_placeholder_name,
        persons_checked.has_default_date_of_birth,
        coalesce(crimes_counted.n_crimes_as_suspect, 0) as n_crimes_as_suspect,
        coalesce(links_counted.n_linked_persons, 0) as n_linked_persons
    from persons_checked
    left join crimes_counted on persons_checked.person_id = crimes_counted.person_id
    left join links_counted on persons_checked.person_id = links_counted.person_id
),

persons_flagged as (
    select
        *,
        n_crimes_as_suspect > {{ var('implausible_person_max_crimes') }}
            as has_implausible_crime_count,
        n_linked_persons > {{ var('implausible_person_max_linked_persons') }}
            as has_implausible_link_count
    from persons_measured
),

final as (
    select
        person_id,
        n_records,
        n_crimes_as_suspect,
        n_linked_persons,
        has_placeholder_name,
        has_default_date_of_birth,
        has_implausible_crime_count,
        has_implausible_link_count,
        -- a default date of birth alone is reported but does not unlink a person
        has_placeholder_name or has_implausible_crime_count or has_implausible_link_count
            as is_excluded_from_linking,
        case
            when has_placeholder_name then 'PLACEHOLDER_NAME'
            when has_implausible_crime_count then 'IMPLAUSIBLE_CRIME_COUNT'
            when has_implausible_link_count then 'IMPLAUSIBLE_LINK_COUNT'
            else 'DEFAULT_DATE_OF_BIRTH'
        end as finding,
        concat_ws(
            '; ',
            if(has_placeholder_name, 'a record carries a placeholder name', null),
            if(
                has_implausible_crime_count,
                concat(
                    'suspect or offender in ', n_crimes_as_suspect, ' crimes (more than ',
                    {{ var('implausible_person_max_crimes') }}, ')'
                ),
                null
            ),
            if(
                has_implausible_link_count,
                concat(
                    'linked to ', n_linked_persons, ' persons (more than ',
                    {{ var('implausible_person_max_linked_persons') }}, ')'
                ),
                null
            ),
            if(has_default_date_of_birth, 'a record carries a default date of birth', null),
            if(
                has_placeholder_name or has_implausible_crime_count or has_implausible_link_count,
                'kept out of linking',
                'kept in linking: a default date of birth alone does not unlink a person'
            )
        ) as reason
    from persons_flagged
    where
        has_placeholder_name
        or has_default_date_of_birth
        or has_implausible_crime_count
        or has_implausible_link_count
)

select * from final
