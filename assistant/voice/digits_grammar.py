"""The recognizer grammar while the assistant waits for the digits of an identity question."""

from __future__ import annotations

from assistant import intents
from assistant.nlu.slot_lists import SlotList, value_list
from assistant.plugins import SkillRegistry
from assistant.slots.numeral_words import KO_SINO_DIGITS
from assistant.slots.spoken import digit_words
from assistant.store import Store
from assistant.stt.grammar import Grammar, grammar_for

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


def digits_grammar(registry: SkillRegistry, store: Store, lang: str) -> Grammar:
    """Digits said one at a time ("zero one eight seven", "공 일 팔 칠"), or a way out.

    pocketsphinx gets a strict JSGF (exactly four digit words, or the escape intents' templates);
    Vosk gets every pair of digit words as phrases, so that its bigram bias allows any sequence.
    """
    escapes = grammar_for(registry, store, lang, ESCAPES)
    digit = digit_list(lang)
    four = "{digit} {digit} {digit} {digit}"
    answer = f"[it's|it is|they are] {four}" if lang == "en" else four
    pairs = tuple(digit_words(f"{a}{b}", lang) for a in "0123456789" for b in "0123456789")
    return Grammar((*pairs, *escapes.phrases), ((answer, {"digit": digit}), *escapes.templates), lang)
