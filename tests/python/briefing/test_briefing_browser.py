"""The pack in a real browser: headless Chromium loads it cleanly and draws every chart.

Also checked in the rendered page: every link type has its own stroke and dash and
the legend lists it; every victim node is drawn in the victim style; no two labels of
the largest network overlap (real bounding boxes); the print view has the overview,
one page per network and the methods page; the data-quality figures equal the mart's.

Needs Debian's ``chromium`` (``scripts/setup.sh --with-browser`` installs it); without
it these tests fail rather than skip, so a missing browser is never mistaken for a pass.
The screenshot is kept under ``target/briefing/test/`` for a human to look at.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from briefing_cases import DATA_QUALITY, is_victim_slot, make_frames

from briefing import render_briefing
from briefing.quality import quality_figures
from briefing.styles import LINK_FAMILIES

REPO_ROOT = Path(__file__).resolve().parents[3]
OUT_DIR = REPO_ROOT / "target" / "briefing" / "test"
SIZES = [12, 3, 300, 45]
WINDOW = (1400, 3000)
TIMEOUT_SECONDS = 120


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail(
        "Chromium is not installed: the briefing browser test needs Debian's 'chromium' "
        "package (apt-get install -y chromium, or scripts/setup.sh --with-browser)."
    )


def _run_chromium(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        *extra,
        page.as_uri(),
    ]
    try:
        return subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"Chromium did not finish within {TIMEOUT_SECONDS} s")


def _root_tag(dom: str) -> str:
    match = re.search(r"<html[^>]*>", dom)
    assert match is not None
    return match.group(0)


def _load(page: Path, profile: Path) -> tuple[str, list[str]]:
    """The DOM after scripts ran, and the console messages the page produced."""
    result = _run_chromium(page, profile, "--enable-logging=stderr", "--v=0", "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    console = [line for line in result.stderr.splitlines() if "CONSOLE" in line]
    return result.stdout, console


@pytest.fixture(scope="module")
def pack() -> Path:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / "briefing.html"
    html = render_briefing(make_frames(SIZES), top_n=len(SIZES), seed=42, with_names=False)
    path.write_text(html, encoding="utf-8")
    return path


def test_page_loads_without_console_errors_and_shows_one_chart_per_network(
    pack: Path, tmp_path: Path
) -> None:
    dom, console = _load(pack, tmp_path / "profile")
    assert console == []
    root = _root_tag(dom)
    assert "data-js-errors" not in root
    assert f'data-charts-rendered="{len(SIZES)}"' in root
    assert len(re.findall(r'<svg class="link-chart"', dom)) == len(SIZES)
    assert len(re.findall(r'<svg class="timeline"', dom)) == len(SIZES)


def test_a_script_error_would_be_caught(pack: Path, tmp_path: Path) -> None:
    # Negative control: the checks above can see a failing page.
    broken = tmp_path / "broken.html"
    html = pack.read_text(encoding="utf-8")
    broken.write_text(html.replace("</main>", "</main><script>undefinedCall();</script>"))
    dom, console = _load(broken, tmp_path / "profile")
    assert "undefinedCall" in _root_tag(dom)
    assert any("undefinedCall" in line for line in console)


def test_screenshot_is_saved(pack: Path, tmp_path: Path) -> None:
    shot = OUT_DIR / "briefing.png"
    shot.unlink(missing_ok=True)
    result = _run_chromium(pack, tmp_path / "profile", f"--screenshot={shot}")
    assert result.returncode == 0, result.stderr[-2000:]
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == WINDOW
    assert shot.stat().st_size > 50_000  # a blank page compresses to a few KiB


def test_hovering_a_node_highlights_its_links(pack: Path, tmp_path: Path) -> None:
    probe = """<script>
      var svg = document.querySelector('svg.link-chart');
      var node = svg.querySelector('.node.key-player');
      node.dispatchEvent(new MouseEvent('mouseenter'));
      var lit = svg.querySelectorAll('.lit').length;
      node.dispatchEvent(new MouseEvent('mouseleave'));
      document.documentElement.setAttribute('data-hover',
        lit + ':' + svg.classList.contains('dimmed') + ':' + svg.querySelectorAll('.lit').length);
    </script>"""
    page = tmp_path / "hover.html"
    page.write_text(pack.read_text(encoding="utf-8").replace("</body>", probe + "</body>"))
    dom, console = _load(page, tmp_path / "profile")
    assert console == []
    match = re.search(r'data-hover="(\d+):(\w+):(\d+)"', _root_tag(dom))
    assert match is not None
    assert int(match.group(1)) >= 3  # the node, a link and a neighbour
    assert match.group(2, 3) == ("false", "0")  # and all cleared on leave


def _probe(pack: Path, tmp_path: Path, script: str, attribute: str) -> str:
    """Run ``script`` in the loaded page; it sets ``attribute`` on the root element."""
    page = tmp_path / f"{attribute}.html"
    page.write_text(
        pack.read_text(encoding="utf-8").replace("</body>", f"<script>{script}</script></body>")
    )
    dom, console = _load(page, tmp_path / "profile")
    assert console == []
    match = re.search(rf'{attribute}="([^"]*)"', _root_tag(dom))
    assert match is not None, f"probe {attribute} did not run"
    return match.group(1).replace("&quot;", '"').replace("&amp;", "&")


def test_each_link_type_has_its_own_style_and_is_in_the_legend(pack: Path, tmp_path: Path) -> None:
    script = """
      var out = {};
      document.querySelectorAll('svg.link-chart line.edge[data-family]').forEach(function (e) {
        var s = getComputedStyle(e);
        var key = e.getAttribute('data-family');
        out[key] = out[key] || {};
        out[key][s.stroke + '|' + s.strokeDasharray] = true;
      });
      var legend = {};
      document.querySelectorAll('svg.link-chart').forEach(function (svg) {
        svg.querySelectorAll('.legend-item').forEach(function (g) {
          legend[g.getAttribute('data-key')] = (legend[g.getAttribute('data-key')] || 0) + 1;
        });
      });
      var charts = document.querySelectorAll('svg.link-chart').length;
      var styles = Object.keys(out).map(function (k) {
        return k + '=' + Object.keys(out[k]).join('~');
      });
      var listed = Object.keys(legend).filter(function (k) { return legend[k] === charts; });
      document.documentElement.setAttribute('data-styles',
        styles.sort().join(';') + '#' + listed.sort().join(','));
    """
    styles_text, listed_text = _probe(pack, tmp_path, script, "data-styles").split("#")
    styles = dict(item.split("=", 1) for item in styles_text.split(";"))
    typed = [f.key for f in LINK_FAMILIES if f.types]
    assert sorted(styles) == sorted(typed)  # the cases hold every link type
    assert all("~" not in style for style in styles.values())  # one style per type
    assert len(set(styles.values())) == len(typed)  # and no two types alike
    listed = listed_text.split(",")
    assert all(f"link-{key}" in listed for key in typed)  # in every chart's legend


def test_every_victim_node_carries_the_victim_style(pack: Path, tmp_path: Path) -> None:
    script = """
      var total = 0, styled = 0;
      document.querySelectorAll('svg.link-chart .node').forEach(function (n) {
        var title = n.querySelector('title').textContent;
        if (title.indexOf('· victim ·') < 0) { return; }
        total += 1;
        var shape = n.querySelector('.shape');
        if (n.classList.contains('victim') && shape.tagName === 'rect'
            && getComputedStyle(shape).fill === 'rgb(86, 180, 233)') { styled += 1; }
      });
      document.documentElement.setAttribute('data-victims', total + ':' + styled);
    """
    total, styled = map(int, _probe(pack, tmp_path, script, "data-victims").split(":"))
    # the cases' victims: none is a member, each comes through fct_network_victim_links
    expected = sum(1 for size in SIZES for i in range(size) if is_victim_slot(i))
    assert total == styled == expected


def test_labels_do_not_overlap_on_the_largest_network(pack: Path, tmp_path: Path) -> None:
    largest = f"N{SIZES.index(max(SIZES)):03d}"
    script = f"""
      var svg = document.querySelector('svg.link-chart[data-network-id="{largest}"]');
      var boxes = Array.prototype.map.call(svg.querySelectorAll('text.label'), function (t) {{
        var b = t.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height];
      }});
      var shapes = Array.prototype.map.call(svg.querySelectorAll('.node .shape'), function (s) {{
        var b = s.getBBox();
        return [b.x + 0.5, b.y + 0.5, b.x + b.width - 0.5, b.y + b.height - 0.5];
      }});
      function hit(a, b) {{ return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }}
      var overlaps = 0, onNodes = 0;
      for (var i = 0; i < boxes.length; i++) {{
        for (var j = i + 1; j < boxes.length; j++) {{
          if (hit(boxes[i], boxes[j])) {{ overlaps++; }}
        }}
        for (var k = 0; k < shapes.length; k++) {{
          if (hit(boxes[i], shapes[k])) {{ onNodes++; }}
        }}
      }}
      document.documentElement.setAttribute('data-labels',
        boxes.length + ':' + overlaps + ':' + onNodes);
    """
    n_labels, overlaps, on_nodes = map(
        int, _probe(pack, tmp_path, script, "data-labels").split(":")
    )
    assert n_labels >= max(SIZES) * 0.4
    assert overlaps == 0
    # a label's box may graze its own node's square corner, never cover other nodes
    assert on_nodes <= n_labels * 0.05


def test_print_view_has_one_page_per_network(pack: Path, tmp_path: Path) -> None:
    pdf = OUT_DIR / "briefing.pdf"
    pdf.unlink(missing_ok=True)
    result = _run_chromium(
        pack, tmp_path / "profile", f"--print-to-pdf={pdf}", "--no-pdf-header-footer"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert pages == 1 + len(SIZES) + 1  # overview, one per network, methods and glossary


def test_data_quality_figures_equal_the_mart(pack: Path, tmp_path: Path) -> None:
    script = """
      var out = [];
      document.querySelectorAll('[data-dq]').forEach(function (e) {
        var shown = e.textContent.replace(/[^0-9]/g, ' ').trim().split(' ')[0].replace(/,/g, '');
        out.push(e.getAttribute('data-dq') + '=' + e.getAttribute('data-value') + '/' + shown);
      });
      document.documentElement.setAttribute('data-dq-figures', out.join(';'));
    """
    figures = dict(
        item.split("=", 1) for item in _probe(pack, tmp_path, script, "data-dq-figures").split(";")
    )
    expected = quality_figures(DATA_QUALITY)
    for key, value in expected.items():
        assert figures[key] == f"{value}/{value}", key  # attribute and visible text
    rows = DATA_QUALITY[DATA_QUALITY.check_type == "QUARANTINED_ROWS"]
    for table, value in zip(rows["subject"], rows["n_rows"], strict=True):
        assert figures[f"quarantined:{table}"] == f"{value}/{value}"


@pytest.mark.parametrize("width", [1280, 1024, 800])
def test_narrow_windows_keep_the_overview_readable(pack: Path, tmp_path: Path, width: int) -> None:
    script = """
      var table = document.querySelector('table.overview');
      var rows = table.querySelectorAll('tbody tr');
      var tallest = 0;
      rows.forEach(function (r) { tallest = Math.max(tallest, r.getBoundingClientRect().height); });
      var wrap = table.parentElement.getBoundingClientRect();
      document.documentElement.setAttribute('data-overview',
        Math.round(tallest) + ':' + Math.round(wrap.right) + ':' + window.innerWidth);
    """
    page = tmp_path / "narrow.html"
    page.write_text(
        pack.read_text(encoding="utf-8").replace("</body>", f"<script>{script}</script></body>")
    )
    command_window = f"--window-size={width},900"
    result = _run_chromium(page, tmp_path / "profile", command_window, "--dump-dom")
    assert result.returncode == 0
    match = re.search(r'data-overview="(\d+):(\d+):(\d+)"', _root_tag(result.stdout))
    assert match is not None
    tallest, right, inner = map(int, match.groups())
    assert tallest <= 120  # rows stay compact (explanations clamped to three lines)
    assert right <= inner  # the table scrolls inside its box, never cut off the page
    shot = OUT_DIR / f"briefing-{width}.png"
    shot.unlink(missing_ok=True)
    _run_chromium(
        pack, tmp_path / "profile2", f"--window-size={width},1400", f"--screenshot={shot}"
    )
    assert shot.exists()


def test_print_view_of_a_top_ten_pack_keeps_the_overview_on_one_page(tmp_path: Path) -> None:
    # Ten networks as at the default scale, each with a long explanation like the
    # marts' (clamped in the overview), and the OCG priority list: overview and data
    # quality on one page, one per network, the OCG list, methods and glossary.
    frames = make_frames([86, 60, 44, 40, 31, 25, 20, 15, 12, 9])
    networks = frames["fct_networks"].copy()
    # the marts' activity trend and its counts, as the overview shows them
    networks["activity_trend"] = ["RISING", "FALLING", "STEADY", "NEW", "DORMANT"] * 2
    networks["n_crimes_in_window"] = [16, 5, 7, 14, 0] * 2
    networks["n_crimes_prior_window"] = [1, 8, 6, 0, 0] * 2
    networks["explanation"] = [
        f"{n} victims linked (4 child at the first offence, 2 repeat, 1 with safeguarding "
        "flags); 3 x rape of a female child under 16, 2 x sexual grooming recorded; 9,421 "
        "harm days from 62 crimes by members; activity falling; linked to OCG OCG-00-9011 "
        "through two people; Advisory: for human review only; not a decision about any person."
        for n in range(len(networks))
    ]
    ocgs = pd.DataFrame(
        {"ocg_id": [f"OCG{i:02d}" for i in range(12)], "priority_rank": list(range(1, 13))}
    )
    audit = frames["rpt_run_audit"].assign(
        run_id=["e077272c-9875-4afb-b71c-5ec20eb94eac", "e077272c-9875-4afb-b71c-5ec20eb94ead"]
    )  # a dbt invocation id, as in a real run: the header wraps to two lines
    changes = pd.DataFrame(
        {"network_id": networks["network_id"], "previous_as_of_date": None, "status": "NEW"}
    )
    html = render_briefing(
        {
            **frames,
            "fct_networks": networks,
            "fct_ocg_cse_priority": ocgs,
            "rpt_run_audit": audit,
            "fct_network_changes": changes,
        },
        top_n=10,
        seed=42,
        with_names=False,
    )
    OUT_DIR.mkdir(parents=True, exist_ok=True)  # in any test order (the pack fixture makes it too)
    page = OUT_DIR / "briefing-top10.html"
    page.write_text(html, encoding="utf-8")
    pdf = OUT_DIR / "briefing-top10.pdf"
    pdf.unlink(missing_ok=True)
    result = _run_chromium(
        page, tmp_path / "profile", f"--print-to-pdf={pdf}", "--no-pdf-header-footer"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert pages == 1 + 10 + 1 + 1
