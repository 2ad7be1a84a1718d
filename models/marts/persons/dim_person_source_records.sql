-- Which resolved person each source record was assigned to, and by which rule.
{{ contract_rows('int_person_records_resolved') }}
