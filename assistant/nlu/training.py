"""What the classifier is trained on: labels, template slots filled with their kind, the cached result."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from assistant.messages import SlotValue
from assistant.nlu.model import IntentModel
from assistant.nlu.slot_lists import SlotList
from assistant.nlu.strict import Shape
from assistant.nlu.templates import Slot

EXPANSIONS_PER_TEMPLATE = 40
"""Training sentences drawn from one template (all of them when it has fewer)."""
TRAINING_BUDGET = 12_000
"""Training sentences per language for the templates beyond the first shard (the first shard — the
built-in skills — always gets ``EXPANSIONS_PER_TEMPLATE``): with many skills each template gets fewer,
down to ``MIN_EXPANSIONS``, which bounds build time and memory."""
MIN_EXPANSIONS = 2
OUT_OF_SCOPE = "<out of scope>"
"""Label of the negative examples in ``data/out_of_scope.yaml``."""
GOODS = "GOODS"
"""What goods the shop does not sell are replaced by in the classifier's input (``PRODUCT`` for its own)."""


def label(intent: str, fixed: tuple[tuple[str, SlotValue], ...]) -> str:
    """Classifier label: the intent plus any fixed slot values (``store.faq|topic=payment``)."""
    return "|".join([intent, *(f"{k}={v}" for k, v in fixed)])


def unlabel(label: str) -> tuple[str, dict[str, SlotValue]]:
    """The intent and fixed slot values of a classifier label (``label`` reversed)."""
    intent, *pairs = label.split("|")
    fixed: dict[str, SlotValue] = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        fixed[key] = int(value) if value.isdigit() else value
    return intent, fixed


def kind_of(lst: SlotList, goods: str | None = None) -> str:
    """What an entity of ``lst`` is replaced by in the classifier's input (`` PRODUCT ``); with ``goods``,
    a product slot is filled with that instead (training for goods the shop does not sell)."""
    return f" {goods} " if goods and lst.kind == "product" else f" {lst.kind.upper()} "


def filler(lists: Mapping[str, SlotList], goods: str | None = None) -> Callable[[Slot], list[str]]:
    """Fills each slot of a template with its kind (training sentences)."""
    return lambda slot: [kind_of(lists[slot.list_name], goods)]


@dataclass(frozen=True)
class Trained:
    """What training produced for one language: all that is cached on disk. It depends on the templates,
    the kinds of their slots and the engine's data, never on the catalog's or a list's values."""

    model: IntentModel | None
    literal: frozenset[str]
    """Words the templates use as plain words (a skill list's value among them is not delexicalised)."""
    slots: Mapping[str, tuple[Slot, ...]] = field(default_factory=dict)
    """The slots of each training-only template, by its text: a start from the cache need not parse them."""
    shapes: Mapping[str, Shape] = field(default_factory=dict)
    """What the strict stage's index needs of each matched template, by its text."""
