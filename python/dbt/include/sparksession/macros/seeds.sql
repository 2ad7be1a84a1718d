{#- Seeds: dbt-spark's table, after removing a folder an interrupted seed load
    left for it without registering the table (dbt/adapters/sparksession/orphans.py). -#}
{% macro sparksession__create_csv_table(model, agate_table) -%}
    {%- if execute -%}
        {%- do adapter.remove_orphan_table_location(this.schema, this.identifier) -%}
    {%- endif -%}
    {{ return(spark__create_csv_table(model, agate_table)) }}
{%- endmacro %}
