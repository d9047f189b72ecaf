"""The phrase lists of recognizer grammars: the simple sentences of the skills' templates, spoken.

Slot lists are expanded coarsely (numbers as words, 1..10 and digit-by-digit ids, a few dates and
times, every catalog phrase). Full expansion of a template like
``[{quantity}] [{size}] [{color}] {product} [in {color}]`` runs to millions of sentences, so each
template contributes its *simple* sentences: every choice at its default (the empty option of
``[...]``, the first of ``(...)``) plus at most one other choice. Within one such shape, slot phrases
are combined fully while that stays under ``_FULL_PRODUCT`` sentences and otherwise cycled so each
phrase still appears. Phrases are interleaved across templates before ``limit`` cuts, so no template
is left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping

from assistant.nlu.slot_lists import DateList, DigitsList, RangeList, SlotList, TimeList
from assistant.nlu.templates import Alternative, Node, Slot, Text, parse_template
from assistant.slots.spoken import digit_words, number_words

Piece = str | Slot

_FULL_PRODUCT = 1000
"""Largest slot-phrase product combined fully within one sentence shape."""
_MAX_QUANTITY = 10
_LATIN = re.compile("[a-z]", re.IGNORECASE)
_KO_COUNTER = "개"

_DATES = {
    "en": ["today", "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
    "ko": ["오늘", "내일", "모레", "월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일"],
}
_EN_HOURS = [(h, "am") for h in (9, 10, 11)] + [(12, "pm")] + [(h, "pm") for h in range(1, 8)]


PHRASE_LIMIT = {"en": 15_000, "ko": 5_000}
"""Phrases per grammar: English needs 15,000 to keep every template's common forms (pocketsphinx
compiles them in about a second); Vosk's Korean grammar is kept at 5,000 (larger ones crash its
recognizer)."""


def _times(lang: str) -> list[str]:
    """Whole hours of a shop day: ``nine am`` .. ``seven pm`` / ``오전 아홉 시`` .. ``오후 일곱 시``."""
    if lang == "ko":
        morning = [f"오전 {number_words(h, 'ko')[0]} 시" for h in (9, 10, 11)]
        return [*morning, "열두 시", *(f"오후 {number_words(h, 'ko')[0]} 시" for h in range(1, 8))]
    return [*(f"{number_words(h, 'en')[0]} {half}" for h, half in _EN_HOURS), "noon"]


def slot_phrases(slot_list: SlotList | None, lang: str) -> list[str]:
    """Coarse spoken phrases for one slot list (numbers and digits as words)."""
    if isinstance(slot_list, RangeList):
        high = min(slot_list.high, max(_MAX_QUANTITY, slot_list.low + _MAX_QUANTITY - 1))
        numbers = range(max(slot_list.low, 0), high + 1)
        if lang == "ko":
            return [
                *(f"{number_words(n, lang)[0]} {_KO_COUNTER}" for n in numbers if n > 0),
                *(w for n in numbers for w in number_words(n, lang)),
            ]
        return [w for n in numbers for w in number_words(n, lang)]
    if isinstance(slot_list, DigitsList):
        width = min(max(slot_list.min_len, 4), slot_list.max_len)
        ring = "0123456789" * 2
        return [digit_words(ring[i : i + width], lang) for i in range(10)]
    if isinstance(slot_list, DateList):
        return list(_DATES.get(lang, ()))
    if isinstance(slot_list, TimeList):
        return _times(lang)
    if slot_list is None:
        return []
    phrases = slot_list.phrases(lang)
    if lang == "ko":  # "xl 사이즈", "s": typed forms, left out when the value is also said in Hangul
        spoken = [p for p in phrases if not _LATIN.search(p)]
        phrases = spoken or phrases
    return [_spell_digits(p, lang) for p in phrases]


def _spell_digits(phrase: str, lang: str) -> str:
    """Digit tokens of a catalog phrase as words (``240`` → ``two hundred forty``)."""
    return re.sub(r"\d+", lambda m: number_words(int(m.group()), lang)[0], phrase)


def _shapes(node: Node, budget: int) -> list[tuple[int, tuple[Piece, ...]]]:
    """Sentence shapes of ``node`` (slots unfilled) with at most ``budget`` non-default choices."""
    if isinstance(node, Text):
        return [(0, (node.text,))]
    if isinstance(node, Slot):
        return [(0, (node,))]
    if isinstance(node, Alternative):
        empty = [i for i, o in enumerate(node.options) if not o.items]
        default = empty[0] if empty else 0
        out: list[tuple[int, tuple[Piece, ...]]] = []
        for i, option in enumerate(node.options):
            extra = 0 if i == default else 1
            if extra <= budget:
                out.extend((cost + extra, parts) for cost, parts in _shapes(option, budget - extra))
        return out
    combos: list[tuple[int, tuple[Piece, ...]]] = [(0, ())]
    for item in node.items:
        combos = [
            (c1 + c2, p1 + p2)
            for c1, p1 in combos
            for c2, p2 in _shapes(item, budget - c1)
            if c1 + c2 <= budget
        ]
    return combos


def _fill(parts: tuple[Piece, ...], fill: Callable[[Slot], list[str]]) -> Iterator[str]:
    """Sentences of one shape: full product of slot phrases when small, else cycled."""
    slots = [p for p in parts if isinstance(p, Slot)]
    options = [fill(s) for s in slots]
    if any(not o for o in options):
        return
    total = 1
    for o in options:
        total *= len(o)
    if total <= _FULL_PRODUCT:
        indexes: Iterable[list[int]] = _product([len(o) for o in options])
    else:
        longest = max(len(o) for o in options)
        indexes = ([k % len(o) for o in options] for k in range(longest))
    for index in indexes:
        chosen = iter(o[i] for o, i in zip(options, index, strict=True))
        words = " ".join("".join(p if isinstance(p, str) else f" {next(chosen)} " for p in parts).split())
        if words:
            yield words.lower()


def _product(sizes: list[int]) -> Iterator[list[int]]:
    if not sizes:
        yield []
        return
    for rest in _product(sizes[1:]):
        for i in range(sizes[0]):
            yield [i, *rest]


def template_phrases(template: str, lists: Mapping[str, SlotList], lang: str) -> list[str]:
    """The simple sentences of one template, simplest first."""
    shapes = sorted(_shapes(parse_template(template), budget=1), key=lambda s: s[0])
    cache: dict[str, list[str]] = {}

    def fill(slot: Slot) -> list[str]:
        if slot.list_name not in cache:
            cache[slot.list_name] = slot_phrases(lists.get(slot.list_name), lang)
        return cache[slot.list_name]

    return list(dict.fromkeys(s for _, parts in shapes for s in _fill(parts, fill)))


def grammar_phrases(
    templates: Iterable[tuple[str, Mapping[str, SlotList]]], lang: str, limit: int | None = None
) -> list[str]:
    """Recognizer phrases (lowercase words, no digits) for ``(template, slot lists)`` pairs.

    Each template's phrases are taken in turn (first of each, then second of each…) until ``limit``.
    """
    limit = limit if limit is not None else PHRASE_LIMIT.get(lang, 5000)
    per_template = [template_phrases(t, lists, lang) for t, lists in templates]
    result: dict[str, None] = {}
    depth = 0
    while len(result) < limit and any(depth < len(p) for p in per_template):
        for phrases in per_template:
            if depth < len(phrases):
                result.setdefault(phrases[depth])
                if len(result) >= limit:
                    break
        depth += 1
    return list(result)
