"""The methods section and glossary of the pack: how the figures were made, in brief.

The full rules, with their validation figures, are in the project's lineage docs
(``dbt docs``: blocks ``link_rules``, ``cse_seed_set``, ``person_resolution``,
``graph_algorithms``, ``harm_method``, ``priority_method``, ``ocg_link_rules``); this is
the analyst's summary of them, kept short enough to print on one page.
"""

from __future__ import annotations

from briefing.styles import LINK_FAMILIES

__all__ = ["GLOSSARY", "METHODS", "methods_section"]

METHODS: tuple[tuple[str, str], ...] = (
    (
        "Sources and quality",
        "Crime, custody, intelligence, organised-crime (OCGM), safeguarding and person "
        "records, checked against the raw contract; rows that break it are quarantined "
        "(Data quality panel) and take no part in any figure.",
    ),
    (
        "Credible intelligence",
        "Only intelligence graded credible under its grading scheme (3x5x2 or 5x5x5) "
        "creates links or CSE status; the rest is counted in the Data quality panel.",
    ),
    (
        "Who is a person",
        "Records from all systems are resolved to one pseudonymous person id by "
        "deterministic rules (shared PNC id, matching name and date of birth, shared "
        "identifiers with agreeing names) and a probabilistic model (Splink) above a "
        "fixed match threshold; analyst merge/split decisions are applied and audited.",
    ),
    (
        "CSE seed set",
        "A crime is CSE when flagged CSE by the officer, coded as a child sexual offence, "
        "or a sexual offence against a victim under 18. A person is a CSE nominal when "
        "suspect or offender of a CSE crime, or subject of credible CSE-marked "
        "intelligence. Networks are grown from these people.",
    ),
    (
        "Links and weights",
        "Links come from shared crimes, arrests, credible intelligence, OCG membership "
        "and shared identifiers (addresses, phones, vehicles, e-mail, handles; hubs "
        "excluded). Weight = base weight of the type x saturation of the evidence count "
        "x recency decay (half-life), summed over types. Scope: the seed set and its "
        "neighbours within the configured number of hops.",
    ),
    (
        "Networks and key players",
        "Networks are Leiden communities of the weighted graph (fixed seed; stability = "
        "share of repeated runs reproducing it). Centrality: degree, betweenness, "
        "eigenvector. Key players are the members whose removal, in order, most "
        "fragments the network; bridging people link to other networks or OCGs.",
    ),
    (
        "Harm and victims",
        "Harm is crime harm in days (a CCHI-style table): CSE harm counts in full, other "
        "harm at a fraction. Victims are people recorded as victims of the members' "
        "crimes; age band is at the first offence against them.",
    ),
    (
        "Priority",
        "Six components (harm, victims, recency of CSE offending, centrality, OCG links, "
        "stability), each scaled 0-1, weighted and averaged into the advisory score; rank "
        "1 is looked at first. Every row carries its components and a plain-English "
        "explanation naming the evidence.",
    ),
    (
        "Advisory use",
        "Every score and chart here is advisory: for human intelligence review. It "
        "decides nothing about any person, and absence from the pack is not evidence "
        "of anything.",
    ),
)

GLOSSARY: tuple[tuple[str, str], ...] = (
    ("CSE", "Child sexual exploitation."),
    ("CSE nominal", "A person in the CSE seed set (see Methods)."),
    ("Victim", "A person recorded as victim and never as suspect or offender; not ranked."),
    ("OCG", "Organised crime group, from the force's OCG mapping (OCGM)."),
    ("Key player", "Member whose removal most fragments the network (removal order shown)."),
    ("Bridging person", "Member linked to another network or to an OCG."),
    ("Betweenness", "Share of shortest paths between others that pass through a person."),
    ("Harm days", "Crime harm: the starting-point sentence in days for the offence type."),
    ("Weight", "Strength of a link: evidence, its type and how recent it is."),
    ("First / last seen", "Dates of the earliest and latest evidence of a link."),
    ("Partial quarter", "The quarter of the as-of date, with data only up to that date."),
    ("Quarantined row", "A raw row breaking the data contract, kept out of every figure."),
    ("Identifier hub", "An identifier shared by too many people to be evidence of a link."),
)


def methods_section(marking: str, run_id: str = "") -> str:
    """HTML of the methods section and glossary (one printed page), ``marking`` escaped.

    ``run_id`` (the dbt invocation of the build) names the folder of Splink's charts of
    the model that run used: ``target/splink/<run_id>/``, linked relative to the pack's
    default place ``target/briefing/`` (the pack stays one file; the link opens the
    local chart files, never the network).
    """
    from briefing.svg import esc

    splink = (
        '<p class="note" id="splink-charts">Person resolution model of this run, as Splink '
        "draws it: "
        f'<a href="../splink/{esc(run_id)}/match_weights.html">match weights</a>, '
        f'<a href="../splink/{esc(run_id)}/m_u_parameters.html">m and u parameters</a>, '
        f'<a href="../splink/{esc(run_id)}/borderline_waterfall.html">borderline pairs</a> '
        "(weights by comparison, values left out), "
        f"in target/splink/{esc(run_id)}/ beside this pack.</p>"
        if run_id and run_id != "unknown"
        else ""
    )

    methods = "".join(f"<dt>{esc(t)}</dt><dd>{esc(d)}</dd>" for t, d in METHODS)
    links = "".join(
        f"<dt>{esc(f.label)}</dt><dd>{esc(', '.join(f.types))}</dd>"
        for f in LINK_FAMILIES
        if f.types
    )
    glossary = "".join(f"<dt>{esc(t)}</dt><dd>{esc(d)}</dd>" for t, d in GLOSSARY)
    return (
        '<section class="methods" id="methods">'
        f'<div class="marking print-only">{marking}</div><h2>Methods</h2>'
        f'<dl class="methods-list">{methods}</dl>{splink}'
        "<h3>Link types in the charts</h3>"
        f'<dl class="methods-list">{links}</dl>'
        '<h2 id="glossary">Glossary</h2>'
        f'<dl class="glossary">{glossary}</dl>'
        '<p class="note">Full rules and their validation figures: the project\'s lineage '
        "docs (dbt docs), pages of the models named in each block.</p></section>"
    )
