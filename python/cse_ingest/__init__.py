"""Loading real extracts into the warehouse's ``raw`` schema (``python -m cse_ingest.load``).

A product component: it knows the contract (``cse_contract``) and the Spark
session (``cse_networks.spark``), never the synthetic-data generator.
"""
