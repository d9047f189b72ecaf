"""Which slot lists could be in an utterance, so that a thousand skills' lists are not all searched.

A closed, exact list (``ValueList`` without fuzzy matching) finds a phrase only where the phrase's first
word starts after a non-word character; the index maps those first words to their lists, and a text is
searched only by the lists whose first words start somewhere in it (and by every other list). The
result is the same as searching with every list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.nlu.slot_lists import SlotList, ValueList

STARTS = re.compile(r"(?<!\w)\S")


class ListIndex:
    """The lists of one language that may find something in a text, in their original order."""

    def __init__(self, lists: Sequence[SlotList], lang: str) -> None:
        self._lists = list(lists)
        self._always: set[int] = set()
        self._by_word: dict[str, set[int]] = {}
        for number, lst in enumerate(self._lists):
            if not isinstance(lst, ValueList) or lst.fuzzy:
                self._always.add(number)
                continue
            for phrase, _ in lst.by_lang.get(lang, ()):
                if phrase.split():
                    self._by_word.setdefault(phrase.split()[0], set()).add(number)
        self._longest = max((len(w) for w in self._by_word), default=0)

    def candidates(self, text: str) -> list[SlotList]:
        """The lists that may find a value in ``text``."""
        chosen = set(self._always)
        for start in STARTS.finditer(text):
            i = start.start()
            for end in range(i + 1, min(len(text), i + self._longest) + 1):
                chosen.update(self._by_word.get(text[i:end], ()))
        return [self._lists[n] for n in sorted(chosen)]
