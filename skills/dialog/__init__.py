"""Conversation control and small talk: greetings, thanks, yes, no, cancel, repeat, help, goodbye, language.

The dialogue manager answers yes, no, cancel and repeat itself while a request is pending;
these handlers cover the same words when nothing is pending.
"""

from __future__ import annotations

from assistant.skill_api import LANGUAGES, Context, Reply, Skill, intents


def nothing_pending(ctx: Context) -> Reply:
    return ctx.say("nothing_pending")


def nothing_wanted(ctx: Context) -> Reply:
    """A "no" with no question pending answers "anything else?": nothing more is wanted."""
    return ctx.say("nothing_else")


def nothing_to_cancel(ctx: Context) -> Reply:
    return ctx.say("nothing_to_cancel")


def nothing_to_repeat(ctx: Context) -> Reply:
    return ctx.say("nothing_to_repeat")


def greet(ctx: Context) -> Reply:
    return ctx.say("greeting", capabilities=ctx.capabilities)


def thanks(ctx: Context) -> Reply:
    return ctx.say("you_are_welcome")


def help_(ctx: Context) -> Reply:
    return ctx.say("help", capabilities=ctx.capabilities)


def goodbye(ctx: Context) -> Reply:
    return ctx.end("goodbye")


def switch_language(ctx: Context) -> Reply:
    lang = ctx.slots.get("language")
    if lang not in LANGUAGES:
        return ctx.ask("language", "ask_language")
    return ctx.in_language(str(lang)).say("language_switched")


skill = Skill(
    name="dialog",
    description="Greetings, thanks, yes, no, cancel, repeat, help, goodbye and switching language",
    handlers={
        intents.GREET: greet,
        intents.THANKS: thanks,
        intents.YES: nothing_pending,
        intents.NO: nothing_wanted,
        intents.CANCEL: nothing_to_cancel,
        intents.REPEAT: nothing_to_repeat,
        intents.HELP: help_,
        intents.GOODBYE: goodbye,
        intents.LANGUAGE: switch_language,
    },
)
