{#- The contract tables with quarantine, as (table name, base model) pairs in
    contract order: one list for every model that reads all base models'
    quarantined rows or raw row counts (docs block `quarantine_rules`). -#}
{% macro contract_tables() %}
    {{ return([
        ('nominals', 'base_person_records__nominals'),
        ('nominal_identifiers', 'base_person_records__identifiers'),
        ('crimes', 'base_crimes__crimes'),
        ('crime_nominals', 'base_crimes__crime_nominals'),
        ('custody_records', 'base_custody__custody_records'),
        ('intel_reports', 'base_intel__reports'),
        ('intel_nominals', 'base_intel__nominals'),
        ('ocg_nominals', 'base_ocgm__ocg_nominals'),
        ('safeguarding_flags', 'base_safeguarding__flags'),
    ]) }}
{% endmacro %}
