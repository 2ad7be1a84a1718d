-- Each crime known at the as-of date (int_crimes_known) with the signals that
-- make it child sexual exploitation (CSE).
{%- set sexual_exploitation_codes = var('sexual_exploitation_offence_codes') %}

with

crimes as (
    select
        crime_id,
        offence_code,
        offence_at,
        is_cse_flagged
    from {{ ref('int_crimes_known') }}
),

offence_codes as (
    select
        offence_code,
        category as offence_category,
        is_child_sexual_offence
    from {{ ref('offence_codes') }}
),

-- Harm days from the harm table (var harm_table_seed): the force's licensed
-- table replaces the reference values without code changes.
offence_harm as (
    select
        offence_code,
        harm_days
    from {{ ref(var('harm_table_seed')) }}
),

victims as (
    select
        crime_nominals.crime_id,
        resolved.person_id
    from {{ ref('int_crime_nominals_known') }} as crime_nominals
    inner join {{ ref('int_person_records_resolved') }} as resolved
        on crime_nominals.record_id = resolved.record_id
    where crime_nominals.involvement = 'VICTIM'
),

persons as (
    select
        person_id,
        date_of_birth
    from {{ ref('int_persons') }}
),

-- a victim is a child by the date of birth, or by the offence's definition
-- when no date of birth is known (macro is_child_victim)
victims_aged as (
    select
        victims.crime_id,
        count(distinct victims.person_id) as n_victims,
        count(distinct if(
            {{ is_child_victim(
                'crimes.offence_at',
                'persons.date_of_birth',
                'offence_codes.is_child_sexual_offence'
            ) }},
            victims.person_id,
            null
        )) as n_child_victims
    from victims
    inner join crimes on victims.crime_id = crimes.crime_id
    left join offence_codes on crimes.offence_code = offence_codes.offence_code
    left join persons on victims.person_id = persons.person_id
    group by victims.crime_id
),

crimes_classified as (
    select
        crimes.crime_id,
        crimes.offence_code,
        offence_codes.offence_category,
        crimes.offence_at,
        coalesce(offence_harm.harm_days, 0) as harm_days,
        coalesce(crimes.is_cse_flagged, false) as is_cse_flagged,
        coalesce(offence_codes.is_child_sexual_offence, false) as is_child_sexual_offence_code,
        coalesce(
            offence_codes.offence_category in ('SEXUAL_ADULT', 'SEXUAL_CHILD')
            or (
                offence_codes.offence_category = 'EXPLOITATION'
                and crimes.offence_code in (
                    {%- for code in sexual_exploitation_codes %}
                        '{{ code }}'{{ ',' if not loop.last }}
                    {%- endfor %}
                )
            ),
            false
        ) as is_sexual_offence,
        coalesce(victims_aged.n_victims, 0) as n_victims,
        coalesce(victims_aged.n_child_victims, 0) as n_child_victims
    from crimes
    left join offence_codes on crimes.offence_code = offence_codes.offence_code
    left join offence_harm on crimes.offence_code = offence_harm.offence_code
    left join victims_aged on crimes.crime_id = victims_aged.crime_id
),

final as (
    select
        *,
        is_sexual_offence and n_child_victims > 0 as is_sexual_offence_against_child,
        is_cse_flagged
        or is_child_sexual_offence_code
        or (is_sexual_offence and n_child_victims > 0) as is_cse,
        not is_cse_flagged
        and (is_child_sexual_offence_code or (is_sexual_offence and n_child_victims > 0))
            as is_cse_flag_missing
    from crimes_classified
)

select * from final
