"""The language asked for when a sentence names two ("I don't speak Korean, English please", "한국어
말고 영어로 해 주세요"): the one not refused, whichever the templates took."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant import intents as I
from assistant.messages import IntentMatch

_NAMES = {
    "en": re.compile(r"\benglish\b|영어|잉글리시"),
    "ko": re.compile(r"\bkorean\b|한국어|한국말"),
}
"""How each language is named, in either language."""
_REFUSED_BEFORE = re.compile(
    r"\b(don't|do not|dont|can't|cannot|no|not)( (speak|understand|read|know|want|like|use))? $"
)
_REFUSED_AFTER = re.compile(
    r"^\S* ?(말고|못|몰라|잘 몰|잘 못|어려|안 ?돼|아니)"
    r"|^ (is|isn't|is not|s) (too |really |so |very )?(hard|difficult|tough|not (good|easy)|confusing)\b"
)
"""A language refused: "don't speak Korean", "not Korean" before it; "말고", "못해요", "is hard" after it."""


def names_both(text: str) -> bool:
    """Whether ``text`` names both languages ("한국어 말고 영어로 해주세요"): a choice, never a bare value."""
    return all(name.search(text) for name in _NAMES.values())


def language_asked(match: IntentMatch) -> IntentMatch:
    """``match`` asking for the one language it names without refusing it, when it names two."""
    if match.intent != I.LANGUAGE:
        return match
    text = match.text
    if not names_both(text):
        return match
    named = [(code, m.start(), m.end()) for code, name in _NAMES.items() for m in name.finditer(text)]
    wanted = {
        code
        for code, start, end in named
        if not _REFUSED_BEFORE.search(text[:start]) and not _REFUSED_AFTER.match(text[end:])
    }
    if len(wanted) != 1:
        return match
    return replace(match, slots={**match.slots, "language": wanted.pop()})
