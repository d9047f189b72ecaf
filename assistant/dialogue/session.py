"""One customer's conversation state, and the read-only view of it that skills get."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

from assistant.dialogue.escalation import EscalationState, Request
from assistant.messages import Expect, IntentMatch, Reply, SlotValue


@dataclass
class Frame:
    """A request in progress: its intent, the slots so far, and the question we asked about it."""

    intent: str
    slots: dict[str, SlotValue]
    expect: Expect
    question: Reply | None = None
    """What the assistant asked (repeated when the customer said something else in between)."""
    rerun: bool = True
    """Whether the question is asked again by running the intent's handler again (in the conversation's
    language); False for an offer made on another request's behalf (a member of staff) or a check."""
    checking: bool = False
    """A "did you want to …?" check of an uncertain action: yes starts the request from the beginning."""
    helped: bool = False
    """The customer said they cannot answer and was told where to find the answer: the next time, staff
    are offered."""
    offered: dict[str, SlotValue] = field(default_factory=dict)
    """A detail the customer asked about while the question waited ("how much is express?" mid-order):
    "ok let's do that" takes it."""
    more: bool = False
    """The customer said they want something else too ("I'd also like to order something else"): the
    next product named is another order, not this one's product corrected."""


@dataclass(frozen=True)
class SessionView:
    """What a skill may know of the conversation: a read-only copy, taken for one turn."""

    id: str
    lang: str
    verified: frozenset[str]
    """Records proved or created in this conversation (``order:4821``)."""
    customer_id: int | None
    """The customer record the conversation belongs to, once named (verified when in ``verified``)."""
    data: Mapping[str, Any]
    """Conversation data skills asked to remember (``last_order``…)."""
    transcript: tuple[str, ...]
    """Redacted lines ``customer: …`` / ``assistant: …``."""
    intents: tuple[str, ...]
    """Intent history."""
    last_request: Request | None
    """What the customer last asked for (intent and slots), for a hand-off ticket."""
    waiting: tuple[str, ...] = ()
    """Intents of the requests put aside for this one, taken up again when it is done."""


@dataclass
class Session:
    """A conversation; it ends on goodbye or after a period of silence (it goes on while staff come)."""

    lang: str
    """Language the assistant answers in."""
    last_active: datetime
    """Time of the last turn, for the timeout."""
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    pending: Frame | None = None
    """The request waiting for a slot value or a yes/no."""
    suspended: list[Frame] = field(default_factory=list)
    """Requests put aside while the customer asked something else; their question is asked again after."""
    queued: list[IntentMatch] = field(default_factory=list)
    """Further requests said in the same sentence, handled one after the other."""
    with_staff: list[Frame] = field(default_factory=list)
    """Requests left to the staff called; given back when the customer takes the call back."""
    last_reply: Reply | None = None
    """What the assistant said last, for "say that again"."""
    failures: int = 0
    """Consecutive turns that were not understood."""
    intents: list[str] = field(default_factory=list)
    """Intent history of this session."""
    transcript: list[str] = field(default_factory=list)
    """Redacted lines ``customer: …`` / ``assistant: …`` for a handoff ticket."""
    verified: set[str] = field(default_factory=set)
    """Records the customer proved to be theirs, or created, in this session (``order:4821``)."""
    customer_id: int | None = None
    """The customer record the customer proved to be theirs (``customer:<id>`` is in ``verified``)."""
    data: dict[str, Any] = field(default_factory=dict)
    """Data skills asked to remember (e.g. the last order number)."""
    undoable: str | None = None
    """The cancel intent that undoes what the turn before created (a booking or an order just made):
    "cancel that" or "그거 취소해 주세요" in the very next turn means that one."""
    wished: str | None = None
    """What the customer said they want to do with an order or booking not named yet ("i want to cancel":
    ``cancel``; "뭐 좀 바꾸고 싶은데요": ``change``): the record named next is that request's."""
    declined: Frame | None = None
    """The confirmation the turn before said no to: "actually yes" in the very next turn asks it again."""
    stopped: Frame | None = None
    """The order or booking stopped at one of its questions the turn before ("never mind"): "wait, actually
    I do need it, saturday" in the very next turn takes it up again."""
    replaced: Frame | None = None
    """The order or booking being made as it was before another product or service was said instead
    ("actually a battery replacement instead"): "hmm, do both" makes that one too."""
    topic: dict[str, SlotValue] = field(default_factory=dict)
    """The product or service the conversation is about (the last one named): "사이즈는요?", "then I'll
    take a white one" after a question about the earbuds are about them."""
    escalation: EscalationState = field(default_factory=EscalationState)
    """Frustration level, requests and repeats, for handing the customer to a human."""

    def view(self) -> SessionView:
        """A read-only copy for a skill handler."""
        return SessionView(
            self.id,
            self.lang,
            frozenset(self.verified),
            self.customer_id,
            MappingProxyType(copy.deepcopy(self.data)),
            tuple(self.transcript),
            tuple(self.intents),
            self.escalation.last_request,
            tuple(str(frame.intent) for frame in self.suspended),
        )
