{#- The crime measures every holder of crimes (a person, a network) is given,
    as aggregate select items over rows with `is_cse`, `is_child_sexual_offence`,
    `harm_days` and `recency_factor` (docs block `harm_method`). Two macros, so
    each model keeps its own columns between them. -#}

{#- Crimes counted: all, CSE, child sexual offences. -#}
{% macro crime_counts() -%}
    count(*) as n_crimes,
    count_if(is_cse) as n_cse_crimes,
    count_if(is_child_sexual_offence) as n_child_sexual_offence_crimes
{%- endmacro %}

{#- Harm summed: all, of CSE crimes, and weighted by each crime's recency. -#}
{% macro crime_harm_sums() -%}
    sum(harm_days) as harm_days,
    sum(if(is_cse, harm_days, 0.0)) as cse_harm_days,
    sum(harm_days * recency_factor) as harm_days_recency_weighted
{%- endmacro %}

{#- Victim points, summed over victims (rows with `is_cse_victim`,
    `is_child_at_first_offence`, `has_safeguarding_flag`, `is_repeat_victim`):
    a victim of the holder's CSE crimes counts 1, +1 a child at the first
    offence, +1 a safeguarding flag, +1 a repeat victim of the holder; victims
    of other crimes count 0. -#}
{% macro victim_points_sum() -%}
    sum(
        if(
            is_cse_victim,
            1
            + cast(is_child_at_first_offence as int)
            + cast(has_safeguarding_flag as int)
            + cast(is_repeat_victim as int),
            0
        )
    )
{%- endmacro %}
