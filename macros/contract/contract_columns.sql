{#- The select list of a mart with an enforced contract: each column of the
    model's YAML, in its order, cast to its `data_type` under its own name. The
    YAML is the one definition of a mart's columns and types (BI reads it, dbt
    enforces it); the SQL does not state them a second time. Compiled, the list
    is written out in full, so the docs site shows every cast. `columns` (a list
    of {name, data_type}) replaces the model's own, for tests. -#}
{% macro contract_columns(columns=none) -%}
    {%- set owner = model.name if model is defined and model else 'the model' -%}
    {%- set casts = [] -%}
    {%- set listed = (model.columns.values() if columns is none else columns) if execute else [] -%}
    {%- for column in listed -%}
        {%- if not column.data_type -%}
            {%- do exceptions.raise_compiler_error(
                'contract_columns: column ' ~ column.name ~ ' of ' ~ owner
                ~ ' has no data_type in its YAML') -%}
        {%- endif -%}
        {%- do casts.append(
            'cast(' ~ column.name ~ ' as ' ~ column.data_type ~ ') as ' ~ column.name) -%}
    {%- endfor -%}
    {%- if execute and not casts -%}
        {%- do exceptions.raise_compiler_error(
            'contract_columns: ' ~ owner ~ ' has no columns in its YAML; '
            ~ 'a mart built from its contract must declare every column') -%}
    {%- endif -%}
    {{ casts | join(',\n        ') if execute else '*' }}
{%- endmacro %}
