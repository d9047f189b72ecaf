"""Slot lists: what may fill a ``{slot}``, how to recognise it and what value it yields.

Every list offers the same four things: a regex fragment for the strict parser, a parser that
turns a matched span into a value, a finder that locates a value anywhere in free text (for the
fuzzy matcher and for slot filling), and the phrases a recognizer grammar is built from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Protocol

from rapidfuzz import fuzz, process

from assistant.messages import SlotValue
from assistant.slots import (
    Found,
    date_pattern,
    digits_pattern,
    find_date,
    find_digits,
    find_number,
    find_time,
    number_pattern,
    parse_date,
    parse_digits,
    parse_number,
    parse_time,
    time_pattern,
)
from assistant.slots.numeral_words import AMBIGUOUS_ALONE
from assistant.slots.regex import alt, compiled, is_korean


@dataclass(frozen=True)
class SlotEnv:
    """What parsing a slot may depend on."""

    lang: str
    """Language of the text."""
    today: date
    """Reference day for relative dates."""


class SlotList(Protocol):
    """The contract every slot list fulfils."""

    @property
    def kind(self) -> str:
        """Entity kind, shared by lists that recognise the same spans (``number``, ``date``…)."""

    def pattern(self, lang: str) -> str:
        """Regex fragment without capturing groups."""

    def parse(self, text: str, env: SlotEnv) -> SlotValue | None:
        """Value of a whole span, or ``None`` when the span is not a value of this list."""

    def find(self, text: str, env: SlotEnv) -> Found | None:
        """Best value anywhere in ``text``."""

    def find_all(self, text: str, env: SlotEnv) -> list[Found]:
        """Every value in ``text``, in order, without overlaps."""

    def phrases(self, lang: str) -> list[str]:
        """Phrases for recognizer grammars (coarse for open lists)."""


def _spaced(phrase: str) -> str:
    """``phrase`` as a regex whose words may be written with or without the spaces between them, except
    before a one-letter word: "size s" is no "sizes"."""
    words = phrase.split()
    pattern = re.escape(words[0]) if words else ""
    for word in words[1:]:
        pattern += (r"\s+" if len(word) == 1 else r"\s*") + re.escape(word)
    return pattern


_ONE_SYLLABLE = re.compile(r"[가-힣]")
_KO_PARTICLES = "[은는이가을를도로만요에의와과나랑고하지까부터좀]"
"""Syllables of the particles that may follow a Korean name in a sentence (티를, 티도요, 티랑은)."""


@dataclass(frozen=True)
class ValueList:
    """A closed list of phrases per language, each mapped to a value (catalog names, colors…)."""

    kind: str
    by_lang: Mapping[str, tuple[tuple[str, SlotValue], ...]]
    """Language → (phrase, value) pairs; phrases are normalized."""
    fuzzy: bool = False
    """Also accept near misses (misspellings, misrecognitions) in free text."""
    _lookup: dict[str, dict[str, SlotValue]] = field(default_factory=dict, compare=False, repr=False)

    _patterns: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    _finders: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False, repr=False)
    _owners: dict[str, dict[str, frozenset[SlotValue]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        for lang, pairs in self.by_lang.items():
            self._lookup[lang] = {" ".join(p.split()).replace(" ", ""): v for p, v in pairs}

    def __getstate__(self) -> dict[str, object]:
        """Pickled without the compiled patterns and word tables (they are rebuilt when first needed)."""
        return {**self.__dict__, "_patterns": {}, "_finders": {}, "_owners": {}}

    def __setstate__(self, state: dict[str, object]) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, value)

    def _phrases(self, lang: str) -> list[str]:
        return sorted({p for p, _ in self.by_lang.get(lang, ())}, key=lambda p: (-len(p), p))

    def word_owners(self, lang: str) -> Mapping[str, frozenset[SlotValue]]:
        """Each word of the phrases of ``lang`` → the values whose phrases have it ("phone" → the screen
        repair and the device setup)."""
        if lang not in self._owners:
            owners: dict[str, set[SlotValue]] = {}
            for phrase, value in self.by_lang.get(lang, ()):
                for word in phrase.split():
                    owners.setdefault(word, set()).add(value)
            self._owners[lang] = {word: frozenset(values) for word, values in owners.items()}
        return self._owners[lang]

    def pattern(self, lang: str) -> str:
        if lang not in self._patterns:
            alts = [_spaced(p) for p in self._phrases(lang)]
            plural = "(?:e?s)?" if lang == "en" else ""
            self._patterns[lang] = "(?:" + "|".join(alts) + ")" + plural if alts else "(?!)"
        return self._patterns[lang]

    def _finder(self, lang: str) -> re.Pattern[str]:
        """Where a phrase of ``lang`` stands in free text (never just after an apostrophe: the m of
        "i'm" is no size M, and "too small", "a bit big" judge what was had; whole words in English; in
        Korean a word's
        start, particles may follow, but a one-syllable phrase only with particles: the 티 of a
        t-shirt is no 티켓, a ticket)."""
        if lang not in self._finders:
            suffix = r"(?!\w)" if lang == "en" else r"(?![a-z0-9])"
            pattern, phrases = self.pattern(lang), self._phrases(lang)
            short = {p for p in phrases if lang == "ko" and _ONE_SYLLABLE.fullmatch(p)}
            if short:
                longer = [_spaced(p) for p in phrases if p not in short]
                alone = "|".join(re.escape(p) for p in sorted(short))
                pattern = "|".join([*longer, rf"(?:{alone})(?={_KO_PARTICLES}{{0,3}}(?![가-힣]))"])
            judged = r"(?<!too )(?<!bit )" if lang == "en" else ""  # "they're too small": no size S
            self._finders[lang] = re.compile(rf"(?<![\w']){judged}({pattern}){suffix}")
        return self._finders[lang]

    def parse(self, text: str, env: SlotEnv) -> SlotValue | None:
        key = text.replace(" ", "")
        table = self._lookup.get(env.lang, {})
        if key in table:
            return table[key]
        if env.lang == "en" and key.endswith("s"):  # "phone cases", "smart watches", "batteries"
            for singular in (key[:-1], key[:-2], key[:-3] + "y"):
                if singular in table:
                    return table[singular]
        return None

    def find(self, text: str, env: SlotEnv) -> Found | None:
        phrases = self._phrases(env.lang)
        if not phrases:
            return None
        exact = self._finder(env.lang).search(text)
        if exact:
            return Found(self.parse(exact.group(1), env), exact.start(), exact.end())
        return self._fuzzy_find(text, env, phrases) if self.fuzzy else None

    def find_all(self, text: str, env: SlotEnv) -> list[Found]:
        phrases = self._phrases(env.lang)
        if not phrases:
            return []
        found = [
            Found(self.parse(m.group(1), env), m.start(), m.end())
            for m in self._finder(env.lang).finditer(text)
        ]
        if not found and self.fuzzy:
            near = self._fuzzy_find(text, env, phrases)
            return [near] if near else []
        return found

    def _fuzzy_find(self, text: str, env: SlotEnv, phrases: list[str]) -> Found | None:
        cutoff = 80.0 if env.lang == "ko" else 84.0
        best: tuple[float, int, int, str] | None = None
        words = list(re.finditer(r"\S+", text))
        longest = max(len(p.split()) for p in phrases) + 1
        for i in range(len(words)):
            for j in range(i, min(len(words), i + longest)):
                start, end = words[i].start(), words[j].end()
                span = text[start:end]
                if len(span.replace(" ", "")) < 4:
                    continue
                hit = process.extractOne(span, phrases, scorer=fuzz.ratio, score_cutoff=cutoff)
                if hit and (best is None or hit[1] > best[0]):
                    best = (hit[1], start, end, hit[0])
        if best is None:
            return None
        return Found(self.parse(best[3], env), best[1], best[2])

    def phrases(self, lang: str) -> list[str]:
        return self._phrases(lang)


def value_list(
    kind: str, by_lang: Mapping[str, Iterable[tuple[str, SlotValue]]], fuzzy: bool = False
) -> ValueList:
    """Build a ``ValueList``, normalizing phrases."""
    from assistant.text import normalize

    table = {
        lang: tuple((normalize(p), v) for p, v in pairs if normalize(p)) for lang, pairs in by_lang.items()
    }
    return ValueList(kind, table, fuzzy)


def _each(text: str, find: Callable[[str], Found | None], keep: Callable[[Found], bool]) -> list[Found]:
    """Every span ``find`` locates, leftmost first: each one found is blanked out before looking again."""
    out: list[Found] = []
    for _ in range(32):
        hit = find(text)
        if hit is None:
            break
        if keep(hit):
            out.append(hit)
        text = text[: hit.start] + " " * (hit.end - hit.start) + text[hit.end :]
    return sorted(out, key=lambda f: f.start)


def _lone_syllable(text: str, found: Found) -> bool:
    """A one-letter number word standing for a digit ("사" in "사고 싶어요"): in free text it is a word."""
    span = text[found.start : found.end].strip()
    return len(span) == 1 and not span.isdigit()


@dataclass(frozen=True)
class RangeList:
    """Whole numbers in ``[low, high]``, as digits or number words."""

    low: int = 1
    high: int = 99
    kind: str = "number"

    def pattern(self, lang: str) -> str:
        return number_pattern(lang)

    def parse(self, text: str, env: SlotEnv) -> SlotValue | None:
        """The number ``text`` is; in Korean never a lone syllable that is usually a word ("흰색이요": 이 is
        "is", not a 2; "네" is yes)."""
        if is_korean(env.lang) and text.replace(" ", "") in AMBIGUOUS_ALONE:
            return None
        value = parse_number(text, env.lang)
        return value if value is not None and self.low <= value <= self.high else None

    def find(self, text: str, env: SlotEnv) -> Found | None:
        found = find_number(text, env.lang)
        if found is None or not isinstance(found.value, int) or not self.low <= found.value <= self.high:
            return None
        return found

    def find_all(self, text: str, env: SlotEnv) -> list[Found]:
        return _each(
            text,
            lambda t: find_number(t, env.lang),
            lambda f: isinstance(f.value, int) and self.low <= f.value <= self.high,
        )

    def phrases(self, lang: str) -> list[str]:
        return [str(n) for n in range(self.low, min(self.high, self.low + 19) + 1)]


@dataclass(frozen=True)
class DigitsList:
    """Identifiers spoken digit by digit or as numbers (order, booking, phone and loyalty numbers)."""

    min_len: int = 3
    max_len: int = 10
    kind: str = "number"
    text: bool = False
    """Yield the digit string (keeping leading zeros, as in phone numbers) instead of an ``int``."""

    def pattern(self, lang: str) -> str:
        return digits_pattern(lang)

    def _value(self, digits: str) -> SlotValue:
        return digits if self.text else int(digits)

    def parse(self, text: str, env: SlotEnv) -> SlotValue | None:
        """The identifier in ``text``; in Korean a number word's counter may follow ("4822번")."""
        if env.lang.startswith("ko"):
            text = text.strip().removesuffix("번").removesuffix("호")
        digits = parse_digits(text, env.lang)
        return self._value(digits) if digits and self.min_len <= len(digits) <= self.max_len else None

    def find(self, text: str, env: SlotEnv) -> Found | None:
        found = find_digits(text, env.lang, self.min_len)
        if found is None or not self.min_len <= len(str(found.value)) <= self.max_len:
            return None
        return Found(self._value(str(found.value)), found.start, found.end)

    def find_all(self, text: str, env: SlotEnv) -> list[Found]:
        hits = _each(
            text,
            lambda t: find_digits(t, env.lang, self.min_len),
            lambda f: self.min_len <= len(str(f.value)) <= self.max_len and not _lone_syllable(text, f),
        )
        return [Found(self._value(str(f.value)), f.start, f.end) for f in hits]

    def phrases(self, lang: str) -> list[str]:
        return []


