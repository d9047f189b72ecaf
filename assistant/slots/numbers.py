"""Number and digit-string slot parsers for English and Korean.

Inputs are normalized with :func:`assistant.text.normalize`. Speech engines write numbers as words,
typed chat as digits; both are accepted.
"""

from __future__ import annotations

import re
from functools import cache

from assistant.slots.found import Found, search
from assistant.slots.numeral_words import (
    AMBIGUOUS_ALONE,
    EN_DIGIT_ONLY,
    EN_REPEAT,
    EN_SCALES,
    EN_TENS,
    EN_UNITS,
    KO_COUNTERS,
    KO_DETERMINERS,
    KO_NATIVE_TENS,
    KO_NATIVE_UNITS,
    KO_PLACES,
    KO_SINO_DIGITS,
    KO_STOP,
    KO_ZERO,
)
from assistant.slots.regex import alt, compiled, is_korean

__all__ = [
    "Found",
    "cardinal",
    "digits_pattern",
    "find_digits",
    "find_number",
    "number_pattern",
    "parse_digits",
    "parse_number",
]

MAX_DIGITS = 18
"""Longest digit string read as a number (bounds ``int`` conversion)."""
_ASCII_DIGITS = re.compile(r"[0-9]+")
_KO_NATIVE = re.compile(
    "(?P<t>{})?(?P<u>{})?".format(
        "|".join(sorted(KO_NATIVE_TENS, key=len, reverse=True)),
        "|".join(sorted(KO_NATIVE_UNITS, key=len, reverse=True)),
    )
)
KO_WORD = rf"(?>[0-9]+|{alt([*KO_NATIVE_TENS, *KO_NATIVE_UNITS, *KO_SINO_DIGITS, *KO_PLACES])}|[만영공])"
"""Regex for one Korean numeral word or morpheme (no counter)."""


def _small_int(text: str) -> int | None:
    """``int`` of an ASCII digit string of at most ``MAX_DIGITS`` digits."""
    if len(text) <= MAX_DIGITS and _ASCII_DIGITS.fullmatch(text):
        return int(text)
    return None


# --- English --------------------------------------------------------------------------------------


def _en_below_hundred(tokens: list[str], i: int) -> tuple[int, int] | None:
    """1..99 starting at ``tokens[i]``: ``seven``, ``seventeen``, ``seventy seven``, ``77``."""
    if i >= len(tokens):
        return None
    tok = tokens[i]
    if tok in EN_TENS:
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if 1 <= EN_UNITS.get(nxt, 0) <= 9:
            return EN_TENS[tok] + EN_UNITS[nxt], i + 2
        return EN_TENS[tok], i + 1
    if EN_UNITS.get(tok, 0) >= 1:
        return EN_UNITS[tok], i + 1
    value = _small_int(tok) if len(tok) <= 2 else None
    return (value, i + 1) if value else None


def _en_below_thousand(tokens: list[str], i: int) -> tuple[int, int] | None:
    """1..999 (or ``twelve hundred``): ``[X|a] hundred [and] [Y]`` or ``Y``; ``a`` before a scale."""
    if i >= len(tokens):
        return None
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if tokens[i] == "hundred":
        lead: tuple[int, int] | None = (1, i)
    elif tokens[i] in ("a", "an"):
        lead = (1, i + 1) if nxt == "hundred" or nxt in EN_SCALES else None
    else:
        lead = _en_below_hundred(tokens, i)
    if lead is None:
        return None
    value, j = lead
    if j >= len(tokens) or tokens[j] != "hundred":
        return lead
    value, j = value * 100, j + 1
    k = j + 1 if j < len(tokens) and tokens[j] == "and" else j
    rest = _en_below_hundred(tokens, k)
    return (value + rest[0], rest[1]) if rest else (value, j)


def _en_cardinal(tokens: list[str]) -> int | None:
    """A whole English number made of ``tokens``, or None."""
    if tokens in (["zero"], ["a"], ["an"]):
        return 0 if tokens == ["zero"] else 1
    if tokens in (["a", "couple"], ["a", "couple", "of"], ["couple", "of"]):
        return 2  # "a couple of black phone cases"
    if tokens in (["a", "dozen"], ["dozen"], ["half", "a", "dozen"]):
        return 6 if tokens[0] == "half" else 12  # "half a dozen screen protectors" was 1
    if len(tokens) == 1 and _ASCII_DIGITS.fullmatch(tokens[0]):
        return _small_int(tokens[0])
    total, i, last_scale = 0, 0, 10**9
    while i < len(tokens):
        part = _en_below_thousand(tokens, i)
        if part is None:
            return None
        value, i = part
        scale = EN_SCALES.get(tokens[i]) if i < len(tokens) else None
        if scale is None:
            return total + value if i == len(tokens) else None
        if scale >= last_scale:
            return None
        total, last_scale, i = total + value * scale, scale, i + 1
        if i < len(tokens) - 1 and tokens[i] == "and":
            i += 1
    return total if tokens else None


