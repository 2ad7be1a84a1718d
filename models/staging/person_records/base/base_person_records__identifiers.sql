{%- set codes = var('raw_code_values') -%}
{%- set key_columns = [
    'source_system', 'source_nominal_id', 'identifier_type',
    'identifier_value_recorded', 'observed_from',
] -%}

with

source as (

    {{ raw_rows('person_records', 'nominal_identifiers') }}

),

nominals as (

    {{ staged_nominal_keys() }}

),

standardised as (

    select
        {{ standardise_code('source_system') }} as source_system,
        {{ standardise_id('source_nominal_id') }} as source_nominal_id,
        {{ standardise_code('identifier_type') }} as identifier_type,
        {{ standardise_text('identifier_value') }} as identifier_value_recorded,
        {{ canonical_identifier(standardise_code('identifier_type'), 'identifier_value') }}
            as identifier_value,
        cast(observed_from as date) as observed_from,
        cast(observed_to as date) as observed_to,
        {{ record_key([
            'source_system', 'source_nominal_id', 'identifier_type',
            'identifier_value', 'observed_from',
        ]) }} as record_key,
        raw_row_json
    from source

),

checked as (

    select
        *,
        {{ breach_array([
            breach_null('source_system'),
            breach_null('source_nominal_id'),
            breach_null('identifier_type'),
            breach_null('identifier_value_recorded', 'identifier_value'),
            breach_null('observed_from'),
            breach_unknown('source_system', codes['source_system']),
            breach_unknown('identifier_type', codes['identifier_type']),
            "case when identifier_value_recorded is not null and identifier_value is null"
            ~ " then 'INVALID_VALUE:identifier_value' end",
            breach_future('observed_from'),
            breach_impossible('observed_to', 'observed_to < observed_from'),
            breach_orphan('source_nominal_id', 'has_staged_nominal'),
        ]) }} as row_breaches
    from standardised
    {{ join_parent_keys('nominals', ['source_system', 'source_nominal_id']) }}

),

copies_numbered as (

    {{ copies_numbered(key_columns, 'observed_to desc nulls first') }}

),

final as (

    select
        md5({{ record_key(key_columns) }}) as identifier_key,
        {{ record_id() }} as record_id,
        source_system,
        source_nominal_id,
        identifier_type,
        identifier_value,
        identifier_value_recorded,
        observed_from,
        observed_to,
        {{ base_audit_columns() }}
    from copies_numbered

)

select * from final
