"""The recognizer grammar while the assistant waits for the answer to one of its questions.

"Which colour?" is answered "black", "the black one please" or "검은색으로 주세요"; "what phone number?" by a
string of digits or "no phone". The grammar holds those answers, the pending request's own sentences (a
correction: "actually make it two"), and the ways out (no, cancel, repeat, help, a member of staff).
"""

from __future__ import annotations

from collections.abc import Mapping

from assistant import intents
from assistant.nlu.slot_lists import SlotList, value_list
from assistant.plugins import SkillRegistry
from assistant.slots.spoken import digit_words
from assistant.store import Store
from assistant.stt.grammar import Grammar, grammar_for
from assistant.stt.phrase_lists import slot_phrases
from assistant.voice.digits_grammar import digit_list, outright

ESCAPES = (intents.NO, intents.CANCEL, intents.REPEAT, intents.HELP, intents.AGENT_HANDOFF)
"""What a customer may say instead of the answer."""

_FRAMES = {
    "en": "[i'd like|i'll take|make it|the|it's|in] {answer} [please|one|ones|please thank you]",
    "ko": "{answer}[으로|로|이요|요] [주세요|할게요|해 주세요]",
}
"""How an answer is said around its value."""
_DIGITS = "{digit} {digit} {digit} {digit} {digit} {digit} {digit} [{digit}] [{digit}] [{digit}] [{digit}]"
_PHONE = {"en": f"[my number is|it's|it is] {_DIGITS}", "ko": f"[제 번호는] {_DIGITS}"}
_DECLINE = {
    "en": ("no phone", "no phone number", "no thanks", "skip", "no", "receipt code"),
    "ko": ("없어요", "전화번호 없어요", "영수증 코드로 주세요", "아니요"),
}
"""Ways to decline giving a phone number (a receipt code instead)."""


def answer_grammar(
    registry: SkillRegistry, store: Store, lang: str, intent: str, slot: str, values: SlotList | None
) -> Grammar:
    """What to listen for while ``intent`` waits for ``slot`` (its list: ``values``)."""
    escapes = grammar_for(registry, store, lang, (intent, *ESCAPES), keep=outright(lang))
    templates: tuple[tuple[str, Mapping[str, SlotList]], ...] = ()
    if slot == "phone":
        decline = _DECLINE.get(lang, ())
        phrases = [digit_words(f"{a}{b}", lang) for a in "0123456789" for b in "0123456789"] + list(decline)
        templates = ((_PHONE[lang], {"digit": digit_list(lang)}), (f"({'|'.join(decline)})", {}))
    else:
        said = slot_phrases(values, lang)
        answer = value_list("answer", {lang: [(p, p) for p in said]})
        phrases = said
        if said:
            templates = ((_FRAMES[lang], {"answer": answer}),)
    return Grammar((*phrases, *escapes.phrases), (*templates, *escapes.templates), lang, escapes.accepts)
