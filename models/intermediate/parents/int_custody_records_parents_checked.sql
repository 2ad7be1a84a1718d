-- Custody records checked against their parents in other sources (docs
-- block quarantine_rules): every row of base_custody__custody_records, its
-- own breaches plus ORPHAN_KEY / QUARANTINED_PARENT on source_nominal_id
-- (person records) and crime_id (crimes). The copies of a custody_id are
-- numbered again over all their breaches (macro copy_number): the parents
-- are not part of the key, so copies of one custody episode can differ in
-- them, and the kept copy is the one with the fewest breaches of all.
{% set key_columns = ['custody_id'] -%}
{#- the table's columns before the audit columns, as person_record_parent_checked takes them -#}
{%- set table_columns = [
    'custody_id', 'record_id', 'source_system', 'source_nominal_id', 'offence_code',
    'crime_id', 'incident_id', 'arrest_postcode', 'arrested_at',
] -%}

with

custody_records as (

    select * from {{ ref('base_custody__custody_records') }}

),

nominals as (

    {{ staged_nominal_keys() }}

),

crimes as (

    {{ parent_keys('base_crimes__crimes', ['crime_id'], 'has_staged_crime') }}

),

checked as (

    select
        {{ table_columns | join(', ') }},
        record_key,
        raw_row_json,
        concat(
            {{ own_breaches() }},
            {{ breach_array([
                breach_orphan('source_nominal_id', 'has_staged_nominal'),
                breach_orphan('crime_id', 'has_staged_crime'),
            ]) }}
        ) as row_breaches
    from custody_records
    {{ join_parent_keys('nominals', ['source_system', 'source_nominal_id'], 'custody_records') }}
    {{ join_parent_keys('crimes', ['crime_id'], 'custody_records') }}

),

copies_numbered as (

    {{ copies_numbered(key_columns) }}

),

final as (

    select
        {{ table_columns | join(', ') }},
        {{ base_audit_columns() }}
    from copies_numbered

)

select * from final
