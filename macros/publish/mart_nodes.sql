{#- The enabled models under models/marts: the ones published to `marts`, or with
    include_restricted every one a publish requires (the restricted identity model
    is built and tested with them but stays in its own schema, behind grants). -#}
{% macro mart_nodes(include_restricted=false) %}
    {%- set nodes = [] -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and node.fqn[1] == 'marts' and node.config.enabled
              and (include_restricted or 'restricted' not in node.tags) -%}
            {%- do nodes.append(node) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(nodes) }}
{% endmacro %}


{#- The id registry's models (models/intermediate/registry, tag `registry`):
    published with the marts into their own schema (docs block id_rules). -#}
{% macro registry_nodes() %}
    {%- set nodes = [] -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and 'registry' in node.tags and node.config.enabled -%}
            {%- do nodes.append(node) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(nodes | sort(attribute='name')) }}
{% endmacro %}
