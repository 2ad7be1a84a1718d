{#- The link types, in the order their per-type columns appear in graph_edges. -#}
{% macro link_types() %}
    {{ return([
        'CO_OFFENDING',
        'OFFENDER_VICTIM',
        'ARRESTED_TOGETHER',
        'CREDIBLE_INTEL',
        'SAME_OCG',
        'SHARED_IDENTIFIER',
    ]) }}
{% endmacro %}
