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
        "Crime, custody, intelligence, OCG mapping, safeguarding and person records, "
        "checked against the raw contract; rows that break it are quarantined (Data "
        "quality panel) and count in no figure.",
    ),
    (
        "Credible intelligence",
        "Only intelligence graded credible under its grading scheme (3x5x2 or 5x5x5) "
        "creates links or CSE status; the rest is counted in the Data quality panel.",
    ),
    (
        "Who is a person",
        "Records from all systems are resolved to one pseudonymous person id by rules "
        "(shared PNC id, name and date of birth, shared identifiers with agreeing "
        "names) and Splink (trained on this run's records) above a fixed threshold; "
        "analyst merge/split decisions are applied and audited.",
    ),
    (
        "CSE seed set",
        "A crime is CSE when flagged CSE by the officer, coded as a child sexual "
        "offence, or a sexual offence against a victim under 18. A person is a CSE "
        "nominal when suspect or offender of a CSE crime, or subject of credible "
        "CSE-marked intelligence.",
    ),
    (
        "Links and weights",
        "Links come from shared crimes, arrests, credible intelligence, OCG membership "
        "and shared identifiers (addresses, phones, vehicles, e-mail, handles; hubs "
        "excluded). Weight: the type's base weight x evidence saturation x recency "
        "decay, summed over types; scope: the seed set and its near neighbours.",
    ),
    (
        "Networks and key players",
        "A network is an offender group: a Leiden community of offenders, suspects and "
        "associates. Victims who never offended attach to the networks that harmed "
        "them, never as members or key players; groups sharing only victims or one "
        "person stay two linked networks. Key players: offenders or suspects whose "
        "removal most fragments it (none if no removal does).",
    ),
    (
        "Harm and victims",
        "Harm is crime harm in days (CCHI-style): CSE harm in full, other harm at a "
        "capped fraction. Victims: people recorded as victims of the members' crimes; "
        "age band at the first offence against them.",
    ),
    (
        "Priority",
        "CSE networks rank first, offender groups before lone persons; then six "
        "components (harm, victims, CSE recency, centrality, OCG links, stability), "
        "log-scaled to 0-1 so size adds little, weighted into the advisory score. Each "
        "row carries its components and a plain-English explanation.",
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
    ("Victim", "A person recorded only as a victim: never a network member or key player."),
    ("OCG", "Organised crime group, from the force's OCG mapping (OCGM)."),
    ("Key player", "Offender or suspect whose removal most fragments the network."),
    ("Bridging person", "Member linked to another network or to an OCG."),
    ("Betweenness", "Share of shortest paths between others that pass through a person."),
    ("Harm days", "Crime harm: the starting-point sentence in days for the offence type."),
    ("Stability", "Share of repeated community runs that reproduce the network."),
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
