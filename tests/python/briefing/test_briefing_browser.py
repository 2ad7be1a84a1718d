"""The pack in a real browser: headless Chromium loads it cleanly and draws every chart.

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

import pytest
from briefing_cases import make_frames

from briefing import render_briefing

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
