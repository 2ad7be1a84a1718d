"""Realistic recording variation of names, dates of birth and PNC ids (vectorised)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cse_synth.vocab import NICKNAMES

__all__ = ["format_pnc", "nickname", "surname_variant", "typo"]

_LETTERS = np.array(list("abcdefghijklmnopqrstuvwxyz"))


def typo(rng: np.random.Generator, values: np.ndarray) -> np.ndarray:
    """One keyboard slip per value: substitute, delete, double or transpose a letter."""
    n = len(values)
    if n == 0:
        return values
    op = rng.integers(0, 4, n)
    pos = rng.random(n)
    letter = _LETTERS[rng.integers(0, 26, n)]
    out = []
    for v, o, p, c in zip(values, op, pos, letter, strict=True):
        if not isinstance(v, str) or len(v) < 3:
            out.append(v)
            continue
        i = 1 + int(p * (len(v) - 2))  # keep the first letter: people rarely mistype it
        if o == 0:
            out.append(v[:i] + c + v[i + 1 :])
        elif o == 1:
            out.append(v[:i] + v[i + 1 :])
        elif o == 2:
            out.append(v[:i] + v[i] + v[i:])
        else:
            out.append(v[: i - 1] + v[i] + v[i - 1] + v[i + 1 :] if i >= 1 else v)
    return np.array(out, dtype=object)


def nickname(rng: np.random.Generator, values: np.ndarray) -> np.ndarray:
    """Replace forenames that have known variants by one of them; others unchanged."""
    s = pd.Series(values, dtype=object)
    options = s.map(NICKNAMES)
    has = options.notna().to_numpy()
    out = values.copy()
    if has.any():
        u = rng.random(int(has.sum()))
        out[has] = [o[int(x * len(o))] for o, x in zip(options[has], u, strict=True)]
    return out


def surname_variant(rng: np.random.Generator, values: np.ndarray) -> np.ndarray:
    """Double-barrelled surnames recorded with a space, without the hyphen, or only one part."""
    out = values.copy()
    s = pd.Series(values, dtype=object).astype(str)
    dbl = s.str.contains("-", regex=False).to_numpy() & ~s.str.startswith("Al-").to_numpy()
    if dbl.any():
        parts = s[dbl].str.split("-", n=1)
        choice = rng.integers(0, 4, int(dbl.sum()))
        out[dbl] = [
            (p[0] + " " + p[1], p[0] + p[1], p[0], p[1])[c]
            for p, c in zip(parts, choice, strict=True)
        ]
    return out


def format_pnc(rng: np.random.Generator, canonical: np.ndarray) -> np.ndarray:
    """Render canonical ``YYYY/NNNNNNNL`` PNC ids in the formats seen in source systems."""
    s = pd.Series(canonical, dtype=object)
    year = s.str[:4]
    serial = s.str[5:12]
    check = s.str[12]
    short = serial.str.lstrip("0").replace("", "0")
    style = rng.choice(6, len(s), p=[0.45, 0.2, 0.1, 0.1, 0.1, 0.05])
    forms = [
        year + "/" + serial + check,
        year.str[2:] + "/" + serial + check,
        year.str[2:] + "/" + short + check.str.lower(),
        year + " " + serial + " " + check,
        year + serial + check,
        year + "/" + short + check,
    ]
    out = np.select([style == k for k in range(6)], [f.to_numpy() for f in forms], None)
    return np.where(s.isna().to_numpy(), None, out).astype(object)
