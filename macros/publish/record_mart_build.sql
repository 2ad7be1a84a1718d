-- noqa: disable=LT02
{#- sqlfluff lays out a macro's returned SQL as if it started the file (the
    hook's statement follows two `call statement` blocks): indentation not checked. -#}
{#- Post-hook of every mart: records that this invocation built it, in a
    one-row table per mart (concurrent inserts into one shared table would
    collide in the file committer). -#}
{% macro record_mart_build() %}
    {%- set audit_schema = env_var('CSE_SCHEMA_PREFIX', '') ~ var('publish_audit_schema') -%}
    {%- set record = audit_schema ~ '.mart_built__' ~ this.identifier -%}
    {%- call statement('mart_built_schema') -%}
        create schema if not exists {{ audit_schema }}
    {%- endcall -%}
    {%- call statement('mart_built_drop') -%}
        drop table if exists {{ record }}
    {%- endcall -%}
    {#- a record's folder a killed run left unregistered (dbt/adapters/sparksession/orphans.py) -#}
    {%- if execute -%}
        {%- do adapter.remove_orphan_table_location(audit_schema, 'mart_built__' ~ this.identifier) -%}
    {%- endif -%}
    create table {{ record }} using parquet as
    select
        '{{ this.identifier }}' as model_name,
        '{{ invocation_id }}' as invocation_id,
        current_timestamp() as built_at
{% endmacro %}
