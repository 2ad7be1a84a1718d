{#- GRANT statements for the published views in `live_schema`: one per view,
    privilege and grantee (Spark grants to one principal per statement), from a
    {privilege: [grantee, ...]} mapping (var published_mart_grants). -#}
{% macro published_mart_grant_statements(live_schema, aliases, grants) %}
    {%- set statements = [] -%}
    {%- for alias in aliases -%}
        {%- set relation = api.Relation.create(
            schema=live_schema, identifier=alias, type='view') -%}
        {%- for privilege in grants | sort -%}
            {%- for grantee in grants[privilege] -%}
                {%- do statements.append(get_grant_sql(relation, privilege, [grantee]) | trim) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(statements) }}
{% endmacro %}


{#- Operation: print the GRANT statements the publish step would run on the
    cluster target, e.g. `dbt run-operation show_published_mart_grants
    --args '{grants: {select: [cse_bi_readers]}}'` (nothing is executed). -#}
{% macro show_published_mart_grants(grants=none) %}
    {%- set aliases = mart_nodes() | map(attribute='alias') | list -%}
    {%- set live_schema = env_var('CSE_SCHEMA_PREFIX', '') ~ var('publish_schema') -%}
    {%- for grant_sql in published_mart_grant_statements(
            live_schema, aliases | sort, grants if grants is not none else var('published_mart_grants')) -%}
        {{ log('grant: ' ~ grant_sql, info=true) }}
    {%- endfor -%}
{% endmacro %}


{#- Grants on what readers see (cluster only: vanilla Spark has no GRANT), from
    var published_mart_grants. -#}
{% macro grant_published_marts(live_schema, marts) %}
    {%- set grants = var('published_mart_grants') if target.name == 'cluster' else {} -%}
    {%- for grant_sql in published_mart_grant_statements(
            live_schema, marts | map(attribute='alias') | list, grants) -%}
        {%- call statement('publish_grant_' ~ loop.index) -%}
            {{ grant_sql }}
        {%- endcall -%}
    {%- endfor -%}
{% endmacro %}
