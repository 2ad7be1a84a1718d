{%- set codes = var('raw_code_values') -%}
{%- set key_columns = ['intel_id', 'source_system', 'source_nominal_id'] -%}

with

source as (

    {{ raw_rows('intel', 'intel_nominals') }}

),

reports as (

    {{ parent_keys('base_intel__reports', ['intel_id'], 'has_staged_report') }}

),

standardised as (

    select
        {{ standardise_id('intel_id') }} as intel_id,
        {{ standardise_code('source_system') }} as source_system,
        {{ standardise_id('source_nominal_id') }} as source_nominal_id,
        {{ standardise_code('mention_role') }} as mention_role,
        {{ record_key(key_columns) }} as record_key,
        raw_row_json
    from source

),

checked as (

    select
        *,
        {{ breach_array([
            breach_null('intel_id'),
            breach_null('source_system'),
            breach_null('source_nominal_id'),
            breach_null('mention_role'),
            breach_unknown('source_system', codes['intel_nominals_source_system']),
            breach_unknown('mention_role', codes['mention_role']),
            breach_orphan('intel_id', 'has_staged_report'),
        ]) }} as row_breaches
    from standardised
    {{ join_parent_keys('reports', ['intel_id']) }}

),

copies_numbered as (

    {{ copies_numbered(key_columns) }}

),

final as (

    select
        md5({{ record_key(key_columns) }}) as intel_nominal_id,
        intel_id,
        {{ record_id() }} as record_id,
        source_system,
        source_nominal_id,
        mention_role,
        {{ base_audit_columns() }}
    from copies_numbered

)

select * from final
