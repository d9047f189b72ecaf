"""Splitting a reply into sentences, so that the first can be spoken while the next is synthesized."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|(?<=[。！？])")
"""After a full stop, question or exclamation mark (and what follows it is space), or a CJK one."""


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` in order, stripped, none empty (``[]`` for blank text).

    ``"Sure. Which colour?"`` → ``["Sure.", "Which colour?"]``; a decimal point or "4.5" stays inside
    its sentence because no space follows it.
    """
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]
