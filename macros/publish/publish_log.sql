{% macro record_publish(audit_schema, version_schema, n_marts, volumes) %}
    {%- call statement('publish_audit_schema') -%}
        create schema if not exists {{ audit_schema }}
    {%- endcall -%}
    {%- call statement('publish_log_table') -%}
        create table if not exists {{ audit_schema }}.publish_log (
            publish_id string, published_at timestamp, version_schema string, n_marts int
        ) using parquet
    {%- endcall -%}
    {%- call statement('publish_volumes_table') -%}
        create table if not exists {{ audit_schema }}.published_volumes (
            publish_id string, published_at timestamp, table_name string, n_rows bigint
        ) using parquet
    {%- endcall -%}
    {%- call statement('publish_log_insert') -%}
        insert into {{ audit_schema }}.publish_log
        values ('{{ invocation_id }}', current_timestamp(), '{{ version_schema }}', {{ n_marts }})
    {%- endcall -%}
    {%- set rows = [] -%}
    {%- for table_name, n_rows in volumes | dictsort -%}
        {%- do rows.append("('" ~ invocation_id ~ "', current_timestamp(), '" ~ table_name
            ~ "', " ~ n_rows ~ ")") -%}
    {%- endfor -%}
    {%- if rows | length > 0 -%}
        {%- call statement('publish_volumes_insert') -%}
            insert into {{ audit_schema }}.published_volumes values {{ rows | join(', ') }}
        {%- endcall -%}
    {%- endif -%}
{% endmacro %}


{#- Keep the newest `keep` versions (the live one and the one before it, by default). -#}
{% macro drop_old_mart_versions(audit_schema, keep) %}
    {%- set versions = run_query(
        'select version_schema from ' ~ audit_schema ~ '.publish_log order by published_at desc') -%}
    {%- for row in versions.rows[keep:] -%}
        {%- call statement('publish_drop_' ~ loop.index) -%}
            drop schema if exists {{ row[0] }} cascade
        {%- endcall -%}
        {%- call statement('publish_drop_registry_' ~ loop.index) -%}
            drop schema if exists {{ registry_version_schema(row[0]) }} cascade
        {%- endcall -%}
    {%- endfor -%}
{% endmacro %}


{#- Names of the marts built since the last publish (by earlier invocations,
    e.g. the failed run that `dbt retry` completes). -#}
{% macro built_since_last_publish(audit_schema, names) %}
    {%- set selects = [] -%}
    {%- for name in names -%}
        {%- if adapter.get_relation(database=none, schema=audit_schema,
                identifier='mart_built__' ~ name) is not none -%}
            {%- do selects.append('select model_name, built_at from ' ~ audit_schema
                ~ '.mart_built__' ~ name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if selects | length == 0 -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set has_log = adapter.get_relation(
        database=none, schema=audit_schema, identifier='publish_log') is not none -%}
    {%- set since = ("(select coalesce(max(published_at), timestamp'1970-01-01') from "
        ~ audit_schema ~ ".publish_log)") if has_log else "timestamp'1970-01-01'" -%}
    {%- set rows = run_query('select model_name from (' ~ selects | join(' union all ')
        ~ ') as builds where built_at > ' ~ since) -%}
    {{ return(rows.columns[0].values() | list) }}
{% endmacro %}
