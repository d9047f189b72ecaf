"""Date and time slot parsers for English and Korean.

Inputs are normalized with :func:`assistant.text.normalize`. Dates are resolved against ``today``
and are never in the past; times without am/pm follow a store's business hours.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from functools import cache

from assistant.slots.found import Found, search
from assistant.slots.numbers import EN_TENS, EN_UNITS, KO_WORD, cardinal

__all__ = ["date_pattern", "find_date", "find_time", "parse_date", "parse_time", "time_pattern"]

# --- vocabulary -----------------------------------------------------------------------------------

_EN_WEEKDAYS: dict[str, int] = {}
for _i, _names in enumerate(
    (
        "monday mon",
        "tuesday tue tues",
        "wednesday wed",
        "thursday thu thur thurs",
        "friday fri",
        "saturday sat",
        "sunday sun",
    )
):
    _EN_WEEKDAYS.update(dict.fromkeys(_names.split(), _i))
_EN_MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    (
        "january jan",
        "february feb",
        "march mar",
        "april apr",
        "may",
        "june jun",
        "july jul",
        "august aug",
        "september sep sept",
        "october oct",
        "november nov",
        "december dec",
    ),
    1,
):
    _EN_MONTHS.update(dict.fromkeys(_names.split(), _i))
_ORDINAL_UNITS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
)
_EN_ORDINALS: dict[str, int] = {w: i for i, w in enumerate(_ORDINAL_UNITS, 1)}
_EN_ORDINALS.update({"twentieth": 20, "thirtieth": 30, "thirty first": 31})
_EN_ORDINALS.update({f"twenty {w}": 20 + i for i, w in enumerate(_ORDINAL_UNITS[:9], 1)})
_EN_RELATIVE = {"today": 0, "tonight": 0, "tomorrow": 1, "the day after tomorrow": 2, "day after tomorrow": 2}
_EN_PERIODS = (
    ("in the morning", "am"),
    ("this morning", "am"),
    ("in the afternoon", "pm"),
    ("this afternoon", "pm"),
    ("in the evening", "pm"),
    ("this evening", "pm"),
    ("at night", "night"),
    ("tonight", "night"),
    ("a m", "am"),
    ("p m", "pm"),
    ("am", "am"),
    ("pm", "pm"),
)
_EN_TIME_CUES = frozenset({"at", "by", "around", "about", "before", "after", "until", "till", "from"})
"""Words after which a bare number in free text is read as a time."""
_EN_HOUR_WORDS = [w for w, v in EN_UNITS.items() if 1 <= v <= 12]

_KO_RELATIVE = {"오늘": 0, "금일": 0, "내일": 1, "명일": 1, "모레": 2, "내일모레": 2, "낼모레": 2, "글피": 3}
_KO_WEEKDAYS = {ch: i for i, ch in enumerate("월화수목금토일")}
_KO_WEEKS = {"이번주": 0, "금주": 0, "돌아오는": 0, "다음주": 1, "담주": 1, "다다음주": 2}
_KO_MONTHS_AHEAD = {"이번달": 0, "다음달": 1, "담달": 1, "다다음달": 2}
_KO_DAY_COUNTS = {
    "하루": 1,
    "이틀": 2,
    "사흘": 3,
    "나흘": 4,
    "닷새": 5,
    "엿새": 6,
    "이레": 7,
    "여드레": 8,
    "아흐레": 9,
    "열흘": 10,
    "보름": 15,
}
_KO_MONTH_NAMES = {"유": 6, "시": 10}
"""Irregular month spellings: 유월 (June), 시월 (October)."""
_KO_PERIODS = {
    "오전": "am",
    "아침": "am",
    "새벽": "am",
    "오후": "pm",
    "저녁": "pm",
    "밤": "night",
    "낮": "",
    "점심": "",
}


def _alt(words: Iterable[str]) -> str:
    """Regex alternation of ``words`` (spaces match one whitespace), longest first."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s") for w in sorted(words, key=lambda w: (-len(w), w)))


# --- shared helpers -------------------------------------------------------------------------------


def _is_korean(lang: str) -> bool:
    return lang.startswith("ko")


