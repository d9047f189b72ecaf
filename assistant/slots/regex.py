"""Helpers every slot parser uses: word alternations, compiled patterns, the language check."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

__all__ = ["alt", "compiled", "is_korean"]


def alt(words: Iterable[str]) -> str:
    """Regex alternation of ``words`` (a space matches one whitespace), longest first."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s") for w in sorted(words, key=lambda w: (-len(w), w)))


@cache
def compiled(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled once (the ``*_pattern`` functions return a few fixed strings)."""
    return re.compile(pattern)


def is_korean(lang: str) -> bool:
    """True for ``ko`` and its variants (``ko-KR``); every other language is read as English."""
    return lang.startswith("ko")
