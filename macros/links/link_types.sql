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

{#- The models that build one link type each (int_person_links_typed unions
    them; int_rows_after_as_of_counted counts the links it leaves out). -#}
{% macro link_models() %}
    {{ return([
        'int_links_co_offending',
        'int_links_offender_victim',
        'int_links_arrested_together',
        'int_links_credible_intel',
        'int_links_same_ocg',
        'int_links_shared_identifier',
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
