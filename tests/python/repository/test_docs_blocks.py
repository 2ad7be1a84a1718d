"""Methodology blocks render whole, where an auditor reads them (issue 21).

Read from the project's files, no build: every ``{% docs %}`` block is shown on at
least one page (a ``{{ doc() }}`` in a description), and a ``doc()`` inside a YAML
description stands as a paragraph of its own, never inside a sentence, where its
headings and lists would be spliced into the middle of the text.
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
DOC_CALL = re.compile(r"""\{\{\s*doc\(\s*['"](\w+)['"]\s*\)\s*\}\}""")
BLOCK = re.compile(r"\{%-?\s*docs\s+(\w+)\s*-?%\}")
# A description that is only the block ('{{ doc("x") }}'), or a line that is only the call.
ALONE = re.compile(
    r"""^\s*(?:-\s*)?(?:description:\s*)?(['"]?)\{\{\s*doc\(\s*['"]\w+['"]\s*\)\s*\}\}\1\s*$"""
)


def _files(*patterns: str) -> list[Path]:
    return sorted(p for pattern in patterns for p in REPO.glob(pattern))


def inline_doc_calls(text: str) -> list[tuple[int, str]]:
    """(line number, line) of each doc() call that shares its line with other text."""
    return [
        (n, line.strip())
        for n, line in enumerate(text.splitlines(), 1)
        if DOC_CALL.search(line) and not ALONE.match(line)
    ]


def test_a_doc_call_inside_a_sentence_is_found() -> None:
    spliced = "    description: >\n      Ids ('{{ doc(\"id_rules\") }}'): each id.\n"
    alone = '    description: >\n      Ids: each id.\n\n      {{ doc("id_rules") }}\n'
    one_line = "    description: '{{ doc(\"id_rules\") }}'\n"
    assert inline_doc_calls(spliced) == [(2, "Ids ('{{ doc(\"id_rules\") }}'): each id.")]
    assert inline_doc_calls(alone) == inline_doc_calls(one_line) == []


def test_every_doc_call_in_a_description_is_a_paragraph_of_its_own() -> None:
    found = {
        str(p.relative_to(REPO)): calls
        for p in _files("models/**/*.yml", "seeds/**/*.yml", "macros/**/*.yml")
        if (calls := inline_doc_calls(p.read_text()))
    }
    assert not found, f"doc() spliced into a sentence: {found}"


def test_every_methodology_block_is_shown_on_a_page() -> None:
    docs = _files("models/**/*.md", "docs/**/*.md", "macros/**/*.md", "seeds/**/*.md")
    blocks = {name for p in docs for name in BLOCK.findall(p.read_text())}
    texts = _files("models/**/*.yml", "seeds/**/*.yml", "macros/**/*.yml", "models/**/*.md")
    texts += [*_files("docs/**/*.md"), REPO / "dbt_project.yml"]
    shown = {name for p in texts for name in DOC_CALL.findall(p.read_text())}
    assert blocks, "no docs blocks found"
    assert not (blocks - shown - {"__overview__"}), "blocks no page shows"
    assert not (shown - blocks), "doc() of a block that does not exist"
