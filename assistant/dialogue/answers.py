"""Reading what the customer said as the answer to the question the assistant asked.

While the assistant waits for an answer (a quantity, a size, a day, yes or no…), the utterance is read
against that question first: the values of the pending request's slots it holds (the one asked for, and
corrections of others: "actually make it two"), whether it holds nothing else ("three", "the white one
please", "흰색으로요"), whether the customer does not know, or would rather not say (a phone number).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib.resources import files

from assistant import intents as I
from assistant.dialogue.verification import NONE, RECORDS
from assistant.messages import SlotValue
from assistant.nlu.engine import LOOK_OR_WHEN, Nlu, is_replaced, replaced, turned_down
from assistant.nlu.evidence import evidence
from assistant.nlu.openers import strip_fillers
from assistant.nlu.slot_lists import SlotList, ValueList
from assistant.slots.times import parse_time, time_pattern
from assistant.text import normalize
from assistant.yamlfile import parse_yaml

DECLINABLE = frozenset({"phone"})
"""Questions the customer may decline ("no phone"): the slot is then ``verification.NONE``."""
_NAMED = re.compile(r"phone|number|code|전화|번호|코드")
"""What a decline says it declines ("no phone", "전화번호 없이")."""
_NOT_NO = frozenset({"no problem", "no worries", "not bad", "no doubt", "don't worry", "dont worry"})
"""Openings with a "no" that mean yes."""
_YES_ANYWAY = re.compile(r"\bwhy not\b")
"""Words after a yes that ask and say no only in form ("sure, why not")."""
ALL_OF_THEM = re.compile(r"^(?:both(?: of them)?|all of them|them all|둘 ?다|모두|전부|다)\s+")
"""Words that give an answer to every item asked about ("both M", "둘 다 엠"), which are no quantity."""
PHONE_MODEL = r"(?:iphone|galaxy|galaxy s|pixel|note|아이폰|갤럭시|갤럭시 s|픽셀|노트|s)"
"""Phone names a model number follows ("iphone 15"), which is no quantity."""
_AFTER_MODEL = re.compile(rf"\b{PHONE_MODEL}\s?$")
_KO_ENDINGS = re.compile(
    r"(?:으로|로|이랑|이요|요|은|는|이|가|을|를|에|이에요|예요|입니다|이고|주세요|할게요|해요"
    r"|이라니까|라니까|이라고|라고|라구|이었나|였나|이었던가|였던가|일걸요|일걸|(?<=[개벌장대레])만)+$"
)


_CORRECTION = {
    "en": re.compile(
        r"\b(no|nope|wait|sorry|i mean|i meant|actually|or rather|rather|make it|make that|scratch that|oops|"
        r"change (it|that) to|oh just|ah just|just go with|go with)\b"
    ),
    "ko": re.compile(r"아니|아뇨|아냐|잠깐|정정|아참|그냥|차라리"),
}
"""Words between two values of one slot that make the later one the meant one ("white no wait black",
"두 개 아니 세 개", "black no gray oh just black", "검정 아니 회색 아 그냥 검정으로"): the first was kept,
and a customer's corrected colour was stored wrong."""


_CHOICE = {"en": re.compile(r"\b(or|either)\b"), "ko": re.compile(r"이나|거나|아니면|또는|혹은")}
"""Words between two values of the slot asked for that leave the choice open ("honey, do you want the pink
one or the blue one?" at the colour question: pink was taken)."""
_COMPARED = {
    "en": re.compile(r"\b(difference|differences|differ|compare|compared|comparison|vs|versus)\b"),
    "ko": re.compile(r"차이|비교|다른 ?점|뭐가 달라|뭐가 다르"),
}
"""Two values compared ("whats the difference between black and white", "검정이랑 흰색 차이가 뭐예요"):
neither chosen (black was taken)."""


_FOR_SOMEONE = re.compile(r"\s+(?:is |of them )?for (?:my|his|her|our|their|him|me|the)\b")
"""Words after a count that make it one person's share of the count said before ("two of them, one for my
brother")."""


DAY_AFTER = {
    "en": re.compile(r"\b(?:the )?day after\b(?! tomorrow)"),
    "ko": re.compile(r"(?:그 ?)?다음 ?날"),
}
"""The day after the one just turned down ("not tomorrow, the day after", "내일 말고 그 다음날")."""
_PREFERRED_AFTER = {
    "en": re.compile(
        r"\s*(?:if (?:possible|you can|it's possible|its possible|that works|you have (?:it|one|any))"
        r"|(?:is |would be |works )?(?:preferred|better|best|ideal)|ideally|preferably|by preference)\b"
    ),
    "ko": re.compile(r"(?:이면|면|이|가|로|으로|에)?\s*(?:더 |제일 |가장 )?(?:좋|선호|원해|편해|편하)"),
}
PREFERS = {
    "en": re.compile(
        r"\b(?:if (?:possible|you can)|ideally|preferably|preferred|would be better|is better)\b"
    ),
    "ko": re.compile(r"가능하면|가능하다면|되도록|웬만하면|가급적|이왕이면|좋겠|더 좋"),
}
"""Words that make a day said after others the one preferred ("…this weekend, sunday if possible")."""
_PREFERRED_BEFORE = {
    "en": re.compile(
        r"\b(?:preferably|ideally|prefer|i'd rather|id rather|rather|best is|best would be)\s+(?:on\s+)?$"
    ),
    "ko": re.compile(r"(?:가능하면|가능하다면|되도록|될 수 있으면|웬만하면|가급적|이왕이면|되도록이면)\s*$"),
}
"""Words that make one of the days said the one wanted ("this weekend, sunday if possible", "saturday or
sunday, sunday preferred", "주말로요 가능하면 일요일", "토요일이나 일요일 일요일이면 더 좋고요"): Saturday,
said first, was booked."""


@dataclass(frozen=True)
class DaysSaid:
    """The days a booking request turns down (``NOT_DATE``'s value) and the one it prefers, if any."""

    refused: str | None
    preferred: str | None
    earliest: str | None = None
    """The earliest time the customer can come (``NOT_BEFORE``), if said."""
    latest: str | None = None
    """The latest time the customer can come (``NOT_AFTER``), if said."""
    fallback: str | None = None
    """The time to take when the one asked for is not free (``OR_TIME``), if said."""


