{%- set codes = var('raw_code_values') -%}
{%- set key_columns = ['crime_id', 'source_system', 'source_nominal_id', 'involvement'] -%}

with

source as (

    {{ raw_rows('crimes', 'crime_nominals') }}

),

crimes as (

    {{ parent_keys('base_crimes__crimes', ['crime_id'], 'has_staged_crime') }}

),

standardised as (

    select
        {{ standardise_id('crime_id') }} as crime_id,
        {{ standardise_code('source_system') }} as source_system,
        {{ standardise_id('source_nominal_id') }} as source_nominal_id,
        {{ standardise_code('involvement') }} as involvement,
        cast(linked_at as timestamp) as linked_at,
        {{ record_key(key_columns) }} as record_key,
        raw_row_json
    from source

),

checked as (

    select
        *,
        {{ breach_array([
            breach_null('crime_id'),
            breach_null('source_system'),
            breach_null('source_nominal_id'),
            breach_null('involvement'),
            breach_null('linked_at'),
            breach_unknown('source_system', codes['crime_nominals_source_system']),
            breach_unknown('involvement', codes['involvement']),
            breach_future('linked_at'),
            breach_orphan('crime_id', 'has_staged_crime'),
        ]) }} as row_breaches
    from standardised
    {{ join_parent_keys('crimes', ['crime_id']) }}

),

copies_numbered as (

    {{ copies_numbered(key_columns, 'linked_at') }}

),

final as (

    select
        md5({{ record_key(key_columns) }}) as crime_nominal_id,
        crime_id,
        {{ record_id() }} as record_id,
        source_system,
        source_nominal_id,
        involvement,
        linked_at,
        {{ base_audit_columns() }}
    from copies_numbered

)

select * from final
