"""Written text as the words a grammar engine would give: what an open-vocabulary recognizer writes
(``"Where is my order 4821?"``, ``"10 of clubs"``, ``"at 3 p.m."``) as lower-case spoken words
(``"where is my order four eight two one"``, ``"ten of clubs"``, ``"at three pm"``).

English numbers: ``10`` → ``ten``, ``1,500`` → ``one thousand five hundred``, ``2:30`` → ``two
thirty``, ``2:00`` → ``two o'clock``, ``2:05`` → ``two oh five``, ``$5`` → ``five dollars``,
``5%`` → ``five percent``, ``3rd`` → ``third``, ``2.5`` → ``two point five``. A run of four or more
digits, or of three that is not a whole hundred, or one that starts with ``0``, is an identifier
(an order or phone number) and is read digit by digit (``4821`` → ``four eight two one``). Other
languages are only lower-cased and stripped of punctuation.
"""

from __future__ import annotations

import re

from assistant.slots.datetime_words import EN_ORDINALS
from assistant.slots.spoken import digit_words, number_words
from assistant.text import normalize

__all__ = ["spoken_form"]

_ORDINAL_WORDS = {n: w for w, n in EN_ORDINALS.items()}
_ABBREVIATIONS = {"mr": "mister", "mrs": "missus", "dr": "doctor", "vs": "versus"}
_ABBREVIATION = re.compile(r"\b(" + "|".join(_ABBREVIATIONS) + r")\.", re.IGNORECASE)
_AM_PM = re.compile(r"\b([ap])\.\s?m\b\.?", re.IGNORECASE)
_CLOCK = re.compile(r"\b(\d{1,2}):(\d{2})\b")
_MONEY = re.compile(r"\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{2}))?\b")
_PERCENT = re.compile(r"\b(\d+(?:\.\d+)?)\s?%")
_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b", re.IGNORECASE)
_DECIMAL = re.compile(r"\b(\d+)\.(\d+)\b")
_GROUPED = re.compile(r"\b\d{1,3}(?:,\d{3})+\b")
_DIGITS = re.compile(r"\d+")


def spoken_form(text: str, lang: str) -> str:
    """``text`` as lower-case words without digits or punctuation (see the module docstring)."""
    if lang == "en":
        text = _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m[1].lower()], text)
        text = _AM_PM.sub(lambda m: f" {m[1].lower()}m", text)
        text = _CLOCK.sub(lambda m: _clock(int(m[1]), int(m[2])), text)
        text = _MONEY.sub(_money, text)
        text = _PERCENT.sub(lambda m: f"{_number(m[1])} percent", text)
        text = _ORDINAL.sub(lambda m: _ordinal(int(m[1])), text)
        text = _DECIMAL.sub(lambda m: f"{_number(m[1])} point {digit_words(m[2], 'en')}", text)
        text = _GROUPED.sub(lambda m: _number(m[0]), text)
        text = _DIGITS.sub(lambda m: f" {_integer(m[0])} ", text)
        text = text.replace("&", " and ")
    return " ".join(normalize(text).replace("-", " ").split())


def _number(written: str) -> str:
    return number_words(int(written.replace(",", "")), "en")[0]


def _integer(digits: str) -> str:
    """A number's words; an identifier's digits one by one."""
    value = int(digits)
    identifier = digits.startswith("0") and len(digits) > 1
    if identifier or len(digits) >= 4 or (len(digits) == 3 and value % 100):
        return digit_words(digits, "en")
    return number_words(value, "en")[0]


def _clock(hour: int, minute: int) -> str:
    said = number_words(hour, "en")[0]
    if minute == 0:
        return f"{said} o'clock"
    if minute < 10:
        return f"{said} oh {number_words(minute, 'en')[0]}"
    return f"{said} {number_words(minute, 'en')[0]}"


def _money(match: re.Match[str]) -> str:
    dollars = int(match[1].replace(",", ""))
    words = f"{number_words(dollars, 'en')[0]} {'dollar' if dollars == 1 else 'dollars'}"
    cents = int(match[2]) if match[2] else 0
    return f"{words} {number_words(cents, 'en')[0]}" if cents else words


def _ordinal(n: int) -> str:
    return _ORDINAL_WORDS.get(n) or number_words(n, "en")[0]