def _add_months(day: dt.date, months: int) -> dt.date | None:
    """``day`` moved by ``months``, clamped to the end of the month; None out of range."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return None
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _next_weekday(today: dt.date, weekday: int, weeks_ahead: int | None) -> dt.date:
    """Next ``weekday`` from today (today included) or, with ``weeks_ahead``, in that calendar week."""
    if weeks_ahead is None:
        return today + dt.timedelta(days=(weekday - today.weekday()) % 7)
    monday = today - dt.timedelta(days=today.weekday())
    return monday + dt.timedelta(days=7 * weeks_ahead + weekday)


def _month_day(today: dt.date, month: int | None, day: int, year: int | None = None) -> dt.date | None:
    """The first valid date on or after ``today`` with that day (and month, and year if given)."""
    if not 1 <= day <= 31 or (month is not None and not 1 <= month <= 12):
        return None
    first = today.replace(day=1)
    for ahead in range(12 * 9 if month else 12):
        start = _add_months(first, ahead)
        if start is None or (year is not None and start.year > year):
            return None
        if (month is not None and start.month != month) or (year is not None and start.year != year):
            continue
        if day <= calendar.monthrange(start.year, start.month)[1] and start.replace(day=day) >= today:
            return start.replace(day=day)
    return None


def _weekend(today: dt.date, weeks_ahead: int) -> dt.date:
    """Saturday of this weekend (today if already the weekend) or of a later week."""
    if weeks_ahead == 0 and today.weekday() >= 5:
        return today
    return _next_weekday(today, 5, weeks_ahead)


def _after(today: dt.date, count: int, unit: str) -> dt.date | None:
    """``today`` plus ``count`` days, weeks or months (``unit`` starts with d/w/m)."""
    if not 0 <= count <= 3660:
        return None
    if unit.startswith("m"):
        return _add_months(today, count)
    days = count * (7 if unit.startswith("w") else 1)
    try:
        return today + dt.timedelta(days=days)
    except OverflowError:
        return None


# --- English dates --------------------------------------------------------------------------------

_WD = _alt(_EN_WEEKDAYS)
_MON = _alt(_EN_MONTHS)
_EN_WEEKDAY_RE = re.compile(
    rf"(?:(?P<rel>this coming|coming|this|next) )?(?P<wd>{_WD})(?: (?P<wk>next|this) week)?"
)
_EN_COUNT_RE = re.compile(
    r"(?P<in>in )?(?P<n>.+?) (?P<u>days?|weeks?|months?)(?P<suf> from (?:now|today)| later)?"
)
_EN_MONTH_DAY_RES = (
    re.compile(rf"(?:the )?(?P<d>.+?) of (?P<m>{_MON})(?: (?P<y>[0-9]{{4}}))?"),
    re.compile(rf"(?P<m>{_MON}) (?:the )?(?P<d>.+?)(?: (?P<y>[0-9]{{4}}))?"),
    re.compile(rf"(?P<d>.+?) (?P<m>{_MON})(?: (?P<y>[0-9]{{4}}))?"),
    re.compile(r"the (?P<d>.+)"),
)
_ISO_RE = re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})")


def _en_day(text: str) -> int | None:
    """Day of month: ``3``, ``3rd``, ``third``, ``twenty first``, ``three``."""
    match = re.fullmatch(r"([0-9]{1,2})(?:st|nd|rd|th)?", text)
    if match:
        value: int | None = int(match.group(1))
    elif text in ("a", "an"):
        return None
    else:
        value = _EN_ORDINALS.get(text, cardinal(text, "en"))
    return value if value is not None and 1 <= value <= 31 else None


def _en_weekday(text: str, today: dt.date) -> dt.date | None:
    match = _EN_WEEKDAY_RE.fullmatch(text)
    if not match:
        return None
    rel, weekday = match.group("rel"), _EN_WEEKDAYS[match.group("wd")]
    if rel == "next" or match.group("wk") == "next":
        return None if rel == "this" else _next_weekday(today, weekday, 1)
    if rel in ("coming", "this coming"):
        return today + dt.timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    return _next_weekday(today, weekday, None)


def _en_week(text: str, today: dt.date) -> dt.date | None:
    """``next week`` (its Monday), ``this weekend``, ``next weekend``."""
    if text == "next week":
        return _next_weekday(today, 0, 1)
    if text in ("weekend", "the weekend", "this weekend"):
        return _weekend(today, 0)
    return _weekend(today, 1) if text == "next weekend" else None


def _en_count(text: str, today: dt.date) -> dt.date | None:
    """``in two days``, ``in a week``, ``three days from now``, ``two weeks later``."""
    match = _EN_COUNT_RE.fullmatch(text)
    if not match or not (match.group("in") or match.group("suf")):
        return None
    count = 1 if match.group("n") in ("a", "an", "one") else cardinal(match.group("n"), "en")
    if count is None:
        return None
    return _after(today, count, match.group("u"))


def _en_month_day(text: str, today: dt.date) -> dt.date | None:
    """``december 3rd``, ``3rd of december``, ``3 december 2027``, ``the 5th``, ``2026-12-03``."""
    iso = _ISO_RE.fullmatch(text)
    if iso:
        return _month_day(today, int(iso["m"]), int(iso["d"]), int(iso["y"]))
    text = text.replace("-", " ")
    for regex in _EN_MONTH_DAY_RES:
        match = regex.fullmatch(text)
        day = _en_day(match.group("d")) if match else None
        if match and day is not None:
            groups = match.groupdict()
            month = _EN_MONTHS[groups["m"]] if groups.get("m") else None
            year = int(groups["y"]) if groups.get("y") else None
            return _month_day(today, month, day, year)
    return None


def _en_date(text: str, today: dt.date) -> dt.date | None:
    text = text.removeprefix("on ")
    if text in _EN_RELATIVE:
        return today + dt.timedelta(days=_EN_RELATIVE[text])
    for rule in (_en_weekday, _en_week, _en_count, _en_month_day):
        found = rule(text, today)
        if found is not None:
            return found
    return None


# --- Korean dates ---------------------------------------------------------------------------------

_KO_WEEKDAY_RE = re.compile(rf"(?P<wk>{_alt(_KO_WEEKS)})?(?P<wd>[월화수목금토일])요일")
_KO_WEEK_RE = re.compile(rf"(?P<wk>{_alt(_KO_WEEKS)})(?P<end>말)?|(?P<bare>주말)")
_KO_MONTH_DAY_RE = re.compile(rf"(?P<rel>{_alt(_KO_MONTHS_AHEAD)})?(?:(?P<m>[^월]+?)월)?(?P<d>[^월]+?)일")
_KO_AFTER_RE = re.compile(r"(?P<n>.+?)(?P<u>주일|주|일|개월|달)?(?:후|뒤|후에|뒤에|있다가|지나서)")


def _ko_weekday(text: str, today: dt.date) -> dt.date | None:
    match = _KO_WEEKDAY_RE.fullmatch(text)
    if not match:
        return None
    weeks = _KO_WEEKS.get(match.group("wk") or "", 0)
    return _next_weekday(today, _KO_WEEKDAYS[match.group("wd")], weeks or None)


def _ko_week(text: str, today: dt.date) -> dt.date | None:
    """``다음 주`` (its Monday), ``주말``, ``다음 주말``."""
    match = _KO_WEEK_RE.fullmatch(text)
    if not match:
        return None
    weeks = _KO_WEEKS.get(match.group("wk") or "", 0)
    if match.group("end") or match.group("bare"):
        return _weekend(today, weeks)
    return _next_weekday(today, 0, weeks) if weeks else None


def _ko_month_day(text: str, today: dt.date) -> dt.date | None:
    """``12월 3일``, ``십이월 삼일``, ``3일``, ``다음 달 5일``."""
    match = _KO_MONTH_DAY_RE.fullmatch(text)
    if not match:
        return None
    day = cardinal(match.group("d"), "ko")
    raw_month = match.group("m")
    month = _KO_MONTH_NAMES.get(raw_month) or cardinal(raw_month, "ko") if raw_month else None
    if day is None or (raw_month and month is None):
        return None
    ahead = match.group("rel")
    if ahead is None:
        return _month_day(today, month, day)
    first = _add_months(today.replace(day=1), _KO_MONTHS_AHEAD[ahead])
    found = _month_day(first, None, day) if first and month is None else None
    if first is None or found is None or found.month != first.month:
        return None
    return found if found >= today else None


def _ko_after(text: str, today: dt.date) -> dt.date | None:
    """``이틀 후``, ``3일 뒤``, ``일주일 후``, ``두 달 뒤``."""
    match = _KO_AFTER_RE.fullmatch(text)
    if not match:
        return None
    amount, unit = match.group("n"), match.group("u")
    if unit is None:
        count = _KO_DAY_COUNTS.get(amount)
        return _after(today, count, "d") if count else None
    count = cardinal(amount, "ko")
    if count is None:
        return None
    return _after(today, count, {"일": "d", "주": "w", "주일": "w"}.get(unit, "m"))


def _ko_date(text: str, today: dt.date) -> dt.date | None:
    text = text.replace(" ", "")
    if text in _KO_RELATIVE:
        return today + dt.timedelta(days=_KO_RELATIVE[text])
    for rule in (_ko_weekday, _ko_week, _ko_month_day, _ko_after):
        found = rule(text, today)
        if found is not None:
            return found
    return None


# --- public: dates --------------------------------------------------------------------------------


def parse_date(text: str, lang: str, today: dt.date) -> dt.date | None:
    """The whole of ``text`` as a date on or after ``today``, or None.

    en: ``today``, ``tomorrow``, ``the day after tomorrow``, ``friday`` (next occurrence, today
    included), ``this friday`` (same), ``coming friday`` (today excluded), ``next friday`` and
    ``friday next week`` (in next calendar week, weeks start on Monday), ``next week`` (its Monday),
    ``this/next weekend`` (Saturday), ``in two days``, ``in a week``, ``two days from now``,
    ``december 3rd``, ``3rd of december``, ``the 5th``, ``december 3 2027``, ``2026-12-03``;
    an optional leading ``on``.
    ko: ``오늘 내일 모레 글피``, ``금요일``, ``이번 주 금요일``, ``다음 주 월요일``, ``다음 주``, ``주말``,
    ``12월 3일``, ``십이월 삼일``, ``3일``, ``다음 달 5일``, ``이틀 후``, ``3일 뒤``, ``일주일 후``.
    A month/day already past means next month or year.
    """
    try:
        if _is_korean(lang):
            return _ko_date(text, today)
        return _en_date(text.strip(), today)
    except (OverflowError, ValueError):
        return None


@cache
def _date_pattern(korean: bool) -> str:
    if korean:
        words = [
            *_KO_RELATIVE,
            *_KO_WEEKS,
            *_KO_MONTHS_AHEAD,
            *_KO_DAY_COUNTS,
            "이번",
            "다음",
            "다다음",
            "담",
            "주말",
            "주일",
            "개월",
            "주",
            "달",
            "후",
            "뒤",
            "유월",
            "시월",
            "월",
            "일",
        ]
        word = rf"(?!{_alt(_KO_PERIODS)})(?>[월화수목금토일]요일|{_alt(words)}|{KO_WORD})"
        return rf"(?:{word}(?:\s?{word})*)"
    number = rf"(?:[0-9]{{1,2}}(?:st|nd|rd|th)?|{_alt([*_EN_ORDINALS, *EN_UNITS, *EN_TENS])})"
    number_run = rf"{number}(?:[\s-]{number})?"
    weekday = rf"(?:(?:this\scoming|coming|this|next)\s)?(?:{_WD})(?:\s(?:next|this)\sweek)?"
    month_day = (
        rf"(?:{_MON})\s(?:the\s)?{number_run}|(?:the\s)?{number_run}\sof\s(?:{_MON})"
        rf"|{number_run}\s(?:{_MON})|the\s{number_run}"
    )
    count = rf"(?:in\s)?(?:an?|{number_run})\s(?:days?|weeks?|months?)(?:\sfrom\s(?:now|today)|\slater)?"
    named = _alt([*_EN_RELATIVE, "next week", "this weekend", "next weekend", "the weekend", "weekend"])
    return (
        rf"\b(?:[0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}}|{named}|{weekday}|{count}"
        rf"|(?:{month_day})(?:\s[0-9]{{4}})?)\b"
    )


def date_pattern(lang: str) -> str:
    """Regex fragment (no capturing groups) for candidate date spans in normalized text.

    en: one of the forms :func:`parse_date` reads (the leading ``on`` is NOT included).
    ko: runs of date words (``오늘``, ``다음``, ``주``, ``금요일``, ``월``, ``일``, ``후``...) and numerals,
    glued or separated by one space; a word never starts with a time period (``오후``, ``저녁``...).
    Neither includes a connector (``at``, ``에``) or a particle.
    """
    return _date_pattern(_is_korean(lang))


def find_date(text: str, lang: str, today: dt.date) -> Found | None:
    """Leftmost-longest date in a free sentence (Korean glued particles excluded from the span)."""
    return search(text, _compiled(date_pattern(lang)), lambda span: parse_date(span, lang, today), lang)


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
    for suffix, period in _EN_PERIODS:
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

    A minute count in digits needs ``minutes`` (``9 to 5`` is a range, not 4:51).
    """
    match = re.fullmatch(r"(?P<m>.+?)(?P<u> minutes?)? (?P<rel>past|after|to|before|till) (?P<h>.+)", text)
    if not match or (match["m"][:1].isdigit() and not match["u"]):
        return None
    minutes = {"half": 30, "quarter": 15, "a quarter": 15}.get(match["m"])
    if minutes is None:
        minutes = cardinal(match["m"], "en") if match["m"] not in ("a", "an") else None
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
    rf"(?P<p>{_alt(_KO_PERIODS)})?"
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
    period = _KO_PERIODS.get(match["p"] or "") or None
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
        return _ko_time(text) if _is_korean(lang) else _en_time(text)
    except (OverflowError, ValueError):
        return None


