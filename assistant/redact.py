"""Redaction of personal data (phones, emails, cards, resident registration numbers, addresses).

Used before transcripts and events are logged or stored. Works on raw or normalized text.
Short numbers (order ids such as 4821, quantities, times, dates) are left alone, except in the
answer to an identity question, where ``redact_digits`` removes every digit run.
"""

from __future__ import annotations

import re
from functools import partial

from assistant.slots.numbers import digits_pattern, parse_digits
from assistant.slots.numeral_words import EN_TENS, EN_UNITS
from assistant.text import normalize

__all__ = ["redact", "redact_digits"]

EMAIL, CARD, RRN, PHONE, ADDRESS, DIGITS = "[EMAIL]", "[CARD]", "[RRN]", "[PHONE]", "[ADDRESS]", "[DIGITS]"

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

_EN_NUMBER_WORD = "|".join(sorted([*EN_UNITS, *EN_TENS], key=len, reverse=True))
_EN_HOUSE = (
    rf"(?:[0-9]{{1,6}}[a-z]?(?:-[0-9]{{1,5}})?"
    rf"|(?:{_EN_NUMBER_WORD})(?:[\s-]+(?:{_EN_NUMBER_WORD}|hundred|thousand))*)"
)
_EN_STOP = r"(?:the|a|an|and|or|for|to|of|in|on|at|by|my|your|it|is|me|i|am|pm|please|order|orders|of)"
_EN_SUFFIX = (
    r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|way|terrace|"
    r"parkway|pkwy|highway|hwy|circle|cir|square|sq|trail|alley)"
)
_EN_PLACE_STOP = (
    r"(?:instead|please|thanks|thank|and|but|or|for|to|by|on|at|in|is|it|its|it's|so|because|then|ok|okay|"
    r"via|with|the|a|an|my|your|this|that|today|tomorrow|tonight|asap|now|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|next|morning|afternoon|evening|express|standard|delivery|shipping|"
    r"call|text|phone|ring|email|contact|send|ship|deliver|leave|bring|pick|i|you|we|me|us|he|she|they)"
)
_EN_ADDRESS = re.compile(
    rf"\b{_EN_HOUSE}\s+(?:(?!{_EN_STOP}\b)[a-z0-9][\w'.-]*\s+){{1,4}}?{_EN_SUFFIX}\b\.?(?:\s+(?:n|s|e|w|ne|nw|se|sw)\b\.?)?"
    r"(?:,?\s*(?:apt|apartment|suite|ste|unit|room|#)\.?\s*#?\s*[0-9a-z-]+\b)?"
    rf"(?:,?\s+(?!{_EN_PLACE_STOP}\b)[a-z][a-z'.-]*){{0,3}}(?:,?\s+[0-9]{{5}}(?:-[0-9]{{4}})?\b)?",
    re.IGNORECASE,
)
"""``123 Main Street``, ``45 W 34th St. Apt 5B``, ``twelve hundred olympic boulevard``, with the town,
state and ZIP code said after it (``221 Pine St, apt 4, Pasadena``, ``…, Santa Monica, CA 90401``)."""
_KO_NUM = r"(?:[0-9]+(?:-[0-9]+)?|[일이삼사오육칠팔구십백천공영]{2,})"
_KO_AFTER = (
    r"(?!\s*(?:개|시|분|명|원|대|장|벌|켤레|달러|시간|일|주|개월|년|살|번째|층|%))"
    r"(?=$|[\s,.!?)]|에|이|은|는|입|예|요|번지|으로|로)"
)
_KO_CITIES = "서울|부산|인천|대구|대전|광주|울산|세종|경기|강원|충북|충남|전북|전남|경북|경남|제주"
"""Cities and provinces said without 시 or 도 ("서울 마포구 월드컵로 10": the city was cut off)."""
_KO_REGION = (
    rf"(?:(?:{_KO_CITIES})\s+|[가-힣]{{1,10}}(?:특별자치시|특별자치도|특별시|광역시|시|도)\s*)?"
    r"(?:[가-힣]{1,10}(?:시|군|구)\s*){0,2}(?:[가-힣]{1,10}(?:읍|면)\s*)?"
)
_KO_ADDRESS = re.compile(
    rf"{_KO_REGION}(?:"
    rf"[가-힣0-9]{{1,15}}(?<!으)(?:대로|로|길)\s*{_KO_NUM}(?:\s*번?길\s*{_KO_NUM})?{_KO_AFTER}"
    rf"|[가-힣]{{1,10}}(?:(?<![자이활행운])동|(?<![자머소거])리)\s*{_KO_NUM}{_KO_AFTER}"
    rf"|{_KO_NUM}\s*동\s*{_KO_NUM}\s*호"
    rf")(?:\s*번지)?(?:\s*,?\s*{_KO_NUM}\s*동\s*{_KO_NUM}\s*호)?(?:\s*,?\s*{_KO_NUM}\s*(?:층|호))*"
)
"""``서울시 강남구 테헤란로 123``, ``테헤란로 123길 45``, ``역삼동 123-45``, ``101동 1203호``, with a floor or
unit after it (``월드컵로 10, 3층``); not words that end like a 동 or 리 (``끝자리 오사삼일``: the last
digits)."""
_MEMBER_NUMBER = {
    "en": re.compile(
        r"(\b(?:loyalty|member(?:ship)?|rewards?|points?)\s+(?:card\s+)?(?:number|no|id)\s*(?:is\s+|:\s*)?)"
        rf"({digits_pattern('en')})",
        re.IGNORECASE,
    ),
    "ko": re.compile(
        r"((?:회원|멤버십|멤버쉽|포인트|적립)\s*(?:카드\s*)?번호\s*(?:는|은|가|이)?\s*)"
        rf"({digits_pattern('ko')})"
    ),
}
"""A loyalty number after the words naming it ("my loyalty number is one two three…", "회원번호는 …")."""
_CODE_NUMBER = {
    "en": re.compile(
        r"(\b(?:receipt code|code|phone ending(?: in)?|ending in|ends in|last (?:four|4)(?: digits)?)"
        r"(?:\s+(?:is|are|was|were))?\s*:?\s*)"
        rf"({digits_pattern('en')})",
        re.IGNORECASE,
    ),
    "ko": re.compile(
        r"((?:영수증\s*코드|코드|뒤\s*네\s*자리|뒷\s*네\s*자리|뒷자리|뒷번호|끝자리|끝\s*번호)\s*(?:는|은|가|이|를)?\s*)"
        rf"({digits_pattern('ko')})"
    ),
}
"""Digits that prove a record is the customer's, after the words naming them ("Your receipt code is 1703",
"phone ending 0187", "last four 0187", "전화번호 뒤 네 자리는 5678이에요"): they were logged in clear."""
_COPULA_ENDINGS = ("에요", "요", "예요", "고", "다", "라", "야")
"""What follows the copula 이 after a number ("5678이에요"), whose 이 is no digit 2."""
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


