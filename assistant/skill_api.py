"""What a skill author writes against: ``Skill``, ``Context`` and ``Reply``.

A skill is a Python package holding a module-level ``skill = Skill(...)`` plus
``sentences/<lang>.yaml`` and ``responses/<lang>.yaml`` beside it. Handlers get a ``Context``
and return a ``Reply``; they never touch speech engines.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from assistant.dialogue.verification import VerificationPolicy
from assistant.messages import Expect, Reply, SlotValue

if TYPE_CHECKING:
    from assistant.dialogue.session import Session
    from assistant.store import Store

Handler = Callable[["Context"], Reply]
"""A function answering one intent."""


@dataclass(frozen=True)
class Skill:
    """A skill: its name and a handler per intent id it serves."""

    name: str
    """Short unique name, used in errors and listings."""
    handlers: Mapping[str, Handler]
    """Intent id (``order.place``) → handler."""
    description: str = ""
    """One line for ``assistant skills list``."""


@dataclass
class Context:
    """Everything a handler may use for one turn."""

    intent: str
    """The intent being handled."""
    slots: dict[str, SlotValue]
    """Slot values collected so far (from this and earlier turns of the same request)."""
    lang: str
    """Language to answer in."""
    session: Session
    """The conversation: language, pending request, customer scratch data."""
    store: Store
    """The shop's data: catalog, orders, bookings, tickets."""
    now: datetime
    """The current time (from the dialogue's clock)."""
    confirmed: bool = False
    """True when the customer just said yes to this request's confirmation question."""
    responses: Mapping[str, str] = field(default_factory=dict)
    """This skill's reply templates in ``lang``."""
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """This skill's reply templates in every language it has."""
    capabilities: str = ""
    """What the installed skills can do, as one phrase in ``lang`` (for help and fallbacks)."""
    verification: VerificationPolicy = field(default_factory=VerificationPolicy)
    """Attempts and cool-down of identity checks (see ``assistant.dialogue.verification.gate``)."""

    def in_language(self, lang: str) -> Context:
        """This context answering in ``lang`` (after the customer switched language)."""
        return replace(self, lang=lang, responses=self.translations.get(lang, self.responses))

    def text(self, key: str, **values: Any) -> str:
        """Render reply template ``key`` with ``values``."""
        template = self.responses.get(key)
        if template is None:
            raise KeyError(f"no response {key!r} for language {self.lang!r}")
        return template.format_map(values)

    def say(self, key: str, **values: Any) -> Reply:
        """A plain answer; the request is done."""
        return Reply(self.text(key, **values), self.lang, intent=self.intent)

    def ask(self, slot: str, key: str, **values: Any) -> Reply:
        """Ask for ``slot``; the customer's next words fill it and the handler runs again."""
        return Reply(self.text(key, **values), self.lang, expect=Expect("slot", slot), intent=self.intent)

    def ask_secret(self, slot: str, key: str, **values: Any) -> Reply:
        """Like ``ask``, for personal data: the answer is read as digits and never logged."""
        expect = Expect("slot", slot, secret=True)
        return Reply(self.text(key, **values), self.lang, expect=expect, intent=self.intent)

    def confirm(self, key: str, **values: Any) -> Reply:
        """Ask yes or no; on yes the handler runs again with ``confirmed`` set."""
        return Reply(self.text(key, **values), self.lang, expect=Expect("confirm"), intent=self.intent)

    def hand_over(self, intent: str, slots: dict[str, SlotValue], key: str, **values: Any) -> Reply:
        """Ask yes or no about another request (e.g. a member of staff): on yes, ``intent`` runs with
        ``slots``."""
        self.slots = dict(slots)
        return Reply(self.text(key, **values), self.lang, expect=Expect("confirm"), intent=intent)

    def end(self, key: str, **values: Any) -> Reply:
        """A last answer: the conversation ends."""
        return Reply(self.text(key, **values), self.lang, end_session=True, intent=self.intent)
