"""hassil-style sentence templates: ``(a|b)`` alternatives, ``[x]`` optional, ``{slot}`` slots.

A template is parsed once into a small tree; from that tree come the exact expansion (for
recognizer grammars and matcher training) and a regular expression (for the strict parser).
"""

from __future__ import annotations

import itertools
import math
import random
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass


class TemplateError(ValueError):
    """A malformed template; ``column`` is 1-based."""

    def __init__(self, message: str, template: str, column: int) -> None:
        super().__init__(f"{message} at column {column} of {template!r}")
        self.column = column


@dataclass(frozen=True)
class Text:
    """Literal words."""

    text: str


@dataclass(frozen=True)
class Slot:
    """A slot filled from the list ``list_name``; written ``{list}`` or ``{list:slot}``."""

    list_name: str
    slot_name: str


@dataclass(frozen=True)
class Alternative:
    """One of several sequences; an optional ``[x]`` is ``(x|)``."""

    options: tuple[Sequence, ...]


@dataclass(frozen=True)
class Sequence:
    """Items in order."""

    items: tuple[Node, ...]


Node = Text | Slot | Alternative | Sequence


@dataclass(frozen=True)
class TemplateGroup:
    """Templates of one intent that share fixed slot values (``slots: {topic: payment}``)."""

    templates: tuple[str, ...]
    fixed: tuple[tuple[str, str | int], ...] = ()
    """Slot values every sentence of the group implies."""
    training_only: bool = False
    """The sentences only train the classifier (a skill's ``training:`` section): they are never matched
    as templates nor put in a speech grammar."""


_SLOT_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
_CLOSERS = {"(": ")", "[": "]"}


def parse_template(template: str) -> Sequence:
    """Parse ``template`` into a tree, raising ``TemplateError`` on bad syntax."""
    seq, pos = _parse_seq(template, 0, closer=None)
    if pos != len(template):
        raise TemplateError(f"unexpected {template[pos]!r}", template, pos + 1)
    if not any(True for _ in _leaves(seq)):
        raise TemplateError("empty template", template, 1)
    return seq


def _parse_seq(src: str, pos: int, closer: str | None) -> tuple[Sequence, int]:
    """Parse alternatives separated by ``|`` up to ``closer``; returns (tree, position of closer)."""
    options: list[Sequence] = []
    items: list[Node] = []
    text = ""
    while pos < len(src):
        ch = src[pos]
        if ch in "([{":
            if text:
                items.append(Text(text))
                text = ""
            if ch == "{":
                end = src.find("}", pos)
                if end < 0:
                    raise TemplateError("unclosed '{'", src, pos + 1)
                items.append(_parse_slot(src, pos, end))
                pos = end + 1
                continue
            inner, end = _parse_seq(src, pos + 1, closer=_CLOSERS[ch])
            if end >= len(src):
                raise TemplateError(f"unclosed {ch!r}", src, pos + 1)
            if ch == "[":
                inner = Sequence((Alternative((*_options(inner), Sequence(()))),))
            items.append(inner)
            pos = end + 1
            continue
        if ch in ")]}":
            if ch != closer:
                raise TemplateError(f"unexpected {ch!r}", src, pos + 1)
            break
        if ch == "|":
            if closer is None:
                raise TemplateError("'|' outside of '(...)' or '[...]'", src, pos + 1)
            if text:
                items.append(Text(text))
                text = ""
            options.append(Sequence(tuple(items)))
            items = []
            pos += 1
            continue
        text += ch
        pos += 1
    if closer is not None and pos >= len(src):
        return Sequence(()), pos
    if text:
        items.append(Text(text))
    current = Sequence(tuple(items))
    if options:
        return Sequence((Alternative((*options, current)),)), pos
    return current, pos


def _options(seq: Sequence) -> tuple[Sequence, ...]:
    """The alternatives of a parsed group (a single option when it had no ``|``)."""
    if len(seq.items) == 1 and isinstance(seq.items[0], Alternative):
        return seq.items[0].options
    return (seq,)


def _parse_slot(src: str, start: int, end: int) -> Slot:
    body = src[start + 1 : end].strip()
    list_name, _, slot_name = body.partition(":")
    list_name, slot_name = list_name.strip(), (slot_name.strip() or list_name.strip())
    for name in (list_name, slot_name):
        if not _SLOT_NAME.match(name):
            raise TemplateError(f"bad slot name {body!r}", src, start + 1)
    return Slot(list_name, slot_name)


def _leaves(node: Node) -> Iterator[Text | Slot]:
    if isinstance(node, Text | Slot):
        yield node
    elif isinstance(node, Sequence):
        for item in node.items:
            yield from _leaves(item)
    else:
        for option in node.options:
            yield from _leaves(option)


def words_of(node: Node) -> set[str]:
    """Every literal word the template may say."""
    return {w for leaf in _leaves(node) if isinstance(leaf, Text) for w in leaf.text.split()}


def slots_of(node: Node) -> list[Slot]:
    """Every slot the template mentions, in order, without duplicates."""
    seen: dict[Slot, None] = {}
    for leaf in _leaves(node):
        if isinstance(leaf, Slot):
            seen.setdefault(leaf)
    return list(seen)


def expand(node: Node, fill: Callable[[Slot], list[str]], limit: int | None = None) -> list[str]:
    """All sentences of ``node``, slots replaced by each phrase ``fill`` gives; unique, in order.

    ``limit`` caps how many sentences are produced (the first ones in expansion order).
    """
    results: dict[str, None] = {}
    for parts in _expand(node, fill):
        sentence = " ".join("".join(parts).split())
        if sentence:
            results.setdefault(sentence)
            if limit is not None and len(results) >= limit:
                break
    return list(results)


