-- Typed links between networks: the offender-side edges that cross from one
-- network to another, with the people at either end who bridge them, and the
-- victims the two networks share (docs block network_definition). One row per
-- ordered pair of linked networks.
{{ contract_rows('pg_network_links_aggregated') }}
