"""Typed messages passed between the pipeline stages.

Every boundary of the pipeline carries exactly one of these frozen dataclasses:
audio → ``AudioChunk`` → speech to text → ``Transcript`` → NLU → ``IntentMatch`` →
dialogue and skills → ``Reply`` → speech out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(frozen=True)
class AudioChunk:
    """Raw PCM audio; the format travels with the bytes."""

    audio: bytes
    """Interleaved little-endian PCM samples."""
    rate: int = 16000
    """Samples per second."""
    width: int = 2
    """Bytes per sample."""
    channels: int = 1
    """Number of interleaved channels."""


@dataclass(frozen=True)
class Transcript:
    """What a speech-to-text engine (or a typed line) said the customer said."""

    text: str
    """Best hypothesis, as words."""
    lang: str
    """Language code of the engine that produced it (``en`` or ``ko``)."""
    engine: str = "text"
    """Which engine produced it: ``text`` for typed input."""
    confidence: float = 1.0
    """Engine confidence in [0, 1]."""
    alternatives: tuple[str, ...] = ()
    """Other hypotheses, best first."""
    decode_ms: float = 0.0
    """Time spent decoding, in milliseconds."""


SlotValue = Any
"""A parsed slot value: ``int``, ``str`` (ids, ISO dates, ``HH:MM`` times) or ``None``."""


@dataclass(frozen=True)
class IntentMatch:
    """The NLU's reading of one transcript."""

    text: str
    """The (normalized) text that was matched."""
    intent: str | None
    """Canonical intent id, or ``None`` when out of scope."""
    score: float
    """Confidence in [0, 1]."""
    slots: dict[str, SlotValue] = field(default_factory=dict)
    """Slot name → parsed value."""
    matcher: str = "none"
    """Which matcher decided: ``template`` (a template matched whole), ``classifier`` (the trained
    classifier; ``score`` is then a calibrated probability, see ``assistant.nlu.engine.ACTION_CONFIDENCE``),
    ``none`` (out of scope), ``answer`` (digits answering an identity question: the dialogue sets the
    pending intent and leaves ``slots`` empty), or ``context`` (a bare colour or size just after a product
    question: the dialogue asks that question again about it; a new day or time just after a booking was
    made or looked up: the dialogue moves that booking, ``assistant.dialogue.booking_moves``)."""
    candidates: tuple[tuple[str, float], ...] = ()
    """Runner-up intents with their scores, best first."""


@dataclass(frozen=True)
class Expect:
    """What the assistant is waiting for after a reply."""

    kind: Literal["slot", "confirm"]
    """``slot``: a value for ``slot``; ``confirm``: yes or no."""
    slot: str | None = None
    """The slot being asked for when ``kind`` is ``slot``."""
    secret: bool = False
    """The answer is personal data (digits of a phone number): it is read as a digit string, never
    matched against the templates, and replaced by ``[DIGITS]`` in logs and transcripts."""


@dataclass(frozen=True)
class Effects:
    """What a skill's reply asks the dialogue to change in the conversation; the dialogue manager is the
    only one that changes the session, and it applies these after the handler returned."""

    slots: Mapping[str, SlotValue] = field(default_factory=dict)
    """The request's slots to keep while the customer answers the reply's question."""
    lang: str | None = None
    """Switch the conversation to this language."""
    verified: frozenset[str] = frozenset()
    """Records the customer proved to be theirs, or created (``order:4821``)."""
    customer_id: int | None = None
    """The customer record the conversation now belongs to."""
    remember: Mapping[str, Any] = field(default_factory=dict)
    """Conversation data to keep for later requests (``last_order``, stated preferences…)."""
    shown: tuple[str, ...] | None = None
    """Products the reply put before the customer: one becomes the conversation's product ("how much is
    it"); several leave none, so "two of them" asks which (``None``: the reply shows no products)."""


@dataclass(frozen=True)
class Reply:
    """What the assistant answers."""

    text: str
    """The words to show and speak."""
    lang: str
    """Language of ``text``."""
    expect: Expect | None = None
    """What is expected next, or ``None`` for a fresh request."""
    end_session: bool = False
    """True when the conversation is over (goodbye, handoff)."""
    intent: str | None = None
    """The intent this reply answers, when there is one."""
    effects: Effects = field(default_factory=Effects)
    """What the dialogue should change in the conversation (skills' replies only)."""
