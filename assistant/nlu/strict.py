"""The strict stage: a sentence that one of the templates matches whole, with every slot parsing.

Trying every template's regular expression on every utterance costs time linear in the number of
templates (38 ms per query with 300 skills). Each template is therefore indexed by the literal text
that any sentence it matches must contain ("cancel", "예약"), found through its rarest short piece: only
the templates whose literal text occurs in the utterance are tried.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from assistant.messages import IntentMatch, SlotValue
from assistant.nlu.slot_lists import SlotEnv, SlotList
from assistant.nlu.templates import (
    Alternative,
    CompiledTemplate,
    Node,
    Sequence,
    Slot,
    Text,
    compile_template,
    slots_of,
)
from assistant.slots.found import copula_in_span

GRAM = 3
"""Length of the indexed pieces of literal text (characters, spaces removed)."""


@dataclass(frozen=True)
class Rule:
    """One template of one intent; its regular expression is compiled when first needed."""

    intent: str
    tree: Sequence
    source: str
    slot_lists: Mapping[str, SlotList]
    """Slot name → list."""
    fixed: tuple[tuple[str, SlotValue], ...]
    """Slot values implied by the template itself."""
    lang: str
    """Language of the template; Korean allows a space inside words ("주문 할게요")."""

    def compile(self) -> CompiledTemplate:
        by_list = {s.list_name: self.slot_lists[s.slot_name] for s in slots_of(self.tree)}
        return compile_template(
            self.tree, self.source, lambda s: by_list[s.list_name].pattern(self.lang), self.lang == "ko"
        )


def anchors(node: Node, memo: dict[int, list[str] | None] | None = None) -> list[str] | None:
    """Literal strings (spaces removed) at least one of which every sentence of ``node`` contains.

    ``None`` when no such set can be told (a slot, or an optional part). ``memo`` (node id → result)
    keeps what was worked out for a tree's nodes while the tree is alive.
    """
    memo = {} if memo is None else memo
    if id(node) in memo:
        return memo[id(node)]
    found: list[str] | None
    if isinstance(node, Text):
        literal = "".join(node.text.split())
        found = [literal] if literal else None
    elif isinstance(node, Slot):
        found = None
    elif isinstance(node, Alternative):
        options = [anchors(option, memo) for option in node.options]
        found = None if any(o is None for o in options) else [a for o in options for a in o or ()]
    else:
        parts = [a for a in (anchors(item, memo) for item in node.items) if a]
        found = min(parts, key=lambda keys: (len(keys), -min(len(k) for k in keys))) if parts else None
    memo[id(node)] = found
    return found


def literals(node: Node, memo: dict[int, list[str] | None] | None = None) -> list[list[str]]:
    """Every piece of literal text a sentence of ``node`` must contain, each as the alternatives it may
    take (spaces removed): a sentence missing any of them cannot match."""
    if isinstance(node, Sequence):
        return [keys for item in node.items for keys in literals(item, memo)]
    found = anchors(node, memo)
    return [found] if found else []


def required(node: Node) -> set[str]:
    """Names of the slots every sentence of ``node`` has."""
    if isinstance(node, Slot):
        return {node.slot_name}
    if isinstance(node, Text):
        return set()
    if isinstance(node, Alternative):
        options = [required(option) for option in node.options]
        return set.intersection(*options) if options else set()
    return set().union(*(required(item) for item in node.items))


@dataclass(frozen=True)
class Shape:
    """What the index needs of a template's tree (it depends on the template's text alone, so it is
    kept in the cache and a warm start does not work it out again)."""

    anchors: tuple[str, ...] | None
    literals: tuple[tuple[str, ...], ...]
    required: tuple[str, ...]


def shape(tree: Node) -> Shape:
    memo: dict[int, list[str] | None] = {}
    found = anchors(tree, memo)
    return Shape(
        tuple(found) if found is not None else None,
        tuple(tuple(keys) for keys in literals(tree, memo)),
        tuple(sorted(required(tree))),
    )


def grams(text: str) -> set[str]:
    """Every piece of up to ``GRAM`` characters of ``text`` with its spaces removed."""
    squeezed = "".join(text.split())
    return {squeezed[i : i + n] for n in range(1, GRAM + 1) for i in range(len(squeezed) - n + 1)}


class StrictMatcher:
    """Whole-sentence template matching over an index of the templates' literal text."""

    def __init__(self, rules: list[Rule], shapes: Mapping[str, Shape] | None = None) -> None:
        """The index of ``rules``; ``shapes`` (by template source) are taken instead of worked out."""
        self.rules = rules
        self._compiled: dict[int, CompiledTemplate] = {}
        known = shapes or {}
        self.shapes = {rule.source: known.get(rule.source) or shape(rule.tree) for rule in rules}
        keys = [self.shapes[rule.source].anchors for rule in rules]
        self._literals = [self.shapes[rule.source].literals for rule in rules]
        self._needs = [self.shapes[rule.source].required for rule in rules]
        counts: Counter[str] = Counter()
        for found in keys:
            for literal in found or ():
                counts.update(_pieces(literal))
        index: dict[str, list[tuple[str, int]]] = defaultdict(list)
        self._always: list[int] = []
        for number, found in enumerate(keys):
            if not found:
                self._always.append(number)
                continue
            for literal in found:
                rarest = min(_pieces(literal), key=lambda piece: (counts[piece], piece))
                index[rarest].append((literal, number))
        self._index = dict(index)

    def compile_all(self) -> None:
        """Compile every template's regular expression now (otherwise each is compiled when first tried)."""
        for number, rule in enumerate(self.rules):
            if number not in self._compiled:
                self._compiled[number] = rule.compile()

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_compiled": {}}

    def candidates(self, text: str) -> list[int]:
        """Rules that may match ``text`` (one of their anchors is in it), in the order they were given."""
        squeezed = "".join(text.split())
        chosen = set(self._always)
        for piece in grams(text):
            chosen.update(number for literal, number in self._index.get(piece, ()) if literal in squeezed)
        return sorted(chosen)

    def match(self, text: str, env: SlotEnv) -> IntentMatch | None:
        """The best full template match whose slots all parse (most literal text wins), or ``None``.

        A template whose required slots have no value anywhere in ``text`` is not tried (its regular
        expression is then never even compiled)."""
        best: tuple[int, IntentMatch] | None = None
        present: dict[int, bool] = {}

        def has(lst: SlotList) -> bool:
            if id(lst) not in present:
                present[id(lst)] = bool(lst.find_all(text, env))
            return present[id(lst)]

        squeezed = "".join(text.split())
        for number in self.candidates(text):
            rule = self.rules[number]
            if not all(any(k in squeezed for k in keys) for keys in self._literals[number]):
                continue
            if not all(has(rule.slot_lists[name]) for name in self._needs[number]):
                continue
            compiled = self._compiled.get(number)
            if compiled is None:
                compiled = self._compiled[number] = rule.compile()
            found = compiled.regex.fullmatch(text)
            if found is None:
                continue
            slots: dict[str, SlotValue] = dict(rule.fixed)
            literal = len(text)
            for index, slot in enumerate(compiled.groups):
                span = found.group(f"s{index}")
                if span is None:
                    continue
                value = rule.slot_lists[slot.slot_name].parse(span.strip(), env)
                start, end = found.span(f"s{index}")
                if env.lang == "ko" and copula_in_span(text, start, end):  # "…육이요": 6, then "is"
                    value = rule.slot_lists[slot.slot_name].parse(span.strip()[:-1], env) or value
                if value is None:
                    break
                slots[slot.slot_name] = value
                literal -= len(span)
            else:
                if best is None or literal > best[0]:
                    best = (literal, IntentMatch(text, rule.intent, 1.0, slots, "template"))
        return best[1] if best else None


def _pieces(literal: str) -> list[str]:
    n = min(GRAM, len(literal))
    return [literal[i : i + n] for i in range(len(literal) - n + 1)]
