{#- Codes: trimmed, upper-cased, blank -> null. Lower case and stray spaces are
    recording noise, not contract breaches. -#}
{% macro standardise_code(expression) -%}
    nullif(upper(trim({{ expression }})), '')
{%- endmacro %}

{#- Identifiers of records (ids, keys): trimmed, blank -> null; case kept. -#}
{% macro standardise_id(expression) -%}
    nullif(trim({{ expression }}), '')
{%- endmacro %}

{#- Free text: trimmed, inner whitespace collapsed, blank -> null. -#}
{% macro standardise_text(expression) -%}
    nullif(trim(regexp_replace({{ expression }}, '\\s+', ' ')), '')
{%- endmacro %}

{#- A jinja value as a Spark SQL string literal: 'it\'s', backslashes and
    apostrophes escaped. -#}
{% macro sql_string(value) -%}
    '{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
{%- endmacro %}

{#- A jinja list of strings as a SQL list: ('A', 'B'). -#}
{% macro sql_list(values) -%}
    ({% for value in values %}{{ sql_string(value) }}{% if not loop.last %}, {% endif %}{% endfor %})
{%- endmacro %}
