-- Directed offender-to-victim links per network, for the link charts.
{{ contract_rows('pg_network_victim_links_paired') }}