NOT_BEFORE = "not_before"
"""Slot of the earliest time a customer can come ("not before 2pm", "2시 이후로요"), ``HH:MM``: no free time
before it is offered or taken."""
NOT_AFTER = "not_after"
"""Slot of the latest time a customer can come ("anything earlier that day?"), ``HH:MM``."""
_NOT_BEFORE_WORDS = {
    "en": re.compile(
        r"\b(?:not before|no earlier than|not earlier than"
        r"|(?:(?:what (?:do you have|have you got|is there|is free|s free)|do you have|have you got"
        r"|is there)\s+)?"
        r"(?:any ?time |only |anything |something |sometime |any (?:times?|slots?|openings?) )?after"
        r"|(?:(?:i'm |im |i am )?(?:free |available |around |here )|any ?time )from)\s+$"
    ),
    "ko": re.compile(r"(?:\s*(?:이후|넘어서|지나서|부터)[가-힣]*)"),
}
"""Words that make a time the earliest one ("not before 2pm", "anytime after 3", "2시 이후로"): said before it
in English, after it in Korean."""
_NOT_AFTER_WORDS = {
    "en": re.compile(
        r"\b(?:no later than|not later than|(?:sometime |any ?time |anything |something |only |just )?"
        r"(?<!not )before)\s+$"
    ),
    "ko": re.compile(r"(?:\s*(?:전에|전으로|전까지|이전|까지)[가-힣]*)"),
}
"""Words that make a time the latest one ("sometime before noon", "no later than 3", "두시 전에"): before a
time said with "before" or "전" is no time to take, the one before it is the latest."""
_UP_TO = re.compile(r"no later than|not later than|까지")
"""Of those, the words that take the time itself ("no later than 3": 3 PM is fine)."""


@dataclass(frozen=True)
class TimeBounds:
    """The earliest and latest times a booking request allows, where they are said and the time spans read
    as them (no time to book)."""

    earliest: str | None
    latest: str | None
    spans: tuple[tuple[str, SlotValue, int, int], ...]
    said: tuple[int, int]

    @property
    def values(self) -> dict[str, SlotValue]:
        """The bounds as slots (``NOT_BEFORE``, ``NOT_AFTER``)."""
        pairs = ((NOT_BEFORE, self.earliest), (NOT_AFTER, self.latest))
        return {slot: at for slot, at in pairs if at is not None}


def _minute_before(at: str) -> str:
    hour, minute = divmod(int(at[:2]) * 60 + int(at[3:5]) - 1, 60)
    return f"{hour % 24:02d}:{minute:02d}"


def _bound(text: str, lang: str, spans: list[tuple[str, SlotValue, int, int]]) -> TimeBounds | None:
    """The times said as the earliest and latest ones ("between 1 and 3", "not before 2pm", "before noon");
    ``None`` when there are none."""
    window = _window(text, lang)
    if window is not None:
        earliest, latest, start, end = window
        inside = tuple(s for s in spans if s[0] == "time" and start <= s[2] and s[3] <= end)
        return TimeBounds(earliest, _minute_before(latest), inside, (start, end))
    for slot, table in ((NOT_BEFORE, _NOT_BEFORE_WORDS), (NOT_AFTER, _NOT_AFTER_WORDS)):
        words = table.get(lang)
        for span in spans:
            name, value, start, end = span
            if words is None or name != "time":
                continue
            said = words.match(text, end) if lang == "ko" else words.search(text, 0, start)
            if said is None:
                continue
            at, where = str(value), (min(start, said.start()), max(end, said.end()))
            cant = _CANT_BEFORE.get(lang)
            after = _CANT_AFTER[lang].match(text, where[1])
            before = cant.search(text, 0, where[0]) if cant is not None else None
            if after is not None or before is not None:
                # "i cant do weekdays before 6", "after 5 doesn't work", "여섯시 전에는 안 돼요": the other
                # side
                where = (before.start() if before else where[0], after.end() if after else where[1])
                return (
                    TimeBounds(at, None, (span,), where)
                    if slot == NOT_AFTER
                    else TimeBounds(None, at, (span,), where)
                )
            if slot == NOT_AFTER and not _UP_TO.search(said.group()):  # "before noon": 11:59 at the latest
                at = _minute_before(at)
            if slot == NOT_BEFORE:
                return TimeBounds(at, None, (span,), where)
            return TimeBounds(None, at, (span,), where)
    return None


_CANT_BEFORE = {
    "en": re.compile(
        r"\b(?:can't|cant|cannot|can not|couldn't|won't be able to|not able to|unable to|busy|at work"
        r"|working)"
        r"(?:\s+\w+){0,3}\s*$"
    ),
}
_CANT_AFTER = {
    "en": re.compile(
        r"\s*(?:(?:doesn't|doesnt|does not|don't|dont|won't|wont) work"
        r"|(?:is|are|'s|s) (?:no good|bad|out|impossible))\b"
    ),
    "ko": re.compile(r"\s*(?:는|은)?\s*(?:안 ?돼|안 ?되|힘들|어렵|어려워|못 ?가|못 ?와|불가)[가-힣]*"),
}
"""Words that make a bound said the times the customer cannot come ("i cant do weekdays before 6": 6 PM is
the earliest; "6시 이후는 안 돼요": 6 PM the latest), before it in English, after it in both languages."""


@cache
def _window_pattern(lang: str) -> re.Pattern[str]:
    at = time_pattern(lang)
    if lang == "ko":
        return re.compile(rf"(?<![가-힣])({at})\s*(?:에서|부터|~|-)?\s*({at})\s*(?:사이|까지)[가-힣]*")
    return re.compile(
        rf"\b(?:between\s+({at})\s+(?:and|to|till|until|-)|(?:(?:free|available|open|here|around)\s+)from\s+"
        rf"({at})\s+(?:to|till|until|-)|from\s+({at})\s+(?:till|until)|({at})\s?-)"
        rf"\s?({at})(?!\s*(?:minutes?|hours?|days?|weeks?|months?|people|of us))"
    )


def time_window_span(text: str, lang: str) -> tuple[int, int] | None:
    """Where ``text`` says a span of time with its two ends ("between 1 and 3"), if it does."""
    window = _window(text, lang)
    return None if window is None else window[2:]


