"""Several requests in one sentence: "what are your hours and where are you", "I want a phone charger and
a power bank", "never mind that, I want a white power bank".

When no template matches the whole sentence, it is split at punctuation and conjunctions. A piece that
only adds details to the request before it ("I want a hoodie, size M, with express delivery") joins it; a
piece with its own request, or a second product for the same one, becomes a request of its own. Greetings
and thanks next to a request are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from assistant import intents as I
from assistant.dialogue.answers import AnswerReader
from assistant.messages import IntentMatch, SlotValue
from assistant.nlu.engine import Nlu

_SPLIT = {
    "en": re.compile(r"[,.;!?]+|(?:^|\s+)(?:and then|and also|and|also|plus|then)\s+", re.IGNORECASE),
    "ko": re.compile(r"[,.;!?]+|(?:^|\s+)(?:그리고|그다음에|그리고요|또|하고 나서)\s+"),
}
_SMALL_TALK = frozenset({I.GREET, I.THANKS})
_CONTROL = frozenset({I.YES, I.NO, I.CANCEL, I.REPEAT})
"""Words about a question, never read as the one request of a sentence ("no, white" is a correction)."""


def split_requests(
    text: str,
    lang: str,
    nlu: Nlu,
    reader: AnswerReader,
    is_question: Callable[[IntentMatch, str], bool],
    confident: float,
) -> tuple[IntentMatch, ...]:
    """The requests said in ``text``, in order, when there are two or more, each recognised at least
    ``confident``-ly (or by a template) — or the one piece that matches a template when the rest means
    nothing; otherwise ``()``."""
    pattern = _SPLIT.get(lang)
    if pattern is None:
        return ()
    pieces = [piece.strip() for piece in pattern.split(text) if piece and piece.strip()]
    if len(pieces) < 2:
        return ()
    requests: list[IntentMatch] = []
    for piece in pieces:
        match = nlu.parse(piece, lang)
        if not match.text:
            continue
        last = requests[-1] if requests else None
        if last is not None and last.intent is not None:
            added, other = _details(match, last, lang, reader, is_question)
            if added is not None:
                requests[-1] = replace(last, slots={**last.slots, **added})
                continue
            if other is not None:  # "... and the power bank": the same request for another product
                requests.append(IntentMatch(match.text, last.intent, 1.0, other, "split"))
                continue
        if match.intent is not None:
            if match.matcher != "template" and match.score < confident:
                return ()  # a piece that is only a guess: the whole sentence is read as one request
            requests.append(match)
    requests = [r for r in requests if r.intent not in _SMALL_TALK] or requests
    if len(requests) == 1 and requests[0].matcher == "template" and requests[0].intent not in _CONTROL:
        return tuple(requests)  # "I want to order a hoodie, damn it": the one piece that is a request
    return tuple(requests) if len(requests) >= 2 else ()


def _details(
    piece: IntentMatch,
    last: IntentMatch,
    lang: str,
    reader: AnswerReader,
    is_question: Callable[[IntentMatch, str], bool],
) -> tuple[dict[str, SlotValue] | None, dict[str, SlotValue] | None]:
    """What ``piece`` adds to the request before it ("size M", "with express delivery"), or else the slots
    of the same request for something else ("and a power bank"); ``(None, None)`` when it is a request of
    its own."""
    known = {*last.slots, "phone", "delivery"} if last.intent in I.ACTIONS else set(last.slots)
    answer = reader.read(piece.text, lang, str(last.intent), None, known)
    if not answer.values or not answer.whole:
        return None, None
    if any(name in last.slots and last.slots[name] != value for name, value in answer.values.items()):
        return None, dict(answer.values)
    if piece.intent not in (None, last.intent) and (is_question(piece, lang) or piece.matcher == "template"):
        return None, None
    return dict(answer.values), None
