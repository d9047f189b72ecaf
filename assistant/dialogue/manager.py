"""The dialogue manager: turns an utterance into a reply, one turn at a time.

It keeps the request in progress (slot filling and confirmation), applies corrections
("no, three of them"), cancels, repeats, times sessions out, and offers a human after repeated
failures to understand, or when the customer is frustrated or keeps asking the same thing
(``assistant.dialogue.escalation``). Skills only ever see a ``Context``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from importlib.resources import files

import yaml

from assistant import intents as I
from assistant.dialogue.escalation import (
    REPEATED_REQUEST,
    Escalation,
    EscalationPolicy,
    Request,
    TextScore,
    load_lexicons,
    observe,
    score_text,
)
from assistant.dialogue.session import Frame, Session
from assistant.dialogue.verification import DIGITS, VerificationPolicy, verified_customer
from assistant.messages import Expect, IntentMatch, Reply, SlotValue, Transcript
from assistant.nlu.engine import Nlu
from assistant.plugins import SkillRegistry
from assistant.redact import redact, redact_digits
from assistant.skill_api import Context
from assistant.slots import find_digits
from assistant.store import Store, StoreBusy, StoreError
from assistant.text import MAX_CHARS, normalize

log = logging.getLogger(__name__)

_LANGUAGE_NEUTRAL = frozenset({I.YES, I.NO, I.CANCEL, I.REPEAT})
"""Short answers ("ok", "네") that do not switch the conversation's language."""


@dataclass(frozen=True)
class DialogueSettings:
    """Tunable behaviour of conversations."""

    timeout_s: float = 120.0
    """A session silent for this long starts afresh (a kiosk customer walked away)."""
    handoff_after: int = 2
    """Offer a human after this many turns in a row were not understood."""
    verification: VerificationPolicy = field(default_factory=VerificationPolicy)
    """Wrong answers allowed to identity questions, and the cool-down after them."""
    escalation: EscalationPolicy = field(default_factory=EscalationPolicy)
    """When frustration or repeated requests offer a member of staff, or call one at once."""
    handler_timeout_s: float = 15.0
    """A skill handler that takes longer is abandoned and the customer told politely. Longer than the
    store's 5 s busy timeout, so a handler waiting for a locked database reports that instead."""


@dataclass(frozen=True)
class Turn:
    """The outcome of one utterance."""

    match: IntentMatch
    reply: Reply
    timed_out: bool = False
    """The session had expired and was started afresh before this turn."""
    error: str | None = None
    """Set when a skill failed; the reply is a polite fallback."""


def core_responses() -> dict[str, dict[str, str]]:
    """The dialogue manager's own reply templates, by language."""
    text = files("assistant.data").joinpath("responses.yaml").read_text(encoding="utf-8")
    data: dict[str, dict[str, str]] = yaml.safe_load(text)
    return data