def find_address(text: str) -> tuple[int, int] | None:
    """Where a street address is in ``text`` (start, end), English or Korean, or ``None``."""
    hit = _EN_ADDRESS.search(text) or _KO_ADDRESS.search(text)
    return (hit.start(), hit.end()) if hit else None


def redact(text: str) -> str:
    """Replace personal data with placeholders.

    Emails (``a@b.com``, spoken ``john at gmail dot com``) -> ``[EMAIL]``; Korean resident
    registration numbers (``YYMMDD-NNNNNNN``) -> ``[RRN]``; card numbers (13-19 digits, spaces or
    dashes allowed, Luhn not checked) -> ``[CARD]``; phone numbers (US and Korean formats, ``+82``,
    separators ``-``, ``.``, space) and spoken digit runs of 7+ digits (``five five five one two
    three four``, ``공일공 일이삼사 오육칠팔``) -> ``[PHONE]`` (13+ spoken digits -> ``[CARD]``);
    street addresses (``123 Main Street``, ``서울시 강남구 테헤란로 123``, ``역삼동 123-45``) ->
    ``[ADDRESS]``; loyalty numbers said as such (``my loyalty number is 1 2 3 4 5 6``, ``회원번호는
    일이삼사오육``) and receipt codes and last digits named (``receipt code is 1703``, ``phone ending 0187``,
    ``뒤 네 자리는 5678``) -> ``[DIGITS]``.
    """
    for lang, pattern in [*_MEMBER_NUMBER.items(), *_CODE_NUMBER.items()]:
        text = pattern.sub(partial(_member_number, lang=lang), text)
    text = _EN_ADDRESS.sub(ADDRESS, text)
    text = _KO_ADDRESS.sub(ADDRESS, text)
    text = _EMAIL.sub(EMAIL, text)
    text = _SPOKEN_EMAIL.sub(EMAIL, text)
    text = _RRN.sub(RRN, text)
    text = _CARD.sub(CARD, text)
    text = _PHONE.sub(_phone, text)
    text = _SPOKEN_EN.sub(lambda m: _spoken(m, "en"), text)
    return _SPOKEN_KO.sub(lambda m: _spoken(m, "ko"), text)


def redact_digits(text: str) -> str:
    """``redact`` plus every digit run, written or spoken in either language -> ``[DIGITS]``.

    For answers to identity questions ("zero one eight seven", "공 일 팔 칠"), where even four
    digits are personal data.
    """
    text = redact(text)
    for lang, pattern in _DIGIT_RUNS.items():
        text = pattern.sub(partial(_digit_run, lang=lang), text)
    return text


_DIGIT_RUNS = {lang: re.compile(digits_pattern(lang), re.IGNORECASE) for lang in ("en", "ko")}


_KO_AFTER_NUMBER = re.compile(
    r"(?!요일)(?:이|에|요|번|은|는|을|를|가|로|으|시|개|벌|호|입|예|고|도|만|과|와|랑|하|까|부|분|째|[^가-힣]|$)"
)
"""What may follow a Korean number: a particle, a counter, an ending or no syllable at all."""


def _digit_run(match: re.Match[str], lang: str) -> str:
    if lang == "ko" and not any(ch.isdigit() for ch in match.group(0)) and _inside_a_word(match):
        return match.group(0)  # "사이즈", "제일", "추천", "오늘": words, not digits
    return _digit_run_in(match, 0, lang)


def _inside_a_word(match: re.Match[str]) -> bool:
    """Whether Korean numeral syllables are part of a word ("사이즈", "제일"): glued to a syllable before
    them, or to one after them that is no particle, counter or ending."""
    text, start, end = match.string, match.start(), match.end()
    glued_before = start > 0 and "가" <= text[start - 1] <= "힣"
    return glued_before or _KO_AFTER_NUMBER.match(text, end) is None


def _member_number(match: re.Match[str], lang: str) -> str:
    said, after = match.group(2), match.string[match.end() :]
    if lang == "ko" and said.endswith("이") and after.startswith(_COPULA_ENDINGS):  # "5678이에요": no 2
        return match.group(1) + (DIGITS if parse_digits(normalize(said[:-1]), lang) else said[:-1]) + "이"
    return match.group(1) + _digit_run_in(match, 2, lang)


def _digit_run_in(match: re.Match[str], group: int, lang: str) -> str:
    return DIGITS if parse_digits(normalize(match.group(group)), lang) else match.group(group)
