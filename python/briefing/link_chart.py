"""The link chart of one network as inline SVG.

People are coloured by role and sized by centrality: victims are squares (the victim
style), everyone else a circle; key players carry a dark ring, bridging people (links
to other networks or OCGs) a dashed ring. Every link type has its own colour and dash,
line width is the link weight, and offender-to-victim links carry an arrow to the
victim. Labels are placed without overlap, key players, bridging people and victims
first; a person whose label finds no free spot is named on hover and in the member
table. Links to other networks and to OCGs end at labelled stub boxes on the left and
right border, next to the members they attach to.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from briefing.layout import layout_positions
from briefing.styles import LINK_FAMILIES, ROLES, link_family, primary_family
from briefing.svg import attrs, esc, fmt

__all__ = [
    "LABEL_ALL_MAX_NODES",
    "ChartLink",
    "ChartPerson",
    "ChartStub",
    "label_box",
    "link_chart_svg",
]

# Above this many people labels use the smaller font and the taller plot.
LABEL_ALL_MAX_NODES = 40
# Estimated label width per character, as a share of the font size (a little wider than
# system-ui's digits and letters, so estimated boxes contain the drawn text).
CHAR_WIDTH = 0.64
WIDTH = 960
SIDE_BAND = 160
# Wide enough for "2 links · 2 shared victims" at 10 px, inside the side band.
STUB_W, STUB_H, STUB_GAP = 156, 30, 6
NETWORK_STUB = {"stroke": "#7F7F7F", "fill": "#FFFFFF", "dash": "3 3", "label": "Bridge to network"}
# Distinct from the SAME_OCG link style (blue, long dashes): navy dash-dot.
OCG_STUB = {"stroke": "#1B3A5C", "fill": "#E3F0FA", "dash": "9 3 2 3", "label": "Link to OCG"}


@dataclass(frozen=True)
class ChartPerson:
    """A node: role key of ``ROLES``, centrality scaled to [0, 1], label and tooltip."""

    person_id: str
    role: str
    centrality: float
    label: str
    tooltip: str
    is_key_player: bool = False
    is_also_ocg: bool = False
    is_bridging: bool = False


@dataclass(frozen=True)
class ChartLink:
    """An edge between two people of the network."""

    person_id_a: str
    person_id_b: str
    weight: float
    link_types: tuple[str, ...]
    tooltip: str
    directed_to: str = ""


@dataclass(frozen=True)
class ChartStub:
    """An outside party (``kind`` ``network`` or ``ocg``) joined to some members."""

    kind: str
    stub_id: str
    title: str
    detail: str
    weight: float
    person_ids: tuple[str, ...]
    tooltip: str


@dataclass
class _Geometry:
    n: int
    n_stubs: int
    height: int = field(init=False)
    left: float = field(init=False)
    right: float = field(init=False)
    top: float = field(init=False)
    bottom: float = field(init=False)

    def __post_init__(self) -> None:
        plot = (
            240
            if self.n <= 5
            else 380
            if self.n <= 20
            else 520
            if self.n <= 40
            else 640
            if self.n <= 80
            else 780
        )
        # Tall enough for the stub boxes, half on each side.
        plot = max(plot, math.ceil(self.n_stubs / 2) * (STUB_H + STUB_GAP))
        band = SIDE_BAND if self.n_stubs else 30
        # Room on the right for labels; small networks use a narrower, less stretched box.
        left, right = band + 24.0, WIDTH - band - (96.0 if self.n <= LABEL_ALL_MAX_NODES else 40.0)
        share = min(1.0, 0.4 + self.n / 40.0)
        inset = (right - left) * (1.0 - share) / 2.0
        self.left, self.right = left + inset, right - inset
        self.top = 52.0
        self.bottom = self.top + plot
        self.height = int(self.bottom + 42 + 6 * 22)  # room for six legend rows

    def place(self, x: float, y: float) -> tuple[float, float]:
        cx = self.left + (x + 1.0) / 2.0 * (self.right - self.left)
        cy = self.top + (y + 1.0) / 2.0 * (self.bottom - self.top)
        return cx, cy


def _radii(n: int) -> tuple[float, float]:
    # Shrinks with size so 300 people fit without a solid blot.
    big = 20.0 if n <= 10 else max(7.0, 20.0 - 13.0 * math.log10(n / 10) / math.log10(30))
    return max(2.5, big * 0.35), big


def _stub_slots(
    stubs: list[ChartStub], anchors: dict[str, tuple[float, float]], geo: _Geometry
) -> list[tuple[ChartStub, float, float, str]]:
    """Stub boxes (stub, x, y, side) on the side nearest their members, without overlap."""
    mid_x = (geo.left + geo.right) / 2.0
    sides: dict[str, list[tuple[float, ChartStub]]] = {"left": [], "right": []}
    for i, stub in enumerate(stubs):
        points = [anchors[p] for p in stub.person_ids if p in anchors]
        if points:
            cx = sum(p[0] for p in points) / len(points)
            cy = sum(p[1] for p in points) / len(points)
        else:  # not attached to a drawn member: alternate sides, spread down
            cx = geo.left if i % 2 == 0 else geo.right
            cy = geo.top + (i + 1) * (geo.bottom - geo.top) / (len(stubs) + 1)
        sides["left" if cx < mid_x else "right"].append((cy, stub))
    capacity = int((geo.bottom - geo.top + STUB_GAP) // (STUB_H + STUB_GAP))
    # Balance: move the excess of a full side to the other one.
    for full, other in (("left", "right"), ("right", "left")):
        while len(sides[full]) > capacity and len(sides[other]) < capacity:
            sides[full].sort(key=lambda item: (item[0], item[1].stub_id))
            sides[other].append(sides[full].pop())
    slots = []
    for side, items in sides.items():
        items.sort(key=lambda item: (item[0], item[1].stub_id))
        ys: list[float] = []
        lowest = geo.top
        for wanted, _ in items:
            y = max(wanted - STUB_H / 2.0, lowest)
            ys.append(y)
            lowest = y + STUB_H + STUB_GAP
        overflow = (ys[-1] + STUB_H - geo.bottom) if ys else 0.0
        if overflow > 0:  # push the stack back up, keeping order and gaps
            ys = [y - overflow for y in ys]
            for j in range(len(ys)):
                floor = geo.top + j * (STUB_H + STUB_GAP)
                ys[j] = max(ys[j], floor)
        x = 12.0 if side == "left" else WIDTH - 12.0 - STUB_W
        slots.extend((stub, x, y, side) for (_, stub), y in zip(items, ys, strict=True))
    return slots


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def label_box(x: float, y: float, anchor: str, text: str, size: int) -> tuple:
    """Estimated box (x0, y0, x1, y1) of a label drawn at baseline ``(x, y)``."""
    w = CHAR_WIDTH * size * len(text) + 2
    x0 = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
    return (x0, y - size, x0 + w, y + 0.3 * size)


def _label_spots(
    people: list[ChartPerson],
    pos: dict[str, tuple[float, float]],
    radius: dict[str, float],
    size: int,
    obstacles: list[tuple[float, float, float, float]],
    height: float,
) -> dict[str, tuple[float, float, str]]:
    """Greedy label placement: eight spots round the node, nearest first; none may overlap.

    ``obstacles`` (stub boxes, title) are avoided like other labels and the nodes, and
    labels stay inside the chart. Returns person id -> (x, y, text-anchor) for the
    people whose label found a free spot; the others are left unlabelled.
    """
    circles = {
        pid: (x - radius[pid], y - radius[pid], x + radius[pid], y + radius[pid])
        for pid, (x, y) in pos.items()
    }
    taken = list(obstacles)
    spots = {}
    for p in people:
        x, y = pos[p.person_id]
        r = radius[p.person_id] + 3.2 * (int(p.is_key_player) + int(p.is_bridging))
        lift = size * 0.35  # baseline offset that centres the text on y
        # Key players and bridging people also try spots further out, so they keep a label.
        reach = (3.0, 3.0 + size, 3.0 + 2.5 * size) if p.is_key_player or p.is_bridging else (3.0,)
        options = []
        for gap in reach:
            options += [
                (x + r + gap, y + lift, "start"),
                (x - r - gap, y + lift, "end"),
                (x, y + r + gap + size - 2, "middle"),
                (x, y - r - gap, "middle"),
                (x + r * 0.7 + gap, y - r * 0.7 - gap, "start"),
                (x - r * 0.7 - gap, y - r * 0.7 - gap, "end"),
                (x + r * 0.7 + gap, y + r * 0.7 + size, "start"),
                (x - r * 0.7 - gap, y + r * 0.7 + size, "end"),
            ]
        # A key player is always named on the chart: when every spot touches another
        # node, the first spot clear of labels and the border is taken (the white halo
        # keeps it readable over the small node it grazes). Key players are placed first,
        # so only nodes and the stub boxes can be in the way.
        passes = (True, False) if p.is_key_player else (True,)
        for avoid_nodes in passes:
            spot = _free_spot(p, options, size, taken, circles if avoid_nodes else {}, height)
            if spot is not None:
                taken.append(label_box(*spot[:3], p.label, size))
                spots[p.person_id] = spot
                break
    return spots


def _free_spot(
    p: ChartPerson,
    options: list[tuple[float, float, str]],
    size: int,
    taken: list[tuple[float, float, float, float]],
    circles: dict[str, tuple[float, float, float, float]],
    height: float,
) -> tuple[float, float, str] | None:
    """The first option whose label box stays in the chart and clear of ``taken`` and
    of the other people's ``circles``; None when there is none."""
    for lx, ly, anchor in options:
        box = label_box(lx, ly, anchor, p.label, size)
        if box[0] < 2 or box[2] > WIDTH - 2 or box[1] < 26 or box[3] > height - 2:
            continue
        if any(_overlaps(box, t) for t in taken):
            continue
        if any(_overlaps(box, c) for pid, c in circles.items() if pid != p.person_id):
            continue
        return lx, ly, anchor
    return None


