"""The open recognizer's second opinion on what the grammar heard.

A grammar answers in-grammar requests fast, but it forces the closest sentence it knows on anything
said: pocketsphinx's phrase model heard "i'd like to schedule a data transfer" as "yo" (a greeting,
exactly a template) and a spoken phone number as an order. An open-vocabulary recognizer (Whisper)
decodes the same utterance when the grammar's reading is weak (not exactly a template or an answer to
the question pending, or far fewer words than the speech could hold) or would write to the store.
A weak reading gives way to the open recognizer's, whatever that means (also nothing: out-of-scope
speech stays out of scope), and a reading that would write is never taken from the grammar when the
open recognizer does not hear the same intent.
"""

from __future__ import annotations

from assistant import intents
from assistant.dialogue.session import Session
from assistant.dialogue.understanding import Heard

COMMITTING = intents.ACTIONS | {intents.CUSTOMER_PREFERENCE}
"""Intents whose handling writes to the store: orders, returns, bookings, stored preferences."""
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
    confirms what is pending."""
    confirming = session.pending is not None and session.pending.expect.kind == "confirm"
    intent = heard.match.intent
    return intent in COMMITTING or (confirming and intent == intents.YES)


def weak(grammar: Heard, spoke_s: float) -> bool:
    """Whether the grammar's reading of ``spoke_s`` seconds of speech is in doubt: not exact, or
    too few words for the speech."""
    words = len(grammar.transcript.text.split())
    return not rank(grammar)[0] or words < MIN_WORDS_PER_S * spoke_s


def wanted(grammar: Heard, session: Session, spoke_s: float) -> bool:
    """Whether to ask the open recognizer: the grammar's reading is weak, or it commits."""
    return weak(grammar, spoke_s) or commits(grammar, session)


def choose(grammar: Heard, heard_open: Heard, session: Session, spoke_s: float) -> Heard:
    """The open recognizer's reading when the grammar's is weak, commits to an intent the open
    recognizer does not hear, or when the open recognizer heard another template word for word; else
    the grammar's."""
    other = heard_open.match.intent != grammar.match.intent
    disputed = other and (commits(grammar, session) or rank(heard_open)[0])
    return heard_open if disputed or weak(grammar, spoke_s) else grammar
