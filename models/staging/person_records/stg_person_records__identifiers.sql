-- The rows of base_person_records__identifiers that breach no rule of the raw contract, with the
-- columns this model's YAML declares (macro staged_rows).
{{ staged_rows('base_person_records__identifiers') }}
