"""World profiles: the knobs that make one synthetic world differ from another.

``default`` is the world every threshold and parameter of the pipeline is tuned on; its
values are the generator's historical constants, so its output is byte-identical to the
output before profiles existed. ``alt`` is an independent world that nothing is tuned on
(issue 17): its own random stream, other group sizes and counts, another network plan,
another offence mix and CSE share, heavier general-crime hubs, bigger households, more
recording errors, later co-arrests, and traps the default world does not plant:

- offender groups that never offend together but abuse the same child (more of them:
  ``SHARED_VICTIMS`` twice per repetition, one of them low harm);
- persons who belong to two groups (``BRIDGED`` twice per repetition);
- chance victim overlap: a member of one group offends once against a victim of another,
  unrelated group (``chance_victim_overlaps`` per repetition);
- a prolific general offender who co-offends once in each of two CSE networks;
- an operator's own record with an ordinary name and date of birth on a tenth of all
  crimes (no placeholder token: only the count rule can catch it).

A profile is pure data. ``World.profile`` carries it to every module of the generator.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ALT", "DEFAULT", "PROFILES", "PlaceholderSpec", "Profile", "profile"]


@dataclass(frozen=True)
class PlaceholderSpec:
    """One implausible person record: the name as recorded, its date of birth, its reach.

    ``forename`` / ``surname`` ``None``: an ordinary name drawn from the name lists (an
    operator's own record, which no placeholder-token rule can catch).
    """

    forename: str | None
    surname: str | None
    date_of_birth: str
    background_share: float
    n_planted_crimes: int


_DEFAULT_PLAN: tuple[tuple[str, bool], ...] = (
    ("FLAT", True),
    ("FLAT", False),
    ("FACILITATOR", True),
    ("FACILITATOR", False),
    ("ONLINE", True),
    ("ONLINE", False),
    ("SHARED_VICTIMS", True),
    ("BRIDGED", True),
    ("OCG_OVERLAP", True),
)


@dataclass(frozen=True)
class Profile:
    """Every knob of a world that differs between profiles (defaults: the default world).

    Attributes
    ----------
    name
        Profile name (``--profile``).
    stream
        Extra entropy of every random generator: ``default_rng([seed, block, *stream])``.
        Empty for ``default`` (its stream is the historical one).
    network_plan
        One repetition of planted networks: (shape, is_high_harm).
    group_size
        ``[low, high)`` of the member count of FLAT, FACILITATOR and ONLINE groups.
    planted_flag_thresholds
        ``u < a``: planted CSE crime flagged; ``a <= u < b``: flagged false; else null.
    co_arrest_spread_minutes
        Planted co-arrestees reach custody up to this many minutes apart.
    background_mix
        Offence-code weights of background crime (``None``: ``offences.BACKGROUND_MIX``).
    placeholders
        Implausible person records of each block.
    name_error_factor
        Multiplier of the nickname, typo and name-swap rates of source records.
    household_sizes / household_p
        Sizes of background households and their probabilities.
    chance_victim_overlaps
        Per repetition: pairs of unrelated planted groups where one member of the second
        offends once against a victim of the first.
    prolific_cse_links
        Planted CSE networks the prolific general offender co-offends in (one crime each).
    """

    name: str = "default"
    stream: tuple[int, ...] = ()
    network_plan: tuple[tuple[str, bool], ...] = _DEFAULT_PLAN
    group_size: tuple[int, int] = (4, 8)
    planted_flag_thresholds: tuple[float, float] = (0.55, 0.85)
    co_arrest_spread_minutes: int = 150
    background_mix: tuple[tuple[str, float], ...] | None = None
    placeholders: tuple[PlaceholderSpec, ...] = (
        PlaceholderSpec("Unknown", "Unknown", "1900-01-01", 0.05, 2),
        PlaceholderSpec("Person", "Unknown", "1900-01-01", 0.05, 2),
    )
    name_error_factor: float = 1.0
    household_sizes: tuple[int, ...] = (1, 2, 3, 4, 6, 8)
    household_p: tuple[float, ...] = (0.69, 0.18, 0.08, 0.03, 0.015, 0.005)
    chance_victim_overlaps: int = 0
    prolific_cse_links: int = 1

    def seed_of(self, seed: int, block: int, *extra: int) -> list[int]:
        """Entropy of one random generator of this profile (``default_rng`` argument)."""
        return [seed, block, *extra, *self.stream]


DEFAULT = Profile()

# The alternative offence mix: more drugs and violence, less theft and fraud, and about
# three times the share of child sexual offences among background crime (a force area with
# a CSE team that records more of it). Same codes as the default mix.
_ALT_MIX: tuple[tuple[str, float], ...] = (
    ("8N", 14.0),
    ("105A", 16.0),
    ("5A", 1.5),
    ("1", 0.08),
    ("4.1", 0.05),
    ("11A", 0.7),
    ("36", 0.3),
    ("46", 5.0),
    ("28E", 3.0),
    ("48", 2.0),
    ("34B", 1.5),
    ("92D", 12.0),
    ("92A", 6.0),
    ("10D", 2.0),
    ("10A", 0.6),
    ("58", 9.0),
    ("9", 8.0),
    ("20A", 3.0),
    ("19C", 1.5),
    ("19F", 0.3),
    ("17A", 0.6),
    ("88C", 0.9),
    ("88E", 1.2),
    ("70", 0.2),
    ("106", 0.3),
    ("24", 0.3),
    ("72", 0.15),
    ("13", 0.2),
    ("86", 0.6),
    ("23", 0.3),
    ("22B", 0.3),
    ("21", 0.15),
    ("73", 0.15),
)

ALT = Profile(
    name="alt",
    stream=(1717,),
    network_plan=(
        ("FACILITATOR", True),
        ("FACILITATOR", True),
        ("FACILITATOR", False),
        ("FLAT", False),
        ("ONLINE", True),
        ("SHARED_VICTIMS", True),
        ("SHARED_VICTIMS", False),
        ("BRIDGED", True),
        ("BRIDGED", False),
        ("OCG_OVERLAP", True),
    ),
    group_size=(3, 11),
    planted_flag_thresholds=(0.4, 0.8),
    co_arrest_spread_minutes=240,
    background_mix=_ALT_MIX,
    placeholders=(
        PlaceholderSpec("Not", "Known", "1901-01-01", 0.03, 3),
        PlaceholderSpec(None, None, "1979-03-14", 0.10, 2),
    ),
    name_error_factor=2.0,
    household_p=(0.55, 0.22, 0.12, 0.06, 0.035, 0.015),
    chance_victim_overlaps=2,
    prolific_cse_links=2,
)

PROFILES: dict[str, Profile] = {p.name: p for p in (DEFAULT, ALT)}


def profile(name: str) -> Profile:
    """The profile of this name; an unknown name is a one-line error."""
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(f"unknown profile {name!r}; known: {', '.join(PROFILES)}") from None
