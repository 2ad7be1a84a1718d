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

{#- The columns of a link row (the output of links_from_evidence), in order. -#}
{% macro link_columns() %}
    {{ return([
        'person_id_a',
        'person_id_b',
        'link_type',
        'evidence_ids',
        'n_evidence',
        'first_seen_at',
        'last_seen_at',
    ]) }}
{% endmacro %}
