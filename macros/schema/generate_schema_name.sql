{#- Layer schemas are used as named (staging, intermediate, graph, post_graph, marts),
    optionally prefixed by $CSE_SCHEMA_PREFIX so tests and publishing can build
    an isolated copy side by side. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- set prefix = env_var('CSE_SCHEMA_PREFIX', '') -%}
    {%- if custom_schema_name is none -%}
        {{ prefix }}{{ target.schema | trim }}
    {%- else -%}
        {{ prefix }}{{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
