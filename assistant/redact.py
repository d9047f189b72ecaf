"""Redaction of personal data (phones, emails, card and resident registration numbers) from text.

Used before transcripts and events are logged or stored. Works on raw or normalized text.
Short numbers (order ids such as 4821, quantities, times, dates) are left alone.
"""

from __future__ import annotations

import re

from assistant.slots.numbers import EN_TENS, EN_UNITS, parse_digits
from assistant.text import normalize

__all__ = ["redact"]

EMAIL, CARD, RRN, PHONE = "[EMAIL]", "[CARD]", "[RRN]", "[PHONE]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SPOKEN_EMAIL = re.compile(
    r"\b\w+(?:\s(?:dot|underscore)\s\w+)*\sat\s\w+(?:\sdot\s\w+)*\sdot\s(?:com|net|org|edu|gov|io|co|kr)\b",
    re.IGNORECASE,
)
_RRN = re.compile(
    r"(?<![0-9])[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])\s?-\s?[1-8][0-9]{6}(?![0-9])"
)
_CARD = re.compile(r"(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])")
_PHONE = re.compile(
    r"""(?<![0-9A-Za-z+])(?:
        \+[0-9]{1,3}[\s.-]?(?:\(?[0-9]{1,4}\)?[\s.-]?){1,4}[0-9]{2,4}     # +82 10-1234-5678, +1 (555) ...
      | \(?0[0-9]{1,2}\)?[\s.-]?[0-9]{3,4}[\s.-]?[0-9]{4}               # 010-1234-5678, 02 123 4567
      | (?:1[\s.-]?)?\(?[0-9]{3}\)?[\s.-]?[0-9]{3}[\s.-]?[0-9]{4}       # (555) 123-4567, 1-555-123-4567
      | [0-9]{3}[\s.-][0-9]{4}                                          # 555-1234
      | [0-9]{7,12}                                                     # 5551234, 01012345678
    )(?![0-9])""",
    re.VERBOSE,
)
_EN_DIGIT_WORD = "|".join(
    sorted([*EN_UNITS, *EN_TENS, "oh", "o", "double", "triple", "[0-9]+"], key=len, reverse=True)
)
_SPOKEN_EN = re.compile(rf"\b(?:{_EN_DIGIT_WORD})(?:[\s,.-]+(?:{_EN_DIGIT_WORD}))+\b", re.IGNORECASE)
_SPOKEN_KO = re.compile(
    r"(?<![가-힣])[0-9공영일이삼사오육칠팔구](?:[\s-]?[0-9공영일이삼사오육칠팔구])+(?!에요|요|야|고|다|라)"
)
"""Korean digit runs; a final ``이`` before ``에요``/``요``... is read as the copula, not a 2."""
_MIN_PHONE_DIGITS = 7
_MIN_CARD_DIGITS = 13


def _phone(match: re.Match[str]) -> str:
    """``[PHONE]`` when the match has 7 to 15 digits and is not a date like ``20261127``."""
    text = match.group()
    digits = re.sub(r"[^0-9]", "", text)
    looks_like_date = re.fullmatch(r"(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])", text)
    if not _MIN_PHONE_DIGITS <= len(digits) <= 15 or looks_like_date:
        return text
    return PHONE


def _spoken(match: re.Match[str], lang: str) -> str:
    """``[PHONE]`` (7-12 digits) or ``[CARD]`` (13+) for a run with spoken digits; else unchanged.

    Runs of ASCII digits only are left to the digit patterns (which know dates from phones).
    """
    if re.fullmatch(r"[0-9\s.,-]+", match.group()):
        return match.group()
    digits = parse_digits(normalize(match.group()), lang)
    if digits is None or len(digits) < _MIN_PHONE_DIGITS:
        return match.group()
    return CARD if len(digits) >= _MIN_CARD_DIGITS else PHONE


def redact(text: str) -> str:
    """Replace personal data with placeholders.

    Emails (``a@b.com``, spoken ``john at gmail dot com``) -> ``[EMAIL]``; Korean resident
    registration numbers (``YYMMDD-NNNNNNN``) -> ``[RRN]``; card numbers (13-19 digits, spaces or
    dashes allowed, Luhn not checked) -> ``[CARD]``; phone numbers (US and Korean formats, ``+82``,
    separators ``-``, ``.``, space) and spoken digit runs of 7+ digits (``five five five one two
    three four``, ``공일공 일이삼사 오육칠팔``) -> ``[PHONE]`` (13+ spoken digits -> ``[CARD]``).
    """
    text = _EMAIL.sub(EMAIL, text)
    text = _SPOKEN_EMAIL.sub(EMAIL, text)
    text = _RRN.sub(RRN, text)
    text = _CARD.sub(CARD, text)
    text = _PHONE.sub(_phone, text)
    text = _SPOKEN_EN.sub(lambda m: _spoken(m, "en"), text)
    return _SPOKEN_KO.sub(lambda m: _spoken(m, "ko"), text)
