{#- The date the analysis is "as of" (docs block `as_of_date`), as ISO text.

    1. var `as_of_date` when set (an analyst's run "as of" a past day);
    2. else the environment variable CSE_AS_OF_DATE (the test command and the
       synthetic worlds, frozen at their generator's date);
    3. else the run's own date (UTC): an unattended run next year is as of
       next year, never a day fixed in the project.
    A value that is not a YYYY-MM-DD date stops the run with one line. -#}
{% macro as_of_date() -%}
    {%- if run_started_at is not defined -%}
        {{- return(run_date()) -}}  {#- no dbt run: sqlfluff's lint templater -#}
    {%- endif -%}
    {%- set configured = (var('as_of_date', '') or env_var('CSE_AS_OF_DATE', ''))
        | string | trim -%}
    {%- if configured in ['', 'None'] -%}
        {{- return(run_date()) -}}
    {%- endif -%}
    {%- set digits = configured[:4] ~ configured[5:7] ~ configured[8:] -%}
    {%- if not (configured | length == 10 and configured[4] == '-' and configured[7] == '-'
                and digits.isdigit()) -%}
        {{- exceptions.raise_compiler_error(
            'as_of_date must be a date written YYYY-MM-DD (var as_of_date or CSE_AS_OF_DATE), got "'
            ~ configured ~ '"') -}}
    {%- endif -%}
    {{- return(configured) -}}
{%- endmacro %}


{#- The as-of cutoff: the first day after the as-of date, as a SQL date. An
    event counts as known at the as-of date when `event_at < as_of_cutoff()`
    (any time on the as-of day itself included). -#}
{% macro as_of_cutoff() -%}
    date_add(date '{{ as_of_date() }}', 1)
{%- endmacro %}


{#- The run's own date (UTC), ISO text. (A fixed day only where there is no dbt
    run at all: sqlfluff's lint templater.) -#}
{% macro run_date() -%}
    {%- if run_started_at is not defined -%}
        {{- return('2000-01-01') -}}
    {%- endif -%}
    {{- return(run_started_at.strftime('%Y-%m-%d')) -}}
{%- endmacro %}


{#- Where the as-of date came from, for the run log and the run audit. -#}
{% macro as_of_date_source() -%}
    {%- if var('as_of_date', '') | string | trim not in ['', 'None'] -%}
        {{- return('var as_of_date') -}}
    {%- elif env_var('CSE_AS_OF_DATE', '') | trim != '' -%}
        {{- return('CSE_AS_OF_DATE') -}}
    {%- endif -%}
    {{- return('run date (UTC)') -}}
{%- endmacro %}


{#- The day the extract was taken: the latest load's extracted_at (from the
    extract's control totals) or, without one, its load time; the run's date
    when no load is logged (raw tables loaded by hand). Nothing in an extract
    can be dated after the day it was taken, so this is what the future-date
    check compares with (never a fixed day, never the as-of date, which an
    analyst may set in the past). var `extract_date` fixes it (unit tests). -#}
{% macro extract_date() -%}
    {%- set fixed = var('extract_date', '') | string | trim -%}
    {%- if fixed not in ['', 'None'] -%}
        {{- return(fixed) -}}
    {%- endif -%}
    {%- if not execute -%}
        {{- return(run_date()) -}}
    {%- endif -%}
    {#- The loader's log by name, not source(): unit tests of staging models
        must not depend on it (they set var extract_date). -#}
    {%- set schema = env_var('CSE_RAW_SCHEMA', 'raw') -%}
    {%- if adapter.get_relation(database=none, schema=schema, identifier='load_log') is none -%}
        {{- return(run_date()) -}}
    {%- endif -%}
    {%- set log = schema ~ '.load_log' -%}
    {%- set found = run_query(
        'select cast(to_date(coalesce(max(extracted_at), max(loaded_at))) as string)'
        ~ ' from ' ~ log ~ ' where load_id = (select max_by(load_id, loaded_at) from ' ~ log ~ ')') -%}
    {%- set day = found.columns[0].values()[0] -%}
    {{- return(day if day else run_date()) -}}
{%- endmacro %}


{#- Printed at the start of every run (on-run-start). -#}
{% macro log_as_of_date() -%}
    {%- if execute -%}
        {{- log('as-of date: ' ~ as_of_date() ~ ' (' ~ as_of_date_source() ~ ')', info=true) -}}
    {%- endif -%}
{%- endmacro %}