@dataclass(frozen=True)
class DateList:
    """Calendar days ("tomorrow", "next monday", "다음 주 월요일"); values are ISO dates."""

    kind: str = "date"

    def pattern(self, lang: str) -> str:
        return date_pattern(lang)

    def parse(self, text: str, env: SlotEnv) -> SlotValue | None:
        value = parse_date(text, env.lang, env.today)
        return value.isoformat() if value else None

    def find(self, text: str, env: SlotEnv) -> Found | None:
        found = find_date(text, env.lang, env.today)
        if found is None or not isinstance(found.value, date):
            return None
        return Found(found.value.isoformat(), found.start, found.end)

    def find_all(self, text: str, env: SlotEnv) -> list[Found]:
        hits = _each(text, lambda t: find_date(t, env.lang, env.today), lambda f: isinstance(f.value, date))
        return [Found(f.value.isoformat(), f.start, f.end) for f in hits]  # type: ignore[attr-defined]

    def phrases(self, lang: str) -> list[str]:
        return ["today", "tomorrow"] if lang == "en" else ["오늘", "내일"]


_TAKEN_BACK = re.compile(
    r"[\s,]+(?:no,? sorry|sorry|no,? wait|wait|actually|i mean|i meant|oops|scratch that|make (?:that|it)|no"
    r"|(?:아 )?(?:아니|아뇨|잠깐만?|정정)(?:요|다)?)(?=[\s,]|$)(?:[\s,]+(?:make (?:that|it)|wait|sorry))*"
)
"""Words that take back the address said before them."""