def _window(text: str, lang: str) -> tuple[str, str, int, int] | None:
    """A span of time said with its two ends ("between 1 and 3", "free from 2 to 4pm", "1-3pm", "한시에서 세시
    사이", "2시부터 4시까지"; "from 3 to 4" alone is a move): (earliest, end, start, stop) as ``HH:MM`` and
    offsets; ``None`` when there is none or
    it ends before it starts."""
    if lang not in ("en", "ko"):
        return None
    for found in _window_pattern(lang).finditer(text):
        first, second = [g for g in found.groups() if g is not None][:2]
        begin, end = parse_time(first, lang), parse_time(second, lang)
        period = re.search(r"[ap]\s?m$", second) if lang == "en" else None
        if period is not None and begin is not None and not re.search(r"[ap]\s?m$|noon|:", first):
            shared = parse_time(f"{first} {period.group().replace(' ', '')}", lang)  # "between 1 and 3pm"
            begin = shared if shared is not None and end is not None and shared < end else begin
        if begin is None or end is None or end <= begin:
            continue
        return begin.strftime("%H:%M"), end.strftime("%H:%M"), found.start(), found.end()
    return None


BOOKING_DAYS = frozenset({I.BOOKING_CREATE, I.BOOKING_CHANGE})
"""Requests that take a day and a time: what turns a day down or bounds the time is read for them."""


KEEP_DAY = "keep_day"
"""Slot that keeps the day of a booking being moved ("no just the time" at "which day?"): ``"yes"``."""
NOT_DATE = "not_date"
"""Slot of the days a customer turned down ("anything but today", "오늘 말고요"), ISO dates spaced: the
first free time is never looked for on them ("earliest you have" after "anything but today" booked today)."""


_ONLY_NOT = re.compile(
    r"^(?:(?:but|just) )?not$|^(?:anything|any day|any time) but$|^(?:except|other than|apart from)$"
    r"|^(?:은|는|이|가|을|를)?\s*(?:말고|아니고|아니라|아니(?:다|요)?)$"
)
"""Refusing words that say nothing besides the correction ("not white, black", "흰색 말고 검정", "anything but
today"): part of the answer; "i like black more than white" says more."""


_OR_TOO = re.compile(r"\s*(?:,|or|and|nor|or on|이나|나|랑|이랑|하고|와|과)?\s*")
"""What joins two values turned down together ("not monday or tuesday", "월요일이나 화요일은 안 돼요")."""
_JOINED = {
    "en": re.compile(r"\s*(?:or|and|nor|이나|나|랑|이랑|하고|와|과)\s*"),
    "ko": re.compile(r"\s*(?:이나|나|랑|이랑|하고|와|과)?\s+|\s*(?:이나|나|랑|이랑|하고|와|과)\s*"),
}
"""``_OR_TOO`` said as a word: the first of two values turned down by words after the second ("오늘이랑 내일은
말고요", "월요일 화요일은 안되고"; "monday, tuesday is bad" keeps monday)."""


def _refused(
    text: str, spans: list[tuple[str, SlotValue, int, int]], lang: str
) -> dict[tuple[int, int], tuple[int, int]]:
    """The values said as ones to replace or disliked, each with the words that say so ("not white"): the
    words of "not white, black" before "black" are about "white"."""
    found: dict[tuple[int, int], tuple[int, int]] = {}
    last: tuple[str, int, bool] | None = None  # the last value turned down: its slot, end, and if by "or"
    before: tuple[str, int, int] | None = None  # the value said before, when kept: its slot and span
    for name, _, start, end in spans:
        said = replaced(text, start, end) or (turned_down(text, start, end) if name in LOOK_OR_WHEN else None)
        chained = (
            said is None and last is not None and last[0] == name and _OR_TOO.fullmatch(text, last[1], start)
        )
        if chained and last is not None and last[2] and not _JOINED["en"].fullmatch(text, last[1], start):
            chained = False  # "not monday or tuesday, wednesday maybe": wednesday is the one wanted
        if chained:
            said = (start, end)  # "not monday or tuesday": tuesday turned down too (it was booked)
        joined = before is not None and before[0] == name and _JOINED[lang].fullmatch(text, before[2], start)
        if said is not None and said[0] == start and before is not None and joined:
            found[before[1:]] = before[1:]  # "오늘이랑 내일은 말고요", "tuesday and wednesday dont work"
        last = (name, end, bool(chained)) if said is not None else None
        before = (name, start, end) if said is None else None
        inside = [s for other, _, s, _ in spans if other != "soonest"]  # "any day but tuesday"
        if said is not None and not any(said[0] <= s < start for s in inside):
            words = f"{text[said[0] : start]} {text[end : said[1]]}".strip()
            found[(start, end)] = said if _ONLY_NOT.match(words) else (start, end)
    return found


_KEPT_BEFORE = re.compile(
    r"\b(?:still (?:want|need|like)|(?:i'll|ill|i will|i'd|id|i) (?:keep|hang on to)|keep|keeping"
    r"|except(?: for)?|apart from|other than|but not)\s+(?:the\s+|my\s+)?(?:\w+\s+)?$"
)
_KEPT_AFTER = re.compile(
    r"(?:은|는|을|를)?\s*"
    r"(?:남겨|남기고|(?:그냥 |그대로 )?두(?:시)?고|놔두(?:시)?고|놔둘|계속 쓸|필요해요|있어야"
    r"|빼고 (?:나머지|다|전부|모두))"
)
"""Words that keep a value ("just the case actually, i still want the tshirts" at a cancellation: the
t-shirts were taken off as if corrected to; "티셔츠는 (그냥) 두고 케이스만 빼주세요"), before it in English,
after it in Korean."""


_KEPT_AS_IS_AFTER = {
    "en": re.compile(
        r"\s+(?:one\s+|ones\s+)?(?:is|are|'s|s)\s+(?:fine|ok|okay|good|alright|all right|staying|perfect)\b"
        r"|\s+(?:one\s+|ones\s+)?stays?\b"
    ),
    "ko": re.compile(
        r"(?:\s+\S*(?:개|장|벌|켤레|대|하나|둘|둘 다))?(?:은|는|도)?\s*"
        r"(?:괜찮|그대로|두고|둘게|놔두|냅두|유지)"
    ),
}
_KEPT_AS_IS_BEFORE = {"en": re.compile(r"\b(?:keep|leave)\s+(?:the\s+|my\s+)?$")}
_KEEP_WORD = re.compile(r"\b(?:keep|leave)\b")
"""Words that say an item, or the look of one, stays as it is ("the shirts are fine", "the blue one is fine",
"keep the shirts", "티셔츠는 괜찮고", "파란색은 놔두고"): another one said is the one changed."""


def may_keep(text: str, lang: str) -> bool:
    """Whether normalized ``text`` has words that ``kept_as_is`` looks for (a cheap test before finding
    its values)."""
    after = _KEPT_AS_IS_AFTER.get(lang)
    return after is not None and (after.search(text) is not None or _KEEP_WORD.search(text) is not None)


