-- Organised crime groups prioritised for CSE (docs block ocg_cse_priority):
-- CSE-linked networks, members involved in CSE crimes, CSE harm, child
-- victims, recency, rank and a plain-English advisory explanation.
-- One row per OCG current at the as-of date.
{{ contract_rows('pg_ocgs_cse_prioritised') }}
