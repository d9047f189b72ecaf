"""The open recognizer's second opinion on what the grammar heard.

A grammar answers in-grammar requests fast, but it forces the closest sentence it knows on anything
said: pocketsphinx's phrase model heard "i'd like to schedule a data transfer" as "yo" (a greeting,
exactly a template) and a spoken phone number as an order. An open-vocabulary recognizer (Whisper)
decodes the same utterance when the grammar's reading is weak (not exactly a template or an answer to
the question pending, or far fewer words than the speech could hold), names an order or booking by its
number (the phrase model mishears digits), fills in a value of the request pending (a colour, a time),
or would write to the store.
A weak reading gives way to the open recognizer's, whatever that means (also nothing: out-of-scope
speech stays out of scope), and a reading that would write is never taken from the grammar when the
open recognizer's words cannot be read as the same intent.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant import intents
from assistant.dialogue.answers import Answer
from assistant.dialogue.contact import PHONE, whole_phone
from assistant.dialogue.session import Session
from assistant.dialogue.understanding import Heard
from assistant.dialogue.verification import RECORDS
from assistant.messages import IntentMatch

COMMITTING = intents.ACTIONS | {intents.CUSTOMER_PREFERENCE, intents.AGENT_HANDOFF}
"""Intents whose handling writes to the store: orders, returns, bookings, stored preferences, staff
tickets (with the customer's words in them)."""
SHARED_SCORE = 0.05
"""A committing grammar reading stands when the open recognizer's words give its intent at least this
classifier score, best or not: Whisper's "i'd like to wear this ear button" for espeak's "i'd like two
wireless earbuds" reads as a preference (0.62) or an order (0.09); out-of-scope requests ("tell me a
joke", "can you walk me a flight to paris") give every action 0.00. The dialogue still asks before it
acts."""
_DIGITS_SAID = re.compile(r"\d|\b(?:zero|one|two|three|four|five|six|seven|eight|nine)\b")
"""A digit in the open recognizer's English words ("oh" is left out: "oh and can i have express delivery")."""
MIN_WORDS_PER_S = 1.0
"""A transcript with fewer words per second of speech than this has lost words (people and the
fixtures' voices say 2-3 a second): the grammar's "yo" for 2.9 s of speech, "greetings everyone" for
4.2 s."""


def rank(heard: Heard) -> tuple[bool, bool]:
    """How well an utterance was understood: (exactly, at all)."""
    exact = heard.match.matcher == "template" or heard.answer.whole or heard.digits is not None
    return exact, heard.understood


def commits(heard: Heard, session: Session) -> bool:
    """Whether acting on ``heard`` may write to the store: an action, a preference, or a yes that
    confirms what is pending. An answer to the question pending only fills it in (the write waits for
    the confirmation, which is checked in turn)."""
    pending, intent = session.pending, heard.match.intent
    if pending is not None and pending.expect.kind == "confirm":
        return intent in COMMITTING or intent == intents.YES
    if pending is not None and heard.answer.values:
        return False
    return intent in COMMITTING


def drops(heard: Heard, session: Session) -> bool:
    """Whether ``heard`` would drop the request whose question is pending (a no, a cancel): the grammar's
    "abort it" and "nope i'm good", at confidence near zero, dropped orders whose colour or phone was being
    said, and its "stop" for "uh, let me see, so that's the total?" one being confirmed. (A yes only Whisper
    heard instead still does not count: ``only_open_agrees``.)"""
    pending = session.pending
    return (
        pending is not None
        and pending.expect.kind in ("slot", "confirm")
        and heard.match.intent in (intents.NO, intents.CANCEL)
        and not heard.answer.decline
    )


def weak(grammar: Heard, spoke_s: float) -> bool:
    """Whether the grammar's reading of ``spoke_s`` seconds of speech is in doubt: not exact, or
    too few words for the speech."""
    words = len(grammar.transcript.text.split())
    return not rank(grammar)[0] or words < MIN_WORDS_PER_S * spoke_s


def numbers(heard: Heard) -> dict[str, object]:
    """The record numbers ``heard`` names (``RECORDS``): pocketsphinx's phrase model hears "four eight two
    one" as "four eighty one" (order 481, word for word a template), so a number read from the grammar is
    checked."""
    return {k: v for k, v in heard.match.slots.items() if k in RECORDS}


def fills_value(heard: Heard, session: Session) -> bool:
    """Whether ``heard`` answers the pending question with a value the request will hold (a colour, a
    size, a time): the grammar made "black please" in the Piper voice "white please", a colour stored
    and only caught if the customer listens to the confirmation. At a confirmation a value changes the
    request confirmed: the grammar heard Piper's "hmm, let me think about it" as "let me pink about it", and
    a pink phone case was placed for a black one. Personal digits are left to their own grammar (Whisper
    hears them no better), but not other values heard with them: the grammar heard "two thirty in the
    afternoon" at the phone question as "repair … am", and a device setup became a screen repair at 11."""
    pending = session.pending
    if pending is None or not heard.answer.values:
        return False
    return (pending.expect.kind == "slot" and not pending.expect.secret) or bool(_changes(heard, session))


def gives_phone(heard: Heard, session: Session) -> bool:
    """Whether ``heard`` answers the phone question with a number: the grammar heard Piper's "six two six,
    five five five, zero one nine nine" in noise as 626 555 2195 (confidence 0.03), and the order was
    stored with a stranger's number (only its last four digits are read back)."""
    pending = session.pending
    return pending is not None and pending.expect.slot == PHONE and PHONE in heard.answer.values


def wanted(grammar: Heard, session: Session, spoke_s: float) -> bool:
    """Whether to ask the open recognizer: the grammar's reading is weak, commits, drops the request
    pending, names a record by its number, fills in a value of the request pending, or gives the phone
    number asked for."""
    return (
        weak(grammar, spoke_s)
        or commits(grammar, session)
        or drops(grammar, session)
        or bool(numbers(grammar))
        or fills_value(grammar, session)
        or gives_phone(grammar, session)
    )


def reads_as(heard: Heard, intent: str | None) -> bool:
    """Whether ``heard`` can be read as ``intent``: its intent, or a classifier candidate scoring at
    least ``SHARED_SCORE``."""
    match = heard.match
    return match.intent == intent or any(i == intent and p >= SHARED_SCORE for i, p in match.candidates)


def choose(grammar: Heard, heard_open: Heard, session: Session, spoke_s: float) -> Heard:
    """The open recognizer's reading when the grammar's is weak (unless only the grammar's answers the
    question pending: the answer grammar's "black screen" against Whisper's "let's please" for "black
    please"), commits to an intent the open recognizer's words cannot be read as, or when the open
    recognizer heard another template word for word, or the same request with another record number
    ("order four eight two one" for the grammar's "four eighty one") or another value of a detail both
    heard (a time, a colour: the grammar's "screen repair tomorrow two" for "… tomorrow at ten am" was
    booked at 2 PM), or answered the question pending with other values and nothing else ("black please"
    for the grammar's "white please"), or did not hear the values that would change the request
    (``_changes``), or heard another whole phone number at the phone question, or no digit there; else the
    grammar's — but never a yes to a confirmation only the open recognizer heard (nor then a change only
    the grammar heard: nothing is taken, and the question is asked again)."""
    intent = grammar.match.intent
    declined = (commits(grammar, session) or drops(grammar, session)) and not reads_as(heard_open, intent)
    overheard = rank(heard_open)[0] and heard_open.match.intent != intent
    said = numbers(heard_open)
    renumbered = heard_open.match.intent == intent and bool(said) and said != numbers(grammar)
    reslotted = heard_open.match.intent == intent and bool(_conflicts(grammar, heard_open))
    answers = bool(grammar.answer.values) and not heard_open.answer.values
    reanswered = (
        bool(grammar.answer.values)
        and heard_open.answer.whole
        and heard_open.answer.values != (grammar.answer.values)
        and not gives_phone(grammar, session)  # a phone number: only a whole one (``rephoned``)
    )
    changed = bool(_changes(grammar, session)) and heard_open.answer.values != grammar.answer.values
    phone = heard_open.answer.values.get(PHONE)
    rephoned = (
        gives_phone(grammar, session)
        and isinstance(phone, str)
        and whole_phone(phone)
        and phone != grammar.answer.values[PHONE]
    )
    # "oh and can I have express delivery", "oh, hold on, let me find my phone" at the phone question were
    # the grammar's 088 9723 8213 and 001 135 948 (confidence 0.005, 0.001), stored: no digit was said
    unphoned = (
        gives_phone(grammar, session)
        and heard_open.lang == "en"
        and bool(heard_open.transcript.text.strip())
        and not _DIGITS_SAID.search(heard_open.transcript.text.lower())
    )
    rescued = drops(grammar, session) and bool(heard_open.answer.values)  # "no, make it two": a correction
    taken = (
        declined
        or rescued
        or overheard
        or renumbered
        or reslotted
        or reanswered
        or changed
        or rephoned
        or unphoned
        or (weak(grammar, spoke_s) and not answers)
    )
    if not taken:
        return grammar
    if not only_open_agrees(grammar, heard_open, session):
        return heard_open
    return _unheard(heard_open) if changed else grammar


def _unheard(heard: Heard) -> Heard:
    """``heard`` understood as nothing: the question pending is asked again. Espeak's "sure" at a smart
    watch's confirmation was the grammar's "charger" (a phone charger confirmed instead) and Whisper's
    "sure", a yes only Whisper heard: neither reading is taken."""
    match = IntentMatch(heard.match.text, None, 0.0)
    return replace(heard, match=match, answer=Answer(), digits=None, requests=())


def only_open_agrees(grammar: Heard, heard_open: Heard, session: Session) -> bool:
    """Whether only the open recognizer heard a yes to the confirmation pending. The confirmation's
    grammar knows every yes and no, so a yes it did not hear is in doubt: Whisper heard espeak's "nah"
    as "yeah" (the grammar: "the ah") and an order was placed. The grammar's reading stands, and the
    question is asked again."""
    pending = session.pending
    return (
        pending is not None
        and pending.expect.kind == "confirm"
        and heard_open.match.intent == intents.YES
        and grammar.match.intent != intents.YES
    )


def _conflicts(grammar: Heard, heard_open: Heard) -> set[str]:
    """The slots both readings filled, with different values (a slot only one heard is no conflict:
    Whisper writes "to" for "two")."""
    mine = grammar.match.slots
    return {slot for slot, value in heard_open.match.slots.items() if slot in mine and mine[slot] != value}


def _changes(grammar: Heard, session: Session) -> set[str]:
    """The details the grammar's answer would change in the request pending beyond the one asked: any at a
    confirmation; at a question, the others ("do you have them in gold?" at the smart watch's colour
    question was the grammar's "the m blue bag l", confidence 0.02: six backpacks were ordered)."""
    pending, values = session.pending, set(grammar.answer.values)
    if pending is None or not values:
        return set()
    if pending.expect.kind == "confirm":
        return values
    return values - {pending.expect.slot} if pending.expect.kind == "slot" else set()
