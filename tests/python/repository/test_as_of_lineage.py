"""Dated records enter the analysis only through their "known at the as-of date" model.

Docs block ``as_of_date``: each dated entity is cut at the as-of date in one model of
``models/intermediate/as_of``, and every analysis model reads it there, so a crime,
arrest, report, flag, identifier or link dated after the as-of date reaches no count,
harm, victim flag, seed set or graph edge. Read from the manifest dbt writes (the tiny
build's), so every ``ref`` counts, Python models' included.
"""

from __future__ import annotations

import json

from manifest_nodes import model_node

# dated entity as staged (after the cross-source parent check of
# models/intermediate/parents where it has one) -> the one model that cuts it at the
# as-of date
KNOWN_MODELS = {
    "stg_crimes__crimes": "int_crimes_known",
    "int_crime_nominals_parented": "int_crime_nominals_known",
    "int_custody_records_parented": "int_custody_records_known",
    "stg_intel__reports": "int_intel_reports_known",
    "stg_person_records__identifiers": "int_person_identifiers_known",
    "int_safeguarding_flags_parented": "int_safeguarding_flags_known",
    "int_ocg_nominals_parented": "int_ocg_nominals_known",
    # staged before the cross-source parent check: read only by that check
    # (models/intermediate/parents, macro rows_with_parents), never by the analysis
    "stg_crimes__crime_nominals": "int_crime_nominals_parented",
    "stg_custody__custody_records": "int_custody_records_parented",
    "stg_intel__nominals": "int_intel_nominals_parented",
    "stg_ocgm__ocg_nominals": "int_ocg_nominals_parented",
    "stg_safeguarding__flags": "int_safeguarding_flags_parented",
}
# Readers of staged rows that are not the analysis: the count of rows the cut leaves
# out, the quarantine counts (the quality of the whole extract), identity resolution's
# blocking and scoring on shared identifiers (who is who uses every record), and the
# keyed pseudonym of each identifier value (an id, no event; its reader
# int_person_identifiers_resolved joins it to the known observations).
NOT_ANALYSIS = {
    "int_rows_after_as_of_counted",
    "int_quarantine_reasons_counted",
    "int_person_record_pairs_blocked",
    "int_person_record_pairs_scored",
    "int_identifier_ids_keyed",
}
# Staging and the cross-source parent checks (models/intermediate/parents) check every
# row of the extract, dated after the as-of date or not: they are not the analysis.
STAGED_FOLDERS = ("models/staging/", "models/intermediate/parents/")
# The link models: read only by int_person_links_typed (which cuts links at their
# first sighting) and by the count of what it leaves out.
LINK_READERS = {"int_person_links_typed", "int_rows_after_as_of_counted"}
# Undated mentions in intelligence reports count with their (known) report.
INTEL_MENTIONS, KNOWN_REPORTS = "int_intel_nominals_parented", "int_intel_reports_graded"


def uncut_reads(manifest: dict) -> set[tuple[str, str]]:
    """(model, parent) pairs where an analysis model reads dated rows before the cut."""
    models = {u: n for u, n in manifest["nodes"].items() if n["resource_type"] == "model"}
    bad = set()
    for node in models.values():
        name = node["name"]
        if node["original_file_path"].startswith(STAGED_FOLDERS) or name in NOT_ANALYSIS:
            continue
        parents = {models[p]["name"] for p in node["depends_on"]["nodes"] if p in models}
        for parent in parents:
            staged_uncut = parent in KNOWN_MODELS and KNOWN_MODELS[parent] != name
            link_uncut = parent.startswith("int_links_") and name not in LINK_READERS
            if staged_uncut or link_uncut:
                bad.add((name, parent))
        if INTEL_MENTIONS in parents and KNOWN_REPORTS not in parents:
            bad.add((name, INTEL_MENTIONS))
    return bad


def test_reads_before_the_cut_are_found() -> None:
    manifest = {
        "nodes": dict(
            [
                model_node("stg_crimes__crimes", "models/staging/crimes/stg_crimes__crimes.sql"),
                model_node("int_intel_nominals_parented", "models/intermediate/parents/p.sql"),
                model_node(
                    "int_crimes_known", "models/intermediate/as_of/k.sql", "stg_crimes__crimes"
                ),
                model_node("int_rows_after_as_of_counted", "models/i/c.sql", "stg_crimes__crimes"),
                model_node("int_ok", "models/intermediate/x/ok.sql", "int_crimes_known"),
                model_node("graph_nodes", "models/graph/graph_nodes.sql", "stg_crimes__crimes"),
                model_node("int_links_co_offending", "models/intermediate/links/l.sql", "int_ok"),
                model_node("int_person_links_typed", "models/i/t.sql", "int_links_co_offending"),
                model_node("pg_w", "models/post_graph/w/pg_w.sql", "int_links_co_offending"),
                model_node("int_intel_reports_graded", "models/i/g.sql"),
                model_node("int_m", "models/i/m.sql", "int_intel_nominals_parented"),
                model_node("stg_intel__nominals", "models/staging/intel/stg_intel__nominals.sql"),
                model_node("int_s", "models/i/s.sql", "stg_intel__nominals"),
                model_node(
                    "int_n",
                    "models/i/n.sql",
                    "int_intel_nominals_parented",
                    "int_intel_reports_graded",
                ),
            ]
        )
    }
    assert uncut_reads(manifest) == {
        ("graph_nodes", "stg_crimes__crimes"),
        ("pg_w", "int_links_co_offending"),
        ("int_m", "int_intel_nominals_parented"),
        ("int_s", "stg_intel__nominals"),
    }


def test_dated_records_enter_only_through_their_knownmodel_node(tiny_build) -> None:
    assert tiny_build.target is not None
    manifest = json.loads((tiny_build.target / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(uncut_reads(manifest)) == []