def kept_as_is(text: str, lang: str, start: int, end: int) -> bool:
    """Whether the value at ``text[start:end]`` (normalized) is said as one that stays as it is."""
    after, before = _KEPT_AS_IS_AFTER.get(lang), _KEPT_AS_IS_BEFORE.get(lang)
    return bool((after is not None and after.match(text, end)) or (before and before.search(text, 0, start)))


_FALLBACK_BEFORE = {
    "en": re.compile(r"\b(?:if not|otherwise|or else|failing that)\b"),
    "ko": re.compile(r"안 ?되면|안 ?될 ?경우|없으면"),
}
_FALLBACK_AFTER = {
    "en": re.compile(r"\s+(?:if not|if (?:that's|thats|it's|its) (?:not|taken|full|booked)|otherwise)\b"),
}
"""Words that make a second value a fallback for the first ("2pm, or 2:30 if not", "두시로요 안되면 두시반"):
the first is the one asked for."""


_OR_THE_DAY_AFTER = {"en": re.compile(r"\bor (?:the )?day after\b"), "ko": re.compile(r"(?<=나) 모레")}
"""A second day offered as just as good ("tomorrow or the day after"): the first is taken."""


def without_fallbacks(
    text: str, lang: str, spans: list[tuple[str, SlotValue, int, int]]
) -> list[tuple[str, SlotValue, int, int]]:
    """``spans`` without the values said as a fallback for one of their slot said before them."""
    before, after = _FALLBACK_BEFORE.get(lang), _FALLBACK_AFTER.get(lang)
    kept: list[tuple[str, SlotValue, int, int]] = []
    ends: dict[str, int] = {}  # where the last value of each slot kept ends
    for span in spans:
        name, _, start, end = span
        said_after = name in ends and before is not None and before.search(text, ends[name], start)
        if said_after or (name in ends and after is not None and after.match(text, end)):
            continue
        ends[name] = end
        kept.append(span)
    return kept


OR_TIME = "or_time"
"""Slot of the time said as a fallback ("noon, or 1 if not", "열두시요 안되면 한시로"), ``HH:MM``: taken when
the time asked for is not free (it was dropped, and the customer asked again)."""


_BARE_FALLBACK = {
    "en": re.compile(
        r"\bor\s+(?:at\s+)?(?P<a>[0-9]{1,2}(?::[0-5][0-9])?|one|two|three|four|five|six|seven|eight|nine|ten"
        r"|eleven|twelve)\s+(?:if not|if (?:that's|thats|it's|its) (?:not|taken|full|booked)|otherwise)\b"
        r"|\b(?:if not|otherwise|or else)[\s,]+(?:then\s+)?(?:at\s+)?"
        r"(?P<b>[0-9]{1,2}(?::[0-5][0-9])?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)$"
    ),
}
"""A bare hour said as the fallback ("noon, or 1 if not", "2pm, otherwise 3"): no time to the NLU."""


def fallback_time(text: str, lang: str, spans: list[tuple[str, SlotValue, int, int]]) -> str | None:
    """The time ``without_fallbacks`` leaves out of ``spans`` as a fallback for the one before it, or a bare
    hour said as one; ``None`` when there is none."""
    kept = without_fallbacks(text, lang, spans)
    dropped = next((str(v) for n, v, s, e in spans if n == "time" and (n, v, s, e) not in kept), None)
    bare = _BARE_FALLBACK.get(lang)
    said = bare.search(text) if bare is not None and dropped is None else None
    hour = parse_time(said["a"] or said["b"], lang) if said is not None else None
    return dropped or (hour.strftime("%H:%M") if hour is not None else None)


def _fallback_words(
    text: str,
    lang: str,
    spans: list[tuple[str, SlotValue, int, int]],
    kept: list[tuple[str, SlotValue, int, int]],
) -> list[tuple[int, int]]:
    """Where the fallbacks ``without_fallbacks`` left out of ``spans`` are said, with their words ("…, or 1
    if not"): part of the answer, no words besides it."""
    after = _FALLBACK_AFTER.get(lang)
    said: list[tuple[int, int]] = []
    for name, _, start, end in (span for span in spans if span not in kept):
        first = max((e for n, _, _, e in kept if n == name and e <= start), default=start)
        tail = after.match(text, end) if after is not None else None
        said.append((first, tail.end() if tail is not None else end))
    return said


def _kept(text: str, start: int, end: int) -> bool:
    """Whether the value at ``text[start:end]`` is said as one kept."""
    return _KEPT_BEFORE.search(text, 0, start) is not None or _KEPT_AFTER.match(text, end) is not None


def _kept_apart(
    text: str, spans: list[tuple[str, SlotValue, int, int]], undone: bool
) -> set[tuple[int, int]]:
    """The values said as kept that are not the answer: all of them when the request ``undone`` undoes
    what is named ("티셔츠는 놔두고 케이스만 취소해 주세요", "yes but keep the case"), else those beside
    another value of their slot."""
    said = {(start, end) for _, _, start, end in spans if _kept(text, start, end)}
    return {
        (start, end)
        for name, _, start, end in spans
        if (start, end) in said and (undone or any(n == name and (s, e) not in said for n, _, s, e in spans))
    }


def _refuses(text: str, start: int, end: int) -> bool:
    """Whether the value of a look or a day at ``text[start:end]`` is said as one not wanted."""
    return is_replaced(text, start, end) or turned_down(text, start, end) is not None


_REFERENCE = {
    "en": re.compile(r"\b(?:after|before)\s+(?:the|my|our|that)\s+$"),
    "ko": re.compile(r"\s*(?:끝나고|끝난 ?다음|다음에|하고 나서|후에|뒤에|바로 다음|전에)"),
}


def _as_a_reference(text: str, start: int, end: int, lang: str) -> bool:
    """Whether the service at ``text[start:end]`` is said as the time of another ("right after the repair",
    "수리 끝나고 바로"), not as the one asked for."""
    pattern = _REFERENCE.get(lang)
    if pattern is None:
        return False
    return (pattern.match(text, end) if lang == "ko" else pattern.search(text, 0, start)) is not None


_BARE_COUNT = re.compile(
    r"(?:[0-9]{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|하나|둘|셋|넷|다섯)(?:요|이요)?"
)
"""A number alone, no record named by it ("three", "셋")."""


_ONE_OF = re.compile(r"\b(?:that|this|the|which|other|same|first|second|last|new|old|right|wrong)\s+$")


