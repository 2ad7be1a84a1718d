"""Planted CSE networks of known shape, with victims, evidence and key players.

Shapes (``truth/networks.shape``):

``FLAT``
    Friendship group, dense co-offending, no ringleader.
``FACILITATOR``
    One facilitator co-offends with each member; members never together.
``ONLINE``
    Grooming ring: members offend alone, linked by shared ONLINE_HANDLE and
    PHONE identifiers; an admin (BROKER) holds both group handles.
``SHARED_VICTIMS``
    Two small groups (two networks) that abuse the same children.
``BRIDGED``
    Two groups (two networks) joined by one BRIDGE person in both.
``OCG_OVERLAP``
    A facilitator who is an OCG principal, with OCG members in the network and
    other OCG members who have no CSE involvement.

Networks are built with small per-network loops (a few dozen per block);
every random choice comes from the block's generator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx
import numpy as np
import pandas as pd

from cse_synth.background import (
    NON_CSE_FLAGGED_FALSE_SHARE,
    add_identifiers,
    add_safeguarding,
    crime_frame,
    ident_values,
    ocg_rows,
)
from cse_synth.offences import offence_table
from cse_synth.people import Cohort, add_persons, random_postcodes, tag
from cse_synth.profiles import DEFAULT
from cse_synth.world import DAY_US, END, MINUTE_US, World, to_us

__all__ = ["NETWORK_PLAN", "Planted", "plant_networks"]

# One repetition of the default world's plan: (shape, is_high_harm); pairs build two
# networks. Each world profile has its own (``Profile.network_plan``).
NETWORK_PLAN: tuple[tuple[str, bool], ...] = DEFAULT.network_plan

# Offence pools overlap in gravity: a low-harm network's record sometimes holds a grave
# offence (exploitation, 71; one rape of a child under 16, 19D), and a high-harm
# network's record holds lesser offences too (grooming, images), as real crime records
# do. Gravity alone must not sort the two classes.
HIGH_CODES = ("19D", "19D", "19E", "19G", "71", "71", "22B", "72", "20A", "88A", "86")
LOW_CODES = ("22B", "22B", "88A", "88A", "86", "86", "73", "73", "71", "19D")
ONLINE_HIGH = ("88A", "88A", "86", "22B", "71")


# Share of each harm class's offending windows still open at the extract (window()):
# a force's CSE list holds groups offending now beside groups found years later. The
# same share for both classes, so recency alone cannot tell high harm from low.
ONGOING_SHARE = 0.4


@dataclass
class Planted:
    """What planting produced, for traps and truth."""

    members: list[dict] = field(default_factory=list)
    victims: list[dict] = field(default_factory=list)
    networks: list[dict] = field(default_factory=list)
    ocg_links: list[dict] = field(default_factory=list)
    evidence: list[tuple[str, int, int]] = field(default_factory=list)
    crime_keys: list[int] = field(default_factory=list)

    def member_pids(self) -> np.ndarray:
        """Distinct offender pids of all planted networks."""
        return np.unique(np.array([m["pid"] for m in self.members], dtype=np.int64))

    def victim_pids(self) -> np.ndarray:
        """Distinct victim pids of all planted networks."""
        return np.unique(np.array([v["pid"] for v in self.victims], dtype=np.int64))


class _Planter:
    def __init__(self, world: World, pools: dict[str, np.ndarray]) -> None:
        self.world = world
        self.rng = world.rng
        self.pools = pools
        self.out = Planted()
        self.n_net = 0
        self.n_window = {True: 0, False: 0}
        self.ref = offence_table().set_index("offence_code")

    # -- people -------------------------------------------------------------------
    def key(self) -> str:
        self.n_net += 1
        return f"NET-{self.world.block:02d}-{self.n_net:04d}"

    def offenders(self, n: int, *, young: bool = False) -> np.ndarray:
        born = ("1994-01-01", "2004-06-30") if young else ("1968-01-01", "2000-12-31")
        pids = add_persons(
            self.world,
            n,
            Cohort("CSE_OFFENDER", born[0], born[1], p_male=0.97, p_pnc=0.65),
        )
        add_identifiers(self.world, pids, p_phone=0.9, p_vehicle=0.4, p_email=0.3, p_handle=0.3)
        return pids

    def victims(self, n: int, window_start: int) -> np.ndarray:
        # children aged 12-14 when the network starts abusing them
        start_day = window_start // DAY_US
        born_to = np.datetime64(int(start_day - 12 * 365.25), "D")
        born_from = np.datetime64(int(start_day - 14.9 * 365.25), "D")
        pids = add_persons(
            self.world,
            n,
            Cohort("CSE_VICTIM", str(born_from), str(born_to), p_male=0.2, p_pnc=0.03),
        )
        add_identifiers(self.world, pids, p_phone=0.8, p_vehicle=0.0, p_email=0.2, p_handle=0.6)
        flagged = pids[self.rng.random(n) < 0.7]
        add_safeguarding(self.world, flagged, planted=True, recent=True)
        return pids

    def window(self, high: bool) -> tuple[int, int]:
        # Offending windows overlap in time: high-harm abuse is found years after it
        # began as often as it is found recent, and low-harm offending goes on today.
        # High-harm windows lean later (recent abuse is what a referral brings in), but
        # recency alone must not separate the two classes.
        # ONGOING_SHARE of each class's windows run into the extract's last months (a
        # force's list always holds groups still offending next to historical ones), the
        # same share for both classes, spread evenly so even the tiny world has both.
        k = self.n_window[high]
        self.n_window[high] = k + 1
        ongoing = int((k + 1) * ONGOING_SHARE + 0.5) > int(k * ONGOING_SHARE + 0.5)
        if high:
            length = int(self.rng.integers(200, 480)) * DAY_US
            start = to_us("2019-06-01") + int(self.rng.integers(0, 1900)) * DAY_US
        else:
            length = int(self.rng.integers(180, 420)) * DAY_US
            start = to_us("2018-01-15") + int(self.rng.integers(0, 2000)) * DAY_US
        last = END - 40 * DAY_US
        if ongoing:
            # the last offence falls in the extract's last ~8 months
            start = last - int(self.rng.integers(0, 240)) * DAY_US - length
        return start, min(start + length, last)

    # -- events ---------------------------------------------------------------------
    def crimes(
        self,
        net: str,
        offender_sets: list[list[int]],
        victim_sets: list[list[int]],
        codes: list[str],
        window: tuple[int, int],
        *,
        is_cse: bool = True,
    ) -> None:
        """Plant crimes (one per offender set) with custody and evidence pairs.

        ``is_cse=False`` plants a group's own non-CSE business (an OCG's drug supply):
        its crimes carry the CSE flag as background non-CSE crimes do (false, or not
        recorded), never the planted CSE crimes' flag rate, so truth that calls its
        offenders "no CSE" agrees with the records. The same draws are made either way.
        """
        rng = self.rng
        n = len(codes)
        times = np.sort(rng.integers(window[0], window[1], n))
        u = rng.random(n)
        if is_cse:
            flag, not_flag = self.world.profile.planted_flag_thresholds
        else:
            flag, not_flag = 0.0, NON_CSE_FLAGGED_FALSE_SHARE
        flagged = np.where(u < flag, True, np.where(u < not_flag, False, None)).astype(object)
        frame = crime_frame(
            self.world, np.array(codes, dtype=object), times, flagged=flagged, planted=net
        )
        # planted crimes keep their times: detection relies on them
        frame["from_null"] = False
        frame["to_null"] = False
        self.world.add("crimes", frame)
        rec = frame["recorded_at"].to_numpy()
        rows = []
        for j, ck in enumerate(frame["ckey"].to_numpy()):
            self.out.crime_keys.append(int(ck))
            charged = rng.random() < 0.5
            for p in offender_sets[j]:
                rows.append((ck, p, "OFFENDER" if charged else "SUSPECT", rec[j] + DAY_US))
            for p in victim_sets[j]:
                rows.append((ck, p, "VICTIM", rec[j] + 3600_000_000))
            for a, b in combinations(sorted(offender_sets[j]), 2):
                self.out.evidence.append((net, a, b))
            if len(offender_sets[j]) and rng.random() < 0.5:
                self._arrest(offender_sets[j], rec[j], codes[j], ck)
        inv = pd.DataFrame(rows, columns=["ckey", "pid", "involvement", "linked_at"])
        inv["linked_at"] = np.minimum(inv["linked_at"].to_numpy(np.int64), END)
        inv["planted"] = True
        self.world.add("crime_inv", inv.drop_duplicates(["ckey", "pid"]))

    def _arrest(self, pids: list[int], recorded: int, code: str, ckey: int) -> None:
        rng = self.rng
        at = min(int(recorded) + int(rng.integers(1, 20)) * DAY_US, END - 2 * 3600_000_000)
        place = random_postcodes(rng, 1)[0]
        shared_incident = rng.random() < 0.5
        incident = 8_000_000 + ckey + self.world.block * 10_000_000 if shared_incident else -1
        n = len(pids)
        # People arrested at one incident reach custody minutes to hours apart
        # (separate vans, one held at the scene): a spread of gaps, some beyond the
        # co-arrest window, so the window is tested on both sides.
        spread = self.world.profile.co_arrest_spread_minutes
        offsets = np.sort(rng.integers(0, spread, n)) * MINUTE_US
        self.world.add(
            "custody",
            pd.DataFrame(
                {
                    "pid": pids,
                    "arrested_at": at + offsets,
                    "arrest_postcode": place,
                    "offence_code": code,
                    "ckey": ckey,
                    "incident": incident,
                    "planted": True,
                }
            ),
        )

    def intel(
        self, net: str, groups: list[list[int]], window: tuple[int, int], *, victims: list[int]
    ) -> None:
        """Credible intel naming members together (3x5x2 1/2 + A/B/C; legacy A/B + 1/2)."""
        rng = self.rng
        n = len(groups)
        keys = self.world.intel_keys(n)
        t = rng.integers(window[0], min(window[1] + 90 * DAY_US, END), n)
        legacy = (t < to_us("2021-01-01")) & (rng.random(n) < 0.6)
        self.world.add(
            "intel",
            pd.DataFrame(
                {
                    "ikey": keys,
                    "submitted_at": t,
                    "grading_scheme": np.where(legacy, "5X5X5", "3X5X2").astype(object),
                    "source_evaluation": np.where(
                        legacy, rng.choice(["A", "B"], n), rng.choice(["1", "2"], n)
                    ).astype(object),
                    "intelligence_assessment": np.where(
                        legacy, rng.choice(["1", "2"], n), rng.choice(["A", "B", "C"], n)
                    ).astype(object),
                    "handling_code": np.where(legacy, "1", "P").astype(object),
                    "is_cse_marked": np.where(rng.random(n) < 0.7, True, False).astype(object),
                    "network_key": net,
                }
            ),
        )
        rows = []
        for k, grp in zip(keys, groups, strict=True):
            for i, p in enumerate(grp):
                rows.append((k, p, "SUBJECT" if i == 0 else "ASSOCIATE"))
            for a, b in combinations(sorted(grp), 2):
                self.out.evidence.append((net, a, b))
            if victims and rng.random() < 0.4:
                rows.append((k, int(rng.choice(victims)), "VICTIM"))
        frame = pd.DataFrame(rows, columns=["ikey", "pid", "mention_role"]).drop_duplicates(
            ["ikey", "pid"]
        )
        frame["planted"] = True
        self.world.add("intel_inv", frame)

    def shared_ident(self, net: str, kind: str, pids: list[int], window: tuple[int, int]) -> None:
        """One identifier value shared by people with overlapping observed periods."""
        rng = self.rng
        value = ident_values(self.world, kind, np.array(pids[:1], dtype=np.int64))[0]
        n = len(pids)
        start = window[0] // DAY_US - rng.integers(30, 200, n)
        stop = window[1] // DAY_US + rng.integers(0, 200, n)
        self.world.add(
            "idents",
            pd.DataFrame(
                {
                    "pid": pids,
                    "identifier_type": kind,
                    "value": value,
                    "observed_from": start,
                    "observed_to": np.where(
                        rng.random(n) < 0.4, -1, np.minimum(stop, END // DAY_US)
                    ),
                    "planted": True,
                }
            ),
        )
        for a, b in combinations(sorted(pids), 2):
            self.out.evidence.append((net, a, b))

    def register(
        self,
        net: str,
        shape: str,
        high: bool,
        roles: dict[int, str],
        victims: list[int],
        designated: set[int],
    ) -> None:
        for pid, role in roles.items():
            self.out.members.append(
                {"network_key": net, "pid": pid, "role": role, "designated": pid in designated}
            )
        for v in dict.fromkeys(victims):
            self.out.victims.append({"network_key": net, "pid": v})
        self.out.networks.append({"network_key": net, "shape": shape, "is_high_harm": high})

    # -- shapes -------------------------------------------------------------------------
    def codes(self, high: bool, n: int, pool: tuple[str, ...] | None = None) -> list[str]:
        pool = pool or (HIGH_CODES if high else LOW_CODES)
        return [str(c) for c in self.rng.choice(pool, n)]

    def flat(
        self,
        high: bool,
        *,
        m: int | None = None,
        victims: list[int] | None = None,
        win: tuple[int, int] | None = None,
    ) -> tuple[str, list[int]]:
        rng = self.rng
        net = self.key()
        win = win or self.window(high)
        m = m or int(rng.integers(*self.world.profile.group_size))
        offs = [int(p) for p in self.offenders(m, young=True)]
        vics = list(victims or [])
        vics += [
            int(p)
            for p in self.victims(
                # victims and crimes overlap between classes (a low-harm group can have
                # three victims, a high-harm one two): harm is the whole picture, not size
                int(rng.integers(2, 7)) if high else int(rng.integers(1, 4)),
                win[0],
            )
        ]
        # crimes overlap between classes too (a low-harm group busy for years outnumbers a
        # high-harm one found after its first few offences)
        n_cr = int(rng.integers(5, 17)) if high else int(rng.integers(3, 13))
        osets = [
            list(rng.choice(offs, int(rng.integers(2, min(4, m) + 1)), replace=False))
            for _ in range(n_cr)
        ]
        # every member offends at least once with someone
        for i, p in enumerate(offs):
            osets[i % n_cr] = list(dict.fromkeys([*osets[i % n_cr], p, offs[(i + 1) % m]]))
        vsets = [
            [vics[j] if j < len(vics) else int(rng.choice(vics))]
            + ([int(rng.choice(vics))] if rng.random() < 0.2 else [])
            for j in range(n_cr)
        ]
        self.crimes(net, osets, vsets, self.codes(high, n_cr), win)
        self.intel(
            net,
            [list(rng.choice(offs, 3, replace=False)) for _ in range(max(2, m // 2))],
            win,
            victims=vics,
        )
        if high:
            self.shared_ident(net, "ADDRESS", list(rng.choice(offs, 3, replace=False)), win)
            self.shared_ident(net, "VEHICLE", list(rng.choice(offs, 2, replace=False)), win)
        self.register(
            net, "FLAT", high, dict.fromkeys(offs, "MEMBER"), [v for s in vsets for v in s], set()
        )
        return net, offs

    def facilitator(self, high: bool) -> None:
        rng = self.rng
        net = self.key()
        win = self.window(high)
        m = int(rng.integers(*self.world.profile.group_size))
        offs = [int(p) for p in self.offenders(m + 1)]
        fac, rest = offs[0], offs[1:]
        # sizes overlap between classes, as in flat(): size is not the harm label
        vics = [
            int(p)
            for p in self.victims(
                int(rng.integers(3, 9)) if high else int(rng.integers(2, 5)), win[0]
            )
        ]
        n_cr = int(rng.integers(7, 18)) if high else int(rng.integers(3, 10))
        osets = [[fac, rest[j % m]] for j in range(n_cr)]
        vsets = [[vics[j] if j < len(vics) else int(rng.choice(vics))] for j in range(n_cr)]
        self.crimes(net, osets, vsets, self.codes(high, n_cr), win)
        self.intel(net, [[fac, r] for r in rest], win, victims=vics)
        if high:
            self.shared_ident(net, "VEHICLE", [fac, rest[0]], win)
            # the facilitator is also on the edge of an organised crime group
            ocg = self.pools.get("ocg_ids")
            if ocg is not None and len(ocg):
                ocg_id = str(rng.choice(ocg))
                self.world.add(
                    "ocg",
                    ocg_rows(
                        self.world,
                        ocg_id,
                        np.array([fac]),
                        np.array(["PERIPHERAL"], dtype=object),
                        planted=True,
                        current=np.array([fac]),
                    ),
                )
                tag(self.world, np.array([fac]), "OCG_MEMBER")
                self.out.ocg_links.append({"network_key": net, "ocg_id": ocg_id})
        roles = {fac: "FACILITATOR"} | dict.fromkeys(rest, "MEMBER")
        self.register(net, "FACILITATOR", high, roles, vics, {fac})

    def online(self, high: bool) -> None:
        rng = self.rng
        net = self.key()
        win = self.window(high)
        m = int(rng.integers(*self.world.profile.group_size))
        offs = [int(p) for p in self.offenders(m + 1)]
        admin, rest = offs[0], offs[1:]
        half = [rest[: m // 2], rest[m // 2 :]]
        vics: list[int] = []
        osets, vsets, codes = [], [], []
        for p in rest:
            k = int(rng.integers(1, 4))
            if high:
                own = [int(v) for v in self.victims(k, win[0])]
                vics += own
                for v in own:
                    osets.append([p])
                    vsets.append([v])
                codes += self.codes(True, k, ONLINE_HIGH)
            else:
                osets.append([p])
                vsets.append([])
                codes.append("86")
        self.crimes(net, osets, vsets, codes, win)
        for grp in half:
            self.shared_ident(net, "ONLINE_HANDLE", [admin, *grp], win)
            if len(grp) >= 2:
                self.shared_ident(net, "PHONE", grp[:2], win)
        self.intel(net, [[admin, *half[0][:1], *half[1][:1]]], win, victims=vics)
        roles = {admin: "BROKER"} | dict.fromkeys(rest, "MEMBER")
        self.register(net, "ONLINE", high, roles, vics, {admin})

    def shared_victims(self, high: bool) -> None:
        win = self.window(high)
        shared = [int(p) for p in self.victims(int(self.rng.integers(2, 4)), win[0])]
        self.flat(high, m=3, victims=shared, win=win)
        self.flat(high, m=4, victims=shared, win=win)
        for n in self.out.networks[-2:]:
            n["shape"] = "SHARED_VICTIMS"
        # both networks abuse every shared child at least once
        for n in self.out.networks[-2:]:
            offs = [m["pid"] for m in self.out.members if m["network_key"] == n["network_key"]]
            osets = [[offs[i % len(offs)], offs[(i + 1) % len(offs)]] for i in range(len(shared))]
            self.crimes(
                n["network_key"], osets, [[v] for v in shared], self.codes(True, len(shared)), win
            )
            self.out.victims += [{"network_key": n["network_key"], "pid": v} for v in shared]

    def bridged(self, high: bool) -> None:
        rng = self.rng
        win_a, win_b = self.window(high), self.window(not high)
        net_a, offs_a = self.flat(high, m=int(rng.integers(3, 6)), win=win_a)
        net_b, offs_b = self.flat(not high, m=int(rng.integers(3, 6)), win=win_b)
        bridge = int(self.offenders(1)[0])
        for n in self.out.networks[-2:]:
            n["shape"] = "BRIDGED"
        for net, offs, harm, win in (
            (net_a, offs_a, high, win_a),
            (net_b, offs_b, not high, win_b),
        ):
            vics = [v["pid"] for v in self.out.victims if v["network_key"] == net]
            osets = [[bridge, offs[0]], [bridge, offs[1 % len(offs)]]]
            self.crimes(net, osets, [[vics[0]], [vics[-1]]], self.codes(harm, 2), win)
            self.out.members.append(
                {"network_key": net, "pid": bridge, "role": "BRIDGE", "designated": True}
            )

    def ocg_overlap(self, high: bool) -> None:
        rng = self.rng
        net = self.key()
        win = self.window(high)
        offs = [int(p) for p in self.offenders(int(rng.integers(4, 7)))]
        principal, ocg_members, others = offs[0], offs[1:3], offs[3:]
        ocg_only = [
            int(p)
            for p in add_persons(
                self.world,
                int(rng.integers(3, 7)),
                Cohort("BACKGROUND_OFFENDER", "1975-01-01", "2003-12-31", p_male=0.9, p_pnc=0.9),
            )
        ]
        tag(self.world, np.array(ocg_only), "OCG_MEMBER_NO_CSE")
        ocg_id = f"OCG-{self.world.block:02d}-9{self.n_net:03d}"
        pids = np.array([principal, *ocg_members, *ocg_only])
        roles = np.array(
            ["PRINCIPAL", "SIGNIFICANT", "SIGNIFICANT"] + ["PERIPHERAL"] * len(ocg_only),
            dtype=object,
        )
        self.world.add(
            "ocg",
            ocg_rows(
                self.world,
                ocg_id,
                pids,
                roles,
                planted=True,
                current=np.array([principal, *ocg_members]),
            ),
        )
        tag(self.world, pids, "OCG_MEMBER")
        vics = [int(p) for p in self.victims(int(rng.integers(5, 9)), win[0])]
        n_cr = int(rng.integers(10, 16))
        members = ocg_members + others
        osets = [[principal, members[j % len(members)]] for j in range(n_cr)]
        vsets = [[vics[j] if j < len(vics) else int(rng.choice(vics))] for j in range(n_cr)]
        self.crimes(
            net, osets, vsets, self.codes(True, n_cr, ("72", "71", "19D", "19D", "22B")), win
        )
        self.intel(net, [[principal, m] for m in members], win, victims=vics)
        # the OCG's own (non-CSE) drug business with the principal
        drug = [[principal, p] for p in ocg_only]
        frame_codes = ["92A"] * len(drug)
        dwin = (to_us("2021-01-01"), to_us("2025-12-31"))
        self.crimes(net + "-OCG", drug, [[] for _ in drug], frame_codes, dwin, is_cse=False)
        roles_net = {principal: "FACILITATOR"} | dict.fromkeys(members, "MEMBER")
        self.register(net, "OCG_OVERLAP", high, roles_net, vics, {principal})
        self.out.ocg_links.append({"network_key": net, "ocg_id": ocg_id})

    def chance_overlaps(self, n: int) -> None:
        """``n`` chance victim overlaps between unrelated single groups.

        A member of group B offends once against one victim of group A (A and B share no
        member and no victim before): two offender groups whose victim lists overlap by
        chance. The victim is recorded as a victim of both networks.
        """
        rng = self.rng
        single = [
            n["network_key"]
            for n in self.out.networks
            if n["shape"] in ("FLAT", "FACILITATOR", "OCG_OVERLAP")
        ]
        if n <= 0 or len(single) < 2:
            return
        members: dict[str, list[int]] = {}
        for m in self.out.members:
            members.setdefault(m["network_key"], []).append(m["pid"])
        victims: dict[str, list[int]] = {}
        for v in self.out.victims:
            victims.setdefault(v["network_key"], []).append(v["pid"])
        used: set[str] = set()
        for _ in range(n):
            free = [k for k in single if k not in used]
            if len(free) < 2:
                return
            a, b = (str(k) for k in rng.choice(free, 2, replace=False))
            used |= {a, b}
            victim = int(rng.choice(sorted(set(victims[a]))))
            offender = int(rng.choice(members[b]))
            high = next(x["is_high_harm"] for x in self.out.networks if x["network_key"] == b)
            self.crimes(b, [[offender]], [[victim]], self.codes(high, 1), self.window(high))
            self.out.victims.append({"network_key": b, "pid": victim})
            tag(self.world, np.array([victim]), "CHANCE_SHARED_VICTIM")


def plant_networks(world: World, reps: int, pools: dict[str, np.ndarray]) -> Planted:
    """Plant ``reps`` repetitions of the profile's network plan into the world."""
    planter = _Planter(world, pools)
    for _ in range(reps):
        for shape, high in world.profile.network_plan:
            {
                "FLAT": planter.flat,
                "FACILITATOR": planter.facilitator,
                "ONLINE": planter.online,
                "SHARED_VICTIMS": planter.shared_victims,
                "BRIDGED": planter.bridged,
                "OCG_OVERLAP": planter.ocg_overlap,
            }[shape](high)
    planter.chance_overlaps(reps * world.profile.chance_victim_overlaps)
    _key_players(planter.out)
    return planter.out


def _key_players(out: Planted) -> None:
    """Designated roles plus articulation points of each network's member graph."""
    by_net: dict[str, nx.Graph] = {}
    for m in out.members:
        by_net.setdefault(m["network_key"], nx.Graph()).add_node(m["pid"])
    for net, a, b in out.evidence:
        g = by_net.get(net)
        if g is not None and a in g and b in g:
            g.add_edge(a, b)
    cut = {net: set(nx.articulation_points(g)) for net, g in by_net.items()}
    for m in out.members:
        m["is_key_player"] = bool(m["designated"] or m["pid"] in cut[m["network_key"]])
