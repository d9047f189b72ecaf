"""Time slots in English and Korean: ``parse_time``, ``time_pattern``, ``find_time``.

Inputs are normalized with :func:`assistant.text.normalize`. Times without am/pm follow a store's
business hours.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from assistant.slots.datetime_words import EN_PERIODS, KO_PERIODS
from assistant.slots.found import Found, search
from assistant.slots.numbers import KO_WORD, cardinal
from assistant.slots.numeral_words import EN_TENS, EN_UNITS
from assistant.slots.regex import alt, compiled, is_korean

__all__ = ["find_time", "parse_time", "time_pattern"]

_EN_TIME_CUES = frozenset({"at", "by", "around", "about", "before", "after", "until", "till", "from"})
"""Words after which a bare number in free text is read as a time."""
_FROM_TIME_TO = re.compile(r"\bfrom\s+(?:(?:\d{1,2}(?::\d\d)?|[a-z]+)(?:\s?[ap]\.?m\.?)?\s+)?to\s+$")
"""A bare number after "from <time> to" is a time too ("move my booking from 3 to 4"; the time before it
may have been blanked out once found)."""
_MOVED_TO = re.compile(
    r"\b(?:move|moving|push|pushing|reschedule|rescheduling|bump|shift)\b[^,.;!?]*\bto\s+$"
)
"""A bare number after a move "to" is a time ("move the screen repair to 11": booking 11 was asked for)."""
_EN_HOUR_WORDS = [w for w, v in EN_UNITS.items() if 1 <= v <= 12]

# --- times ----------------------------------------------------------------------------------------


def _resolve(hour: int, minute: int, period: str | None, explicit: bool = False) -> dt.time | None:
    """Apply ``am``/``pm``/``night`` (pm, but 12 to 4 are after midnight) or the business-hours rule.

    Without a period, hours 1-7 are afternoon, 8-11 morning, 12 noon, unless ``explicit`` (24-hour
    or zero-padded, ``07:00``). With a period the hour must be 1-12.
    """
    if not (0 <= hour <= 24 and 0 <= minute <= 59):
        return None
    if period is not None:
        if not 1 <= hour <= 12:
            return None
        if period == "am" or (period == "night" and (hour == 12 or hour <= 4)):
            hour = 0 if hour == 12 else hour
        elif hour < 12:
            hour += 12
    elif not explicit and 1 <= hour <= 7:
        hour += 12
    return dt.time(hour % 24, minute)


def _en_split_period(text: str) -> tuple[str, str | None]:
    """``text`` without a trailing am/pm or ``in the morning``-like phrase, and that period."""
    for suffix, period in EN_PERIODS:
        if text.endswith(suffix) and text != suffix:
            head = text[: -len(suffix)]
            if head.endswith(" ") or (suffix in ("am", "pm") and head[-1:].isdigit()):
                return head.rstrip(), period
    return text, None


def _en_hour(text: str) -> tuple[int, bool] | None:
    """An hour 0-23 and whether it was written 24-hour style (``15``, ``07``, ``0``)."""
    if re.fullmatch(r"[0-9]{1,2}", text):
        hour = int(text)
        return (hour, hour == 0 or hour > 12 or text.startswith("0")) if hour <= 23 else None
    value = cardinal(text, "en") if text not in ("a", "an") else None
    return (value, value == 0 or value > 12) if value is not None and value <= 23 else None


def _en_minute(text: str) -> int | None:
    """Minutes after the hour in ``three thirty``: ``thirty``, ``oh five``, ``45``."""
    match = re.fullmatch(r"(?:oh|o) (\w+)", text)
    if match:
        value = EN_UNITS.get(match.group(1))
        return value if value is not None and 1 <= value <= 9 else None
    if re.fullmatch(r"[0-5][0-9]", text):
        return int(text)
    value = cardinal(text, "en") if not text[:1].isdigit() else None
    return value if value is not None and 10 <= value <= 59 else None


def _en_relative_time(text: str, period: str | None) -> dt.time | None:
    """``half past three``, ``quarter to four``, ``twenty past three``, ``10 minutes to five``.

    A minute count in digits needs ``minutes`` (``9 to 5`` is a range, not 4:51), and so does one in words
    that is no multiple of five (``two to four`` is a range too, not 3:58).
    """
    match = re.fullmatch(r"(?P<m>.+?)(?P<u> minutes?)? (?P<rel>past|after|to|before|till) (?P<h>.+)", text)
    if not match or (match["m"][:1].isdigit() and not match["u"]):
        return None
    minutes = {"half": 30, "quarter": 15, "a quarter": 15}.get(match["m"])
    if minutes is None:
        minutes = cardinal(match["m"], "en") if match["m"] not in ("a", "an") else None
        minutes = minutes if match["u"] or minutes is None or minutes % 5 == 0 else None
    hour = _en_hour(match["h"])
    if minutes is None or not 1 <= minutes <= 59 or hour is None:
        return None
    base = _resolve(hour[0], 0, period, hour[1])
    if base is None:
        return None
    total = base.hour * 60 + (minutes if match["rel"] in ("past", "after") else -minutes)
    return dt.time((total // 60) % 24, total % 60)


def _en_clock(text: str) -> tuple[int, int, bool] | None:
    """``3``, ``3:30``, ``15:00``, ``three o'clock``, ``three thirty``, ``ten oh five``."""
    match = re.fullmatch(r"([0-9]{1,2}):([0-9]{2})", text)
    if match:
        hour = _en_hour(match.group(1))
        return (hour[0], int(match.group(2)), hour[1]) if hour else None
    text = re.sub(r" (?:o'clock|o clock|oclock)$", "", text)
    hour = _en_hour(text)
    if hour is not None:
        return hour[0], 0, hour[1]
    tokens = text.split()
    for cut in range(1, len(tokens)):
        hour = _en_hour(" ".join(tokens[:cut]))
        minute = _en_minute(" ".join(tokens[cut:]))
        if hour is not None and minute is not None:
            return hour[0], minute, hour[1]
    return None


