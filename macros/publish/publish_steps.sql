{#- The steps of publish_marts, each a macro of its own. The gates (failed_nodes,
    unbuilt_marts) are pure and log why they stop a publish: run them with
    `dbt run-operation` and hand-made arguments (tests/python/marts/test_publish_steps.py). -#}

{#- The nodes of an invocation that did not succeed, as `name (status)`; logs why
    nothing is published when there are any. `results`: dbt's run results, or
    mappings with `status` and `node.name` (run-operation). -#}
{% macro failed_nodes(results, live_schema) %}
    {%- set problems = [] -%}
    {%- for result in results -%}
        {%- if result.status in ['error', 'fail', 'skipped', 'runtime error'] -%}
            {%- do problems.append(result.node.name ~ ' (' ~ result.status ~ ')') -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if problems | length > 0 -%}
        {{ log('publish: NOT publishing marts: ' ~ problems | length ~ ' node(s) did not succeed: '
               ~ problems[:10] | join(', ') ~ '. The marts in `' ~ live_schema
               ~ '` still show the last successful run; fix and `dbt retry`.', info=true) }}
    {%- endif -%}
    {{ return(problems) }}
{% endmacro %}


{#- Unique ids of the models this invocation built. -#}
{% macro built_models(results) %}
    {%- set built = [] -%}
    {%- for result in results if result.node.resource_type == 'model'
            and result.status not in ['error', 'fail', 'skipped', 'runtime error'] -%}
        {%- do built.append(result.node.unique_id) -%}
    {%- endfor -%}
    {{ return(built) }}
{% endmacro %}


{#- Names of the required marts neither built by this invocation (`built`: unique
    ids) nor since the last publish (`fresh`: names, the failed run that `dbt retry`
    completes); logs why nothing is published when there are any. -#}
{% macro unbuilt_marts(required, built, fresh) %}
    {%- set missing = [] -%}
    {%- for node in required if node.unique_id not in built and node.name not in fresh -%}
        {%- do missing.append(node.name) -%}
    {%- endfor -%}
    {%- if missing | length > 0 -%}
        {{ log('publish: not publishing: not every mart was built since the last publish (missing '
               ~ missing[:5] | join(', ') ~ (' ...' if missing | length > 5 else '')
               ~ '); run a full `dbt build` to publish.', info=true) }}
    {%- endif -%}
    {{ return(missing) }}
{% endmacro %}


{#- The name of a new mart version schema: `<prefix>marts_v<UTC time>_<invocation>`. -#}
{% macro mart_version_schema(prefix='') %}
    {{ return(prefix ~ var('publish_schema') ~ '_v'
        ~ modules.datetime.datetime.utcnow().strftime('%Y%m%d%H%M%S') ~ '_'
        ~ invocation_id.replace('-', '')[:8]) }}
{% endmacro %}


{#- Copy each node's built table into `version_schema` (created first). -#}
{% macro copy_into_version(nodes, version_schema, schema_step='publish_create_version') %}
    {%- call statement(schema_step) -%}
        create schema if not exists {{ version_schema }}
    {%- endcall -%}
    {%- for node in nodes -%}
        {%- call statement('publish_copy_' ~ node.name) -%}
            create table {{ version_schema }}.{{ node.alias }} using parquet
            as select * from {{ node.schema }}.{{ node.alias }}
        {%- endcall -%}
    {%- endfor -%}
{% endmacro %}


{#- Point a view per node in `live_schema` at its copy in `version_schema`. The
    swap is one metastore update (`alter view ... as`): readers see either the old
    or the new version of each. Not `create or replace view`: Spark runs it as a
    drop then a create, and a BI read between the two finds no view (seen over the
    Thrift Server in the mini-cluster stage). `create view if not exists` only
    makes the view on the first publish. -#}
{% macro point_live_views(nodes, live_schema, version_schema,
        schema_step='publish_create_live', view_step='publish_swap_') %}
    {%- call statement(schema_step) -%}
        create schema if not exists {{ live_schema }}
    {%- endcall -%}
    {%- for node in nodes -%}
        {%- call statement(view_step ~ 'create_' ~ node.name) -%}
            create view if not exists {{ live_schema }}.{{ node.alias }}
            as select * from {{ version_schema }}.{{ node.alias }}
        {%- endcall -%}
        {%- call statement(view_step ~ node.name) -%}
            alter view {{ live_schema }}.{{ node.alias }}
            as select * from {{ version_schema }}.{{ node.alias }}
        {%- endcall -%}
    {%- endfor -%}
{% endmacro %}
