"""An option picked by its place in the question's list ("the first one" at "free times include 11 AM, 12
PM and 1 PM", "두 번째 거요" at "검은색, 파란색, 분홍색, 은색이 있어요"): the value in that place. It was
read as a date ("the first one" booked 1 January) or not understood."""

from __future__ import annotations

import re

from assistant.dialogue.session import Frame
from assistant.dialogue.understanding import Heard
from assistant.messages import SlotValue
from assistant.nlu.engine import Nlu
from assistant.text import normalize

_EN_PLACES = {
    "first": 0,
    "1st": 0,
    "second": 1,
    "2nd": 1,
    "third": 2,
    "3rd": 2,
    "fourth": 3,
    "4th": 3,
    "last": -1,
}
_KO_PLACES = {
    "첫": 0,
    "첫째": 0,
    "두": 1,
    "둘째": 1,
    "세": 2,
    "셋째": 2,
    "네": 3,
    "넷째": 3,
    "마지막": -1,
    "맨 뒤": -1,
}
_PLACE = {
    "en": re.compile(
        r"(?:(?:um|uh|ok|okay|so|then|yeah|i'll take|i will take|let's do|lets do|let's go with|give me"
        r"|i want|i'd like|i'll go with|go with)\s+)*"
        r"(?:the\s+)?(?P<n>first|1st|second|2nd|third|3rd|fourth|4th|last)"
        r"(?:\s+(?:one|option|time|choice|slot|color|colour|size))?(?:\s+(?:please|then|thanks))?"
    ),
    "ko": re.compile(
        r"(?:그럼\s?|음\s?|아\s?)*(?P<n>첫|첫째|두|둘째|세|셋째|네|넷째|마지막|맨 뒤)\s?(?:번째)?\s?"
        r"(?:거|걸|것|꺼|시간|색|사이즈)?\s?"
        r"(?:요|로|으로|로요|으로요|로 할게요|으로 할게요|할게요|주세요|로 해 주세요|로 해주세요)?"
    ),
}
_ORDINAL_ONLY = {
    "en": re.compile(r"first|second|third|fourth|last|1st|2nd|3rd|4th"),
    "ko": re.compile(r"번째|마지막|맨 뒤"),
}
"""A place said as one: "두 번째" is the second, "네" alone is a yes."""


def place_said(heard: Heard) -> int | None:
    """The place ``heard`` picks an option by ("the second one": 1, "마지막 거요": -1), if that is all it
    says; ``None`` otherwise."""
    place = _PLACE.get(heard.lang)
    said = normalize(heard.transcript.text)
    found = place.fullmatch(said) if place is not None else None
    if found is None or not _ORDINAL_ONLY[heard.lang].search(said):
        return None
    return (_EN_PLACES if heard.lang == "en" else _KO_PLACES)[found.group("n")]


def picked(pending: Frame, heard: Heard, nlu: Nlu) -> dict[str, SlotValue] | None:
    """The value ``heard`` picks by its place among those the pending question listed, as the asked
    slot's answer; ``{}`` when it picks by place and the question listed none of that slot (asked again,
    never read as a date); ``None`` when it picks nothing by place."""
    slot = pending.expect.slot
    if pending.expect.kind != "slot" or slot is None or pending.expect.secret:
        return None
    index = place_said(heard)
    if index is None:
        return None
    question = pending.question
    if question is None:
        return {}
    spans = nlu.slot_spans(normalize(question.text), heard.lang, pending.intent)
    listed = list(dict.fromkeys(value for name, value, _, _ in spans if name == slot))
    if not listed or index >= len(listed):
        return {}
    return {slot: listed[index]}
