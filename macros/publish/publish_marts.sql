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
{% macro publish_marts(results) %}
    {%- if not execute or flags.WHICH not in ['build', 'run', 'retry'] -%}
        {{ return('') }}
    {%- endif -%}
    {%- set prefix = env_var('CSE_SCHEMA_PREFIX', '') -%}
    {%- set live_schema = prefix ~ var('publish_schema') -%}
    {%- set audit_schema = prefix ~ var('publish_audit_schema') -%}
    {%- set registry_schema = prefix ~ 'registry' -%}
    {%- set registry = registry_nodes() -%}
    {%- set marts = mart_nodes() -%}

    {#- Audit: every node succeeded, every required mart is fresh, the inputs kept
        their volumes and the id registry is still the one this run read. -#}
    {%- if failed_nodes(results, live_schema) | length > 0 -%}
        {{ return('') }}
    {%- endif -%}
    {#- The registry is not required to be rebuilt: registry_is_current checks it. -#}
    {%- set required = mart_nodes(include_restricted=true) -%}
    {%- set fresh = built_since_last_publish(
        audit_schema, required | map(attribute='alias') | list) -%}
    {%- if unbuilt_marts(required, built_models(results), fresh) | length > 0 -%}
        {{ return('') }}
    {%- endif -%}
    {%- set volumes = input_volumes() -%}
    {%- do check_input_volumes(volumes, audit_schema) -%}
    {%- if registry | length > 0
          and not registry_is_current(registry_schema, registry[0].schema) -%}
        {{ return('') }}
    {%- endif -%}

    {#- Publish: copy into new version schemas, then repoint the live views. The line
        below says the audit passed and the copy began (the copy is most of the hook:
        8-14 s of a marts-only build on the mini-cluster); the cluster test's BI
        readers read back to back from it. -#}
    {%- set version_schema = mart_version_schema(prefix) -%}
    {%- set registry_version = registry_version_schema(version_schema) -%}
    {{ log('publish: audit passed; copying ' ~ marts | length ~ ' marts into ' ~ version_schema
           ~ ', then repointing `' ~ live_schema ~ '`', info=true) }}
    {%- do copy_into_version(marts, version_schema) -%}
    {#- The id registry: its own version schema (it holds source record ids: never
        beside the marts BI can read) and its own live views in `<prefix>registry`. -#}
    {%- do copy_into_version(registry, registry_version,
        schema_step='publish_create_registry_version') -%}
    {%- do point_live_views(registry, registry_schema, registry_version,
        schema_step='publish_create_registry', view_step='publish_registry_') -%}
    {%- do point_live_views(marts, live_schema, version_schema) -%}
    {%- do grant_published_marts(live_schema, marts) -%}
    {%- do record_publish(audit_schema, version_schema, marts | length, volumes) -%}
    {%- do drop_old_mart_versions(audit_schema, keep=var('publish_keep_versions')) -%}
    {%- do drop_abandoned_mart_versions(audit_schema, version_schema,
        min_age_hours=var('publish_abandoned_version_hours')) -%}
    {{ log('publish: published ' ~ marts | length ~ ' marts to `' ~ live_schema ~ '` (version '
           ~ version_schema ~ ')', info=true) }}
{% endmacro %}
