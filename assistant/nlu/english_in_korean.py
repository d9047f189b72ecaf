"""English words typed into a Korean sentence, written as the Korean templates say them:
"order cancel 해주세요" → "주문 취소 해주세요", "power bank 하나 담아줘" → "보조 배터리 하나 담아줘"."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib.resources import files

from assistant.nlu.slot_lists import SlotList, ValueList
from assistant.text import has_hangul
from assistant.yamlfile import parse_yaml

_LATIN = re.compile(r"[a-z]")


@dataclass(frozen=True)
class EnglishInKorean:
    """English phrase → the Korean words for it; applied to sentences that mix both scripts."""

    words: Mapping[str, str]
    _pattern: re.Pattern[str] | None = field(default=None, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        phrases = sorted(self.words, key=len, reverse=True)  # "power bank" before "bank"
        alternatives = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in phrases)
        pattern = re.compile(rf"(?<![a-z])(?:{alternatives})(?![a-z])") if phrases else None
        object.__setattr__(self, "_pattern", pattern)

    def korean(self, text: str) -> str:
        """``text`` (normalized) with its English phrases in Korean, when it also has Hangul."""
        if self._pattern is None or not _LATIN.search(text) or not has_hangul(text):
            return text
        return self._pattern.sub(lambda m: self.words[" ".join(m.group().split())], text)


def english_in_korean(lists: Iterable[SlotList]) -> EnglishInKorean:
    """The shipped words (``data/english_in_korean.yaml``) and, from every closed slot list with both
    languages, each English phrase with the first Korean phrase of the same value (catalog names). A
    shipped word wins: "cancel" is 취소, not the first Korean phrase of the FAQ topic it also names."""
    text = files("assistant.data").joinpath("english_in_korean.yaml").read_text(encoding="utf-8")
    shipped: dict[str, str] = parse_yaml(text)
    words = {" ".join(str(phrase).split()): str(word) for phrase, word in shipped.items()}
    for lst in lists:
        if not isinstance(lst, ValueList):
            continue
        korean: dict[object, str] = {}
        for phrase, value in lst.by_lang.get("ko", ()):
            korean.setdefault(value, phrase)
        for phrase, value in lst.by_lang.get("en", ()):
            if value in korean and _LATIN.search(phrase):
                words.setdefault(phrase, korean[value])
    return EnglishInKorean(words)