def _pronoun_one(text: str, start: int, end: int, spans: list[tuple[str, SlotValue, int, int]]) -> bool:
    """Whether the "one" at ``text[start:end]`` stands for a thing ("that one", "the blue one"), no count."""
    if text[start:end] != "one" or len(re.findall(r"\bone\b", text)) > 1:
        return False  # "the pink one or the blue one?": a choice, asked again
    return _ONE_OF.search(text, 0, start) is not None or any(
        e == start - 1 and n != "quantity" for n, _, _, e in spans
    )


def _corrects(between: str, lang: str) -> bool:
    pattern = _CORRECTION.get(lang)
    return pattern is not None and pattern.search(between) is not None


@dataclass(frozen=True)
class Answer:
    """The utterance read against the pending question."""

    values: dict[str, SlotValue] = field(default_factory=dict)
    """Values of the pending request's slots found in it: the one asked for and any corrections."""
    whole: bool = False
    """Nothing else was said: only those values, around words that carry nothing ("make it", "please")."""
    extra: int = 0
    """How many other words were said besides the values and such words ("what's two plus two": 3)."""
    dont_know: bool = False
    """The customer said they do not know ("I don't know my order number")."""
    decline: bool = False
    """The customer would rather not answer a declinable question ("no phone")."""
    wait: bool = False
    """The customer asks for a moment ("hold on", "잠깐만요"): nothing else was said."""


@dataclass(frozen=True)
class _Words:
    filler: frozenset[str]
    dont_know: tuple[str, ...]
    decline: frozenset[str]
    wait: frozenset[str]
    yes: frozenset[str]
    no: frozenset[str]
    asking: frozenset[str]
    agree: frozenset[str]
    unsure: tuple[str, ...]
    but: tuple[str, ...]


@cache
def _words() -> dict[str, _Words]:
    """The word lists of ``answers.yaml``, normalized as utterances are ("ㅇㅇ" is NFKC'd)."""
    text = files("assistant.data").joinpath("answers.yaml").read_text(encoding="utf-8")
    data: dict[str, dict[str, list[object]]] = parse_yaml(text)

    def words(table: dict[str, list[object]], key: str) -> frozenset[str]:
        return frozenset(normalize(_word(w, key)) for w in table[key])

    return {
        lang: _Words(
            words(table, "filler"),
            tuple(normalize(str(w)) for w in table["dont_know"]),
            words(table, "decline"),
            words(table, "wait"),
            words(table, "affirm"),
            words(table, "negate"),
            words(table, "asking"),
            words(table, "agree"),
            tuple(sorted(words(table, "unsure"))),
            tuple(sorted(words(table, "but"))),
        )
        for lang, table in data.items()
    }


def _word(word: object, key: str) -> str:
    """``word`` of list ``key`` of answers.yaml, which must be a string: an unquoted yes, no or on is
    read by YAML as a boolean ("no" was no filler word but "false")."""
    if not isinstance(word, str):
        raise ValueError(f"assistant/data/answers.yaml: {key}: {word!r} is no word (quote it)")
    return word


def _records_first(spans: list[tuple[str, SlotValue, int, int]]) -> list[tuple[str, SlotValue, int, int]]:
    """``spans`` without the other readings of an order or booking number ("switch order 4822 to size
    large" is no quantity of 4822: the change asked about 4822 t-shirts)."""
    records = [(start, end) for name, _, start, end in spans if name in RECORDS]
    return [
        span
        for span in spans
        if span[0] in RECORDS or not any(span[2] < end and start < span[3] for start, end in records)
    ]


def _one_word_of(lst: SlotList, text: str, lang: str) -> tuple[SlotValue, int, int] | None:
    """The value of ``lst`` that the one word said in ``text`` belongs to, when it is a word of that value's
    names and of no other's ("battery" of the battery replacement, "배터리" of 배터리 교체)."""
    if not isinstance(lst, ValueList):
        return None
    shortest = 4 if lang == "en" else 2
    hits = []
    for word, values in lst.word_owners(lang).items():
        if len(word) < shortest:
            continue
        after = r"(?:e?s)?(?!\w)" if lang == "en" else r"(?=[은는이가을를도로만요]{0,3}(?![가-힣]))"
        found = re.search(rf"(?<![\w']){re.escape(word)}{after}", text)
        if found is not None and len(values) == 1:
            hits.append((next(iter(values)), found.start(), found.end()))
    return hits[0] if len({value for value, _, _ in hits}) == 1 else None