def _en_time(text: str) -> dt.time | None:
    text = re.sub(r"^(?:at|around|about|by) ", "", text.strip()).replace("-", " ")
    if text in ("noon", "midday", "twelve noon", "12 noon"):
        return dt.time(12, 0)
    if text == "midnight":
        return dt.time(0, 0)
    text, period = _en_split_period(text)
    relative = _en_relative_time(text, period)
    if relative is not None:
        return relative
    clock = _en_clock(text)
    if clock is None:
        return None
    return _resolve(clock[0], clock[1], period, clock[2])


_KO_TIME_RE = re.compile(
    rf"(?P<p>{alt(KO_PERIODS)})?"
    r"(?:(?P<h>.+?)시(?:(?P<half>반)|(?P<m>.+?)분)?(?:정각)?|(?P<hh>[0-9]{1,2}):(?P<mm>[0-9]{2}))"
)


def _ko_time(text: str) -> dt.time | None:
    text = text.replace(" ", "")
    special = {"정오": dt.time(12, 0), "자정": dt.time(0, 0)}.get(text)
    match = _KO_TIME_RE.fullmatch(text)
    if special or not match:
        return special
    hour_text = match["h"] or match["hh"]
    hour = cardinal(hour_text, "ko")
    if match["half"]:
        minute: int | None = 30
    else:
        minute = cardinal(match["m"] or match["mm"] or "0", "ko")
    if hour is None or minute is None:
        return None
    explicit = hour == 0 or hour > 12 or hour_text.startswith("0")
    period = KO_PERIODS.get(match["p"] or "") or None
    return _resolve(hour, minute, period, explicit)


# --- public: times --------------------------------------------------------------------------------


def parse_time(text: str, lang: str) -> dt.time | None:
    """The whole of ``text`` as a time of day, or None.

    en: ``3 pm``, ``3pm``, ``three pm``, ``3 o'clock``, ``three thirty``, ``ten oh five``, ``3:30``,
    ``15:00``, ``half past three``, ``quarter past/to four``, ``twenty to five``, ``noon``, ``midday``,
    ``midnight``, ``10 in the morning``, ``7 in the evening``, ``9 at night``, ``8 tonight``; an
    optional leading ``at``/``around``/``about``/``by``.
    ko: ``세 시``, ``세시``, ``오후 세 시``, ``오전 열 시 반``, ``3시 30분``, ``세 시 삼십 분``, ``15시``,
    ``정오``, ``자정``, ``아침 아홉 시``, ``저녁 일곱 시``, ``밤 열 시``, ``새벽 두 시``, ``3:30``.
    Without am/pm, hours 1-7 mean afternoon, 8-11 morning, 12 noon; 24-hour (``15:00``) and
    zero-padded (``07:00``) times are taken as written.
    """
    try:
        return _ko_time(text) if is_korean(lang) else _en_time(text)
    except (OverflowError, ValueError):
        return None


