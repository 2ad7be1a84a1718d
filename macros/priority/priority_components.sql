{#- The six priority components, in the order they are shown everywhere
    (docs block `priority_method`). Each must have a row per level in the seed
    `priority_weights`. -#}
{% macro priority_components() %}
    {{ return(['harm', 'victims', 'recency', 'centrality', 'ocg_links', 'stability']) }}
{% endmacro %}

{#- Body of a weights CTE: one row for `level` with a `<component>_weight`
    column per component, from the seed `priority_weights`. -#}
{% macro priority_weights(level) -%}
    {%- set columns = [] -%}
    {%- for component in priority_components() -%}
        {%- do columns.append(
            "max(if(component = '" ~ component ~ "', weight, null)) as " ~ component ~ "_weight"
        ) -%}
    {%- endfor -%}
    select
        level as priority_level,
        {{ columns | join(',\n        ') }}
    from {{ ref('priority_weights') }}
    where level = '{{ level }}'
    group by priority_level
{%- endmacro %}

{#- The priority score: the weighted mean of the `<component>_component`
    columns of `scores` with the `<component>_weight` columns of `weights`,
    rounded to 6 places so that ranks do not depend on float noise. -#}
{% macro weighted_priority_score(scores='components_scored', weights='weights') -%}
    {%- set weighted = [] -%}
    {%- set total = [] -%}
    {%- for component in priority_components() -%}
        {%- set weight = weights ~ '.' ~ component ~ '_weight' -%}
        {%- do weighted.append(weight ~ ' * ' ~ scores ~ '.' ~ component ~ '_component') -%}
        {%- do total.append(weight) -%}
    {%- endfor -%}
    round(({{ weighted | join(' + ') }}) / ({{ total | join(' + ') }}), 6)
{%- endmacro %}

{#- The `<component>_component` columns as `relation.<component>_component`, each
    followed by a comma (a join's select list). -#}
{% macro priority_component_columns(relation) -%}
    {%- for component in priority_components() %}
        {{ relation }}.{{ component }}_component,
    {%- endfor %}
{%- endmacro %}

{#- A CSE network (docs block priority_method): it has CSE harm, and at least var
    ocg_cse_network_min_cse_harm_share of its harm days are from CSE crimes. The one
    rule for the network ranking (pg_networks_scored) and the OCG ranking
    (pg_ocgs_cse_measured). -#}
{% macro is_cse_network(cse_harm_days, harm_days) -%}
    ({{ cse_harm_days }} > 0
    and {{ cse_harm_days }} >= {{ var('ocg_cse_network_min_cse_harm_share') }} * {{ harm_days }})
{%- endmacro %}

{#- A count and its noun for an explanation, as the analyst reads it: thousands
    separators and the plural unless the count is 1 ("1 crime", "1,715 days"). A
    fragment of concat() arguments: `expression` is evaluated twice. -#}
{% macro counted(expression, noun) -%}
    format_number({{ expression }}, 0), ' {{ noun }}', if({{ expression }} = 1, '', 's')
{%- endmacro %}
