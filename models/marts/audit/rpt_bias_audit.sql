-- How gender, age band and ethnic group are distributed among the top
-- var('bias_audit_top_n') ranked people, the people in the link graph, and
-- everyone in the data, for oversight. Counts and shares only, no individuals.
-- Age bands start at var bias_audit_age_band_starts.
{%- set as_of = as_of_date() %}
{%- set age_band_starts = var('bias_audit_age_band_starts') %}
{%- set age_band_labels = ['UNDER_' ~ age_band_starts[0]] %}
{%- for start in age_band_starts[1:] %}
    {%- do age_band_labels.append(age_band_starts[loop.index0] ~ '_' ~ (start - 1)) %}
{%- endfor %}
with

persons as (
    select
        person_id,
        gender,
        ethnicity_code,
        date_of_birth
    from {{ ref('int_persons') }}
),

scores as (
    select
        person_id,
        is_victim,
        priority_rank
    from {{ ref('fct_person_scores') }}
),

persons_grouped as (
    select
        persons.person_id,
        coalesce(nullif(persons.gender, 'U'), 'UNKNOWN') as gender_group,
        case
            when persons.date_of_birth is null then 'UNKNOWN'
            {%- for start in age_band_starts %}
                when months_between(date '{{ as_of }}', persons.date_of_birth) < {{ start }} * 12
                    then '{{ age_band_labels[loop.index0] }}'
            {%- endfor %}
            else '{{ age_band_starts[-1] }}_AND_OVER'
        end as age_band,
        -- the 18+1 self-defined codes grouped by their letter (A1..A5 -> ASIAN etc.)
        case
            when persons.ethnicity_code is null then 'UNKNOWN'
            when persons.ethnicity_code = 'NS' then 'NOT_STATED'
            when persons.ethnicity_code like 'A%' then 'ASIAN'
            when persons.ethnicity_code like 'B%' then 'BLACK'
            when persons.ethnicity_code like 'M%' then 'MIXED'
            when persons.ethnicity_code like 'O%' then 'OTHER'
            when persons.ethnicity_code like 'W%' then 'WHITE'
            else 'UNKNOWN'
        end as ethnic_group,
        scores.person_id is not null and not scores.is_victim as is_ranked,
        coalesce(scores.priority_rank <= {{ var('bias_audit_top_n') }}, false) as is_prioritised
    from persons
    left join scores on persons.person_id = scores.person_id
),

person_dimensions as (
    select
        person_id,
        is_ranked,
        is_prioritised,
        dimension,
        category
    from persons_grouped
        lateral view stack(
            3,
            'GENDER', gender_group,
            'AGE_BAND', age_band,
            'ETHNIC_GROUP', ethnic_group
        ) as dimension, category
),

counted as (
    select
        dimension,
        category,
        count(*) as n_all_persons,
        count_if(is_ranked) as n_ranked_persons,
        count_if(is_prioritised) as n_prioritised_persons
    from person_dimensions
    group by dimension, category
),

shares as (
    select
        *,
        n_all_persons / sum(n_all_persons) over (partition by dimension) as share_all_persons,
        n_ranked_persons / nullif(sum(n_ranked_persons) over (partition by dimension), 0)
            as share_ranked_persons,
        n_prioritised_persons / nullif(sum(n_prioritised_persons) over (partition by dimension), 0)
            as share_prioritised_persons
    from counted
),

final as (
    select
        cast(dimension as string) as dimension,
        cast(category as string) as category,
        cast(n_all_persons as bigint) as n_all_persons,
        cast(n_ranked_persons as bigint) as n_ranked_persons,
        cast(n_prioritised_persons as bigint) as n_prioritised_persons,
        cast(share_all_persons as double) as share_all_persons,
        cast(share_ranked_persons as double) as share_ranked_persons,
        cast(share_prioritised_persons as double) as share_prioritised_persons,
        -- over 1: the group is over-represented among the prioritised against everyone
        cast(share_prioritised_persons / nullif(share_all_persons, 0) as double)
            as representation_ratio,
        n_prioritised_persons > 0
        and n_prioritised_persons < {{ var('bias_audit_min_cell') }} as is_small_cell,
        cast({{ var('bias_audit_top_n') }} as bigint) as top_n
    from shares
)

select * from final
