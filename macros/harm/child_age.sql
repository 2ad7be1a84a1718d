{#- Whether a person was a child (under var `child_age_years`) on a date, from
    their date of birth: null when the date of birth is unknown. The one age
    test: persons (a child at the as-of date), crimes (child victims) and
    victims (a child at the offence) all use it. -#}
{% macro is_child_on(on_date, date_of_birth) -%}
    months_between({{ on_date }}, {{ date_of_birth }}) < 12 * {{ var('child_age_years') }}
{%- endmacro %}

{#- Whether a victim was a child at an offence (docs block `victim_rules`): by
    the date of birth where it is known; with none, by the offence, when its
    definition requires a child victim (offence_codes.is_child_sexual_offence:
    rape of a child under 16, sexual grooming, ...); otherwise false, so child
    counts stay a floor. A known date of birth wins over the offence: the two
    disagreeing is a data-quality finding (int_victim_ages_checked). -#}
{% macro is_child_victim(offence_at, date_of_birth, is_child_sexual_offence) -%}
    coalesce(
        {{ is_child_on(offence_at, date_of_birth) }},
        {{ is_child_sexual_offence }},
        false
    )
{%- endmacro %}