def _filled_in(said: str, again: str) -> str:
    """The address said ``again`` after a correction, with the town or district of the one ``said`` first
    that it leaves out ("12 ocean drive santa monica no sorry 14 ocean drive" is 14 ocean drive santa
    monica; "서울 강남구 테헤란로 12 아 아니다 테헤란로 15요" is 서울 강남구 테헤란로 15)."""
    before, after = said.split(), again.split()
    first = next((i for i, word in enumerate(before) if word == after[0]), None) if after else None
    if first:  # "테헤란로 15": the district before it
        return " ".join([*before[:first], *after])
    last = next((i for i, word in enumerate(before) if after and word == after[-1]), None)
    if last is not None and last + 1 < len(before):  # "14 ocean drive": the town after it
        return " ".join([*after, *before[last + 1 :]])
    return again


_NEW_NUMBER = re.compile(
    r"[\s,]*(?:(?P<word>[a-z]+|[가-힣]+) )?(?P<n>\d[\d-]*)(?:번지|호)?"
    r"(?:이요|요|으로|로|입니다|이에요)?[\s,.]*$"
)
"""Only a number after them ("… suite 6", "125요"): the address with that number instead."""


@dataclass(frozen=True)
class AddressList:
    """A street address as said ("221 pine street", "테헤란로 123"); the value is the words said."""

    kind: str = "address"

    def pattern(self, lang: str) -> str:
        return r"(?:[0-9]+\s+[\w\s]+|[가-힣0-9\s-]+)"

    def parse(self, text: str, env: SlotEnv) -> SlotValue | None:
        found = self.find(text, env)
        return found.value if found is not None and (found.start, found.end) == (0, len(text)) else None

    def find(self, text: str, env: SlotEnv) -> Found | None:
        from assistant.redact import find_address

        span = find_address(text)
        if span is None:
            return None
        start, end = span
        marker = _TAKEN_BACK.search(text, start)
        if marker is None or marker.start() > end:
            return Found(text[start:end], start, end)
        # "12 ocean drive no sorry 14 ocean drive": the address said last (the first was stored with "no
        # sorry" in it); "… suite 5, actually make that suite 6", "테헤란로 123 아니 125요": its number
        later = self.find(text[marker.end() :], env)
        if later is not None:
            at = marker.end() + later.start
            value = _filled_in(text[start : marker.start()].strip(" ,"), str(later.value))
            return Found(value, start, at + len(str(later.value)))  # the whole of what was said
        said = text[start : marker.start()].strip(" ,")
        number = _NEW_NUMBER.match(text, marker.end())
        if number is not None:
            word = number["word"]
            old = re.compile(rf"(?<=\b{re.escape(word)} )[\w-]+" if word else r"\d[\d-]*(?!.*\d)")
            if old.search(said):
                said = old.sub(number["n"], said, count=1)
                return Found(said, start, number.end())
        return Found(said, start, marker.start()) if re.search(r"\d", said) else None

    def find_all(self, text: str, env: SlotEnv) -> list[Found]:
        return _each(text, lambda t: self.find(t, env), lambda f: bool(str(f.value).strip()))

    def phrases(self, lang: str) -> list[str]:
        return []


