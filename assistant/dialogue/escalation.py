"""When to hand a customer to a human: frustration, repeated failures, repeated requests, asking.

``score_text`` reads frustration and anger from one utterance with a weighted lexicon per language
(``assistant/data/frustration.yaml``: negation, intensifiers, shouting in typed text). ``observe``
combines it with the conversation so far (``EscalationState``, kept on the session) and returns an
``Escalation``: a score, the reasons, and whether to offer a member of staff or call one at once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any, Literal

from rapidfuzz import fuzz

from assistant.text import normalize
from assistant.yamlfile import parse_yaml

FRUSTRATION = "frustration"
"""Reason: angry or frustrated words (or shouting)."""
NOT_UNDERSTOOD = "not_understood"
"""Reason: turns in a row the assistant did not understand (the same name the dialogue's offer uses)."""
REPEATED_REQUEST = "repeated_request"
"""Reason: the same request (intent and slots, or nearly the same words) again and again."""
CUSTOMER_REQUEST = "customer_request"
"""Reason: the customer asked for a member of staff."""

Action = Literal["none", "offer", "handoff"]


@dataclass(frozen=True)
class Term:
    """One lexicon entry."""

    phrase: str
    """As written in the lexicon (``fed up``, ``frustrat*``, ``짜증``)."""
    weight: float
    """Contribution to the score when it occurs un-negated."""
    pattern: re.Pattern[str]
    """Where it occurs in the normalized (English) or space-free (Korean) text."""


@dataclass(frozen=True)
class Lexicon:
    """Frustration words of one language and how to read them."""

    lang: str
    """Language code; ``ko`` is matched without spaces."""
    terms: tuple[Term, ...]
    """The frustration words and phrases."""
    intensifiers: Mapping[str, float]
    """Word → factor applied to a term right after it."""
    negators: tuple[str, ...] = ()
    """English: words (or the ending ``n't``) that cancel a term in the words before it."""
    negation_window: int = 3
    """How many words before a term ``negators`` reach."""
    negators_before: tuple[str, ...] = ()
    """Korean: syllables right before a term that cancel it (``안``, ``못``)."""
    negators_after: tuple[str, ...] = ()
    """Korean: endings shortly after a term that cancel it (``지않``, ``건아니``)."""
    negation_after_chars: int = 8
    """How many characters after a term ``negators_after`` are looked for in."""
    shouting: float = 0.0
    """Added for typed text mostly in capitals."""
    exclamations: float = 0.0
    """Added for typed text with two or more exclamation marks."""


@dataclass(frozen=True)
class TextScore:
    """Frustration read from one utterance."""

    score: float
    """Sum of the weights that counted; 0 for a calm utterance."""
    matched: tuple[str, ...] = ()
    """What counted (terms, ``SHOUTING``, ``!!``), for tickets and tuning."""


@dataclass(frozen=True)
class EscalationPolicy:
    """Thresholds of the escalation decision."""

    offer_at: float = 1.0
    """Frustration level from which a member of staff is offered."""
    handoff_at: float = 2.5
    """Frustration level from which a ticket is created at once."""
    served_below: float = 3.0
    """A first upset turn that asks for something clear, scored below this, is served with an apology rather
    than handed over: "ugh so annoying, i just want a phone case" (2.5) opened a ticket and lost the order."""
    carry: float = 0.5
    """Share of the previous turns' level kept in this turn's (mild signals add up)."""
    failure_weight: float = 0.5
    """Added per misunderstood turn before a frustrated one."""
    repeat_after: int = 3
    """The same request this many times is an escalation reason."""
    similar_text: float = 90.0
    """rapidfuzz ratio from which two utterances count as the same request."""
    window: int = 6
    """How many earlier requests are compared."""


@dataclass(frozen=True)
class Request:
    """What the customer asked for in one turn."""

    intent: str
    """Canonical intent id."""
    slots: Mapping[str, Any]
    """Its slots as understood in that turn."""


@dataclass
class EscalationState:
    """The escalation memory of one conversation."""

    level: float = 0.0
    """Frustration carried from turn to turn (decays by ``carry``)."""
    requests: list[Request] = field(default_factory=list)
    """Requests understood in this conversation, oldest first."""
    texts: list[str] = field(default_factory=list)
    """Normalized utterances, for near-identical repeats."""
    texts_since: int = 0
    """Repeats are counted from this index of ``texts`` (moved on after an offer)..."""
    requests_since: int = 0
    """... and from this index of ``requests``."""
    declined: bool = False
    """The customer said no to a member of staff; only strong signals offer again."""

    @property
    def last_request(self) -> Request | None:
        """The latest request (what the customer wanted), if any."""
        return self.requests[-1] if self.requests else None

    def calm_down(self) -> None:
        """Forget the level and the repeats (after an offer or a hand-off)."""
        self.level = 0.0
        self.texts_since, self.requests_since = len(self.texts), len(self.requests)


@dataclass(frozen=True)
class Escalation:
    """The decision for one turn."""

    score: float
    """Frustration level after this turn."""
    reasons: tuple[str, ...]
    """Why (``frustration``, ``not_understood``, ``repeated_request``, ``customer_request``)."""
    action: Action
    """``none``; ``offer`` a member of staff; ``handoff`` at once."""
    matched: tuple[str, ...] = ()
    """The words that counted."""

    @property
    def frustrated(self) -> bool:
        """Anger or frustration is among the reasons (the reply apologises first)."""
        return FRUSTRATION in self.reasons


def load_lexicons(text: str | None = None) -> dict[str, Lexicon]:
    """The lexicons of ``assistant/data/frustration.yaml`` (or of the YAML ``text``), by language."""
    if text is None:
        text = files("assistant.data").joinpath("frustration.yaml").read_text(encoding="utf-8")
    data: dict[str, dict[str, Any]] = parse_yaml(text)
    return {lang: _lexicon(lang, spec) for lang, spec in data.items()}


def _lexicon(lang: str, spec: dict[str, Any]) -> Lexicon:
    spaced = lang != "ko"
    terms = tuple(
        Term(str(phrase), float(weight), _term_pattern(str(phrase), spaced))
        for phrase, weight in spec["terms"].items()
    )
    return Lexicon(
        lang=lang,
        terms=terms,
        intensifiers={str(k): float(v) for k, v in spec.get("intensifiers", {}).items()},
        negators=tuple(spec.get("negators", ())),
        negation_window=int(spec.get("negation_window", 3)),
        negators_before=tuple(spec.get("negators_before", ())),
        negators_after=tuple(spec.get("negators_after", ())),
        negation_after_chars=int(spec.get("negation_after_chars", 8)),
        shouting=float(spec.get("shouting", 0.0)),
        exclamations=float(spec.get("exclamations", 0.0)),
    )


def _term_pattern(phrase: str, spaced: bool) -> re.Pattern[str]:
    if not spaced:
        return re.compile(re.escape(normalize(phrase).replace(" ", "")))
    words = normalize(phrase.rstrip("*")).split()
    ending = r"\w*" if phrase.endswith("*") else ""
    return re.compile(r"(?<![\w'])" + r"\s+".join(map(re.escape, words)) + ending + r"(?![\w'])")


def score_text(text: str, lexicon: Lexicon, typed: bool = False) -> TextScore:
    """Frustration in one utterance; ``typed`` also reads capitals and exclamation marks."""
    clean = normalize(text)
    found = _spaced_terms(clean, lexicon) if lexicon.lang != "ko" else _compact_terms(clean, lexicon)
    if typed:
        if lexicon.shouting and _shouting(text):
            found.append(("SHOUTING", lexicon.shouting))
        if lexicon.exclamations and text.count("!") >= 2:
            found.append(("!!", lexicon.exclamations))
    return TextScore(round(sum(weight for _, weight in found), 3), tuple(name for name, _ in found))


def _spaced_terms(clean: str, lexicon: Lexicon) -> list[tuple[str, float]]:
    found: list[tuple[str, float]] = []
    taken: list[tuple[int, int]] = []
    for term in sorted(lexicon.terms, key=lambda t: -len(t.phrase)):  # "sick and tired" before "sick of"
        for hit in term.pattern.finditer(clean):
            if any(hit.start() < end and start < hit.end() for start, end in taken):
                continue
            taken.append(hit.span())
            before = clean[: hit.start()].split()[-lexicon.negation_window :]
            if any(
                w in lexicon.negators or (w.endswith("n't") and "n't" in lexicon.negators) for w in before
            ):
                continue
            factor = lexicon.intensifiers.get(before[-1], 1.0) if before else 1.0
            found.append((term.phrase, term.weight * factor))
    return found


def _compact_terms(clean: str, lexicon: Lexicon) -> list[tuple[str, float]]:
    compact = clean.replace(" ", "")
    found: list[tuple[str, float]] = []
    taken: list[tuple[int, int]] = []
    for term in sorted(lexicon.terms, key=lambda t: -len(t.phrase)):
        for hit in term.pattern.finditer(compact):
            start, end = hit.span()
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            after = compact[end : end + lexicon.negation_after_chars]
            if compact[:start].endswith(lexicon.negators_before) or any(
                n in after for n in lexicon.negators_after
            ):
                continue
            before = compact[:start]
            factor = max(
                (
                    f
                    for w, f in lexicon.intensifiers.items()
                    if before.endswith(w) and not any(s < start and start - len(w) < e for s, e in taken[:-1])
                ),
                default=1.0,
            )
            found.append((term.phrase, term.weight * factor))
    return found


def _shouting(text: str) -> bool:
    """Most words (at least three) typed in capitals."""
    words = [w for w in re.findall(r"[A-Za-z']+", text) if len(w) > 1]
    loud = [w for w in words if w.isupper()]
    return len(loud) >= 3 and len(loud) >= 0.6 * len(words)


def observe(
    state: EscalationState,
    said: TextScore,
    text: str,
    request: Request | None,
    *,
    failures: int,
    asked_for_human: bool,
    policy: EscalationPolicy,
) -> Escalation:
    """Record one turn in ``state`` and decide whether to escalate.

    ``request`` is what this turn asked for (``None`` for yes/no, control words or nothing
    understood); ``failures`` the misunderstood turns in a row before this one.
    """
    clean = normalize(text)
    repeats = _similar(state.texts[state.texts_since :][-policy.window :], clean, policy.similar_text)
    if request is not None:
        earlier = state.requests[state.requests_since :][-policy.window :]
        repeats = max(repeats, sum(r == request for r in earlier))
        state.requests.append(request)
    if _meaningful(clean):
        state.texts.append(clean)
    calm_before = state.level < policy.offer_at
    level = state.level * policy.carry + said.score
    if said.score > 0:
        level += policy.failure_weight * failures
    state.level = level
    reasons: list[str] = []
    if said.score > 0 and level >= policy.offer_at:  # a calm turn after an upset one is left calm
        reasons.append(FRUSTRATION)
        if failures:
            reasons.append(NOT_UNDERSTOOD)
    if repeats + 1 >= policy.repeat_after:
        reasons.append(REPEATED_REQUEST)
    if asked_for_human:
        reasons.append(CUSTOMER_REQUEST)
    served = request is not None and calm_before and failures == 0 and said.score < policy.served_below
    strong = FRUSTRATION in reasons and level >= policy.handoff_at and not served
    action: Action = "none"
    if asked_for_human or (strong and not state.declined):
        action = "handoff"
    elif strong or (reasons and not state.declined):
        action = "offer"
    return Escalation(round(level, 3), tuple(reasons), action, said.matched)


def _meaningful(clean: str) -> bool:
    """Long enough to compare (not "yes", "네", a number)."""
    return len(clean.split()) >= 3 or len(clean.replace(" ", "")) >= 8


def _similar(previous: list[str], clean: str, threshold: float) -> int:
    if not _meaningful(clean):
        return 0
    return sum(fuzz.ratio(clean, earlier) >= threshold for earlier in previous)
