-- The rows of base_ocgm__ocg_nominals that breach no rule of the raw contract, with the
-- columns this model's YAML declares (macro staged_rows).
{{ staged_rows('base_ocgm__ocg_nominals') }}