@dataclass(frozen=True)
class TimeList:
    """Times of day ("3 pm", "오후 세 시"); values are ``HH:MM``."""

    kind: str = "time"

    def pattern(self, lang: str) -> str:
        return time_pattern(lang)

    def parse(self, text: str, env: SlotEnv) -> SlotValue | None:
        value = parse_time(text, env.lang)
        return value.strftime("%H:%M") if value else None

    def find(self, text: str, env: SlotEnv) -> Found | None:
        found = find_time(text, env.lang)
        if found is None or found.value is None:
            return None
        return Found(found.value.strftime("%H:%M"), found.start, found.end)  # type: ignore[attr-defined]

    def find_all(self, text: str, env: SlotEnv) -> list[Found]:
        hits = _each(text, lambda t: find_time(t, env.lang), lambda f: f.value is not None)
        return [Found(f.value.strftime("%H:%M"), f.start, f.end) for f in hits]  # type: ignore[attr-defined]

    def phrases(self, lang: str) -> list[str]:
        return []


_LIMIT_BEFORE_EN = (
    "under",
    "below",
    "less than",
    "no more than",
    "not more than",
    "up to",
    "at most",
    "cheaper than",
)
"""English words that make the number after them a spending limit ("under 30 dollars")."""
_LIMIT_AFTER_KO = ("이하", "아래", "미만", "이내", "안쪽", "까지")
"""Korean words that make the number before them a spending limit ("30달러 이하")."""
_UNITS_EN, _UNITS_KO = ("dollars", "dollar", "bucks", "usd"), ("달러", "불", "원")


