{#- Row counts of every raw source table, as a dict. -#}
{% macro input_volumes() %}
    {%- set volumes = {} -%}
    {%- for node in graph.sources.values() if node.source_meta.get('volume_guard', true) -%}
        {%- set rows = run_query(
            'select count(*) as n from ' ~ node.schema ~ '.' ~ node.identifier) -%}
        {%- do volumes.update({node.identifier: rows.columns[0].values()[0] | int}) -%}
    {%- endfor -%}
    {{ return(volumes) }}
{% endmacro %}


{#- Stop before publishing when an input dropped or grew beyond its limit since the
    last publish. -#}
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
        {%- set head = table_name ~ ': ' ~ now ~ ' rows now against ' ~ before
            ~ ' at the last publish' -%}
        {%- if before == 0 and now > 0 -%}
            {%- do breaches.append(head ~ ' (grew from empty)') -%}
        {%- elif before > 0 and now < before and (before - now) / before > limits.max_drop -%}
            {%- do breaches.append(head ~ ' (a drop of ' ~ '%.1f' | format(100 * (before - now) / before)
                ~ '%, limit ' ~ '%.0f' | format(100 * limits.max_drop) ~ '%)') -%}
        {%- elif before > 0 and now > before and (now - before) / before > limits.max_growth -%}
            {%- do breaches.append(head ~ ' (growth of '
                ~ '%.1f' | format(100 * (now - before) / before)
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
