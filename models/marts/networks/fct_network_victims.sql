-- Victims linked to each network, for safeguarding.
{{ contract_rows('pg_network_victims_linked') }}
