"""Returning customers: who they are (verified), what they like, and their preferred language.

Nothing personal is used or said before the customer proved who they are: they name their record
(loyalty or phone number) and say the last four digits of the phone number on it
(``assistant.dialogue.verification.customer_gate``). Preferences stated before that stay in the session.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.skill_api import (
    LANGUAGES,
    PREFERENCE_KINDS,
    Context,
    Customer,
    Preferences,
    Reply,
    customer_gate,
    fmt,
    intents,
    verified_customer_now,
)

IDENTIFY = intents.CUSTOMER_IDENTIFY
"""A returning customer names their record: "my loyalty number is …"."""
PREFERENCE = intents.CUSTOMER_PREFERENCE
"""The customer states what they like: "I like black", "M 사이즈 입어요"."""
PROFILE = intents.CUSTOMER_PROFILE
"""The customer asks what is remembered about them."""

NUMBER_SLOT = "customer_number"
"""Loyalty or phone number, as a digit string (slot ``by`` says which, when the customer said so)."""
PHONE_DIGITS = 7
"""A number this long or longer is a phone number (loyalty numbers are shorter)."""
SESSION_PREFS = "preferences"
"""``session.data`` key of the preferences stated in this session (kind → value)."""


def customer(ctx: Context) -> Customer | None:
    """The customer record this session is verified for, else ``None``."""
    customer_id = verified_customer_now(ctx)
    return ctx.store.customer_by_id(customer_id) if customer_id is not None else None


def session_preferences(ctx: Context) -> dict[str, str]:
    """Preferences stated in this session and not stored (yet): a copy; ``remember_preferences`` keeps
    a changed one."""
    return dict(ctx.recall(SESSION_PREFS, {}))


def remember_preferences(ctx: Context, stated: dict[str, str]) -> None:
    """Keep ``stated`` as this session's preferences."""
    ctx.remember(SESSION_PREFS, dict(stated))


def preferences(ctx: Context, known: Customer | None) -> Preferences:
    """What the customer likes: their stored preferences (verified only) updated by this session's."""
    stored = known.preferences if known is not None else Preferences()
    return stored.updated(session_preferences(ctx))


def describe(ctx: Context, prefs: dict[str, str]) -> str:
    """``black, size M and casual style`` / ``검은색, M 사이즈, 캐주얼 스타일``."""
    words = []
    for kind, value in prefs.items():
        if kind == "size":
            words.append(ctx.text("pref_size", value=value))
        elif kind == "style":
            words.append(ctx.text("pref_style", value=ctx.text(f"style_{value}")))
        else:
            words.append(fmt.value_name(kind, value, ctx.lang))
    return fmt.join(words, ctx.lang)


def _identified(ctx: Context) -> Customer | Reply:
    """The customer named by the number said (else the one already verified), once verified;
    otherwise the question to ask (their number, then the last four digits of their phone)."""
    said = ctx.slots.get(NUMBER_SLOT)
    if said is None:
        known = customer(ctx)
        return known if known is not None else ctx.ask_secret(NUMBER_SLOT, "ask_customer_number")
    number = str(said)
    by = ctx.slots.get("by")
    found = ctx.store.customer_by_loyalty(number) if by != "phone" else None
    by_phone = found is None and by != "loyalty" and len(number) >= PHONE_DIGITS
    if by_phone:
        found = ctx.store.customer(number)
    question = customer_gate(ctx, found, number, by_phone)
    if question is not None:
        return question
    ctx.slots.clear()  # the numbers are not needed any more
    known = customer(ctx)
    return known if known is not None else ctx.ask_secret(NUMBER_SLOT, "ask_customer_number")


_WORDS = {"en": re.compile(r"[a-z]{2,}"), "ko": re.compile(r"[가-힣]{2,}")}
_REDACTED = re.compile(r"\[[A-Z]+\]")


def _in_words(ctx: Context) -> bool:
    """Whether the customer has said words in this conversation's language ("my loyalty number is one two
    three…" typed in English), not only numbers: then they keep it, whatever their record prefers."""
    words = _WORDS.get(ctx.lang)
    said = (
        line.removeprefix("customer: ") for line in ctx.session.transcript if line.startswith("customer: ")
    )
    return words is not None and any(words.search(_REDACTED.sub(" ", line.lower())) for line in said)


def identify(ctx: Context) -> Reply:
    """Verify a returning customer, switch to their language (unless they have been talking in this one)
    and offer what comes next."""
    known = _identified(ctx)
    if isinstance(known, Reply):
        return known
    speaker, said = ctx, [ctx.text("verified")]
    talked = any(intent != ctx.intent for intent in ctx.session.intents) or _in_words(ctx)
    if known.lang in LANGUAGES and known.lang != ctx.lang and not talked:
        speaker = ctx.in_language(known.lang)
        said = [speaker.text("verified"), speaker.text("switched")]
    elif known.lang not in LANGUAGES:
        ctx.store.set_customer_language(known.id, ctx.lang)
    if ctx.session.waiting:  # "can you check order 4822", then the loyalty number: that request next
        return replace(speaker.say("verified"), text=" ".join(said))
    pending = session_preferences(ctx)
    if pending:
        prefs = describe(speaker, pending)
        question = speaker.hand_over(PREFERENCE, dict(pending), "pref_confirm", prefs=prefs)
    else:
        question = speaker.hand_over(intents.PRODUCT_RECOMMEND, {}, "offer_recommend")
    return replace(question, text=" ".join([*said, question.text]))


def state_preference(ctx: Context) -> Reply:
    """Remember what the customer likes: on their record once verified (after a yes), else for
    this session only."""
    changes = {kind: str(ctx.slots[kind]) for kind in PREFERENCE_KINDS if kind in ctx.slots}
    if not changes:
        return ctx.say("pref_ask")
    said = describe(ctx, changes)
    known = customer(ctx)
    if known is None:
        remember_preferences(ctx, {**session_preferences(ctx), **changes})
        return ctx.say("pref_session", prefs=said)
    if not ctx.confirmed:
        return ctx.confirm("pref_confirm", prefs=said)
    ctx.store.set_customer_preferences(known.id, changes)
    stated = session_preferences(ctx)
    remember_preferences(ctx, {kind: value for kind, value in stated.items() if kind not in changes})
    return ctx.say("pref_saved", prefs=said)


def show_profile(ctx: Context) -> Reply:
    """Read back the stored preferences, after the customer proved who they are."""
    known = _identified(ctx)
    if isinstance(known, Reply):
        return known
    stated = preferences(ctx, known).items()
    return ctx.say("prefs_list", prefs=describe(ctx, stated)) if stated else ctx.say("prefs_none")