def _en_tokens(text: str) -> list[str]:
    return text.replace("-", " ").split()


# --- Korean ---------------------------------------------------------------------------------------


def _ko_native(text: str) -> int | None:
    """Native Korean 1..99: ``다섯``, ``스물다섯``, ``열한``, ``스무``."""
    match = _KO_NATIVE.fullmatch(text)
    if not match or not text:
        return None
    tens, units = match.group("t"), match.group("u")
    if tens == "스무" and units:
        return None
    return KO_NATIVE_TENS.get(tens or "", 0) + KO_NATIVE_UNITS.get(units or "", 0)


def _ko_sino(text: str) -> int | None:
    """Sino-Korean numbers below 10^8: ``이십일``, ``백오``, ``삼만오천``."""
    total, section, digit, last_place = 0, 0, -1, 10**5
    for ch in text:
        if ch in KO_SINO_DIGITS:
            if digit >= 0:
                return None
            digit = KO_SINO_DIGITS[ch]
        elif ch in KO_PLACES:
            place = KO_PLACES[ch]
            if place >= last_place:
                return None
            section, digit, last_place = section + max(digit, 1) * place, -1, place
        elif ch == "만" and total == 0:
            total = max(section + max(digit, 0), 1) * 10_000
            section, digit, last_place = 0, -1, 10**5
        else:
            return None
    return total + section + max(digit, 0) if text else None


def _ko_cardinal(text: str) -> int | None:
    """A Korean number without counter (spaces ignored): digits, native or Sino-Korean."""
    text = text.replace(" ", "").replace("-", "")
    if text in KO_ZERO:
        return 0
    value = _small_int(text)
    if value is not None:
        return value
    native = _ko_native(text)
    return native if native is not None else _ko_sino(text)


def cardinal(text: str, lang: str) -> int | None:
    """Like :func:`parse_number` but without a counter (the building block of the date parsers)."""
    if is_korean(lang):
        return _ko_cardinal(text)
    return _en_cardinal(_en_tokens(text))


def _strip_counter(text: str) -> str | None:
    """``text`` without its trailing Korean counter, or None when it has none."""
    for counter in KO_COUNTERS:
        if text.endswith(counter) and len(text) > len(counter):
            return text[: -len(counter)]
    return None


# --- public: numbers ------------------------------------------------------------------------------


def parse_number(text: str, lang: str) -> int | None:
    """The whole of ``text`` as a number (Korean: optionally with a counter), or None.

    en: ``12``, ``twenty-one``, ``a hundred and five``, ``two thousand``; ``a``/``an`` alone is 1, ``a
    couple (of)`` 2, ``half a dozen`` 6, ``a dozen`` 12.
    ko: native (``하나``, ``스물 다섯``, ``한``, ``스무``), Sino-Korean (``이십일``, ``백오``) or digits,
    optionally followed by a counter (``두 개``, ``3개``, ``세시``, ``십이월``), which is ignored.
    """
    if not is_korean(lang):
        return _en_cardinal(_en_tokens(text))
    compact = text.replace(" ", "")
    if compact in KO_STOP or compact in KO_DETERMINERS:
        return None
    value = _ko_cardinal(compact)
    if value is None:
        bare = _strip_counter(compact)
        value = _ko_cardinal(bare) if bare is not None else None
    return value


@cache
def number_pattern(lang: str) -> str:
    """Regex fragment (no capturing groups) for candidate number spans in normalized text.

    en: word-bounded runs of digits and number words (``zero``..``nineteen``, tens, ``hundred``,
    ``thousand``, ``million``) joined by spaces or hyphens, with ``and`` only between two of them;
    an optional leading ``a``/``an`` (``a hundred``), or ``a``/``an`` alone.
    ko: runs of digits and native/Sino-Korean numerals, optionally space separated, then an optional
    counter (glued or after one space). No word boundary at the end, so glued particles stay outside.
    """
    if is_korean(lang):
        return rf"(?:{KO_WORD}(?:\s?{KO_WORD})*(?:\s?(?:{alt(KO_COUNTERS)}))?)"
    run = _en_word_run([*EN_UNITS, *EN_TENS, "hundred", *EN_SCALES])
    return rf"\b(?:a\scouple(?:\sof)?|couple\sof|half\sa\sdozen|a\sdozen|(?:an?\s)?{run}|an?)\b"


