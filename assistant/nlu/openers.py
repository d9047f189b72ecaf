"""Openers and hesitations: the words before a request that carry no intent of their own."""

from __future__ import annotations

import re

from assistant.nlu.spelling import REAL_WORDS

FILLERS = {
    "en": re.compile(
        r"^(?:(?:hi|hello|hey|there|excuse me|so|well|oh|ok so|okay so|yeah so|and|also|and also|actually"
        r"|(?:can|could|would|will) you (?:please )?(?:help|assist) me(?: with| to)?"
        r"|(?:please )?(?:help|assist) me(?: with| to)?"
        r"|i (?:need|want|would like|'d like) (?:some )?(?:help|assistance)(?: with| to| in)?"
        r"|i(?:'m| am) trying to)(?:\s+|$))+"
        r"|\b(?:um+|uh+|hmm+|er+m?|ah+)\b"
    ),
    "ko": re.compile(
        r"(?:^|(?<=\s))(?:저기요|저기|여기요|음+|어+|아+|혹시|그냥|좀|아까|있잖아요|그러니까|그럼|그러면)(?=\s|$)|(?<![\u3131-\u318e\u1100-\u11ff])[ㅋㅎㅠㅜ\u110f\u1112\u1172\u116e]+(?=\s|$)"
    ),
}
"""Hesitations and openers that carry no intent ("um", "hi there", "저기요", "좀", "ㅎㅎ"), and the
help-phrasing before a request ("can you help me buy…", "i need assistance cancelling…": what follows
is the request)."""


ATTENTION = {"en": re.compile(r"\bexcuse me\b"), "ko": re.compile(r"저기요|저기|여기요")}
"""Openers that call for attention: said alone ("저기요", "excuse me") they greet the kiosk."""


INTRODUCTION = {
    "en": re.compile(
        r"^(?:(?P<named>my name is|my name's|name's)|i'm|im|i am|this is) (?P<title>mr |mrs |ms |miss |dr )?"
        r"(?P<name>[a-z]+)(?: [a-z]+)?$"
    ),
    "ko": re.compile(
        r"^(?:저는|제 이름은) ?[가-힣]{2,4}"
        r"(?:이에요|예요|입니다|이라고 해요|라고 해요|이라고 합니다|라고 합니다)$"
    ),
}
"""A customer saying who they are and nothing else ("hi, I'm Jimin Park", "저는 박지민이에요"): a greeting."""
_NOT_NAMES = frozenset(
    {"sad", "mad", "ill", "hot", "new", "old", "shy", "ok", "okay", "so", "not", "here", "out"}
)
"""Short words after "I'm" that say how the customer is, not who (longer ones are in ``REAL_WORDS``)."""


def introduces_oneself(text: str, lang: str) -> bool:
    """Whether ``text`` (normalized, openers removed) only says who the customer is: after "I'm" or "this
    is", a title or a word that is no common English word ("I'm Jimin Park", "this is Mr Park", not "I'm
    hungry")."""
    pattern = INTRODUCTION.get(lang)
    found = pattern.match(text) if pattern is not None else None
    if found is None or lang != "en" or found["named"] or found["title"]:
        return found is not None
    return found["name"] not in REAL_WORDS and found["name"] not in _NOT_NAMES


def calls_for_attention(text: str, lang: str) -> bool:
    """Whether ``text`` (fillers only) calls for attention."""
    pattern = ATTENTION.get(lang)
    return pattern is not None and pattern.search(text) is not None


def strip_fillers(text: str, lang: str) -> str:
    """``text`` without fillers (may be empty when it was nothing else, openers after a hesitation
    included: "um excuse me" was read as a question about exchanges)."""
    pattern = FILLERS.get(lang)
    if pattern is None:
        return text
    stripped = " ".join(pattern.sub(" ", text).split())
    return "" if not pattern.sub(" ", stripped).strip() else stripped
