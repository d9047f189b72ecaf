"""Date slots in English and Korean: ``parse_date``, ``date_pattern``, ``find_date``.

Inputs are normalized with :func:`assistant.text.normalize`. Dates are resolved against ``today``
and are never in the past.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from functools import cache

from assistant.slots.date_math import add_months, after, month_day, next_weekday, weekend
from assistant.slots.datetime_words import (
    EN_MONTHS,
    EN_ORDINALS,
    EN_RELATIVE,
    EN_WEEKDAYS,
    KO_DAY_COUNTS,
    KO_MONTH_NAMES,
    KO_MONTHS_AHEAD,
    KO_PERIODS,
    KO_RELATIVE,
    KO_WEEKDAYS,
    KO_WEEKS,
)
from assistant.slots.found import Found, search
from assistant.slots.holidays import holiday_date, holiday_words
from assistant.slots.numbers import KO_WORD, cardinal
from assistant.slots.numeral_words import EN_TENS, EN_UNITS
from assistant.slots.regex import alt, compiled, is_korean

__all__ = ["date_pattern", "find_date", "parse_date"]

_Rule = Callable[[str, dt.date], dt.date | None]
"""One way of writing a date: the date ``text`` means seen from ``today``, or None."""

# --- English dates --------------------------------------------------------------------------------

_WD = alt(EN_WEEKDAYS)
_MON = alt(EN_MONTHS)
_EN_WEEKDAY_RE = re.compile(
    rf"(?:(?P<rel>this coming|coming|this|next) )?(?P<wd>{_WD})(?: (?P<wk>next|this) week)?"
)
_WEEKS = r"week after next|next week|in (?:two|2|three|3) weeks|(?:two|2|three|3) weeks from (?:now|today)"
_EN_A_WEEK_FROM_RE = re.compile(rf"(?:a|one) week from (?:this )?(?P<wd>{_WD})")
_EN_WEEKS_AHEAD_RE = re.compile(
    rf"(?:(?P<wd1>{_WD}),? (?:of |on |in )?)?(?:the )?(?P<wk>{_WEEKS})(?:,? (?:on )?(?P<wd2>{_WD}))?"
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
        value = EN_ORDINALS.get(text, cardinal(text, "en"))
    return value if value is not None and 1 <= value <= 31 else None


def _en_weekday(text: str, today: dt.date) -> dt.date | None:
    match = _EN_WEEKDAY_RE.fullmatch(text)
    if not match:
        return None
    rel, weekday = match.group("rel"), EN_WEEKDAYS[match.group("wd")]
    if rel == "next" or match.group("wk") == "next":
        return None if rel == "this" else next_weekday(today, weekday, 1)
    if rel in ("coming", "this coming"):
        return today + dt.timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    return next_weekday(today, weekday, None)


def _en_week(text: str, today: dt.date) -> dt.date | None:
    """``next week`` (its Monday), ``this weekend``, ``next weekend``."""
    if text == "next week":
        return next_weekday(today, 0, 1)
    if text in ("weekend", "the weekend", "this weekend"):
        return weekend(today, 0)
    return weekend(today, 1) if text == "next weekend" else None


def _en_weeks_ahead(text: str, today: dt.date) -> dt.date | None:
    """``tuesday the week after next``, ``the week after next, tuesday``, ``in two weeks on tuesday``,
    ``next week on friday``: that weekday in that calendar week; ``the week after next`` alone, its Monday."""
    week_from = _EN_A_WEEK_FROM_RE.fullmatch(text)
    if week_from is not None:  # "a week from friday": the Friday after the next one
        return next_weekday(today, EN_WEEKDAYS[week_from["wd"]], None) + dt.timedelta(days=7)
    match = _EN_WEEKS_AHEAD_RE.fullmatch(text)
    if not match or (match["wd1"] and match["wd2"]):
        return None
    named = match["wd1"] or match["wd2"]
    if named is None and match["wk"] != "week after next":
        return None  # "next week", "in two weeks": their own rules
    number = re.search(r"two|2|three|3", match["wk"])
    weeks = 2 if number is None else {"two": 2, "2": 2, "three": 3, "3": 3}[number.group()]
    weeks = 1 if match["wk"] == "next week" else weeks
    return next_weekday(today, EN_WEEKDAYS[named] if named else 0, weeks)


def _en_count(text: str, today: dt.date) -> dt.date | None:
    """``in two days``, ``in a week``, ``three days from now``, ``two weeks later``."""
    match = _EN_COUNT_RE.fullmatch(text)
    if not match or not (match.group("in") or match.group("suf")):
        return None
    count = 1 if match.group("n") in ("a", "an", "one") else cardinal(match.group("n"), "en")
    if count is None:
        return None
    return after(today, count, match.group("u"))


def _en_month_day(text: str, today: dt.date) -> dt.date | None:
    """``december 3rd``, ``3rd of december``, ``3 december 2027``, ``the 5th``, ``2026-12-03``."""
    iso = _ISO_RE.fullmatch(text)
    if iso:
        return month_day(today, int(iso["m"]), int(iso["d"]), int(iso["y"]))
    text = text.replace("-", " ")
    for regex in _EN_MONTH_DAY_RES:
        match = regex.fullmatch(text)
        day = _en_day(match.group("d")) if match else None
        if match and day is not None:
            groups = match.groupdict()
            month = EN_MONTHS[groups["m"]] if groups.get("m") else None
            year = int(groups["y"]) if groups.get("y") else None
            return month_day(today, month, day, year)
    return None


def _en_weekday_date(text: str, today: dt.date) -> dt.date | None:
    """``monday the 14th``, ``monday december 14``: the date (the weekday was taken alone, and the nearest
    Monday booked)."""
    match = re.fullmatch(rf"(?:{_WD}),? (?P<rest>.+)", text)
    return _en_month_day(match.group("rest"), today) if match else None


_EN_RULES: tuple[_Rule, ...] = (
    _en_weeks_ahead,
    _en_weekday,
    _en_week,
    _en_count,
    _en_month_day,
    _en_weekday_date,
)


# --- Korean dates ---------------------------------------------------------------------------------

_KO_WEEKDAY_RE = re.compile(rf"(?P<wk>{alt(KO_WEEKS)})?(?P<wd>[월화수목금토일])(?:요일|욜)")
_KO_WEEKS_ON_RE = re.compile(r"(?P<n>.+?)(?:주일|주)(?:후|뒤|후에|뒤에)(?P<wd>[월화수목금토일])(?:요일|욜)")
_KO_WEEK_RE = re.compile(rf"(?P<wk>{alt(KO_WEEKS)})(?P<end>말)?|(?P<bare>주말)")
_KO_MONTH_DAY_RE = re.compile(rf"(?P<rel>{alt(KO_MONTHS_AHEAD)})?(?:(?P<m>[^월]+?)월)?(?P<d>[^월]+?)일")
_KO_AFTER_RE = re.compile(r"(?P<n>.+?)(?P<u>주일|주|일|개월|달)?(?:후|뒤|후에|뒤에|있다가|지나서)")


def _ko_weekday(text: str, today: dt.date) -> dt.date | None:
    match = _KO_WEEKDAY_RE.fullmatch(text)
    if not match:
        return None
    weeks = KO_WEEKS.get(match.group("wk") or "", 0)
    return next_weekday(today, KO_WEEKDAYS[match.group("wd")], weeks or None)


def _ko_week(text: str, today: dt.date) -> dt.date | None:
    """``다음 주`` (its Monday), ``주말``, ``다음 주말``."""
    match = _KO_WEEK_RE.fullmatch(text)
    if not match:
        return None
    weeks = KO_WEEKS.get(match.group("wk") or "", 0)
    if match.group("end") or match.group("bare"):
        return weekend(today, weeks)
    return next_weekday(today, 0, weeks) if weeks else None


def _ko_month_day(text: str, today: dt.date) -> dt.date | None:
    """``12월 3일``, ``십이월 삼일``, ``3일``, ``다음 달 5일``."""
    match = _KO_MONTH_DAY_RE.fullmatch(text)
    if not match:
        return None
    day = cardinal(match.group("d"), "ko")
    raw_month = match.group("m")
    month = KO_MONTH_NAMES.get(raw_month) or cardinal(raw_month, "ko") if raw_month else None
    if day is None or (raw_month and month is None):
        return None
    ahead = match.group("rel")
    if ahead is None:
        return month_day(today, month, day)
    first = add_months(today.replace(day=1), KO_MONTHS_AHEAD[ahead])
    found = month_day(first, None, day) if first and month is None else None
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
        count = KO_DAY_COUNTS.get(amount)
        return after(today, count, "d") if count else None
    count = cardinal(amount, "ko")
    if count is None:
        return None
    return after(today, count, {"일": "d", "주": "w", "주일": "w"}.get(unit, "m"))


def _ko_weeks_on(text: str, today: dt.date) -> dt.date | None:
    """``2주 뒤 화요일``: that weekday in the calendar week two weeks on (``2주 뒤`` alone was taken)."""
    match = _KO_WEEKS_ON_RE.fullmatch(text)
    weeks = cardinal(match.group("n"), "ko") if match else None
    if match is None or weeks is None or not 1 <= weeks <= 8:
        return None
    return next_weekday(today, KO_WEEKDAYS[match.group("wd")], weeks)


def _ko_weekday_date(text: str, today: dt.date) -> dt.date | None:
    """``월요일 14일``: the date, as ``14일 월요일`` is."""
    match = re.fullmatch(r"[월화수목금토일]요일(?P<rest>.+일)", text)
    return _ko_month_day(match.group("rest"), today) if match else None


_KO_RULES: tuple[_Rule, ...] = (
    _ko_weeks_on,
    _ko_weekday,
    _ko_week,
    _ko_month_day,
    _ko_after,
    _ko_weekday_date,
)


def _read_date(
    text: str, today: dt.date, named: Mapping[str, int], rules: tuple[_Rule, ...], lang: str
) -> dt.date | None:
    """``text`` as a named day (``named`` gives days from today), a holiday (the next one: "christmas",
    "광복절") or as the first of ``rules`` reads it."""
    if text in named:
        return today + dt.timedelta(days=named[text])
    holiday = holiday_date(text.removeprefix("the "), lang, today)
    if holiday is not None:
        return holiday
    return next((found for rule in rules if (found := rule(text, today)) is not None), None)


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
        if is_korean(lang):
            return _read_date(text.replace(" ", ""), today, KO_RELATIVE, _KO_RULES, "ko")
        return _read_date(text.strip().removeprefix("on "), today, EN_RELATIVE, _EN_RULES, "en")
    except (OverflowError, ValueError):
        return None


@cache
def date_pattern(lang: str) -> str:
    """Regex fragment (no capturing groups) for candidate date spans in normalized text.

    en: one of the forms :func:`parse_date` reads (the leading ``on`` is NOT included).
    ko: runs of date words (``오늘``, ``다음``, ``주``, ``금요일``, ``월``, ``일``, ``후``...) and numerals,
    glued or separated by one space; a word never starts with a time period (``오후``, ``저녁``...).
    Neither includes a connector (``at``, ``에``) or a particle.
    """
    if is_korean(lang):
        words = [
            *(w for w in KO_RELATIVE if w != "낼"),
            *KO_WEEKS,
            *KO_MONTHS_AHEAD,
            *KO_DAY_COUNTS,
            *holiday_words("ko"),
            "이브",
            "연휴",
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
        hour = rf"{KO_WORD}(?:\s?{KO_WORD})*\s?시"  # "내일 열두시": 열 is the hour's, no day of the month
        tomorrow = r"낼(?!\s?(?:수|게|께|거|건|지|까|래|려))"  # "낼 3시" is tomorrow, "돈 낼 수 있어요" pays
        weekday = r"[월화수목금토일](?:요일|욜)"
        word = rf"(?!{alt(KO_PERIODS)})(?>{weekday}|{alt(words)}|{tomorrow}|(?!{hour}){KO_WORD})"
        return rf"(?:{word}(?:\s?{word})*)"
    number = rf"(?:[0-9]{{1,2}}(?:st|nd|rd|th)?|{alt([*EN_ORDINALS, *EN_UNITS, *EN_TENS])})"
    number_run = rf"{number}(?:[\s-]{number})?"
    weekday = rf"(?:(?:this\scoming|coming|this|next)\s)?(?:{_WD})(?:\s(?:next|this)\sweek)?"
    month_and_day = (
        rf"(?:{_MON})\s(?:the\s)?{number_run}|(?:the\s)?{number_run}\sof\s(?:{_MON})"
        rf"|{number_run}\s(?:{_MON})|the\s{number_run}"
    )
    count = rf"(?:in\s)?(?:an?|{number_run})\s(?:days?|weeks?|months?)(?:\sfrom\s(?:now|today)|\slater)?"
    named = alt(
        [
            *EN_RELATIVE,
            *holiday_words("en"),
            "next week",
            "this weekend",
            "next weekend",
            "the weekend",
            "weekend",
        ]
    )
    weeks = _WEEKS.replace(" ", r"\s")
    weeks_ahead = (
        rf"(?:a|one)\sweek\sfrom\s(?:this\s)?(?:{_WD})|"
        rf"(?:(?:{_WD}),?\s(?:of\s|on\s|in\s)?)?(?:the\s)?week\safter\snext(?:,?\s(?:on\s)?(?:{_WD}))?"
        rf"|(?:{_WD}),?\s(?:of\s|on\s|in\s)?(?:the\s)?(?:{weeks})|(?:the\s)?(?:{weeks}),?\s(?:on\s)?(?:{_WD})"
    )
    return (
        rf"\b(?:{weeks_ahead}|[0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}}|{named}|(?:{_WD}),?\s(?:{month_and_day})|{weekday}|{count}"
        rf"|(?:{month_and_day})(?:\s[0-9]{{4}})?)\b"
    )


_AFTER_A_MONTH = re.compile(r"월\s*$")
_NO_DAY_AFTER = re.compile(
    r"\s+(?:(?:free |available |open |possible )?(?:time|times|slot|slots|opening|openings|one|ones|available"
    r"|free|thing|things|option|options|appointment|booking|order|try|attempt|person|place|step|week|month)"
    r"|of (?:us|them|you|those|these|the|my|your|our))\b"
)
"""What follows "the first" / "the second" when it counts something ("the second time", "the first slot on
friday", "the two of us"), no day of the month."""


def find_date(text: str, lang: str, today: dt.date) -> Found | None:
    """Leftmost-longest date in a free sentence (Korean glued particles excluded from the span); a day of
    the month right after a month that has no such day is none ("2월 30일" is not the 30th of this month)."""

    def whole(start: int, end: int) -> bool:
        if lang == "en" and text.startswith("the ", start) and _NO_DAY_AFTER.match(text, end):
            return False
        return not (lang == "ko" and _AFTER_A_MONTH.search(text, 0, start))

    return search(text, compiled(date_pattern(lang)), lambda span: parse_date(span, lang, today), lang, whole)
