"""Slot parsers: numbers, digit strings (ids), dates and times, in English and Korean.

``parse_*`` read a whole (normalized) text, ``find_*`` search a free sentence, ``*_pattern`` give
regex fragments without capturing groups for use inside template regexes.
"""

from assistant.slots.dates import date_pattern, find_date, parse_date
from assistant.slots.found import Found
from assistant.slots.numbers import (
    digits_pattern,
    find_digits,
    find_number,
    number_pattern,
    parse_digits,
    parse_number,
)
from assistant.slots.times import find_time, parse_time, time_pattern

__all__ = [
    "Found",
    "date_pattern",
    "digits_pattern",
    "find_date",
    "find_digits",
    "find_number",
    "find_time",
    "number_pattern",
    "parse_date",
    "parse_digits",
    "parse_number",
    "parse_time",
    "time_pattern",
]
