{#- The persons no link may touch: those an analyst excluded (resolved rows of
    int_person_exclusions_applied) and those whose records cannot be one person
    (int_implausible_persons_flagged.is_excluded_from_linking). One column,
    `person_id`. -#}
{% macro persons_excluded_from_linking() -%}
    select person_id
    from {{ ref('int_person_exclusions_applied') }}
    where is_resolved
    union
    select person_id
    from {{ ref('int_implausible_persons_flagged') }}
    where is_excluded_from_linking
{%- endmacro %}
