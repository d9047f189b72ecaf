"""The words of dates and times, English and Korean: weekdays, months, ordinals, relative days,
weeks and months ahead, day counts and periods of the day (data for ``dates`` and ``times``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = [
    "EN_MONTHS",
    "EN_ORDINALS",
    "EN_PERIODS",
    "EN_RELATIVE",
    "EN_WEEKDAYS",
    "KO_DAY_COUNTS",
    "KO_MONTHS_AHEAD",
    "KO_MONTH_NAMES",
    "KO_PERIODS",
    "KO_RELATIVE",
    "KO_WEEKDAYS",
    "KO_WEEKS",
]


def _numbered(spellings: Iterable[str], first: int) -> dict[str, int]:
    """Every spelling of the n-th entry (space-separated) → n, counting from ``first``."""
    return {word: n for n, names in enumerate(spellings, first) for word in names.split()}


# --- English --------------------------------------------------------------------------------------

EN_WEEKDAYS: Mapping[str, int] = _numbered(
    (
        "monday mon",
        "tuesday tue tues",
        "wednesday wed",
        "thursday thu thur thurs",
        "friday fri",
        "saturday sat",
        "sunday sun",
    ),
    0,
)
"""Weekday names and abbreviations → ``date.weekday()`` (Monday is 0)."""
EN_MONTHS: Mapping[str, int] = _numbered(
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
)
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
EN_ORDINALS: Mapping[str, int] = {
    **{w: i for i, w in enumerate(_ORDINAL_UNITS, 1)},
    "twentieth": 20,
    "thirtieth": 30,
    "thirty first": 31,
    **{f"twenty {w}": 20 + i for i, w in enumerate(_ORDINAL_UNITS[:9], 1)},
}
"""Ordinals of the days of a month, ``first`` to ``thirty first``."""
EN_RELATIVE: Mapping[str, int] = {
    "today": 0,
    "tonight": 0,
    "tomorrow": 1,
    "the day after tomorrow": 2,
    "day after tomorrow": 2,
}
"""Named days → days from today."""
EN_PERIODS = (
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
"""Suffixes that set the half of the day, tried in this order (``a m`` before ``am``)."""

# --- Korean ---------------------------------------------------------------------------------------

KO_RELATIVE: Mapping[str, int] = {
    "오늘": 0,
    "금일": 0,
    "내일": 1,
    "낼": 1,  # spoken "내일": "낼 3시 액정 수리 돼?"
    "명일": 1,
    "모레": 2,
    "내일모레": 2,
    "낼모레": 2,
    "글피": 3,
}
"""Named days → days from today."""
KO_WEEKDAYS: Mapping[str, int] = {ch: i for i, ch in enumerate("월화수목금토일")}
KO_WEEKS: Mapping[str, int] = {"이번주": 0, "금주": 0, "돌아오는": 0, "다음주": 1, "담주": 1, "다다음주": 2}
"""Week words (spaces removed) → calendar weeks ahead."""
KO_MONTHS_AHEAD: Mapping[str, int] = {"이번달": 0, "다음달": 1, "담달": 1, "다다음달": 2}
KO_DAY_COUNTS: Mapping[str, int] = {
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
"""Native words for a number of days (``이틀 후``)."""
KO_MONTH_NAMES: Mapping[str, int] = {"유": 6, "시": 10}
"""Irregular month spellings: 유월 (June), 시월 (October)."""
KO_PERIODS: Mapping[str, str] = {
    "오전": "am",
    "아침": "am",
    "새벽": "am",
    "오후": "pm",
    "저녁": "pm",
    "밤": "night",
    "낮": "",
    "점심": "",
}
"""Period words before a time → ``am``/``pm``/``night``; ``낮`` and ``점심`` leave the hour to the
business-hours rule."""
