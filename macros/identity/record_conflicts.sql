{#- The vetoes of person resolution (docs block `person_resolution`): two records
    that carry different PNC ids, or different recorded genders (M or F on both
    sides), are two different people. Each is true on a conflict and false
    otherwise, never null. `left` and `right` are the two record relations. -#}

{% macro pnc_conflict(left='records_a', right='records_b') -%}
    coalesce({{ left }}.pnc_id != {{ right }}.pnc_id, false)
{%- endmacro %}

{% macro gender_conflict(left='records_a', right='records_b') -%}
    coalesce(
        {{ left }}.gender in ('M', 'F')
        and {{ right }}.gender in ('M', 'F')
        and {{ left }}.gender != {{ right }}.gender,
        false
    )
{%- endmacro %}
