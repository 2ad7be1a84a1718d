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
        {%- do drop_mart_version(row[0], 'publish_drop_' ~ loop.index) -%}
    {%- endfor -%}
{% endmacro %}


{#- Drop one marts version schema and the registry version published with it. -#}
{% macro drop_mart_version(version_schema, step) %}
    {%- call statement(step) -%}
        drop schema if exists {{ version_schema }} cascade
    {%- endcall -%}
    {%- call statement(step ~ '_registry') -%}
        drop schema if exists {{ registry_version_schema(version_schema) }} cascade
    {%- endcall -%}
{% endmacro %}


{#- Version schemas no publish logged: left by a run that failed or was killed while
    publishing (after copy_into_version, before record_publish), each a whole copy of
    the marts that drop_old_mart_versions never sees. Dropped, with the registry
    version beside each, when older than the version just published (`published`,
    so no live view can still read them: the live views were repointed after them)
    and older than `min_age_hours` (so a publish another process has in flight is
    never touched). Returns the names dropped. -#}
{% macro drop_abandoned_mart_versions(audit_schema, published, min_age_hours) %}
    {%- set mart_prefix = env_var('CSE_SCHEMA_PREFIX', '') ~ var('publish_schema') ~ '_v' -%}
    {%- set logged = run_query('select lower(version_schema) from ' ~ audit_schema ~ '.publish_log')
        .columns[0].values() | list -%}
    {%- set found = run_query("show schemas like '" ~ mart_prefix ~ "*'").columns[0].values() -%}
    {%- set stamp = published[mart_prefix | length:][:14] -%}
    {%- set now = modules.datetime.datetime.utcnow() -%}
    {%- set dropped = [] -%}
    {%- for schema in found | sort if schema not in logged -%}
        {%- set made = schema[mart_prefix | length:][:14] -%}
        {%- set age_hours = (now - modules.datetime.datetime.strptime(made, '%Y%m%d%H%M%S'))
            .total_seconds() / 3600 if made.isdigit() and made | length == 14 else 0 -%}
        {%- if made < stamp and age_hours > min_age_hours -%}
            {%- do drop_mart_version(schema, 'publish_drop_abandoned_' ~ loop.index) -%}
            {%- do dropped.append(schema) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if dropped | length > 0 -%}
        {{ log('publish: dropped ' ~ dropped | length
               ~ ' version schema(s) that no publish logged, left by a run stopped while '
               ~ 'publishing: ' ~ dropped | join(', '), info=true) }}
    {%- endif -%}
    {{ return(dropped) }}
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
