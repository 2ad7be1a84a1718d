-- The rows of base_safeguarding__flags that breach no rule of the raw contract, with the
-- columns this model's YAML declares (macro staged_rows).
{{ staged_rows('base_safeguarding__flags') }}
