"""Loading real extracts into the warehouse's ``raw`` schema (``python -m cse_ingest.load``).

A product component: it knows the contract (``cse_contract``) and the Spark
session (``cse_networks.spark``), never the synthetic-data generator. Nothing
is replaced until every table passed every check:

- ``scan``: a streaming pre-scan of every file (SHA-256, data rows; for CSV a
  zero-byte file, a ragged row, an unclosed quote, a last line cut short or a
  line not valid in the declared encoding stops the load naming file, line and
  field counts; a header-only file loads empty with a warning);
- control totals: ``DIR/_manifest.json`` (``cse_contract.manifest``: per file
  table, rows, SHA-256, extract time), when present, must match every table;
  when absent the load says so and records that nothing was checked;
- ``formats``: dates and timestamps are read in the format the contract declares
  (``format:`` in ``contract/raw_sources.yml``) or a formats file declares
  (``--formats FILE`` / ``$CSE_INGEST_FORMATS``, examples in ``contract/overlays/``),
  files in the declared encoding; never guessed, no day/month swap;
- ``audit``: every completed load appends one row per table to ``raw.load_log``
  (dbt source ``loader.load_log``, shown in ``rpt_run_audit`` and the run summary).

After the load, the publish step's volume guard (``macros/publish``; vars
``volume_guard_max_drop`` 20%, ``volume_guard_max_growth`` 50%,
``volume_guard_table_limits``) stops publishing marts built from a partial
extract that carried no control totals.
"""
