{#- A model's select list from its own YAML: the one definition of its columns
    (described there for the docs site; for a mart, typed there too, and
    enforced by dbt's contract). Each column in the YAML's order, under its own
    name; with `cast`, cast to its `data_type` (a mart's typed select). Compiled,
    the list is written out in full, so the docs site shows every column.
    `columns` (a list of {name, data_type}) replaces the model's own, for tests.
    A dbt unit test renders the model with the test as `model`, which carries no
    columns (nor the graph to find them): there it renders `*`, every upstream
    column, as dbt compares only the columns the test's `expect` rows name. -#}
{% macro declared_columns(cast=false, columns=none) -%}
    {%- set owner = model.name if model is defined and model else 'the model' -%}
    {%- set in_unit_test = execute and columns is none and model.resource_type == 'unit_test' -%}
    {%- set rendered = execute and not in_unit_test -%}
    {%- set selected = [] -%}
    {%- set listed = [] -%}
    {%- if rendered -%}
        {%- set listed = model.columns.values() if columns is none else columns -%}
    {%- endif -%}
    {%- for column in listed -%}
        {%- if cast and not column.data_type -%}
            {%- do exceptions.raise_compiler_error(
                'declared_columns: column ' ~ column.name ~ ' of ' ~ owner
                ~ ' has no data_type in its YAML') -%}
        {%- endif -%}
        {%- if cast -%}
            {%- do selected.append(
                'cast(' ~ column.name ~ ' as ' ~ column.data_type ~ ') as ' ~ column.name) -%}
        {%- else -%}
            {%- do selected.append(column.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if rendered and not selected -%}
        {%- do exceptions.raise_compiler_error(
            'declared_columns: ' ~ owner ~ ' has no columns in its YAML; '
            ~ 'a model that selects its declared columns must declare every column') -%}
    {%- endif -%}
    {{ selected | join(',\n        ') if rendered else '*' }}
{%- endmacro %}

{#- A whole model that selects its declared columns (macro declared_columns,
    with `cast` typed) from one upstream model, imported as `import_name`,
    optionally filtered by the SQL condition `where`. The body of staged_rows
    and contract_rows. -#}
{% macro declared_rows(upstream_model, cast=false, where=none, import_name='upstream') -%}
with

{{ import_name }} as (
    select * from {{ ref(upstream_model) }}
),

final as (
    select
        {{ declared_columns(cast=cast) }}
    from {{ import_name }}
    {%- if where %}
    where {{ where }}
    {%- endif %}
)

select * from final
{%- endmacro %}

{#- A whole mart that publishes one upstream model as it is: its rows, with the
    columns the mart's YAML declares, cast to their contract types. One
    definition of "published as is" for every such mart. -#}
{% macro contract_rows(upstream_model) -%}
    {{ declared_rows(upstream_model, cast=true) }}
{%- endmacro %}