def _en_word_run(words: list[str]) -> str:
    """Regex for digits and ``words`` joined by spaces or hyphens, ``and`` only between two of them."""
    word = rf"(?:[0-9]+|{alt(words)})"
    return rf"{word}(?:(?:[\s-]and)?[\s-]{word})*"


def find_number(text: str, lang: str) -> Found | None:
    """Leftmost-longest number in a free sentence (``a``/``an`` or a lone ``이``/``네``... excluded)."""

    def parse(span: str) -> int | None:
        return None if span.replace(" ", "") in AMBIGUOUS_ALONE else parse_number(span, lang)

    return search(text, compiled(number_pattern(lang)), parse, lang)


# --- public: digit strings ------------------------------------------------------------------------


def _en_digit_chunks(tokens: list[str]) -> str | None:
    """Digits of English tokens, reading each longest valid number as its own digits."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in EN_REPEAT and i + 1 < len(tokens):
            digit = EN_DIGIT_ONLY.get(tokens[i + 1]) or (
                str(EN_UNITS[tokens[i + 1]]) if EN_UNITS.get(tokens[i + 1], 10) < 10 else None
            )
            if digit is None:
                return None
            out.append(digit * EN_REPEAT[tok])
            i += 2
            continue
        if tok in EN_DIGIT_ONLY or tok == "zero" or _ASCII_DIGITS.fullmatch(tok):
            out.append(EN_DIGIT_ONLY.get(tok, "0" if tok == "zero" else tok))
            i += 1
            continue
        chunk = _longest_prefix(tokens, i)
        if chunk is None:
            return None
        out.append(str(chunk[0]))
        i = chunk[1]
    return "".join(out) or None


def _longest_prefix(tokens: list[str], i: int) -> tuple[int, int] | None:
    """Longest ``tokens[i:j]`` that is an English number (not ``a``/``zero``): (value, j)."""
    if tokens[i] in ("a", "an", "zero"):
        return None
    for j in range(min(len(tokens), i + 8), i, -1):
        value = _en_cardinal(tokens[i:j]) if tokens[j - 1] != "and" else None
        if value is not None:
            return value, j
    return None


def _ko_digit_chunks(word: str) -> str | None:
    """Digits of one Korean word, reading each longest valid number as its own digits."""
    out: list[str] = []
    i = 0
    while i < len(word):
        if word[i] in KO_ZERO:
            out.append("0")
            i += 1
            continue
        digits = _ASCII_DIGITS.match(word, i)
        if digits:
            out.append(digits.group())
            i = digits.end()
            continue
        for j in range(min(len(word), i + 12), i, -1):
            value = _ko_native(word[i:j]) or _ko_sino(word[i:j])
            if value and out and word[i:j] == "만":
                return None  # "하나만" is "only one", not 1 and 10000
            if value and word[i:j] in KO_DETERMINERS:
                return None  # "한", "두", "네" come before a counter ("방금 한 1번 예약"), never as a digit
            if value:
                out.append(str(value))
                i = j
                break
        else:
            return None
    return "".join(out) or None


_COPULA_AFTER_DIGIT = re.compile(r"(?<=\d) ?이$")
"""A 이 glued to written digits at the end of a number ("회원번호는 123456이요"): the copula; digits read
aloud as numerals never mix with written ones."""


def parse_digits(text: str, lang: str) -> str | None:
    """An identifier read digit by digit or in numbers, as its digit string (leading zeros kept).

    en: ``4821``, ``four eight two one``, ``forty eight twenty one``, ``oh``/``o``/``zero`` = 0,
    ``double five`` = 55. ko: ``사 팔 이 일``, ``사팔이일``, ``사천팔백이십일``, ``공``/``영`` = 0.
    Hyphens separate like spaces. Returns None unless all of ``text`` is read.
    """
    if is_korean(lang):
        text = _COPULA_AFTER_DIGIT.sub("", _apart(text))  # "123456이요": 이 is "is"
        parts = [_ko_digit_chunks(word) for word in text.replace("-", " ").split()]
        if not parts or any(part is None for part in parts):
            return None
        return "".join(part for part in parts if part)
    return _en_digit_chunks(_en_tokens(text))


@cache
def digits_pattern(lang: str) -> str:
    """Regex fragment (no capturing groups) for candidate digit-string spans in normalized text.

    en: word-bounded runs of digits, number words, ``oh``/``o``, ``double``/``triple``, ``hundred``,
    ``thousand``, joined by spaces or hyphens (``and`` only between two of them).
    ko: runs of digits and native/Sino-Korean numerals (incl. ``공``/``영``), glued or separated by one
    space or hyphen; no trailing word boundary (glued particles stay outside).
    """
    if is_korean(lang):
        return rf"(?:{KO_WORD}(?:[\s-]?{KO_WORD})*)"
    words = [*EN_UNITS, *EN_TENS, *EN_DIGIT_ONLY, *EN_REPEAT, "hundred", "thousand"]
    return rf"\b(?:{_en_word_run(words)})\b"


_KO_WORD_GOES_ON = re.compile(r"(?<![가-힣])[가-힣](?=[가-힣])(?![이에요로은는을를랑과와도만번호])")
"""A last number word of one syllable that a word goes on from: "사" in "하나 사고 싶어요" is the verb
(buy), not the digit 4 after 1 ("일이에요", "사번", "오로" keep theirs)."""


_KO_COPULA_APART = re.compile(
    r"(?<=[0-9공영일이삼사오육칠팔구]) 이(?=(?:요|에요|예요|고요|구요|라고요)(?:\s|$))"
)
"""A copula said apart after a number ("011 234 5678 이요", "회원번호 123456 이요"): no digit 2 (the number
was stored with a 2 more); a space in its place keeps the spans."""
_KO_GROUP_AT = re.compile(r"(?<=[공영일이삼사오육칠팔구0-9]{3})에(?=\s[공영일이삼사오육칠팔구0-9]{3})")
"""The "에" between the digit groups of a number said aloud ("공일공에 칠팔구공에 일이삼사", "010에 1234에
5678"): a space."""


def _apart(text: str) -> str:
    """Korean ``text`` with the 에 between a number's groups and a copula said apart after it as spaces
    (each the same length)."""
    return _KO_COPULA_APART.sub("  ", _KO_GROUP_AT.sub(" ", text))


KO_WORDS_NOT_DIGITS = frozenset({"일이", "일이요", "이일"})
"""Korean words written as digits that are words ("회사 일이 생겨서": work came up, not booking 12)."""
_OH_TAKEN_BACK = re.compile(
    r"\boh(?= (?:sorry|wait|no|nope|actually|i mean|my bad|oops|shoot|hang on|hold on|wrong|that's"
    r"|and|also|plus|add|btw|by the way|one more|another)\b)"
)
"""An "oh" that opens a correction or an afterthought ("213 555 0154 oh and add a phone case"), not a zero
said after digits."""


_COUNT_AFTER_DIGITS = re.compile(r"([0-9]{3,}) (?:a|an|one|two|three|four|five|six|seven|eight|nine|ten)")
"""Written digits with one number word after them, at the end of a digit span: the word counts what
follows it ("order 4822 two phone cases")."""
_KO_COUNT_AFTER_DIGITS = re.compile(r"([0-9]{3,}) (?:하나|한|둘|두|셋|세|넷|네|다섯|여섯|일곱|여덟|아홉|열)")
"""Written digits with a native Korean count after them: the count is of what is asked for ("검정 270 하나":
size 270, one pair; never the number 2701)."""
_WORD_AFTER = re.compile(r" (?!(?:oh|o|zero|double|triple)\b)[a-z]")


def find_digits(text: str, lang: str, min_len: int = 3) -> Found | None:
    """Leftmost-longest digit string of at least ``min_len`` digits in a free sentence."""

    def parse(span: str) -> str | None:
        if span in KO_WORDS_NOT_DIGITS:
            return None
        digits = parse_digits(span, lang)
        return digits if digits is not None and len(digits) >= min_len else None

    def whole_words(start: int, end: int) -> bool:
        return not (is_korean(lang) and _KO_WORD_GOES_ON.match(text, end - 1) and " " in text[start:end])

    # "310 555 1234 oh sorry …": no zero; "공일공에 칠팔구공에 일이삼사": the groups of a number said
    # aloud (each the same length: the spans hold)
    text = _apart(text) if is_korean(lang) else _OH_TAKEN_BACK.sub("ah", text)
    found = search(text, compiled(digits_pattern(lang)), parse, lang, whole_words)
    counting = _COUNT_AFTER_DIGITS if lang == "en" else _KO_COUNT_AFTER_DIGITS
    counted = counting.fullmatch(text, found.start, found.end) if found else None
    if found is not None and counted is not None and (lang != "en" or _WORD_AFTER.match(text, found.end)):
        # "make order 4822 two phone cases": order 4822 and two cases, not order 48222
        return Found(counted.group(1), found.start, found.start + len(counted.group(1)))
    copula = _COPULA_AFTER_DIGIT.search(text[found.start : found.end]) if found and is_korean(lang) else None
    if found is not None and copula is not None:  # "250이랑": the 이 is the particle's
        return Found(found.value, found.start, found.start + copula.start())
    return found
