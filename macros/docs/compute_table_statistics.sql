{#- Computes Spark table statistics (row count and size) for every table the
    project built or reads, so the lineage docs show real row counts: Spark
    keeps none by default and the catalog then reads 0. Views (the published
    marts) have no statistics of their own. Run after dbt build:
    dbt run-operation compute_table_statistics -#}
{% macro compute_table_statistics() %}
    {%- if execute -%}
        {%- set relations = [] -%}
        {%- for node in graph.nodes.values() -%}
            {%- if node.resource_type in ('model', 'seed')
                and node.config.materialized in ('table', 'incremental', 'seed') -%}
                {%- do relations.append((node.database, node.schema, node.alias)) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- for source in graph.sources.values() -%}
            {%- do relations.append((source.database, source.schema, source.identifier)) -%}
        {%- endfor -%}
        {%- set counted = [] -%}
        {%- for database, schema, identifier in relations -%}
            {%- set relation = adapter.get_relation(
                database=database, schema=schema, identifier=identifier) -%}
            {%- if relation is not none and relation.type == 'table' -%}
                {%- do run_query('analyze table ' ~ relation ~ ' compute statistics') -%}
                {%- do counted.append(relation) -%}
            {%- endif -%}
        {%- endfor -%}
        {{ log('Table statistics computed for ' ~ counted | length ~ ' of '
            ~ relations | length ~ ' tables', info=True) }}
    {%- endif -%}
{% endmacro %}