@cache
def _time_pattern(korean: bool) -> str:
    if korean:
        number = rf"(?:{KO_WORD}(?:\s?{KO_WORD})*)"
        clock = rf"(?:{number}\s?시(?:\s?(?:반|{number}\s?분))?(?:\s?정각)?|[0-9]{{1,2}}:[0-9]{{2}})"
        return rf"(?:정오|자정|(?:(?:{_alt(_KO_PERIODS)})\s?)?{clock})"
    unit = _alt([w for w, v in EN_UNITS.items() if 1 <= v <= 9])
    teen = _alt([w for w, v in EN_UNITS.items() if v >= 10])
    two = rf"(?:{teen}|(?:{_alt(EN_TENS)})(?:[\s-](?:{unit}))?)"
    hour = rf"(?:2[0-3]|[01]?[0-9]|{_alt(_EN_HOUR_WORDS)})"
    minute = rf"(?:[0-5][0-9]|(?:oh|o)\s(?:{unit})|{two})"
    clock = rf"{hour}(?::[0-5][0-9]|\s(?:o'clock|o\sclock|oclock)|\s{minute})?"
    before = rf"(?:half|(?:a\s)?quarter|[1-5]?[0-9]\sminutes?|(?:{unit}|{two})(?:\sminutes?)?)"
    relative = rf"{before}\s(?:past|after|to|before|till)\s{hour}"
    period = r"(?:\s?[ap]m|\s[ap]\sm)"
    tail = r"(?:\s(?:(?:in\sthe|this)\s(?:morning|afternoon|evening)|at\snight|tonight))"
    return rf"\b(?:(?:twelve\s|12\s)?noon|midday|midnight|(?:{relative}|{clock}){period}?{tail}?)\b"


