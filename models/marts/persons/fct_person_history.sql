-- Rank and score of every ranked person (offenders and suspects; victims are
-- not ranked) in every published run, this run included (docs block id_rules):
-- a dashboard shows trend and previous rank from it without recomputing
-- anything. Grain: one row per ranked person per published run.
{{ rank_history_mart('registry_person_history', 'person_id') }}
