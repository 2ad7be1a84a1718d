-- Person records that cannot be one real individual (docs block
-- implausible_persons): a placeholder name ("UNKNOWN", "PERSON UNKNOWN"), a
-- default date of birth, or an implausible number of crimes or linked persons
-- that their own custody records and charges do not corroborate (a real
-- prolific offender is arrested and charged; a placeholder never is). Persons
-- flagged with is_excluded_from_linking lose every link and never enter the
-- graph; every flagged person is listed in rpt_data_quality with its counts.
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
        crime_id,
        involvement
    from {{ ref('int_crime_involvements_resolved') }}
    where is_suspect_or_offender
),

custody as (
    select
        resolved.person_id,
        custody_records.crime_id
    from {{ ref('int_custody_records_known') }} as custody_records
    inner join {{ ref('int_person_records_resolved') }} as resolved
        on custody_records.record_id = resolved.record_id
    where custody_records.crime_id is not null
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

-- a crime is corroborated for the person when they were charged with it
-- (involvement OFFENDER) or booked into custody for it under their own record
crimes_corroborated as (
    select distinct
        involvements.person_id,
        involvements.crime_id,
        involvements.involvement = 'OFFENDER' or custody.crime_id is not null as is_corroborated
    from involvements
    left join custody
        on
            involvements.person_id = custody.person_id
            and involvements.crime_id = custody.crime_id
),

crimes_counted as (
    select
        person_id,
        count(distinct crime_id) as n_crimes_as_suspect,
        count(distinct if(is_corroborated, crime_id, null)) as n_crimes_corroborated
    from crimes_corroborated
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
        coalesce(crimes_counted.n_crimes_corroborated, 0) as n_crimes_corroborated,
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
            as has_implausible_link_count,
        -- a person above a count threshold who was charged or in custody for at least
        -- var implausible_person_min_corroborated_share of their crimes is a real
        -- prolific offender: reported, kept in linking
        n_crimes_as_suspect > 0
        and n_crimes_corroborated
        >= {{ var('implausible_person_min_corroborated_share') }} * n_crimes_as_suspect
            as is_corroborated_offender
    from persons_measured
),

final as (
    select
        person_id,
        n_records,
        n_crimes_as_suspect,
        n_crimes_corroborated,
        n_linked_persons,
        has_placeholder_name,
        has_default_date_of_birth,
        has_implausible_crime_count,
        has_implausible_link_count,
        is_corroborated_offender,
        -- a default date of birth alone is reported but does not unlink a person, nor do
        -- high counts that the person's own charges and custody records corroborate
        has_placeholder_name
        or (
            (has_implausible_crime_count or has_implausible_link_count)
            and not is_corroborated_offender
        ) as is_excluded_from_linking,
        case
            when has_placeholder_name then 'PLACEHOLDER_NAME'
            when has_implausible_crime_count and not is_corroborated_offender
                then 'IMPLAUSIBLE_CRIME_COUNT'
            when has_implausible_link_count and not is_corroborated_offender
                then 'IMPLAUSIBLE_LINK_COUNT'
            when has_implausible_crime_count or has_implausible_link_count
                then 'PROLIFIC_CORROBORATED'
            else 'DEFAULT_DATE_OF_BIRTH'
        end as finding,
        concat_ws(
            '; ',
            if(has_placeholder_name, 'a record carries a placeholder name', null),
            if(
                has_implausible_crime_count,
                concat(
                    'suspect or offender in ', format_number(n_crimes_as_suspect, 0),
                    ' crimes (more than ',
                    {{ var('implausible_person_max_crimes') }}, ')'
                ),
                null
            ),
            if(
                has_implausible_link_count,
                concat(
                    'linked to ', format_number(n_linked_persons, 0), ' persons (more than ',
                    {{ var('implausible_person_max_linked_persons') }}, ')'
                ),
                null
            ),
            if(
                (has_implausible_crime_count or has_implausible_link_count),
                concat(
                    'charged or in custody for ', format_number(n_crimes_corroborated, 0),
                    ' of them',
                    if(
                        is_corroborated_offender,
                        concat(
                            ' (at least ',
                            format_number(
                                100 * {{ var('implausible_person_min_corroborated_share') }}, 0
                            ),
                            '%: a real prolific offender)'
                        ),
                        concat(
                            ' (under ',
                            format_number(
                                100 * {{ var('implausible_person_min_corroborated_share') }}, 0
                            ),
                            '%: no real person behind the counts)'
                        )
                    )
                ),
                null
            ),
            if(has_default_date_of_birth, 'a record carries a default date of birth', null),
            case
                when has_placeholder_name
                    or (
                        (has_implausible_crime_count or has_implausible_link_count)
                        and not is_corroborated_offender
                    )
                    then 'kept out of linking'
                when has_implausible_crime_count or has_implausible_link_count
                    then 'kept in linking: the counts are corroborated by charges and custody'
                else 'kept in linking: a default date of birth alone does not unlink a person'
            end
        ) as reason
    from persons_flagged
    where
        has_placeholder_name
        or has_default_date_of_birth
        or has_implausible_crime_count
        or has_implausible_link_count
)

select * from final
