"""Words an engine knows: a word split into vocabulary words, and the words it cannot hear at all."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from assistant.text import has_hangul


def segment_word(word: str, known: Callable[[str], bool]) -> list[str] | None:
    """``word`` split into the fewest vocabulary words (``주문할게요`` → ``주문 할게요``), or None.

    Pieces of a Latin-script word have two letters at least: spelled-out letters are not words.
    """
    n = len(word)
    shortest = 1 if has_hangul(word) else 2
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(1, n + 1):
        for start in range(end - shortest + 1):
            head = best[start]
            if head is not None and known(word[start:end]):
                candidate = [*head, word[start:end]]
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    return best[n]


def unheard_words(
    words: Iterable[str], missing: Callable[[Iterable[str]], list[str]]
) -> tuple[list[str], int]:
    """Words an engine can neither recognise nor hear as known pieces, and how many it hears as pieces.

    ``missing`` is the engine's ``missing_words``.
    """
    absent = missing(words)
    unheard = [w for w in absent if segment_word(w, lambda piece: not missing([piece])) is None]
    return unheard, len(absent) - len(unheard)
