"""English number agreement: plurals, counted nouns, verbs that agree with their noun, a/an.

Catalog names can be plural already ("wireless earbuds", "running shoes"): one of them is "a pair of
wireless earbuds", and they "cost", where a t-shirt "costs".
"""

from __future__ import annotations

import re

_PLURAL_ONLY = re.compile(
    r"(?:buds|phones|shoes|sneakers|boots|sandals|slippers|socks|gloves|pants|jeans|shorts|trousers|leggings"
    r"|tights|pajamas|clothes|glasses|headphones|scissors)$"
)
"""Nouns that are plural in the singular sense: counted in pairs, with plural verbs."""
_IRREGULAR = {"person": "people", "child": "children", "man": "men", "woman": "women", "foot": "feet"}
_IRREGULAR_VERBS = {
    "is": "are",
    "was": "were",
    "has": "have",
    "does": "do",
    "isn't": "aren't",
    "wasn't": "weren't",
    "hasn't": "haven't",
    "doesn't": "don't",
}
_VOWEL_SOUND = re.compile(r"^(?:[aeio]|u(?!ni|s[eu]|ro)|hour|honest|heir)", re.IGNORECASE)
_VOWEL_LETTERS = frozenset("AEFHILMNORSX")
"""Letters whose names start with a vowel sound ("an XL", "an M"), for abbreviations."""


def is_plural(noun: str) -> bool:
    """True for nouns that take a plural verb as they are ("wireless earbuds", "shoes", "2 cases")."""
    last = noun.split()[-1] if noun.split() else noun
    return bool(_PLURAL_ONLY.search(last.lower()))


def plural(noun: str) -> str:
    """``t-shirt`` → ``t-shirts``, ``watch`` → ``watches``, ``battery`` → ``batteries``; plural-only
    nouns and plurals ("batteries", "snacks") stay as they are."""
    if is_plural(noun):
        return noun
    head, _, last = noun.rpartition(" ")
    lower = last.lower()
    if lower in _IRREGULAR:
        word = _IRREGULAR[lower]
    elif re.search(r"(?:ies|[^aeiosu]s)$", lower):  # plural already: "batteries", "snacks"
        word = last
    elif re.search(r"(?:s|x|z|ch|sh)$", lower):
        word = last + "es"
    elif re.search(r"[^aeiou]y$", lower):
        word = last[:-1] + "ies"
    else:
        word = last + "s"
    return f"{head} {word}" if head else word


def singular(word: str) -> str:
    """One word without its plural ending, lower-case: ``bags`` → ``bag``, ``batteries`` → ``battery``,
    ``watches`` → ``watch``; ``glass`` and short words stay as they are."""
    word = word.lower().strip()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def counted(quantity: int, noun: str) -> str:
    """``1 t-shirt``, ``3 t-shirts``, ``1 pair of wireless earbuds``, ``2 pairs of running shoes``."""
    if is_plural(noun):
        return f"{quantity} {'pair' if quantity == 1 else 'pairs'} of {noun}"
    return f"{quantity} {noun if quantity == 1 else plural(noun)}"


def number_of(quantity: int, noun: str) -> str:
    """``1 day``, ``3 days``: a plain count of a unit (no pairs)."""
    return f"{quantity} {noun if quantity == 1 else plural(noun)}"


def agree(verb: str, subject: str) -> str:
    """``costs`` after ``running shoes`` → ``cost``; after ``t-shirt`` stays ``costs``. ``verb`` is
    written in its third person singular form."""
    if not is_plural(subject):
        return verb
    if verb in _IRREGULAR_VERBS:
        return _IRREGULAR_VERBS[verb]
    if re.search(r"(?:ss|x|z|ch|sh|o)es$", verb):
        return verb[:-2]
    if verb.endswith("ies"):
        return verb[:-3] + "y"
    return verb[:-1] if verb.endswith("s") else verb


def on_day(day: str) -> str:
    """``on Monday, November 30``; ``today`` and ``tomorrow`` need no "on"."""
    return day if day.lower() in ("today", "tomorrow", "tonight") else f"on {day}"


def article(noun: str) -> str:
    """``a t-shirt``, ``an hour``, ``an XL hoodie``."""
    first = noun.split()[0] if noun.split() else noun
    if first.isupper() and first.isalpha():
        vowel = first[0] in _VOWEL_LETTERS
    else:
        vowel = bool(_VOWEL_SOUND.match(first))
    return f"{'an' if vowel else 'a'} {noun}"
