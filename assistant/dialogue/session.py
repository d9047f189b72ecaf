"""One customer's conversation state."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from assistant.dialogue.escalation import EscalationState
from assistant.messages import Expect, Reply, SlotValue


@dataclass
class Frame:
    """A request in progress: its intent, the slots so far, and what we asked for."""

    intent: str
    slots: dict[str, SlotValue]
    expect: Expect


@dataclass
class Session:
    """A conversation; it ends on goodbye, handoff or after a period of silence."""

    lang: str
    """Language the assistant answers in."""
    last_active: datetime
    """Time of the last turn, for the timeout."""
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    pending: Frame | None = None
    """The request waiting for a slot value or a yes/no."""
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
    """Scratch space for skills (e.g. the last order number)."""
    escalation: EscalationState = field(default_factory=EscalationState)
    """Frustration level, requests and repeats, for handing the customer to a human."""