def time_pattern(lang: str) -> str:
    """Regex fragment (no capturing groups) for candidate time spans in normalized text.

    en: ``noon``/``midday``/``midnight``, or a clock time (``3``, ``3:30``, ``three thirty``,
    ``three o'clock``) or relative time (``quarter to four``), then optional ``am``/``pm`` and an
    optional ``in the morning``/``this evening``/``at night``/``tonight``. A leading ``at`` is NOT
    included (the only ``at`` it matches is inside the trailing ``at night``).
    ko: ``정오``, ``자정``, or an optional period word (``오전 오후 아침 점심 낮 저녁 밤 새벽``) then
    ``<number> 시`` with optional ``반`` / ``<number> 분`` / ``정각``, or ``3:30``. No particle (``에``).
    """
    return _time_pattern(_is_korean(lang))


def find_time(text: str, lang: str) -> Found | None:
    """Leftmost-longest time in a free sentence (Korean glued particles excluded from the span).

    In English a bare number (``7``, ``ten``) counts only after ``at``, ``by``, ``around``...
    """

    def keep(start: int, end: int) -> bool:
        if _is_korean(lang) or cardinal(text[start:end], "en") is None:
            return True
        before = text[:start].split()[-1:]
        return bool(before) and before[0] in _EN_TIME_CUES

    return search(text, _compiled(time_pattern(lang)), lambda span: parse_time(span, lang), lang, keep)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)
