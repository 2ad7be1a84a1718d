{#-
    Write-audit-publish for the marts.

    dbt builds and tests every mart in the `marts_build` schema. Only when the
    whole invocation succeeded (no error, no failed test, nothing skipped),
    every mart was built in it, and the input-volume guard passes, does this
    on-run-end hook publish: it copies the marts into a new version schema
    `marts_v<run>` and repoints the views in `marts` (what BI reads) at it.
    Models tagged `restricted` (personal identifiers) must have been built but
    are never copied into `marts`: they stay in their own schema, behind grants.
    A failed or killed run leaves `marts` on the previous complete version;
    `dbt retry` (or a rerun) completes the job and publishes then.
-#}
{#- The enabled models under models/marts: the ones published to `marts`, or with
    include_restricted every one a publish requires (the restricted identity model
    is built and tested with them but stays in its own schema, behind grants). -#}
{% macro mart_nodes(include_restricted=false) %}
    {%- set nodes = [] -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and node.fqn[1] == 'marts' and node.config.enabled
              and (include_restricted or 'restricted' not in node.tags) -%}
            {%- do nodes.append(node) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(nodes) }}
{% endmacro %}


{#- The id registry's models (models/intermediate/registry, tag `registry`):
    published with the marts into their own schema (docs block id_rules). -#}
{% macro registry_nodes() %}
    {%- set nodes = [] -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and 'registry' in node.tags and node.config.enabled -%}
            {%- do nodes.append(node) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(nodes | sort(attribute='name')) }}
{% endmacro %}


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
    {{ return(prefix ~ 'registry_v' ~ version_schema[(prefix ~ var('publish_schema') ~ '_v') | length:]) }}
{% endmacro %}


{% macro publish_marts(results) %}
    {%- if not execute or flags.WHICH not in ['build', 'run', 'retry'] -%}
        {{ return('') }}
    {%- endif -%}
    {%- set prefix = env_var('CSE_SCHEMA_PREFIX', '') -%}
    {%- set live_schema = prefix ~ var('publish_schema') -%}
    {%- set audit_schema = prefix ~ var('publish_audit_schema') -%}

    {%- set registry = registry_nodes() -%}
    {#- The registry is not required to be rebuilt: registry_is_current checks it. -#}
    {%- set required = mart_nodes(include_restricted=true) -%}
    {%- set marts = mart_nodes() -%}
    {%- set registry_schema = prefix ~ 'registry' -%}

    {%- set problems = [] -%}
    {%- set built = [] -%}
    {%- for result in results -%}
        {%- if result.status in ['error', 'fail', 'skipped', 'runtime error'] -%}
            {%- do problems.append(result.node.name ~ ' (' ~ result.status ~ ')') -%}
        {%- elif result.node.resource_type == 'model' -%}
            {%- do built.append(result.node.unique_id) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if problems | length > 0 -%}
        {{ log('publish: NOT publishing marts: ' ~ problems | length ~ ' node(s) did not succeed: '
               ~ problems[:10] | join(', ') ~ '. The marts in `' ~ live_schema
               ~ '` still show the last successful run; fix and `dbt retry`.', info=true) }}
        {{ return('') }}
    {%- endif -%}
    {#- A mart counts as fresh when this invocation built it, or it was built
        since the last publish (the failed run that `dbt retry` completes). -#}
    {%- set fresh = built_since_last_publish(audit_schema, required | map(attribute='alias') | list) -%}
    {%- set missing = [] -%}
    {%- for node in required if node.unique_id not in built and node.name not in fresh -%}
        {%- do missing.append(node.name) -%}
    {%- endfor -%}
    {%- if missing | length > 0 -%}
        {{ log('publish: not publishing: not every mart was built since the last publish (missing '
               ~ missing[:5] | join(', ') ~ (' ...' if missing | length > 5 else '')
               ~ '); run a full `dbt build` to publish.', info=true) }}
        {{ return('') }}
    {%- endif -%}

    {%- set volumes = input_volumes() -%}
    {%- do check_input_volumes(volumes, audit_schema) -%}
    {%- if registry | length > 0 and not registry_is_current(registry_schema, registry[0].schema) -%}
        {{ return('') }}
    {%- endif -%}

    {%- set version_schema = prefix ~ var('publish_schema') ~ '_v'
        ~ modules.datetime.datetime.utcnow().strftime('%Y%m%d%H%M%S') ~ '_'
        ~ invocation_id.replace('-', '')[:8] -%}
    {%- call statement('publish_create_version') -%}
        create schema if not exists {{ version_schema }}
    {%- endcall -%}
    {%- call statement('publish_create_live') -%}
        create schema if not exists {{ live_schema }}
    {%- endcall -%}
    {%- for node in marts -%}
        {%- call statement('publish_copy_' ~ node.name) -%}
            create table {{ version_schema }}.{{ node.alias }} using parquet
            as select * from {{ node.schema }}.{{ node.alias }}
        {%- endcall -%}
    {%- endfor -%}
    {#- The id registry: its own version schema (it holds source record ids: never
        beside the marts BI can read) and its own live views in `<prefix>registry`. -#}
    {%- set registry_version = registry_version_schema(version_schema) -%}
    {%- call statement('publish_create_registry_version') -%}
        create schema if not exists {{ registry_version }}
    {%- endcall -%}
    {%- for node in registry -%}
        {%- call statement('publish_copy_' ~ node.name) -%}
            create table {{ registry_version }}.{{ node.alias }} using parquet
            as select * from {{ node.schema }}.{{ node.alias }}
        {%- endcall -%}
    {%- endfor -%}
    {%- call statement('publish_create_registry') -%}
        create schema if not exists {{ registry_schema }}
    {%- endcall -%}
    {%- for node in registry -%}
        {%- call statement('publish_registry_' ~ node.name) -%}
            create or replace view {{ registry_schema }}.{{ node.alias }}
            as select * from {{ registry_version }}.{{ node.alias }}
        {%- endcall -%}
    {%- endfor -%}
    {#- The view swap is metadata only; readers see either the old or the new version of each mart. -#}
    {%- for node in marts -%}
        {%- call statement('publish_swap_' ~ node.name) -%}
            create or replace view {{ live_schema }}.{{ node.alias }}
            as select * from {{ version_schema }}.{{ node.alias }}
        {%- endcall -%}
    {%- endfor -%}
    {#- Grants on what readers see (cluster only: vanilla Spark has no GRANT). -#}
    {%- set grants = var('published_mart_grants') if target.name == 'cluster' else {} -%}
    {%- for grant_sql in published_mart_grant_statements(
            live_schema, marts | map(attribute='alias') | list, grants) -%}
        {%- call statement('publish_grant_' ~ loop.index) -%}
            {{ grant_sql }}
        {%- endcall -%}
    {%- endfor -%}
    {%- do record_publish(audit_schema, version_schema, marts | length, volumes) -%}
    {%- do drop_old_mart_versions(audit_schema, keep=var('publish_keep_versions')) -%}
    {{ log('publish: published ' ~ marts | length ~ ' marts to `' ~ live_schema ~ '` (version '
           ~ version_schema ~ ')', info=true) }}
{% endmacro %}


{#- Row counts of every raw source table, as a dict. -#}
{% macro input_volumes() %}
    {%- set volumes = {} -%}
    {%- for node in graph.sources.values() if node.source_meta.get('volume_guard', true) -%}
        {%- set rows = run_query('select count(*) as n from ' ~ node.schema ~ '.' ~ node.identifier) -%}
        {%- do volumes.update({node.identifier: rows.columns[0].values()[0] | int}) -%}
    {%- endfor -%}
    {{ return(volumes) }}
{% endmacro %}


{#- Stop before publishing when an input dropped or grew beyond its limit since the last publish. -#}
{% macro check_input_volumes(volumes, audit_schema) %}
    {%- if var('volume_guard_acknowledged') or adapter.get_relation(
            database=none, schema=audit_schema, identifier='published_volumes') is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set previous = run_query(
        'select table_name, n_rows from ' ~ audit_schema ~ '.published_volumes'
        ~ ' where publish_id = (select max_by(publish_id, published_at) from '
        ~ audit_schema ~ '.published_volumes)') -%}
    {%- set before = {} -%}
    {%- for row in previous.rows -%}
        {%- do before.update({row[0]: row[1] | int}) -%}
    {%- endfor -%}
    {%- do raise_volume_breaches(volume_guard_breaches(before, volumes)) -%}
{% endmacro %}


{#- The limits of one table: vars volume_guard_max_drop / volume_guard_max_growth,
    overridden per table by var volume_guard_table_limits. -#}
{% macro volume_guard_limits(table_name) %}
    {%- set own = var('volume_guard_table_limits').get(table_name, {}) -%}
    {{ return({
        'max_drop': own.get('max_drop', var('volume_guard_max_drop')) | float,
        'max_growth': own.get('max_growth', var('volume_guard_max_growth')) | float,
    }) }}
{% endmacro %}


{#- One line per table whose row count left its limits: `previous` and `current`
    map table name -> rows (a table absent now counts as 0 rows; a new table is not compared). -#}
{% macro volume_guard_breaches(previous, current) %}
    {%- set breaches = [] -%}
    {%- for table_name, before in previous | dictsort -%}
        {%- set before = before | int -%}
        {%- set now = current.get(table_name, 0) | int -%}
        {%- set limits = volume_guard_limits(table_name) -%}
        {%- set head = table_name ~ ': ' ~ now ~ ' rows now against ' ~ before ~ ' at the last publish' -%}
        {%- if before == 0 and now > 0 -%}
            {%- do breaches.append(head ~ ' (grew from empty)') -%}
        {%- elif before > 0 and now < before and (before - now) / before > limits.max_drop -%}
            {%- do breaches.append(head ~ ' (a drop of ' ~ '%.1f' | format(100 * (before - now) / before)
                ~ '%, limit ' ~ '%.0f' | format(100 * limits.max_drop) ~ '%)') -%}
        {%- elif before > 0 and now > before and (now - before) / before > limits.max_growth -%}
            {%- do breaches.append(head ~ ' (growth of ' ~ '%.1f' | format(100 * (now - before) / before)
                ~ '%, limit ' ~ '%.0f' | format(100 * limits.max_growth) ~ '%)') -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(breaches) }}
{% endmacro %}


{% macro raise_volume_breaches(breaches) %}
    {%- if breaches | length > 0 -%}
        {{ exceptions.raise_compiler_error(
            'Volume guard: input volumes changed beyond their limits since the last published run,'
            ~ ' so the marts were NOT published: ' ~ breaches | join('; ')
            ~ '. A partial, truncated or duplicated extract is the usual cause. If the change is real,'
            ~ ' rerun with --vars \'{volume_guard_acknowledged: true}\'.') }}
    {%- endif -%}
{% endmacro %}


{#- Operation: apply the guard to given counts, e.g. `dbt run-operation check_volume_change
    --args '{previous: {crimes: 4188}, current: {crimes: 2512}}'` (fails on a breach). -#}
{% macro check_volume_change(previous, current) %}
    {%- do raise_volume_breaches(volume_guard_breaches(previous, current)) -%}
    {{ log('volume guard: within limits for ' ~ previous | length ~ ' table(s)', info=true) }}
{% endmacro %}


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
    {%- if volumes | length > 0 -%}
        {%- call statement('publish_volumes_insert') -%}
            insert into {{ audit_schema }}.published_volumes values
            {%- for table_name, n_rows in volumes | dictsort %}
                ('{{ invocation_id }}', current_timestamp(), '{{ table_name }}', {{ n_rows }})
                {{- ',' if not loop.last }}
            {%- endfor %}
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
    create table {{ record }} using parquet as
    select
        '{{ this.identifier }}' as model_name,
        '{{ invocation_id }}' as invocation_id,
        current_timestamp() as built_at
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


{#- GRANT statements for the published views in `live_schema`: one per view,
    privilege and grantee (Spark grants to one principal per statement), from a
    {privilege: [grantee, ...]} mapping (var published_mart_grants). -#}
{% macro published_mart_grant_statements(live_schema, aliases, grants) %}
    {%- set statements = [] -%}
    {%- for alias in aliases -%}
        {%- set relation = api.Relation.create(schema=live_schema, identifier=alias, type='view') -%}
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