def _node_shape(role: str, x: float, y: float, r: float, fill: str, stroke: str, sw: float) -> str:
    """A circle, or a square of equal area for victims (the victim style)."""
    if role == "victim":
        half = r * 0.886
        return (
            f'<rect class="shape" x="{fmt(x - half)}" y="{fmt(y - half)}" '
            f'width="{fmt(2 * half)}" height="{fmt(2 * half)}" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{sw}"/>'
        )
    return (
        f'<circle class="shape" cx="{fmt(x)}" cy="{fmt(y)}" r="{fmt(r)}" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="{sw}"/>'
    )


def _legend(
    geo: _Geometry, families: set[str], has_network: bool, has_ocg: bool
) -> tuple[list[str], float]:
    """Legend rows below the plot, flowed to the chart width: roles, then every link type.

    Returns the markup and the height the rows take.
    """

    def dot(role: str, fill: str, stroke: str, width: float, ring: str = "") -> str:
        return ring + _node_shape(role, 6, 0, 6, fill, stroke, width)

    def dash(colour: str, pattern: str, arrow: bool = False) -> str:
        head = f'<path d="M24,-4 L31,0 L24,4 z" fill="{colour}"/>' if arrow else ""
        return (
            f'<line x1="0" y1="0" x2="{26 if arrow else 30}" y2="0" '
            f"{attrs(stroke=colour, stroke_width='2.4', stroke_dasharray=pattern)}/>{head}"
        )

    items = [
        (dot(r.key, r.fill, "#333", 0.6), 16, r.label, f"role-{r.key}") for r in ROLES.values()
    ]
    items.append(
        (
            dot("associate", "#fff", "#111", 2.4),
            16,
            "Key player (dark ring, bold label)",
            "role-key-player",
        )
    )
    items.append(
        (
            '<circle cx="6" cy="0" r="8" fill="none" stroke="#444" stroke-width="1.6" '
            'stroke-dasharray="2 2"/>' + dot("associate", ROLES["associate"].fill, "#333", 0.6),
            18,
            "Bridging person (dashed ring)",
            "role-bridging",
        )
    )
    items.append(
        (dot("cse", ROLES["cse"].fill, "#0072B2", 2.4), 16, "Blue outline: also OCG member", "")
    )
    items.append(("", 0, "Size: centrality · line width: link weight", ""))
    shown = [f for f in LINK_FAMILIES if f.key != "other" or f.key in families]
    lines = [
        (
            dash(f.colour, f.dash, f.directed),
            36,
            f.label + (" (arrow to victim)" if f.directed else ""),
            f"link-{f.key}",
        )
        for f in shown
    ]
    if has_network:
        lines.append(
            (dash(NETWORK_STUB["stroke"], NETWORK_STUB["dash"]), 36, NETWORK_STUB["label"], "")
        )
    if has_ocg:
        lines.append((dash(OCG_STUB["stroke"], OCG_STUB["dash"]), 36, OCG_STUB["label"], ""))

    out = [f'<g class="legend" transform="translate(16,{fmt(geo.bottom + 42)})">']
    y = 0.0
    for row in (items, lines):
        x = 0.0
        for swatch, offset, label, key in row:
            width = offset + 6.6 * len(label) + 22
            if x > 0 and x + width > WIDTH - 32:
                x, y = 0.0, y + 22
            item_attrs = attrs(class_="legend-item", data_key=key) if key else ""
            out.append(
                f'<g {item_attrs} transform="translate({fmt(x)},{fmt(y)})">{swatch}'
                f'<text x="{offset}" y="4" font-size="12">{esc(label)}</text></g>'
            )
            x += width
        y += 24
    out.append("</g>")
    return out, y