@cache
def _amount_pattern(lang: str) -> str:
    """Regex fragment (no capturing groups) for a number with its limit words and an optional unit."""
    number = number_pattern(lang)
    if is_korean(lang):
        return rf"(?:{number}\s?(?:{alt(_UNITS_KO)})?\s?(?:{alt(_LIMIT_AFTER_KO)})(?:로|으로)?)"
    return rf"(?:\b(?:{alt(_LIMIT_BEFORE_EN)})\s{number}(?:\s(?:{alt(_UNITS_EN)}))?\b)"


def _limit(span: str, lang: str) -> int | None:
    """The amount of a span the pattern matched whole ("30달러 이하": 30), or None."""
    found = find_number(re.sub(r"([0-9])(?=[가-힣])", r"\1 ", span), lang)  # "30달러": 30
    return found.value if found is not None and isinstance(found.value, int) and found.value > 0 else None


@dataclass(frozen=True)
class AmountList:
    """A spending limit as said ("under 30 dollars", "up to fifty bucks", "삼십 달러 이하"); the value is the
    amount in the store's currency (a whole number). A number alone is never one: "a gift for my
    12-year-old" sets no limit."""

    kind: str = "amount"

    def pattern(self, lang: str) -> str:
        return _amount_pattern(lang)

    def parse(self, text: str, env: SlotEnv) -> SlotValue | None:
        span = text.strip()
        return _limit(span, env.lang) if compiled(_amount_pattern(env.lang)).fullmatch(span) else None

    def find(self, text: str, env: SlotEnv) -> Found | None:
        for hit in compiled(_amount_pattern(env.lang)).finditer(text):
            value = _limit(hit.group(0), env.lang)
            if value is not None:
                return Found(value, hit.start(), hit.end())
        return None

    def find_all(self, text: str, env: SlotEnv) -> list[Found]:
        return _each(text, lambda t: self.find(t, env), lambda f: True)

    def phrases(self, lang: str) -> list[str]:
        if is_korean(lang):
            return [f"{n}달러 이하" for n in (10, 20, 30, 50, 100)]
        return [f"under {n} dollars" for n in (10, 20, 30, 50, 100)]
