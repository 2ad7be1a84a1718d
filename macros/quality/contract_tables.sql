{#- The contract tables with quarantine, as (table name, audit model) pairs in
    contract order: one list for every model that reads all quarantined rows or
    raw row counts (docs block `quarantine_rules`). The audit model holds every
    raw row with all its breaches: the table's base model, or for a table whose
    rows name another source's records, its int_<table>_parents_checked
    (models/intermediate/parents), where the cross-source orphan checks are. -#}
{% macro contract_tables() %}
    {{ return([
        ('nominals', 'base_person_records__nominals'),
        ('nominal_identifiers', 'base_person_records__identifiers'),
        ('crimes', 'base_crimes__crimes'),
        ('crime_nominals', 'int_crime_nominals_parents_checked'),
        ('custody_records', 'int_custody_records_parents_checked'),
        ('intel_reports', 'base_intel__reports'),
        ('intel_nominals', 'int_intel_nominals_parents_checked'),
        ('ocg_nominals', 'int_ocg_nominals_parents_checked'),
        ('safeguarding_flags', 'int_safeguarding_flags_parents_checked'),
    ]) }}
{% endmacro %}
