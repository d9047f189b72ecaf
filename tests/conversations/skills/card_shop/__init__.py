"""A third-party skill that overlaps the built-in words: it sells single playing cards by rank and suit,
and a rank alone ("two", "queen") matches its template. Used by the conversation suite."""

from assistant.messages import Reply
from assistant.skill_api import Context, Skill


def buy_card(ctx: Context) -> Reply:
    """The card named in the customer's language (the lists' values are English ids)."""
    rank, suit = ctx.slots.get("rank", "ace"), ctx.slots.get("suit", "spades")
    return ctx.say("card", rank=ctx.text(f"rank_{rank}"), suit=ctx.text(f"suit_{suit}"))


skill = Skill(name="card_shop", description="Single playing cards", handlers={"cards.buy": buy_card})
