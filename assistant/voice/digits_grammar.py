"""The recognizer grammar while the assistant waits for the digits of an identity question."""

from __future__ import annotations

from collections.abc import Callable

from assistant import intents
from assistant.nlu.evidence import evidence
from assistant.nlu.slot_lists import SlotList, value_list
from assistant.nlu.templates import covering, parse_template
from assistant.plugins import SkillRegistry
from assistant.slots.numeral_words import KO_SINO_DIGITS
from assistant.slots.spoken import digit_words
from assistant.store import Store
from assistant.stt.grammar import Grammar, grammar_for
from assistant.text import normalize

ESCAPES = (intents.NO, intents.CANCEL, intents.REPEAT, intents.AGENT_HANDOFF)
"""What a customer may say instead of the digits."""

STATE = "<digits>"
"""Grammar cache key of this dialogue state."""


def digit_list(lang: str) -> SlotList:
    """One digit said as a word ("zero", "oh", "공", "영", "일")."""
    words = [(digit_words(d, lang), d) for d in "0123456789"]
    if lang == "en":
        words.append(("oh", "0"))
    else:
        words += [(w, str(v)) for w, v in KO_SINO_DIGITS.items()] + [("영", "0")]
    return value_list("digit", {lang: words})


def outright(lang: str) -> Callable[[str, str], bool]:
    """Which escape templates a question's grammar keeps: a call for staff only when it asks outright
    ("staff please", "직원 불러 주세요"), not when it only says something near it ("you are useless", "is
    there someone here"). A grammar forces its closest phrase on whatever is said: pocketsphinx heard a
    spoken "zero one eight seven" as "you are useless", which opened a staff ticket quoting it."""

    def keep(intent: str, template: str) -> bool:
        if intent != intents.AGENT_HANDOFF:
            return True
        said = covering(parse_template(template), lambda slot: [slot.slot_name])
        return any(evidence(lang).asks_for(intent, normalize(s)) for s in said)

    return keep


def digits_grammar(registry: SkillRegistry, store: Store, lang: str) -> Grammar:
    """Digits said one at a time ("zero one eight seven", "공 일 팔 칠"), or a way out.

    pocketsphinx gets a strict JSGF (exactly four digit words, or the escape intents' templates);
    Vosk gets every pair of digit words as phrases, so that its bigram bias allows any sequence.
    """
    escapes = grammar_for(registry, store, lang, ESCAPES, keep=outright(lang))
    digit = digit_list(lang)
    four = "{digit} {digit} {digit} {digit}"
    answer = f"[it's|it is|they are] {four}" if lang == "en" else four
    pairs = tuple(digit_words(f"{a}{b}", lang) for a in "0123456789" for b in "0123456789")
    return Grammar((*pairs, *escapes.phrases), ((answer, {"digit": digit}), *escapes.templates), lang)
