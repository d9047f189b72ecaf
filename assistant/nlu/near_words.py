"""The English speller with an index of its known words, for many installed skills.

``Speller`` compares an unknown word with every known word of the same first letter: with a thousand
skills installed, some seven hundred comparisons per unknown word. Two words one edit apart (a letter
added, dropped, changed, or two neighbours swapped) always share a word with one letter dropped, so
``IndexedSpeller`` compares only with the known words that share one; its answers are ``Speller``'s.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz.distance import OSA

from assistant.nlu.spelling import MIN_LENGTH, Speller


def shortened(word: str) -> set[str]:
    """``word`` itself and ``word`` with each of its letters dropped."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


class IndexedSpeller(Speller):
    """``Speller`` looking up the known words one edit away instead of comparing with each."""

    def __init__(self, words: Iterable[str], protected: Iterable[str] = ()) -> None:
        super().__init__(words, protected)
        index: defaultdict[str, set[str]] = defaultdict(set)
        for start in self._by_start.values():
            for known in start:
                for key in shortened(known):
                    index[key].add(known)
        self._index = dict(index)

    def word(self, word: str) -> str:
        """``word``, or the single known word one edit away (as ``Speller.word``)."""
        if len(word) < MIN_LENGTH or word in self._known or not (word.isascii() and word.isalpha()):
            return word
        if word in self._protected or word[:-1] in self._known:  # an ending on a known word, not a slip
            return word
        near = {
            known
            for key in shortened(word)
            for known in self._index.get(key, ())
            if known[0] == word[0]
            and abs(len(known) - len(word)) <= 1
            and OSA.distance(word, known, score_cutoff=1) <= 1
        }
        return near.pop() if len(near) == 1 else word
