"""Compare two dbt compile outputs token by token: the proof of a pure move.

A refactor that only moves SQL (into a macro, a shared CTE body) must leave the SQL
dbt renders unchanged. Compile the project at the base commit and at the head into
two target paths, then compare every compiled file (models, tests, analyses) of the
two ``compiled/`` trees. Whitespace is not significant: each file is split into SQL
tokens (quoted strings whole, words, numbers, each punctuation mark), so only a
change of a token, or of the text inside a quoted string, counts as a difference.
The one value that differs between any two compiles, dbt's ``invocation_id`` (read
from each target path's ``manifest.json``, as models that record their run write it),
is replaced by ``<invocation_id>`` on both sides first.

Usage::

    # at the base commit and at the head (a throwaway warehouse folder: compile
    # needs no build), e.g. from a `git archive` of the base in .local/base/
    CSE_WAREHOUSE_DIR=.local/compare_wh DBT_TARGET_PATH=.local/compiled_base dbt compile
    CSE_WAREHOUSE_DIR=.local/compare_wh DBT_TARGET_PATH=.local/compiled_head dbt compile
    python scripts/compare_compiled.py .local/compiled_base .local/compiled_head

Each argument is a dbt target path (its ``compiled/`` folder is read) or a folder of
``.sql`` files. Prints how many files were compared, then each file that differs (the
first differing token) or is present on one side only; exits 1 when any file differs
or is missing on one side, 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

# Quoted strings (single, double, backtick; a doubled quote or a backslash escapes),
# comments dropped, then words, numbers and single punctuation marks.
_TOKEN = re.compile(
    r"""
    (?P<comment>--[^\n]*|/\*.*?\*/)
    |(?P<string>'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*"|`(?:[^`]|``)*`)
    |(?P<word>[A-Za-z_][A-Za-z0-9_$]*)
    |(?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
    |(?P<space>\s+)
    |(?P<mark>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def sql_tokens(text: str, *, keep_comments: bool = True) -> list[str]:
    """The SQL tokens of ``text``: whitespace dropped, strings kept whole.

    Comments are tokens too unless ``keep_comments`` is false (a comment's own
    whitespace is folded to single spaces).
    """
    tokens: list[str] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "space":
            continue
        if kind == "comment":
            if keep_comments:
                tokens.append(" ".join(match.group().split()))
            continue
        tokens.append(match.group())
    return tokens


def compiled_root(path: Path) -> Path:
    """A dbt target path's ``compiled/`` folder, or the folder itself."""
    return path / "compiled" if (path / "compiled").is_dir() else path


def invocation_id(path: Path) -> str | None:
    """The ``invocation_id`` of the compile that wrote a dbt target path, if known."""
    manifest = path / "manifest.json"
    if not manifest.is_file():
        return None
    return json.loads(manifest.read_text(encoding="utf-8")).get("metadata", {}).get("invocation_id")


def _read(path: Path, invocation: str | None) -> str:
    text = path.read_text(encoding="utf-8")
    return text.replace(invocation, "<invocation_id>") if invocation else text


def sql_files(root: Path) -> dict[str, Path]:
    """Every ``.sql`` file below ``root``, by its path relative to it."""
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*.sql")) if p.is_file()}


@dataclass
class Comparison:
    """The outcome of comparing two compiled trees."""

    compared: int = 0
    differing: list[str] = field(default_factory=list)
    only_before: list[str] = field(default_factory=list)
    only_after: list[str] = field(default_factory=list)
    details: dict[str, str] = field(default_factory=dict)

    @property
    def identical(self) -> bool:
        return not (self.differing or self.only_before or self.only_after)


def _first_difference(before: list[str], after: list[str]) -> str:
    for index, (left, right) in enumerate(zip(before, after, strict=False)):
        if left != right:
            context = " ".join(before[max(0, index - 5) : index])
            return f"token {index} after '{context}': {left!r} -> {right!r}"
    return f"{len(before)} tokens -> {len(after)} tokens"


def compare_trees(before_root: Path, after_root: Path, *, keep_comments: bool = True) -> Comparison:
    """Compare the ``.sql`` files of two compiled trees, whitespace aside."""
    before = sql_files(compiled_root(before_root))
    after = sql_files(compiled_root(after_root))
    result = Comparison(
        only_before=sorted(set(before) - set(after)),
        only_after=sorted(set(after) - set(before)),
    )
    before_run, after_run = invocation_id(before_root), invocation_id(after_root)
    for name in sorted(set(before) & set(after)):
        result.compared += 1
        left = sql_tokens(_read(before[name], before_run), keep_comments=keep_comments)
        right = sql_tokens(_read(after[name], after_run), keep_comments=keep_comments)
        if left != right:
            result.differing.append(name)
            result.details[name] = _first_difference(left, right)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path, help="dbt target path (or compiled folder) before")
    parser.add_argument("after", type=Path, help="dbt target path (or compiled folder) after")
    parser.add_argument(
        "--ignore-comments",
        action="store_true",
        help="drop SQL comments before comparing (default: a comment is a token)",
    )
    args = parser.parse_args(argv)
    for path in (args.before, args.after):
        if not compiled_root(path).is_dir():
            parser.error(f"not a folder: {path}")
    result = compare_trees(args.before, args.after, keep_comments=not args.ignore_comments)
    print(f"{result.compared} compiled files compared, {len(result.differing)} differ")
    for name in result.differing:
        print(f"differs: {name}: {result.details[name]}")
    for name in result.only_before:
        print(f"only before: {name}")
    for name in result.only_after:
        print(f"only after: {name}")
    return 0 if result.identical else 1


if __name__ == "__main__":
    sys.exit(main())
