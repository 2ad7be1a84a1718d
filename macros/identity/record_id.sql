{#- A source record's id: its source system and the nominal id within it,
    `<source_system>:<source_nominal_id>` (the `record_id` every source
    record of a person carries). -#}
{% macro record_id(source_system='source_system', source_nominal_id='source_nominal_id') -%}
    concat({{ source_system }}, ':', {{ source_nominal_id }})
{%- endmacro %}
