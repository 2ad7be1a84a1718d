-- Links between CSE networks and organised crime groups of the SOC network.
{{ contract_rows('pg_network_ocg_links_found') }}