def _shorten(x1: float, y1: float, x2: float, y2: float, by: float) -> tuple[float, float]:
    """The point ``by`` pixels before ``(x2, y2)`` on the segment from ``(x1, y1)``."""
    length = math.hypot(x2 - x1, y2 - y1)
    if length <= by or length == 0:
        return x2, y2
    return x2 - (x2 - x1) * by / length, y2 - (y2 - y1) * by / length


def link_chart_svg(
    network_id: str,
    people: list[ChartPerson],
    links: list[ChartLink],
    stubs: list[ChartStub],
    *,
    seed: int,
) -> str:
    """SVG markup of one network's link chart.

    Parameters
    ----------
    network_id : str
        Network shown (also the chart's ``data-network-id``).
    people : list of ChartPerson
        Members of the network.
    links : list of ChartLink
        Links between members (links to non-members are ignored).
    stubs : list of ChartStub
        Linked networks and OCGs, drawn at the border.
    seed : int
        Layout seed.

    Returns
    -------
    str
        An ``<svg class="link-chart">`` element; ``data-labelled`` says how many people
        carry a label.
    """
    people = sorted(people, key=lambda p: p.person_id)
    ids = {p.person_id for p in people}
    links = sorted(
        (lk for lk in links if lk.person_id_a in ids and lk.person_id_b in ids),
        key=lambda lk: (lk.weight, lk.person_id_a, lk.person_id_b),
    )
    geo = _Geometry(len(people), len(stubs))
    unit = layout_positions(
        [p.person_id for p in people],
        [(lk.person_id_a, lk.person_id_b, lk.weight) for lk in links],
        seed=seed,
    )
    pos = {pid: geo.place(*xy) for pid, xy in unit.items()}
    small, big = _radii(len(people))
    radius = {
        p.person_id: small + (big - small) * math.sqrt(max(p.centrality, 0.0)) for p in people
    }
    top_weight = max((lk.weight for lk in links), default=1.0) or 1.0
    # Thinner, fainter lines in big networks so the nodes stay visible.
    thin, thick, opacity = (0.7, 4.0, 0.8) if len(people) <= 80 else (0.6, 3.0, 0.65)
    marker_id = f"arrow-{_safe_id(network_id)}"
    victim_family = next(f for f in LINK_FAMILIES if f.directed)

    out = [
        f'<svg class="link-chart" {attrs(data_network_id=network_id)} '
        f'viewBox="0 0 {WIDTH} {geo.height}" width="{WIDTH}" height="{geo.height}" '
        f'role="img" aria-label="Link chart of network {esc(network_id)}">',
        f'<defs><marker id="{marker_id}" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{victim_family.colour}"/></marker></defs>',
        f'<text x="16" y="20" font-size="13" font-weight="600">Link chart · network '
        f"{esc(network_id)} · {len(people)} people · {len(links)} links</text>",
        '<g class="edges">',
    ]
    families: set[str] = set()
    for lk in links:
        family = primary_family(list(lk.link_types))
        families.add(family.key)
        families.update(link_family(t).key for t in lk.link_types)
        (x1, y1), (x2, y2) = pos[lk.person_id_a], pos[lk.person_id_b]
        width = thin + (thick - thin) * math.sqrt(max(lk.weight, 0.0) / top_weight)
        arrow = ""
        if family.directed and lk.directed_to in (lk.person_id_a, lk.person_id_b):
            if lk.directed_to == lk.person_id_a:
                (x1, y1), (x2, y2) = (x2, y2), (x1, y1)
            x2, y2 = _shorten(x1, y1, x2, y2, radius[lk.directed_to] + 1.5)
            arrow = f' marker-end="url(#{marker_id})"'
        out.append(
            f'<line class="edge link-{family.key}" '
            f"{attrs(data_a=lk.person_id_a, data_b=lk.person_id_b, data_family=family.key)} "
            f'x1="{fmt(x1)}" y1="{fmt(y1)}" x2="{fmt(x2)}" y2="{fmt(y2)}" '
            f"{attrs(stroke=family.colour, stroke_width=f'{width:.2f}')} "
            f'{attrs(stroke_dasharray=family.dash)} stroke-opacity="{opacity}"{arrow}>'
            f"<title>{esc(lk.tooltip)}</title></line>"
        )
    out.append("</g>")

    slots = _stub_slots(stubs, pos, geo)
    top_stub = max((s.weight for s, *_ in slots), default=1.0) or 1.0
    out.append('<g class="stubs">')
    for stub, x, y, side in slots:
        style = OCG_STUB if stub.kind == "ocg" else NETWORK_STUB
        port_x = x + STUB_W if side == "left" else x
        port_y = y + STUB_H / 2.0
        width = 1.0 + 2.0 * math.sqrt(max(stub.weight, 0.0) / top_stub)
        for pid in sorted(set(stub.person_ids) & ids):
            px, py = pos[pid]
            out.append(
                f'<line class="edge stub-edge" {attrs(data_a=pid, data_b=stub.stub_id)} '
                f'x1="{fmt(px)}" y1="{fmt(py)}" x2="{fmt(port_x)}" y2="{fmt(port_y)}" '
                f"{attrs(stroke=style['stroke'], stroke_width=f'{width:.2f}')} "
                f'stroke-dasharray="{style["dash"]}" stroke-opacity="0.8"/>'
            )
        out.append(
            f'<g class="stub {esc(stub.kind)}-stub" {attrs(data_stub_id=stub.stub_id)}>'
            f"<title>{esc(stub.tooltip)}</title>"
            f'<rect x="{fmt(x)}" y="{fmt(y)}" width="{STUB_W}" height="{STUB_H}" rx="5" '
            f'fill="{style["fill"]}" stroke="{style["stroke"]}" stroke-width="1.4"/>'
            f'<text x="{fmt(x + 7)}" y="{fmt(y + 12.5)}" font-size="11" font-weight="600">'
            f"{esc(stub.title)}</text>"
            f'<text x="{fmt(x + 7)}" y="{fmt(y + 25)}" font-size="10" fill="#444">'
            f"{esc(stub.detail)}</text></g>"
        )
    out.append("</g>")

    out.append('<g class="nodes">')
    for p in sorted(people, key=lambda p: (p.is_key_player, radius[p.person_id], p.person_id)):
        x, y = pos[p.person_id]
        r = radius[p.person_id]
        role = ROLES.get(p.role, ROLES["associate"])
        stroke, stroke_width = ("#0072B2", 2.2) if p.is_also_ocg else ("#333", 0.7)
        ring = ""
        if p.is_bridging:
            outer = r + (6.4 if p.is_key_player else 3.2)
            ring += (
                f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="{fmt(outer)}" fill="none" '
                'stroke="#444" stroke-width="1.6" stroke-dasharray="2 2"/>'
            )
        if p.is_key_player:
            ring += (
                f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="{fmt(r + 3.2)}" fill="none" '
                'stroke="#111" stroke-width="2.4"/>'
            )
        classes = " ".join(
            c
            for c, on in (
                ("node", True),
                (role.key, True),
                ("key-player", p.is_key_player),
                ("bridging", p.is_bridging),
            )
            if on
        )
        out.append(
            f'<g class="{classes}" {attrs(data_id=p.person_id)}><title>{esc(p.tooltip)}</title>'
            f"{ring}{_node_shape(role.key, x, y, r, role.fill, stroke, stroke_width)}</g>"
        )
    out.append("</g>")
    size = 11 if len(people) <= LABEL_ALL_MAX_NODES else 10
    # Key players, then bridging people, then victims, then by size, get the first spots.
    labelled = sorted(
        people,
        key=lambda p: (
            not p.is_key_player,
            not p.is_bridging,
            p.role != "victim",
            -radius[p.person_id],
            p.person_id,
        ),
    )
    title_box = (0.0, 0.0, WIDTH, 28.0)
    boxes = [title_box, *((x, y, x + STUB_W, y + STUB_H) for _, x, y, _ in slots)]
    spots = _label_spots(labelled, pos, radius, size, boxes, geo.bottom + 30)
    labels = []
    for p in labelled:
        if p.person_id not in spots:
            continue
        x, y, anchor = spots[p.person_id]
        weight = ' font-weight="700"' if p.is_key_player else ""
        labels.append(
            f'<text class="label" {attrs(data_id=p.person_id)} x="{fmt(x)}" y="{fmt(y)}" '
            f'font-size="{size}"{weight} '
            f'{attrs(text_anchor="" if anchor == "start" else anchor)} paint-order="stroke" '
            f'stroke="#fff" stroke-width="3">{esc(p.label)}</text>'
        )
    out[0] = out[0].replace(
        'role="img"', f'data-labelled="{len(labels)}" data-people="{len(people)}" role="img"'
    )
    out.append('<g class="labels" pointer-events="none">')
    out.extend(labels)
    out.append("</g>")
    legend, legend_height = _legend(
        geo,
        families,
        any(s.kind != "ocg" for s, *_ in slots),
        any(s.kind == "ocg" for s, *_ in slots),
    )
    out.extend(legend)
    out.append("</svg>")
    height = int(geo.bottom + 42 + legend_height)  # the legend's own rows, no blank band
    out[0] = out[0].replace(
        f'viewBox="0 0 {WIDTH} {geo.height}" width="{WIDTH}" height="{geo.height}"',
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}"',
    )
    return "\n".join(out)


def _safe_id(text: str) -> str:
    """An XML id fragment from a network id."""
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)
