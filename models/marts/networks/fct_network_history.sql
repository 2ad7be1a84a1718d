-- Rank and score of every network in every published run, this run included
-- (docs block id_rules): a dashboard shows trend and previous rank from it
-- without recomputing anything. Grain: one row per network per published run.
{{ rank_history_mart('registry_network_history', 'network_id') }}