def covering(node: Node, fill: Callable[[Slot], list[str]]) -> list[str]:
    """A few sentences of ``node`` that together use every piece of it: the k-th takes the k-th option
    of every alternative (the last one where there are fewer)."""
    widest = max((len(n.options) for n in _nodes(node) if isinstance(n, Alternative)), default=1)

    def build(n: Node, k: int) -> str:
        if isinstance(n, Text):
            return n.text
        if isinstance(n, Slot):
            return fill(n)[0]
        if isinstance(n, Alternative):
            return build(n.options[min(k, len(n.options) - 1)], k)
        return "".join(build(item, k) for item in n.items)

    return list(dict.fromkeys(" ".join(build(node, k).split()) for k in range(widest)))


def _nodes(node: Node) -> Iterator[Node]:
    yield node
    if isinstance(node, Alternative | Sequence):
        for child in node.options if isinstance(node, Alternative) else node.items:
            yield from _nodes(child)


def count(node: Node) -> int:
    """How many sentences ``node`` expands to (slots counted once)."""
    if isinstance(node, Text | Slot):
        return 1
    if isinstance(node, Alternative):
        return sum(count(option) for option in node.options)
    return math.prod(count(item) for item in node.items)


def sample(node: Node, fill: Callable[[Slot], list[str]], size: int, seed: int = 0) -> list[str]:
    """About ``size`` sentences of ``node``: all of them when there are no more, else the shortest one
    and random ones (each alternative drawn in proportion to the sentences it holds); unique, sorted."""
    if count(node) <= size:
        return expand(node, fill)
    rng = random.Random(seed)
    counts: dict[int, list[float]] = {}

    def weights(n: Alternative) -> list[float]:
        if id(n) not in counts:
            counts[id(n)] = [count(o) ** 0.5 for o in n.options]
        return counts[id(n)]

    def draw(n: Node, shortest: bool) -> str:
        if isinstance(n, Text):
            return n.text
        if isinstance(n, Slot):
            return fill(n)[0]
        if isinstance(n, Alternative):
            if shortest:
                return min((draw(o, True) for o in n.options), key=len)
            return draw(rng.choices(n.options, weights(n))[0], False)
        return "".join(draw(item, shortest) for item in n.items)

    found = {" ".join(draw(node, True).split()): None}
    for _ in range(size * 3):
        if len(found) >= size:
            break
        found.setdefault(" ".join(draw(node, False).split()))
    return sorted(s for s in found if s)


def _expand(node: Node, fill: Callable[[Slot], list[str]]) -> Iterator[tuple[str, ...]]:
    if isinstance(node, Text):
        yield (node.text,)
    elif isinstance(node, Slot):
        yield from ((phrase,) for phrase in fill(node))
    elif isinstance(node, Alternative):
        for option in node.options:
            yield from _expand(option, fill)
    else:
        for combo in itertools.product(*(list(_expand(item, fill)) for item in node.items)):
            yield tuple(part for parts in combo for part in parts)


@dataclass(frozen=True)
class CompiledTemplate:
    """A template turned into a regular expression over normalized text."""

    source: str
    """The template as written."""
    regex: re.Pattern[str]
    """Full-match pattern; group ``sN`` holds the text of ``groups[N]``."""
    groups: tuple[Slot, ...]
    """The slot of each capturing group, by index."""


def compile_template(
    node: Sequence, source: str, slot_pattern: Callable[[Slot], str], loose_spacing: bool = False
) -> CompiledTemplate:
    """Compile ``node``; ``slot_pattern`` gives the regex fragment (no groups) for each slot.

    Whitespace is optional between any two pieces, so optional words and Korean spacing
    variants ("주문해 주세요" / "주문해주세요") match alike. ``loose_spacing`` also allows a
    space inside words ("주문할게요" / "주문 할게요"), for languages written that way.
    """
    groups: list[Slot] = []
    inner = r"\s?" if loose_spacing else ""

    def build(n: Node) -> str:
        if isinstance(n, Text):
            words = n.text.split()
            return r"\s*".join(inner.join(re.escape(ch) for ch in w) for w in words)
        if isinstance(n, Slot):
            groups.append(n)
            return rf"\s*(?P<s{len(groups) - 1}>{slot_pattern(n)})\s*"
        if isinstance(n, Alternative):
            return "(?:" + "|".join(build(o) for o in n.options) + ")"
        return r"\s*".join(part for part in (build(i) for i in n.items) if part)

    pattern = build(node)
    return CompiledTemplate(source, re.compile(rf"\s*{pattern}\s*"), tuple(groups))


_RULE = re.compile(r"<([a-z_][a-z0-9_]*)>")


def apply_rules(template: str, rules: Mapping[str, str], depth: int = 8) -> str:
    """Replace each ``<rule>`` by ``(its text)``; rules may use other rules."""
    original = template

    def sub(m: re.Match[str]) -> str:
        if m.group(1) not in rules:
            raise TemplateError(f"unknown rule <{m.group(1)}>", original, m.start() + 1)
        return f"({rules[m.group(1)]})"

    for _ in range(depth):
        if "<" not in template:
            return template
        template = _RULE.sub(sub, template)
    raise TemplateError("rules nested too deeply (a rule that uses itself?)", original, 1)
