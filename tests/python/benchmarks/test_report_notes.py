"""Hand-written benchmark notes survive a regenerated BENCHMARKS.md."""

from __future__ import annotations

from pathlib import Path

from benchmarks.report import NOTES_DIR, _notes


def test_notes_are_appended_in_file_name_order(tmp_path: Path) -> None:
    (tmp_path / "20-b.md").write_text("## B\n\nsecond\n")
    (tmp_path / "10-a.md").write_text("## A\n\nfirst\n")
    (tmp_path / "ignored.txt").write_text("## not a note\n")
    assert _notes(tmp_path) == ["", "## A", "", "first", "", "## B", "", "second"]


def test_the_shipped_notes_are_sections() -> None:
    notes = sorted(NOTES_DIR.glob("*.md"))
    assert notes, "benchmarks/notes holds the hand-written measurements"
    for note in notes:
        assert note.read_text().startswith("## "), note.name