class Dialogue:
    """Runs conversations over the registered skills."""

    def __init__(
        self,
        registry: SkillRegistry,
        nlu: Nlu,
        store: Store,
        clock: Callable[[], datetime] = datetime.now,
        settings: DialogueSettings | None = None,
    ) -> None:
        self.registry = registry
        self.nlu = nlu
        self.store = store
        self.clock = clock
        self.settings = settings or DialogueSettings()
        self._core = core_responses()
        self._lexicons = load_lexicons()

    def new_session(self, lang: str) -> Session:
        return Session(lang=lang, last_active=self.clock())

    def say(self, session: Session, key: str, **values: str) -> Reply:
        """A reply from the dialogue manager's own templates, in the session's language."""
        table = self._core.get(session.lang, self._core["en"])
        return Reply(table[key].format(**values), session.lang)

    def respond(self, session: Session, transcript: Transcript) -> Turn:
        """Handle one utterance and return the reply; never raises for a skill's failure."""
        started = time.perf_counter()
        now = self.clock()
        timed_out = now - session.last_active > timedelta(seconds=self.settings.timeout_s)
        if timed_out:
            fresh = self.new_session(session.lang)
            fresh.id = session.id
            session.__dict__.update(fresh.__dict__)
        session.last_active = now
        lang_before = session.lang
        lang = transcript.lang if transcript.lang in self.nlu.languages else session.lang
        match = self.nlu.parse(transcript.text, lang)
        pending = session.pending
        secret = pending is not None and pending.expect.secret
        answer = self._secret_answer(match, transcript.text, lang) if secret else None
        if answer is not None and self._said(transcript, lang).score >= self.settings.escalation.offer_at:
            answer = None  # "two weeks I've waited, this is ridiculous" is no answer to the question
        if pending is not None and answer is not None:  # not matched: the digits carry no intent
            match = IntentMatch(match.text, pending.intent, 1.0, {}, "answer")
        elif match.intent and lang != session.lang and match.intent not in _LANGUAGE_NEUTRAL:
            session.lang = lang
        error: str | None = None
        said = (redact_digits if secret else redact)(transcript.text[:MAX_CHARS])
        session.transcript.append(f"customer: {said}")  # before routing: a ticket opened now includes it
        if match.intent:
            session.intents.append(match.intent)
        digits = answer is not None  # an identity answer is not read for frustration or repeats
        escalation = None if digits or not match.text else self._escalation(session, match, transcript, lang)
        if not match.text:
            reply = self.say(session, "empty")
        else:
            try:
                if pending is not None and answer is not None and pending.expect.slot:
                    reply = self._run(session, pending.intent, {**pending.slots, pending.expect.slot: answer})
                elif escalation is not None and escalation.action == "handoff":
                    reply = self._hand_off(session, escalation)
                else:
                    failures = session.failures
                    reply = self._route(session, match, lang)
                    if escalation is not None and escalation.action == "offer":
                        reply = self._offer(session, reply, escalation, session.failures > failures)
            except StoreBusy as exc:
                log.error("store busy: %s", exc)
                error, reply = str(exc), self._busy(session, pending)
            except StoreError as exc:
                log.error("store error: %s", exc)
                error, reply = str(exc), self.say(session, "skill_failed")
                session.pending = None
        if match.intent != I.REPEAT:
            session.last_reply = reply
        answered = redact(reply.text)
        session.transcript.append(f"assistant: {answered}")
        self._remember_language(session, lang_before)
        latency_ms = (time.perf_counter() - started) * 1000
        try:
            self.store.log_interaction(
                session.id, lang, said, match.intent, match.score, answered, latency_ms
            )
        except StoreError as exc:  # the customer still gets the reply; the operator sees the warning
            log.warning("interaction not logged: %s", exc)
        return Turn(match, reply, timed_out, error)

    def _busy(self, session: Session, pending: Frame | None) -> Reply:
        """The database is locked for now: keep what the customer was doing and offer to try again."""
        session.pending = pending
        if pending is None or pending.expect.kind != "confirm":
            return self.say(session, "store_busy")
        return replace(self.say(session, "store_busy_retry"), expect=pending.expect, intent=pending.intent)

    def _remember_language(self, session: Session, before: str) -> None:
        """A verified customer who switched language gets it remembered as their preferred one."""
        customer_id = verified_customer(session)
        if customer_id is None or session.lang == before:
            return
        try:
            self.store.set_customer_language(customer_id, session.lang)
        except StoreError as exc:
            log.warning("preferred language not stored: %s", exc)

    def _escalation(
        self, session: Session, match: IntentMatch, transcript: Transcript, lang: str
    ) -> Escalation | None:
        """Frustration, repeats and requests for a human in this turn (``None``: no one to hand to)."""
        if not self.registry.handler(I.AGENT_HANDOFF):
            return None
        pending = session.pending
        if pending is not None and pending.intent == I.AGENT_HANDOFF and match.intent == I.NO:
            session.escalation.declined = True
        said = self._said(transcript, lang)
        request = None
        if match.intent and match.intent != I.AGENT_HANDOFF and not match.intent.startswith("dialog."):
            request = Request(match.intent, dict(match.slots))
        return observe(
            session.escalation,
            said,
            transcript.text,
            request,
            failures=session.failures,
            asked_for_human=match.intent == I.AGENT_HANDOFF,
            policy=self.settings.escalation,
        )

    def _said(self, transcript: Transcript, lang: str) -> TextScore:
        """Frustration in the words (and, typed, the capitals and "!!") of this utterance."""
        lexicon = self._lexicons.get(lang)
        typed = transcript.engine == "text"
        return score_text(transcript.text, lexicon, typed) if lexicon else TextScore(0.0)

    def _hand_off(self, session: Session, escalation: Escalation) -> Reply:
        """Open a hand-off ticket now (strong anger or an explicit request), apologising if upset."""
        reasons = [*self._offered_reasons(session), *escalation.reasons]
        session.pending = None
        session.escalation.calm_down()
        slots = {"reason": ",".join(dict.fromkeys(reasons)), "empathy": escalation.frustrated}
        return self._run(session, I.AGENT_HANDOFF, slots, confirmed=True)

    def _offer(self, session: Session, reply: Reply, escalation: Escalation, misunderstood: bool) -> Reply:
        """Empathy first, then "shall I get a member of staff?" (yes opens a ticket)."""
        if reply.end_session:
            return reply
        reasons = ",".join(dict.fromkeys([*self._offered_reasons(session), *escalation.reasons]))
        if reply.intent == I.AGENT_HANDOFF and session.pending is not None:  # offered already
            session.pending.slots["reason"] = reasons
            return reply
        sorry = self.say(session, "empathy" if escalation.frustrated else "empathy_repeat").text
        if reply.expect is not None and not misunderstood and REPEATED_REQUEST not in escalation.reasons:
            return Reply(f"{sorry} {reply.text}", reply.lang, reply.expect, reply.end_session, reply.intent)
        offer = self.say(session, "offer_staff").text
        text = (
            f"{sorry} {offer}"
            if reply.expect is not None or misunderstood
            else f"{sorry} {reply.text} {offer}"
        )
        session.pending = Frame(I.AGENT_HANDOFF, {"reason": reasons}, Expect("confirm"))
        session.failures = 0
        session.escalation.calm_down()
        return Reply(text, session.lang, Expect("confirm"), intent=I.AGENT_HANDOFF)

    @staticmethod
    def _offered_reasons(session: Session) -> list[str]:
        """The reasons of a member of staff already offered (pending yes/no), if any."""
        pending = session.pending
        if pending is None or pending.intent != I.AGENT_HANDOFF:
            return []
        return [r for r in str(pending.slots.get("reason", "")).split(",") if r]

    def _secret_answer(self, match: IntentMatch, text: str, lang: str) -> str | None:
        """The digits said in answer to an identity question; ``None`` when the customer said
        something else (a new request, "cancel", "talk to a human")."""
        if match.matcher == "template" and match.intent and not match.intent.startswith("dialog."):
            return None
        clean = normalize(text)
        found = find_digits(clean, lang, DIGITS) or find_digits(clean, lang, 1)
        return str(found.value) if found else None

    def _route(self, session: Session, match: IntentMatch, lang: str) -> Reply:
        intent = match.intent
        if intent == I.REPEAT:
            return session.last_reply or self.say(session, "nothing_to_repeat")
        pending = session.pending
        if pending is not None:
            reply = self._continue(session, pending, match, lang)
            if reply is not None:
                return reply
            session.pending = None
        if intent is None:
            return self._not_understood(session, "out_of_scope")
        return self._run(session, intent, dict(match.slots))

    def _continue(self, session: Session, pending: Frame, match: IntentMatch, lang: str) -> Reply | None:
        """Apply this turn to the pending request; ``None`` means the customer moved on."""
        intent = match.intent
        if intent == I.CANCEL or (intent == I.NO and pending.expect.kind == "slot"):
            session.pending = None
            return self.say(session, "cancelled")
        switched = (
            match.matcher == "template"
            and intent not in (None, pending.intent)
            and not (intent.startswith("dialog."))
        )
        if switched:
            return None
        if pending.expect.kind == "confirm" and intent == I.YES:
            return self._run(session, pending.intent, pending.slots, confirmed=True)
        found = self.nlu.find_slots(match.text, lang, pending.intent)
        if intent == pending.intent:
            found.update(match.slots)
        question = session.last_reply.text if session.last_reply else ""
        if pending.expect.kind == "confirm":
            changed = {k: v for k, v in found.items() if pending.slots.get(k) != v}
            if changed and intent not in (I.CANCEL, I.REPEAT, I.HELP):
                return self._run(session, pending.intent, {**pending.slots, **changed})
            if intent == I.NO:
                session.pending = None
                return self.say(session, "not_done")
            if intent is None:
                return self._reask(session, pending, "yes_or_no", question)
            return None
        if pending.expect.slot in found or (found and intent in (None, pending.intent)):
            return self._run(session, pending.intent, {**pending.slots, **found})
        if intent is None or intent in (I.YES, I.NO):
            return self._reask(session, pending, "say_again", question)
        return None

    def _reask(self, session: Session, pending: Frame, key: str, question: str) -> Reply:
        """Repeat the pending question, unless it is time to offer a human."""
        reply = self._not_understood(session, key, question)
        if session.pending is pending:
            return Reply(reply.text, reply.lang, pending.expect, intent=pending.intent)
        return reply

    def _not_understood(self, session: Session, key: str, question: str = "") -> Reply:
        session.failures += 1
        if session.failures >= self.settings.handoff_after and self.registry.handler(I.AGENT_HANDOFF):
            session.failures = 0
            session.pending = Frame(I.AGENT_HANDOFF, {"reason": "not_understood"}, Expect("confirm"))
            reply = self.say(session, "offer_handoff")
            return Reply(reply.text, reply.lang, Expect("confirm"), intent=I.AGENT_HANDOFF)
        if key == "out_of_scope" and session.failures > 1:
            key = "not_understood"
        return self.say(session, key, capabilities=self._capabilities(session.lang), question=question)

    def _capabilities(self, lang: str) -> str:
        helps = [s.help.get(lang, "") for s in self.registry.skills]
        helps = [h for h in helps if h]
        if len(helps) > 1:
            joiner = self._core.get(lang, self._core["en"])["and"]
            return ", ".join(helps[:-1]) + f" {joiner} " + helps[-1] if lang == "en" else ", ".join(helps)
        return "".join(helps)

    def _run(
        self, session: Session, intent: str, slots: Mapping[str, SlotValue], confirmed: bool = False
    ) -> Reply:
        loaded = self.registry.skill_for(intent)
        if loaded is None:
            return self._not_understood(session, "out_of_scope")
        lang = session.lang if session.lang in loaded.responses else next(iter(loaded.responses))
        ctx = Context(
            intent=intent,
            slots=dict(slots),
            lang=lang,
            session=session,
            store=self.store,
            now=self.clock(),
            confirmed=confirmed,
            responses=loaded.responses[lang],
            translations=loaded.responses,
            capabilities=self._capabilities(lang),
            verification=self.settings.verification,
        )
        try:
            reply = call_handler(loaded.skill.handlers[intent], ctx, self.settings.handler_timeout_s)
        except StoreError:
            raise
        except Exception:
            log.exception("skill %r failed on %s", loaded.name, intent)
            session.pending = None
            return self.say(session, "skill_failed")
        session.failures = 0
        # A reply may hand the follow-up to another intent (``Context.hand_over``: "shall I get staff?").
        session.pending = Frame(reply.intent or intent, ctx.slots, reply.expect) if reply.expect else None
        return reply


class HandlerTimeout(RuntimeError):
    """A skill handler did not answer in time."""


def call_handler(handler: Callable[[Context], object], ctx: Context, timeout_s: float) -> Reply:
    """Run a skill's handler, at most ``timeout_s`` seconds; anything but a ``Reply`` is an error.

    The handler runs on a daemon thread: one that hangs is left behind (it cannot be killed) while the
    conversation goes on.
    """
    outcome: list[object] = []
    failure: list[BaseException] = []

    def work() -> None:
        try:
            outcome.append(handler(ctx))
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)

    worker = threading.Thread(target=work, name=f"skill {ctx.intent}", daemon=True)
    worker.start()
    worker.join(timeout_s)
    if worker.is_alive():
        raise HandlerTimeout(f"the handler for {ctx.intent} did not answer within {timeout_s:g} s")
    if failure:
        raise failure[0]
    reply = outcome[0]
    if not isinstance(reply, Reply):
        raise TypeError(f"the handler for {ctx.intent} returned {type(reply).__name__}, not a Reply")
    return reply
