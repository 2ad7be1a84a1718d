"""cse-networks: orchestration helpers shared by the commands (Spark session, run summary)."""
