-- The rows of base_custody__custody_records that breach no rule of the raw contract, with the
-- columns this model's YAML declares (macro staged_rows).
{{ staged_rows('base_custody__custody_records') }}
