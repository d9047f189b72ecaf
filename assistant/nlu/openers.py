"""Openers and hesitations: the words before a request that carry no intent of their own."""

from __future__ import annotations

import re

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
        r"(?:^|(?<=\s))(?:저기요|저기|여기요|음+|어+|아+|혹시|그냥|좀|아까|있잖아요|그러니까|그럼|그러면)(?=\s|$)|[ㅋㅎㅠㅜ\u110f\u1112\u1172\u116e]+(?=\s|$)"
    ),
}
"""Hesitations and openers that carry no intent ("um", "hi there", "저기요", "좀", "ㅎㅎ"), and the
help-phrasing before a request ("can you help me buy…", "i need assistance cancelling…": what follows
is the request)."""


ATTENTION = {"en": re.compile(r"\bexcuse me\b"), "ko": re.compile(r"저기요|저기|여기요")}
"""Openers that call for attention: said alone ("저기요", "excuse me") they greet the kiosk."""


def calls_for_attention(text: str, lang: str) -> bool:
    """Whether ``text`` (fillers only) calls for attention."""
    pattern = ATTENTION.get(lang)
    return pattern is not None and pattern.search(text) is not None


def strip_fillers(text: str, lang: str) -> str:
    """``text`` without fillers (may be empty when it was nothing else)."""
    pattern = FILLERS.get(lang)
    return " ".join(pattern.sub(" ", text).split()) if pattern else text
