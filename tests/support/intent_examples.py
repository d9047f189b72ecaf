"""A small training set and unseen paraphrases shared by the tests of the intent models."""

from __future__ import annotations

IN_SCOPE = {
    "weather": [
        "what is the weather like today",
        "will it rain tomorrow",
        "is it going to be sunny this weekend",
        "how cold is it outside",
        "tell me the weather forecast",
    ],
    "timer": [
        "set a timer for ten minutes",
        "start a five minute timer",
        "count down twenty seconds",
        "put a timer on for an hour",
        "timer for three minutes please",
    ],
    "balance": [
        "how much money is in my bank account",
        "what is my checking account balance",
        "show my savings balance",
        "how much do i have in the bank",
        "tell me my account balance",
    ],
}
"""Three intents, five example sentences each."""

OUT_OF_SCOPE = ["who won the football game", "play some jazz music"]
"""Examples of the rejection class, for models that learn one."""

PARAPHRASES = [
    ("is it going to rain this weekend", "weather"),
    ("set a timer for twenty minutes", "timer"),
    ("what is the balance of my savings account", "balance"),
    ("whats the forcast for today", "weather"),  # misspelt: character n-grams carry it
]
"""Sentences no model was trained on, with the intent they mean."""


def examples(training: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """The training sentences and their labels, side by side."""
    return (
        [text for sentences in training.values() for text in sentences],
        [label for label, sentences in training.items() for _ in sentences],
    )
