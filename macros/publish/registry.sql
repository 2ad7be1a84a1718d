{#- Single writer: the registry this run built on must still be the live one. A
    run that read registry version A while another run published B would
    otherwise overwrite B's ids with ids built on A. The person registry is
    either built on the live registry (based_on_registry_run_id) or is itself
    the live one (not rebuilt, e.g. by a `dbt retry` of the graph step).
    Refuses (and publishes nothing) when the live registry moved since. -#}
{% macro registry_is_current(registry_schema, build_schema) %}
    {%- set live = adapter.get_relation(database=none, schema=registry_schema,
        identifier='registry_person_ids') -%}
    {%- set built = run_query('select max(based_on_registry_run_id), max(registry_run_id) from '
        ~ build_schema ~ '.registry_person_ids').rows[0] -%}
    {%- set read = built[0] or '' -%}
    {%- set now = '' -%}
    {%- if live is not none -%}
        {%- set now = run_query('select max(registry_run_id) from ' ~ registry_schema
            ~ '.registry_person_ids').columns[0].values()[0] or '' -%}
    {%- endif -%}
    {%- if read != now and built[1] != now -%}
        {{ log('publish: NOT publishing: the id registry was published by run ' ~ now
               ~ ' after this run read run ' ~ (read or 'none') ~ ' (two runs at once; '
               ~ 'one writer at a time, docs block id_rules). Rerun to build on the new registry.',
               info=true) }}
        {{ return(false) }}
    {%- endif -%}
    {{ return(true) }}
{% endmacro %}


{#- The registry version schema published together with a marts version. -#}
{% macro registry_version_schema(version_schema) %}
    {%- set prefix = env_var('CSE_SCHEMA_PREFIX', '') -%}
    {%- set mart_prefix = prefix ~ var('publish_schema') ~ '_v' -%}
    {{ return(prefix ~ 'registry_v' ~ version_schema[mart_prefix | length:]) }}
{% endmacro %}
