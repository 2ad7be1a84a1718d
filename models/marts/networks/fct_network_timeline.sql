-- Activity of each network per calendar quarter, for the briefing pack's charts.
{{ contract_rows('pg_network_activity_bucketed') }}