class AnswerReader:
    """Reads utterances against questions, with the NLU's entity finders and the shared slot lists."""

    def __init__(self, nlu: Nlu, lists: Mapping[str, SlotList]) -> None:
        self._nlu = nlu
        self._lists = lists

    def slot_spans(self, text: str, lang: str, intent: str) -> list[tuple[str, SlotValue, int, int]]:
        """Where values of ``intent``'s slots are in ``text`` (the NLU's, an order or booking number
        read as nothing else)."""
        return _records_first(self._nlu.slot_spans(text, lang, intent))

    def ordered(self, text: str, lang: str, details: Collection[str]) -> dict[str, SlotValue] | None:
        """The order normalized ``text`` makes when it is a product with some of ``details`` and nothing else
        ("running shoes size 260 black", "two black M t-shirts"); ``None`` otherwise."""
        answer = self.read(text, lang, I.ORDER_PLACE, None)
        if not answer.whole or "product" not in answer.values or not answer.values.keys() & set(details):
            return None
        return dict(answer.values)

    def goods(self, text: str, lang: str) -> str | None:
        """The goods normalized ``text`` names, as said ("earbuds", "노트북"): a product of the catalog or
        goods the shop does not sell; ``None`` when it names none."""
        for name, _, start, end in self.slot_spans(text, lang, I.PRODUCT_INFO):
            if name == "product":
                return text[start:end]
        not_sold = self._nlu.find_slots(text, lang, I.PRODUCT_INFO).get("not_sold")
        return str(not_sold) if not_sold else None

    def broken_part(self, text: str, lang: str) -> SlotValue | None:
        """The service that mends the broken part ``text`` names ("화면 깨졌는데": the screen repair), from
        the booking skill's ``broken`` list; ``None`` when it names none."""
        return next(iter(self._nlu.values(text, lang, "broken")), None)

    def days_said(self, text: str, lang: str, intent: str) -> DaysSaid:
        """The days normalized ``text`` turns down ("book a repair, anything but today") and the one it
        prefers of two or more ("this weekend, sunday if possible")."""
        spans = _records_first(self._nlu.slot_spans(text, lang, intent))
        refused = _refused(text, spans, lang)
        days = [(str(v), s, e) for n, v, s, e in spans if n == "date"]
        turned_down = " ".join(v for v, s, e in days if (s, e) in refused) or None
        bound = _bound(text, lang, spans)
        from_ = bound.earliest if bound is not None else None
        to = bound.latest if bound is not None else None
        after, before = _PREFERRED_AFTER.get(lang), _PREFERRED_BEFORE.get(lang)
        fallback = fallback_time(text, lang, spans)
        if after is None or before is None or len(days) < 2:
            return DaysSaid(turned_down, None, from_, to, fallback)
        wanted = [v for v, s, e in days if after.match(text, e) or before.search(text, 0, s)]
        return DaysSaid(turned_down, wanted[0] if len(set(wanted)) == 1 else None, from_, to, fallback)

    def read(
        self,
        text: str,
        lang: str,
        intent: str,
        expected: str | None,
        known: Mapping[str, SlotValue] | Iterable[str] = (),
    ) -> Answer:
        """Read normalized ``text`` as an answer about request ``intent``, asked for slot ``expected``
        (``None`` at a yes-or-no question); ``known`` are the slots the request holds already (a
        correction may change any of them, even one its templates do not name, such as the delivery)."""
        words = _words().get(lang)
        if words is None or not text:
            return Answer()
        if text in words.wait:
            return Answer(wait=True)
        if expected not in (None, "quantity"):
            text = ALL_OF_THEM.sub("", text) or text  # "둘 다 엠" at the size question: M, not two
        dont_know = any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text) for p in words.dont_know)
        decline = expected in DECLINABLE and self._is_decline(text, lang, words)
        env = self._nlu.env(lang)
        every = _records_first(self._nlu.slot_spans(text, lang, intent))
        spans = without_fallbacks(text, lang, every)
        fallback = fallback_time(text, lang, every) if intent in BOOKING_DAYS else None
        current = known if isinstance(known, Mapping) else {}
        ends: dict[str, int] = {}
        refused = _refused(text, spans, lang)
        bound = _bound(text, lang, spans) if intent in BOOKING_DAYS else None
        if bound is not None:  # "not before 2pm" at "what time?": the times from 2 PM, asked
            within = [s for s in spans if bound.said[0] <= s[2] and s[3] <= bound.said[1]]  # "사이" is no 42
            spans = [span for span in spans if span not in bound.spans and span not in within]
        kept = _kept_apart(text, spans, intent in I.UNDOING)
        values: dict[str, SlotValue] = bound.values if bound is not None else {}
        values.update({OR_TIME: fallback} if fallback is not None else {})  # "noon, or 1 if not"
        heard_said: dict[str, list[SlotValue]] = {}
        open_choice: set[str] = set()
        either: list[tuple[int, int]] = []  # days said as either one ("saturday or sunday")
        turned_down: list[SlotValue] = []
        for name, value, start, end in spans:
            if (start, end) in refused:  # "흰색 말고 검정으로", "not white, black": not that one
                turned_down += [value] if name == "date" else []
                continue
            if name == "quantity" and _AFTER_MODEL.search(text[:start]):  # "아이폰 15 거요": no 15 cases
                continue
            if name == "service" and _as_a_reference(text, start, end, lang):
                continue  # "right after the repair" at the device setup's time: no second repair
            if name in ("quantity", "old_quantity") and _pronoun_one(text, start, end, spans):
                continue  # "that one", "the blue one": which, not how many (3 cases became 1)
            if name == "daypart" and value == "greeting":  # "good evening": no part of the day
                continue
            if (start, end) in kept:  # "just the case, i still want the tshirts": not the one undone
                continue
            if name == "quantity" and name in values and _FOR_SOMEONE.match(text, end):
                continue  # "two of them actually, one for my brother": two (one was stored)
            heard_said.setdefault(name, []).append(value)
            if name in open_choice:
                open_choice.discard(name)  # "gray or navy... navy": chosen after all
            elif (
                name in ends
                and values[name] != value
                and (_CHOICE[lang].search(text[ends[name] : start]) or _COMPARED[lang].search(text))
            ):
                if name == "date" and intent in BOOKING_DAYS:  # "saturday or sunday": either, the first
                    either.append((ends[name], end))
                    continue
                open_choice.add(name)  # "the pink one or the blue one": neither yet
            corrects = name in ends and _corrects(text[ends[name] : start], lang)  # "white no wait black"
            changes = name in values and values[name] == current.get(name) and value != current.get(name)
            if name not in values or corrects or changes:  # "화면 수리 말고 배터리 교체요"
                values[name], ends[name] = value, end
        if turned_down and ("date" not in values or values["date"] in turned_down):
            # "anything but today": no first free time today; "next week but not monday": its tuesday
            values[NOT_DATE] = " ".join(str(day) for day in turned_down)
        for name, values_said in heard_said.items():  # "uh medium i guess, maybe large. large.": large
            if len(values_said) >= 3 and values_said[-1] == values_said[-2] != values[name]:
                values[name] = values_said[-1]
        for name in open_choice & {expected} - {None}:
            del values[name]  # asked again
        covered = [refused.get((start, end), (start, end)) for _, _, start, end in spans]
        covered += (
            ([] if bound is None else [bound.said]) + _fallback_words(text, lang, every, spans) + either
        )
        other_day = _OR_THE_DAY_AFTER.get(lang)
        second = other_day.search(text) if other_day is not None and "date" in values else None
        covered += [second.span()] if second is not None else []  # "tomorrow or the day after": either
        after = DAY_AFTER[lang].search(text) if turned_down and "date" not in values else None
        if after is not None:  # "not tomorrow, the day after": the day after the one turned down
            values["date"] = (date.fromisoformat(str(turned_down[-1])) + timedelta(days=1)).isoformat()
            covered.append(after.span())
        later = self._hour_taken_back(text, lang, ends["time"], covered) if "time" in ends else None
        if later is not None:  # "ten thirty no wait eleven": eleven (10:30 was booked)
            values["time"], span = later
            covered.append(span)
        for name in known:
            shared = self._lists.get(name) if name not in self._nlu.slot_names(lang, intent) else None
            hit = shared.find(text, env) if shared is not None else None
            if hit is not None and not any(hit.start < end and start < hit.end for start, end in covered):
                values[name] = hit.value
                covered.append((hit.start, hit.end))
        bare_hour = expected != "time" and "time" not in values
        hour = self._bare_hour(text, lang, intent, current, covered) if bare_hour else None
        if hour is not None:  # "make it 3 instead" when the booking is at 2
            values["time"], span = hour
            covered.append(span)
        if expected is not None:
            lst = self._list_for(lang, intent, expected)
            whole_value = self._whole_value(text, lang, lst, words) if lst is not None else None
            if whole_value is not None:  # "260" at a size question is the size, not also a quantity
                return Answer({expected: whole_value}, True, 0, dont_know, False)
            if lst is not None and expected not in values and expected not in open_choice:
                found = lst.find(text, env)
                inside = found is not None and any(a <= found.start < b for a, b in covered)
                if found is not None and not inside and not is_replaced(text, found.start, found.end):
                    values[expected] = found.value
                    covered.append((found.start, found.end))
            decline = decline and expected not in values  # "공일공에 … 팔팔팔팔 아니 팔팔팔구": a number
        service = self._nlu.slot_list(lang, intent, "service")
        if (expected == "service" or "service" in known) and "service" not in values and service is not None:
            word = _one_word_of(service, text, lang) if len(text.split()) <= 2 else None
            if word is not None:  # "battery", "배터리요" at "which service?": the battery replacement
                values["service"] = word[0]
                covered.append(word[1:])
        if expected not in DECLINABLE and any(name in DECLINABLE for name in known):
            # "아 그냥 전화번호 없이 할게요" at a confirmation; "no phone" said before the phone is asked
            named = self._is_decline(text, lang, words, explicit=True)
            said = [name for name in DECLINABLE if name in known and named]
            values.update((name, NONE) for name in said)
            if said:  # whole, unless the question asked for something else not said
                return Answer(values, expected is None or expected in values, 0, dont_know, decline)
        extra = sum(not _is_filler(token, lang, words) for token in _without(text, covered).split())
        preferred = self.days_said(text, lang, intent).preferred if "date" in values else None
        if preferred is not None and intent in BOOKING_DAYS:  # "this weekend, sunday if possible": sunday
            values["date"] = preferred
        if expected is None and RECORDS & values.keys() and _BARE_COUNT.fullmatch(text):
            return Answer()  # "three" at "shall I cancel booking 1?": no booking 3 (nor a yes)
        return Answer(values, bool(values) and extra == 0, extra, dont_know, decline)

    def _bare_hour(
        self,
        text: str,
        lang: str,
        intent: str,
        known: Mapping[str, SlotValue],
        covered: list[tuple[int, int]],
    ) -> tuple[SlotValue, tuple[int, int]] | None:
        """A bare number read as the new hour of a request that has a time already and no numbers of its
        own ("make it 3 instead" for a booking at 2); ``None`` otherwise."""
        times, numbers = self._lists.get("time"), self._lists.get("number")
        if "time" not in known or times is None or numbers is None:
            return None
        lists = (self._nlu.slot_list(lang, intent, name) for name in self._nlu.slot_names(lang, intent))
        if any(lst is not None and lst.kind == "number" for lst in lists):
            return None
        env = self._nlu.env(lang)
        for hit in numbers.find_all(text, env):
            if any(hit.start < end and start < hit.end for start, end in covered):
                continue
            value = times.parse(text[hit.start : hit.end], env)
            if value is not None:
                return value, (hit.start, hit.end)
        return None

    def _hour_taken_back(
        self, text: str, lang: str, end: int, covered: list[tuple[int, int]]
    ) -> tuple[SlotValue, tuple[int, int]] | None:
        """A bare number after words that take back the time said before ``end`` ("ten thirty no wait
        eleven", "10:30 no sorry 11"): the hour meant; ``None`` otherwise."""
        times, numbers, correction = self._lists.get("time"), self._lists.get("number"), _CORRECTION.get(lang)
        said = correction.search(text, end) if correction is not None else None
        if times is None or numbers is None or said is None:
            return None
        env = self._nlu.env(lang)
        for hit in numbers.find_all(text[said.end() :], env):
            start, stop = said.end() + hit.start, said.end() + hit.end
            if any(start < e and s < stop for s, e in covered):
                continue
            value = times.parse(text[start:stop], env)
            if value is not None:
                return value, (start, stop)
        return None

    def turns_down(self, text: str, lang: str, intent: str, expected: str) -> bool:
        """Whether normalized ``text`` only turns down a value of slot ``expected`` ("not black" at the
        colour question), which is no answer and no "no" to the request (the earbuds were dropped)."""
        lst = self._list_for(lang, intent, expected)
        found = lst.find(text, self._nlu.env(lang)) if lst is not None else None
        return found is not None and _refuses(text, found.start, found.end)

    def _list_for(self, lang: str, intent: str, expected: str) -> SlotList | None:
        """The list the values of slot ``expected`` of ``intent`` come from."""
        return (
            self._nlu.slot_list(lang, intent, expected)
            or self._lists.get(expected)
            or self._nlu.list_named(lang, expected)  # a skill's list no template uses ("aspect")
        )

    def _whole_value(self, text: str, lang: str, lst: SlotList, words: _Words) -> SlotValue | None:
        """The value when the whole utterance, less filler words, is one value of ``lst`` — or, for a
        closed list, one of its value ids said as such ("M", "XL" at a size question)."""
        env = self._nlu.env(lang)
        found = lst.find(text, env)
        if found is not None and _refuses(text, found.start, found.end):
            return None  # "not black" at the colour question: any colour but that one
        for candidate in (text, _strip_filler(text, lang, words)):
            if candidate:
                value = lst.parse(candidate, env)
                if value is None and isinstance(lst, ValueList):
                    ids = {str(v).lower(): v for pairs in lst.by_lang.values() for _, v in pairs}
                    value = ids.get(candidate.replace(" ", ""))
                if value is not None:
                    return value
        return None

    @staticmethod
    def is_wait(text: str, lang: str) -> bool:
        """Whether ``text`` (normalized) only asks for a moment ("wait", "hold on", "잠깐만요")."""
        words = _words().get(lang)
        return words is not None and (text in words.wait or strip_fillers(text, lang) in words.wait)

    @staticmethod
    def after_wait(text: str, lang: str) -> str | None:
        """The words after an opening "wait" ("wait make that white", "oh wait, thursday", "잠깐만 검정으로");
        ``None`` when ``text`` (normalized) does not open so, or says nothing after it."""
        words = _words().get(lang)
        if words is None:
            return None
        opened = re.match(r"^(?:(?:oh|um|uh|아|어)\s+)?", text)
        rest = text[opened.end() if opened else 0 :]
        for wait in sorted(words.wait, key=len, reverse=True):
            if rest.startswith(f"{wait} ") and rest[len(wait) :].strip():
                return rest[len(wait) :].strip()
        return None

    @staticmethod
    def asks_a_moment(text: str, lang: str) -> bool:
        """Whether ``text`` (normalized) asks for a moment anywhere ("yes but wait", "네 근데 잠깐만요")."""
        words = _words().get(lang)
        return words is not None and any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text) for w in words.wait)

    @staticmethod
    def says_more(text: str, lang: str, at_least: int = 2) -> bool:
        """Whether ``text`` (normalized) goes on after its opening yes with ``at_least`` words that are no
        yes, filler or agreeing word ("sure, I'll meet you at the car": said to someone else)."""
        words = _words().get(lang)
        if words is None:
            return False
        rest = _YES_ANYWAY.sub(" ", text).split()[1:]  # "sure, why not"
        other = [w for w in rest if w not in words.yes and w not in words.agree]
        return sum(not _is_filler(w, lang, words) for w in other) >= at_least

    @staticmethod
    def only_yes(text: str, lang: str) -> bool:
        """Whether ``text`` (normalized) is nothing but plain yes words ("네네", "yes yes", typed "ㅇㅇ")."""
        words = _words().get(lang)
        return words is not None and bool(text.split()) and all(w in words.yes for w in text.split())

    @staticmethod
    def hedged(said: str, lang: str) -> bool:
        """Whether ``said`` (as said, not normalized) takes a yes back or asks instead: a question ("yes?
        what do you mean"; typed "네?" is "pardon?") or a no after the first word ("yeah no", "네네 아
        아니다"; "yes, no problem" is no no)."""
        words = _words().get(lang)
        if words is None:
            return False
        if "?" in said:
            return True
        tokens = _YES_ANYWAY.sub(" ", normalize(said)).split()

        def among(token: str, table: frozenset[str]) -> bool:
            return token in table or (lang == "ko" and any(token.startswith(w) for w in table))

        text = " ".join(tokens)
        if any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text) for w in words.unsure):
            return True  # "ok whatever", "네 뭐 상관없어요": no clear yes to an action
        later = list(itertools.pairwise([*tokens, ""]))[1:]  # each word after the first, with the next
        takes_back = any(among(t, words.no) and f"{t} {after}" not in _NOT_NO for t, after in later)
        return takes_back or any(among(t.split("'")[0], words.asking) for t in tokens)  # "ok where's…"

    @staticmethod
    def with_but(text: str, lang: str) -> bool:
        """Whether ``text`` (normalized) puts a "but", an "if" or a "first" after its first word, with more
        said after it ("sure but can i change the colour first", "yes if it arrives by monday", "네 근데
        오후로 해주세요"): a yes on a condition, which is no yes yet."""
        words = _words().get(lang)
        tokens = text.split()
        if words is None or len(tokens) < 3:
            return False
        rest = " ".join(tokens[1:-1])
        return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", rest) for w in words.but)

    @staticmethod
    def opening(text: str, lang: str) -> str | None:
        """``"yes"`` or ``"no"`` when ``text`` (normalized) opens with a plain yes or no ("yes, cancel it",
        "네 취소해 주세요", "no, that's fine"); ``None`` otherwise ("no problem" is not a no)."""
        words = _words().get(lang)
        tokens = text.split()
        if words is None or not tokens:
            return None
        if tokens[0] in words.yes:
            return "yes"
        if tokens[0] in words.no and " ".join(tokens[:2]) not in _NOT_NO:
            return "no"
        return None

    @staticmethod
    def _is_decline(text: str, lang: str, words: _Words, explicit: bool = False) -> bool:
        """ "No phone", "skip", "전화번호는 없어요": an English word alone must be all that was said
        ("no" yes, "no idea" not); Korean phrases may come with particles and endings around them.
        ``explicit``: only phrases that name what is declined ("no phone", "전화번호 없이"), for questions
        that asked something else (a plain "no" at a confirmation is not "no phone")."""
        if any(ch.isdigit() for ch in text):
            return False
        refusals = evidence(lang)  # "주문 안 할래요" refuses the order itself; "안 할래요" skips the phone
        if any(refusals.refuses(intent, text) for intent in (I.ORDER_PLACE, I.BOOKING_CREATE)):
            return False
        declines = [p for p in words.decline if not explicit or _NAMED.search(p)]
        if text in declines:
            return True
        phrases = declines if lang == "ko" else [p for p in declines if len(p.split()) > 1]
        if lang == "ko":
            return any(p.replace(" ", "") in text.replace(" ", "") for p in phrases)
        return any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text) for p in phrases)


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without ``spans``, each to the end of its word (the 어요 of "오전은 힘들어요" is no word)."""
    kept, last = [], 0
    for start, end in sorted(spans):
        if start >= last:
            kept.append(text[last:start])
        space = text.find(" ", end)
        last = max(last, len(text) if space < 0 else space)  # spans overlap ("2시" in "2시 이후로요")
    kept.append(text[last:])
    return " ".join(" ".join(kept).split())


def _is_filler(token: str, lang: str, words: _Words) -> bool:
    if token in words.filler:
        return True
    return lang == "ko" and (not _KO_ENDINGS.sub("", token) or _KO_ENDINGS.sub("", token) in words.filler)


_NUMBER_WORD = re.compile(
    r"\d+|zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty"
    r"|fifty|sixty|seventy|eighty|ninety|hundred|thousand"
)


def _counts_on(tokens: list[str]) -> bool:
    """Whether the last of ``tokens`` is a number word after another ("four eight two one": the "one" is
    no filler, as in "the black one"; order 482 was looked up)."""
    return len(tokens) > 1 and all(_NUMBER_WORD.fullmatch(t) for t in tokens[-2:])


def _strip_filler(text: str, lang: str, words: _Words) -> str:
    """``text`` without its leading and trailing filler words ("make it three please" → "three")."""
    tokens = text.split()
    while tokens and _is_filler(tokens[0], lang, words):
        tokens.pop(0)
    while tokens and _is_filler(tokens[-1], lang, words) and not _counts_on(tokens):
        tokens.pop()
    if lang == "ko" and tokens:
        tokens[-1] = _KO_ENDINGS.sub("", tokens[-1]) or tokens[-1]
    return " ".join(tokens)
