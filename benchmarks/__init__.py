"""Benchmark commands (not tests): pipeline stages, graph step, quality against planted truth."""