@cache
def time_pattern(lang: str) -> str:
    """Regex fragment (no capturing groups) for candidate time spans in normalized text.

    en: ``noon``/``midday``/``midnight``, or a clock time (``3``, ``3:30``, ``three thirty``,
    ``three o'clock``) or relative time (``quarter to four``), then optional ``am``/``pm`` and an
    optional ``in the morning``/``this evening``/``at night``/``tonight``. A leading ``at`` is NOT
    included (the only ``at`` it matches is inside the trailing ``at night``).
    ko: ``정오``, ``자정``, or an optional period word (``오전 오후 아침 점심 낮 저녁 밤 새벽``) then
    ``<number> 시`` with optional ``반`` / ``<number> 분`` / ``정각``, or ``3:30``. No particle (``에``).
    """
    if is_korean(lang):
        number = rf"(?:{KO_WORD}(?:\s?{KO_WORD})*)"
        clock = rf"(?:{number}\s?시(?:\s?(?:반|{number}\s?분))?(?:\s?정각)?|[0-9]{{1,2}}:[0-9]{{2}})"
        return rf"(?:정오|자정|(?:(?:{alt(KO_PERIODS)})\s?)?{clock})"
    unit = alt([w for w, v in EN_UNITS.items() if 1 <= v <= 9])
    teen = alt([w for w, v in EN_UNITS.items() if v >= 10])
    two = rf"(?:{teen}|(?:{alt(EN_TENS)})(?:[\s-](?:{unit}))?)"
    hour = rf"(?:2[0-3]|[01]?[0-9]|{alt(_EN_HOUR_WORDS)})"
    minute = rf"(?:[0-5][0-9]|(?:oh|o)\s(?:{unit})|{two})"
    clock = rf"{hour}(?::[0-5][0-9]|\s(?:o'clock|o\sclock|oclock)|\s{minute})?"
    fives = r"(?:five|ten|twenty|twenty[\s-]five)"  # "two to four" is from two to four, not 3:58
    before = rf"(?:half|(?:a\s)?quarter|[1-5]?[0-9]\sminutes?|(?:{unit}|{two})\sminutes?|{fives})"
    relative = rf"{before}\s(?:past|after|to|before|till)\s{hour}"
    period = r"(?:\s?[ap]m|\s[ap]\sm)"
    tail = r"(?:\s(?:(?:in\sthe|this)\s(?:morning|afternoon|evening)|at\snight|tonight))"
    return rf"\b(?:(?:twelve\s|12\s)?noon|midday|midnight|(?:{relative}|{clock}){period}?{tail}?)\b"


def find_time(text: str, lang: str) -> Found | None:
    """Leftmost-longest time in a free sentence (Korean glued particles excluded from the span).

    In English a bare number (``7``, ``ten``) counts only after ``at``, ``by``, ``around``...
    """

    def keep(start: int, end: int) -> bool:
        if is_korean(lang) or cardinal(text[start:end], "en") is None:
            return True
        before = text[:start].split()[-1:]
        cued = bool(before) and before[0] in _EN_TIME_CUES
        return cued or any(p.search(text, 0, start) is not None for p in (_FROM_TIME_TO, _MOVED_TO))

    found = search(text, compiled(time_pattern(lang)), lambda span: parse_time(span, lang), lang, keep)
    if found is None or is_korean(lang):
        return found
    return _in_the_evening(text, found)


_EVENING = re.compile(r"\b(?:tonight|(?:this|in the|tomorrow) evening|(?:at|tomorrow) night)\b")
_HALF_OF_DAY = re.compile(r"\b(?:[ap]\s?m|morning|afternoon|evening|night|tonight|noon|midday|midnight)\b|:")


def _in_the_evening(text: str, found: Found) -> Found:
    """``tonight at 9`` is 9 PM: an evening word elsewhere in the sentence moves a morning hour said
    without a half of the day (or a 24-hour clock) to the evening."""
    time = found.value
    span = text[found.start : found.end]
    outside = text[: found.start] + " " + text[found.end :]
    if not isinstance(time, dt.time) or not 8 <= time.hour <= 11 or _HALF_OF_DAY.search(span):
        return found
    if not _EVENING.search(outside):
        return found
    return Found(time.replace(hour=time.hour + 12), found.start, found.end)
