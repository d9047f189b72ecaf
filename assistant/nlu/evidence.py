"""Action evidence: the classifier may answer with an action intent only when the sentence says the action.

The patterns are data (``assistant/data/evidence.yaml``): per language, one pattern per action intent
("a cancel needs a cancel word") and one for questions *about* an action's rules or cost ("what's the
cancellation fee"), which are never the action they mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from assistant.text import normalize
from assistant.yamlfile import parse_yaml

REFUSAL_ASIDE = 3
"""Words a refusal may come with and still be all the sentence says ("아 그냥 … 요", "actually … it")."""


@dataclass(frozen=True)
class Evidence:
    """The evidence patterns of one language."""

    actions: dict[str, tuple[re.Pattern[str], ...]]
    """Action intent → what a sentence must all contain to be that action."""
    question: re.Pattern[str] | None
    """What makes a sentence a question about an action rather than the action."""
    elsewhere: re.Pattern[str] | None
    """Other businesses: an action on their orders or bookings is not one of this shop's."""
    subjects: dict[str, re.Pattern[str]]
    """Other intent → what a sentence must name to be that intent (a complaint is about something)."""
    excluded: dict[str, re.Pattern[str]]
    """Action or subject intent → what its sentence must not be about, in its own words (a fridge is
    not repaired here, even though the shop does not sell fridges either; a word's translation is no
    change of language)."""
    others: re.Pattern[str] | None = None
    """Other shops, brands and businesses by name, for the intents in ``ours``."""
    words: frozenset[str] = frozenset()
    """The plain words the patterns name (left alone by the speller: "nike" is no misspelt "nice")."""
    ours: frozenset[str] = frozenset()
    """Question intents about this shop's own hours, orders, policies or staff: a sentence naming another
    business ("what time does target close", "my nike order") is not one of them."""
    records: frozenset[str] = frozenset()
    """Questions about the customer's own records with this shop: one about another business's ("when is
    my dentist appointment", ``elsewhere``) is not one of them."""
    refused: dict[str, re.Pattern[str]] = field(default_factory=dict)
    """Intent → how a sentence refuses it ("i don't need a staff member", "안 살래요", "don't cancel my
    order"): such a sentence is never that intent, whatever else it says."""
    refusal_means: dict[str, str] = field(default_factory=dict)
    """Intent → what refusing it says when that is all the sentence says: not buying is a stop
    (``dialog.cancel``), not needing staff a no."""
    asks: dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]] = field(default_factory=dict)
    """Intent → how a sentence asks for it outright, and what makes it no such request: the dialogue
    acts on the classifier's reading of such an intent only then, and asks first otherwise ("사람
    맞아요?", "are there human staff working today" are about staff, not a call for them)."""

    def asks_for(self, intent: str, text: str) -> bool:
        """Whether ``text`` (normalized) asks for ``intent`` outright (always, for an intent not listed)."""
        if intent not in self.asks:
            return True
        wanted, unlike = self.asks[intent]
        return wanted.search(text) is not None and (unlike is None or unlike.search(text) is None)

    def says(self, intent: str, text: str) -> bool:
        """Whether ``text`` (normalized) holds every word the action ``intent`` needs ("cancel" for a
        cancellation), whatever else it says; ``False`` for an intent with none listed."""
        patterns = self.actions.get(intent, ())
        return bool(patterns) and all(p.search(text) for p in patterns)

    def refuses(self, intent: str, text: str) -> re.Match[str] | None:
        """Where ``text`` (normalized) refuses ``intent``, if it does."""
        pattern = self.refused.get(intent)
        return pattern.search(text) if pattern is not None else None

    def refusal(self, intent: str, text: str) -> str | None:
        """What ``text`` means when it refuses ``intent`` and says little else ("아 그냥 안 살래요", "actually
        i won't buy it"); None otherwise ("예약 안 할 거예요 그냥 화면 수리 얼마인지만요" asks a price)."""
        found = self.refuses(intent, text)
        if found is None or len(f"{text[: found.start()]} {text[found.end() :]}".split()) > REFUSAL_ASIDE:
            return None
        return self.refusal_means.get(intent)

    def allows(self, intent: str, text: str, delex: str, named: str | None = None) -> bool:
        """False when ``intent`` is an action that ``text`` (normalized) does not ask for, or one of our
        shop's questions asked about another business; ``delex`` is ``text`` with its entities replaced
        by their kind (``PRODUCT``…), which the patterns see. Businesses are looked for in ``named``
        (default ``delex``): ``text`` with only its products replaced, so that a power bank is no bank
        and Old Navy, whose "navy" is a colour, is still a shop."""
        named = delex if named is None else named
        if self.refuses(intent, text):
            return False
        if intent in self.ours and self.others is not None and self.others.search(named):
            return False
        if intent in self.records and self.elsewhere is not None and self.elsewhere.search(named):
            return False
        unlike = self.excluded.get(intent)
        if unlike is not None and unlike.search(text):
            return False
        subject = self.subjects.get(intent)
        if subject is not None:
            return subject.search(delex) is not None
        patterns = self.actions.get(intent)
        if patterns is None:
            return True
        if self.question is not None and self.question.search(text):
            return False
        if self.elsewhere is not None and self.elsewhere.search(named):
            return False
        return all(p.search(delex) for p in patterns)


def about_an_action(text: str, lang: str) -> bool:
    """Whether ``text`` asks about an action's rules or cost ("… can you tell me how that works"): such a
    sentence, or any piece of it, is never the action."""
    question = evidence(lang).question
    return question is not None and question.search(normalize(text)) is not None


@cache
def evidence(lang: str) -> Evidence:
    """The patterns for ``lang`` (none for a language the file does not cover: everything is allowed)."""
    text = files("assistant.data").joinpath("evidence.yaml").read_text(encoding="utf-8")
    data = parse_yaml(text).get(lang) or {}
    actions: dict[str, tuple[re.Pattern[str], ...]] = {}
    excluded: dict[str, re.Pattern[str]] = {}
    subjects: dict[str, re.Pattern[str]] = {}
    for group, kept in (("actions", None), ("subjects", subjects)):
        for key, pattern in (data.get(group) or {}).items():
            if key.endswith(".not"):
                excluded[key.removesuffix(".not")] = re.compile(pattern)
            elif kept is not None:
                kept[key] = re.compile(pattern)
            else:
                intent = key.removesuffix(".object")
                actions[intent] = (*actions.get(intent, ()), re.compile(pattern))
    refused = {intent: re.compile(pattern) for intent, pattern in (data.get("refused") or {}).items()}
    means = {str(intent): str(meant) for intent, meant in (data.get("refusal_means") or {}).items()}
    asked = {str(k): str(v) for k, v in (data.get("asks") or {}).items()}
    asks = {
        key: (re.compile(pattern), re.compile(asked[f"{key}.not"]) if f"{key}.not" in asked else None)
        for key, pattern in asked.items()
        if not key.endswith(".not")
    }
    question, elsewhere = data.get("questions"), data.get("elsewhere")
    return Evidence(
        actions,
        re.compile(question) if question else None,
        re.compile(elsewhere) if elsewhere else None,
        subjects,
        excluded,
        others=re.compile(data["others"]) if data.get("others") else None,
        words=frozenset(
            re.findall(r"[a-z][a-z'&-]+", str(data.get("others", "")) + str(data.get("elsewhere", "")))
        ),
        ours=frozenset(data.get("ours") or ()),
        records=frozenset(data.get("records") or ()),
        refused=refused,
        refusal_means=means,
        asks=asks,
    )
