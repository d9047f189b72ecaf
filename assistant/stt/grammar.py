"""Recognizer grammars derived from the skills' sentence templates.

Templates are the single source of truth: the phrase lists given to Vosk (a bias) and the JSGF given
to pocketsphinx (strict) both come from them, with slot lists expanded coarsely (numbers as words,
1..10 and digit-by-digit ids, a few dates and times, every catalog phrase).

Full expansion of a template like ``[{quantity}] [{size}] [{color}] {product} [in {color}]`` runs to
millions of sentences, so each template contributes its *simple* sentences: every choice at its
default (the empty option of ``[...]``, the first of ``(...)``) plus at most one other choice. Within
one such shape, slot phrases are combined fully while that stays under ``_FULL_PRODUCT`` sentences and
otherwise cycled so each phrase still appears. Phrases are interleaved across templates before
``limit`` cuts, so no template is left out.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from assistant.nlu.slot_lists import DateList, DigitsList, RangeList, SlotList, TimeList
from assistant.nlu.templates import Alternative, Node, Slot, Text, parse_template
from assistant.slots.spoken import digit_words, number_words
from assistant.text import has_hangul

if TYPE_CHECKING:
    from assistant.plugins import SkillRegistry
    from assistant.store import Store

Piece = str | Slot

_FULL_PRODUCT = 1000
"""Largest slot-phrase product combined fully within one sentence shape."""
_MAX_QUANTITY = 10
_LATIN = re.compile("[a-z]", re.IGNORECASE)
_KO_COUNTER = "개"

_DATES = {
    "en": ["today", "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
    "ko": ["오늘", "내일", "모레", "월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일"],
}
_EN_HOURS = [(h, "am") for h in (9, 10, 11)] + [(12, "pm")] + [(h, "pm") for h in range(1, 8)]


PHRASE_LIMIT = {"en": 15_000, "ko": 5_000}
"""Phrases per grammar: English needs 15,000 to keep every template's common forms (pocketsphinx
compiles them in about a second); Vosk's Korean grammar is kept at 5,000 (larger ones crash its
recognizer)."""


def _times(lang: str) -> list[str]:
    """Whole hours of a shop day: ``nine am`` .. ``seven pm`` / ``오전 아홉 시`` .. ``오후 일곱 시``."""
    if lang == "ko":
        morning = [f"오전 {number_words(h, 'ko')[0]} 시" for h in (9, 10, 11)]
        return [*morning, "열두 시", *(f"오후 {number_words(h, 'ko')[0]} 시" for h in range(1, 8))]
    return [*(f"{number_words(h, 'en')[0]} {half}" for h, half in _EN_HOURS), "noon"]


def slot_phrases(slot_list: SlotList | None, lang: str) -> list[str]:
    """Coarse spoken phrases for one slot list (numbers and digits as words)."""
    if isinstance(slot_list, RangeList):
        high = min(slot_list.high, max(_MAX_QUANTITY, slot_list.low + _MAX_QUANTITY - 1))
        numbers = range(max(slot_list.low, 0), high + 1)
        if lang == "ko":
            return [
                *(f"{number_words(n, lang)[0]} {_KO_COUNTER}" for n in numbers if n > 0),
                *(w for n in numbers for w in number_words(n, lang)),
            ]
        return [w for n in numbers for w in number_words(n, lang)]
    if isinstance(slot_list, DigitsList):
        width = min(max(slot_list.min_len, 4), slot_list.max_len)
        ring = "0123456789" * 2
        return [digit_words(ring[i : i + width], lang) for i in range(10)]
    if isinstance(slot_list, DateList):
        return list(_DATES.get(lang, ()))
    if isinstance(slot_list, TimeList):
        return _times(lang)
    if slot_list is None:
        return []
    phrases = slot_list.phrases(lang)
    if lang == "ko":  # "xl 사이즈", "s": typed forms, left out when the value is also said in Hangul
        spoken = [p for p in phrases if not _LATIN.search(p)]
        phrases = spoken or phrases
    return [_spell_digits(p, lang) for p in phrases]


def _spell_digits(phrase: str, lang: str) -> str:
    """Digit tokens of a catalog phrase as words (``240`` → ``two hundred forty``)."""
    return re.sub(r"\d+", lambda m: number_words(int(m.group()), lang)[0], phrase)


def _shapes(node: Node, budget: int) -> list[tuple[int, tuple[Piece, ...]]]:
    """Sentence shapes of ``node`` (slots unfilled) with at most ``budget`` non-default choices."""
    if isinstance(node, Text):
        return [(0, (node.text,))]
    if isinstance(node, Slot):
        return [(0, (node,))]
    if isinstance(node, Alternative):
        empty = [i for i, o in enumerate(node.options) if not o.items]
        default = empty[0] if empty else 0
        out: list[tuple[int, tuple[Piece, ...]]] = []
        for i, option in enumerate(node.options):
            extra = 0 if i == default else 1
            if extra <= budget:
                out.extend((cost + extra, parts) for cost, parts in _shapes(option, budget - extra))
        return out
    combos: list[tuple[int, tuple[Piece, ...]]] = [(0, ())]
    for item in node.items:
        combos = [
            (c1 + c2, p1 + p2)
            for c1, p1 in combos
            for c2, p2 in _shapes(item, budget - c1)
            if c1 + c2 <= budget
        ]
    return combos


def _fill(parts: tuple[Piece, ...], fill: Callable[[Slot], list[str]]) -> Iterator[str]:
    """Sentences of one shape: full product of slot phrases when small, else cycled."""
    slots = [p for p in parts if isinstance(p, Slot)]
    options = [fill(s) for s in slots]
    if any(not o for o in options):
        return
    total = 1
    for o in options:
        total *= len(o)
    if total <= _FULL_PRODUCT:
        indexes: Iterable[list[int]] = _product([len(o) for o in options])
    else:
        longest = max(len(o) for o in options)
        indexes = ([k % len(o) for o in options] for k in range(longest))
    for index in indexes:
        chosen = iter(o[i] for o, i in zip(options, index, strict=True))
        words = " ".join("".join(p if isinstance(p, str) else f" {next(chosen)} " for p in parts).split())
        if words:
            yield words.lower()


def _product(sizes: list[int]) -> Iterator[list[int]]:
    if not sizes:
        yield []
        return
    for rest in _product(sizes[1:]):
        for i in range(sizes[0]):
            yield [i, *rest]


def template_phrases(template: str, lists: Mapping[str, SlotList], lang: str) -> list[str]:
    """The simple sentences of one template, simplest first."""
    shapes = sorted(_shapes(parse_template(template), budget=1), key=lambda s: s[0])
    cache: dict[str, list[str]] = {}

    def fill(slot: Slot) -> list[str]:
        if slot.list_name not in cache:
            cache[slot.list_name] = slot_phrases(lists.get(slot.list_name), lang)
        return cache[slot.list_name]

    return list(dict.fromkeys(s for _, parts in shapes for s in _fill(parts, fill)))


def grammar_phrases(
    templates: Iterable[tuple[str, Mapping[str, SlotList]]], lang: str, limit: int | None = None
) -> list[str]:
    """Recognizer phrases (lowercase words, no digits) for ``(template, slot lists)`` pairs.

    Each template's phrases are taken in turn (first of each, then second of each…) until ``limit``.
    """
    limit = limit if limit is not None else PHRASE_LIMIT.get(lang, 5000)
    per_template = [template_phrases(t, lists, lang) for t, lists in templates]
    result: dict[str, None] = {}
    depth = 0
    while len(result) < limit and any(depth < len(p) for p in per_template):
        for phrases in per_template:
            if depth < len(phrases):
                result.setdefault(phrases[depth])
                if len(result) >= limit:
                    break
        depth += 1
    return list(result)


def phrases_for(
    registry: SkillRegistry,
    store: Store,
    lang: str,
    intents: Collection[str] | None = None,
    limit: int | None = None,
) -> list[str]:
    """Grammar phrases of every registered skill in ``lang`` (only ``intents`` when given)."""
    return grammar_phrases(_templates(registry, store, lang, intents), lang, limit)


def segment_word(word: str, known: Callable[[str], bool]) -> list[str] | None:
    """``word`` split into the fewest vocabulary words (``주문할게요`` → ``주문 할게요``), or None.

    Pieces of a Latin-script word have two letters at least: spelled-out letters are not words.
    """
    n = len(word)
    shortest = 1 if has_hangul(word) else 2
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(1, n + 1):
        for start in range(end - shortest + 1):
            head = best[start]
            if head is not None and known(word[start:end]):
                candidate = [*head, word[start:end]]
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    return best[n]


def unheard_words(
    words: Iterable[str], missing: Callable[[Iterable[str]], list[str]]
) -> tuple[list[str], int]:
    """Words an engine can neither recognise nor hear as known pieces, and how many it hears as pieces.

    ``missing`` is the engine's ``missing_words``.
    """
    absent = missing(words)
    unheard = [w for w in absent if segment_word(w, lambda piece: not missing([piece])) is None]
    return unheard, len(absent) - len(unheard)


def to_jsgf(phrases: Sequence[str], vocabulary: Callable[[str], bool], name: str = "assistant") -> str:
    """A JSGF grammar accepting exactly ``phrases`` (as a prefix tree), out-of-vocabulary words removed."""
    trie = _Trie()
    for phrase in phrases:
        words = [w for w in phrase.lower().split() if vocabulary(w)]
        if not words:
            continue
        node = trie
        for word in words:
            node = node.setdefault(word, _Trie())
        node[""] = _Trie()
    body = _jsgf_alternatives(trie) if trie else "<NULL>"
    return f"#JSGF V1.0;\ngrammar {name};\npublic <command> = {body};\n"


class _Trie(dict[str, "_Trie"]):
    """Word → subtree; the key ``""`` marks the end of a phrase."""


def _jsgf_alternatives(node: _Trie) -> str:
    options: list[str] = []
    can_end = "" in node
    for word in sorted(k for k in node if k):
        rest = _jsgf_alternatives(node[word])
        options.append(f"{word} {rest}".strip())
    if not options:
        return ""
    body = options[0] if len(options) == 1 else "(" + " | ".join(options) + ")"
    return f"[{body}]" if can_end else body


@dataclass(frozen=True)
class Grammar:
    """What to listen for, in the two forms the engines take: Vosk's phrase list, pocketsphinx's JSGF.

    The JSGF is built straight from the template trees, so it accepts every sentence the templates
    describe (not only a sample), in a grammar far smaller than the expansion.
    """

    phrases: tuple[str, ...]
    templates: tuple[tuple[str, Mapping[str, SlotList]], ...] = ()
    lang: str = "en"
    accepts: Callable[[str], bool] | None = field(default=None, compare=False)
    """True for a transcript that matches a template exactly; lets an engine try a fast, loose
    decode first and the exact grammar only when that fails."""
    wake: str = ""
    """A wake phrase the customer may say before any phrase, or alone (see ``with_wake``)."""
    intents: tuple[str, ...] = ()
    """The intent of each template (same order as ``templates``; empty when not known)."""
    focus: Callable[[str], frozenset[str]] | None = field(default=None, compare=False)
    """The intents a loose transcript may mean (empty: no idea); the exact grammar is then built from
    their templates only, far smaller and faster than all of them."""

    def jsgf(self, vocabulary: Callable[[str], bool], only: Collection[str] | None = None) -> str:
        """JSGF for these templates (those of the intents ``only`` when given); words the engine
        cannot say are split or left out."""
        if not self.templates:
            return to_jsgf(self.phrases, vocabulary)
        templates = self.templates
        if only is not None and len(self.intents) == len(templates):
            templates = tuple(t for t, intent in zip(templates, self.intents, strict=True) if intent in only)
        return template_jsgf(templates, self.lang, vocabulary, wake=self.wake)

    def with_wake(self, wake: str) -> Grammar:
        """This grammar with ``wake`` allowed in front of every phrase, and on its own.

        Phrases without it stay in, so a request made without the wake phrase is heard as itself
        (and ignored by a sleeping kiosk) rather than forced into "wake phrase + something".
        """
        wake = " ".join(wake.lower().split())
        phrases = (wake, *(f"{wake} {p}" for p in self.phrases), *self.phrases)
        accepts = self.accepts
        if accepts is not None:
            inner = accepts

            def accepts(text: str) -> bool:
                rest = _after(text, wake)
                return not rest or inner(rest)

        focus = self.focus
        if focus is not None:
            inner_focus = focus

            def focus(text: str) -> frozenset[str]:
                return inner_focus(_after(text, wake))

        return replace(self, phrases=phrases, accepts=accepts, wake=wake, focus=focus)


def _after(text: str, wake: str) -> str:
    """``text`` without the wake phrase in front."""
    return text[len(wake) :].strip() if text == wake or text.startswith(wake + " ") else text


def grammar_for(
    registry: SkillRegistry,
    store: Store,
    lang: str,
    intents: Collection[str] | None = None,
    limit: int | None = None,
    accepts: Callable[[str], bool] | None = None,
    focus: Callable[[str], frozenset[str]] | None = None,
) -> Grammar:
    """The ``Grammar`` of every registered skill in ``lang`` (only ``intents`` when given)."""
    found = tuple(_intent_templates(registry, store, lang, intents))
    templates = tuple((t, lists) for _, t, lists in found)
    phrases = tuple(grammar_phrases(templates, lang, limit))
    return Grammar(phrases, templates, lang, accepts, intents=tuple(i for i, _, _ in found), focus=focus)


def to_arpa(sentences: Iterable[str], discount: float = 0.5) -> str:
    """A trigram language model (ARPA text) of ``sentences``, with absolute discounting and back-off.

    Built from the template phrases it gives pocketsphinx a fast, forgiving model of what customers
    say; the strict JSGF stays for what it does not get right.
    """
    counts: list[Counter[tuple[str, ...]]] = [Counter(), Counter(), Counter()]
    for sentence in sentences:
        words = ["<s>", *sentence.split(), "</s>"]
        for n in (1, 2, 3):
            counts[n - 1].update(tuple(words[i : i + n]) for i in range(len(words) - n + 1))
    total = sum(c for (w,), c in counts[0].items() if w != "<s>")
    history: list[Counter[tuple[str, ...]]] = [Counter(), Counter()]
    followers: list[Counter[tuple[str, ...]]] = [Counter(), Counter()]
    for n in (2, 3):
        for gram, c in counts[n - 1].items():
            history[n - 2][gram[:-1]] += c
            followers[n - 2][gram[:-1]] += 1

    def backoff(gram: tuple[str, ...]) -> float:
        n = len(gram)
        if n > 2 or gram not in history[n - 1]:
            return 0.0
        return math.log10(discount * followers[n - 1][gram] / history[n - 1][gram])

    lines = ["\\data\\", *(f"ngram {n}={len(counts[n - 1])}" for n in (1, 2, 3))]
    for n in (1, 2, 3):
        lines += ["", f"\\{n}-grams:"]
        for gram, c in counts[n - 1].items():
            if n == 1:
                prob = -99.0 if gram == ("<s>",) else math.log10(c / total)
            else:
                prob = math.log10((c - discount) / history[n - 2][gram[:-1]])
            tail = f"\t{backoff(gram):.4f}" if n < 3 else ""
            lines.append(f"{prob:.4f}\t{' '.join(gram)}{tail}")
    return "\n".join([*lines, "", "\\end\\", ""])


def template_jsgf(
    templates: Iterable[tuple[str, Mapping[str, SlotList]]],
    lang: str,
    vocabulary: Callable[[str], bool],
    name: str = "assistant",
    wake: str = "",
) -> str:
    """A JSGF grammar mirroring the templates: ``(a|b)`` → ``(a | b)``, ``[x]`` → ``[x]``, slots → rules.

    With ``wake``, the wake phrase may come before any command, or be said alone.
    """
    rules: dict[str, str] = {}
    names: dict[int, str] = {}
    bodies: list[str] = []

    def words(text: str) -> str:
        out: list[str] = []
        for word in text.lower().split():
            if vocabulary(word):
                out.append(word)
            else:
                parts = segment_word(word, vocabulary)
                out.extend(parts or [])
        return " ".join(out)

    def build(node: Node, lists: Mapping[str, SlotList]) -> str | None:
        """The JSGF of ``node``; None when it cannot be said (a slot list with no spoken phrases).

        pocketsphinx decodes nothing at all with a ``<VOID>`` rule anywhere in the grammar, so what
        cannot be said is left out instead.
        """
        if isinstance(node, Text):
            return words(node.text)
        if isinstance(node, Slot):
            slot_list = lists.get(node.list_name)
            rule = names.setdefault(id(slot_list), f"slot_{node.list_name}_{len(names)}")
            if rule not in rules and isinstance(slot_list, DigitsList):
                digits = dict.fromkeys(w for d in "0123456789" for w in number_words(int(d), lang)[:1])
                rules[rule] = "(" + " | ".join([*digits, "oh"] if lang == "en" else digits) + ")+"
            elif rule not in rules:
                phrases = [w for w in (words(p) for p in slot_phrases(slot_list, lang)) if w]
                rules[rule] = " | ".join(dict.fromkeys(phrases))
            return f"<{rule}>" if rules[rule] else None
        if isinstance(node, Alternative):
            built = [build(o, lists) for o in node.options]
            possible = [o for o in built if o is not None]
            if not possible:
                return None
            filled = [o for o in dict.fromkeys(possible) if o]
            if not filled:
                return ""
            body = filled[0] if len(filled) == 1 else "(" + " | ".join(filled) + ")"
            return f"[{body}]" if "" in possible else body
        parts = [build(i, lists) for i in node.items]
        if any(part is None for part in parts):
            return None
        return " ".join(part for part in parts if part)

    for template, lists in templates:
        body = build(parse_template(template.lower()), lists)
        if body:
            bodies.append(body)
    spoken_wake = words(wake)
    if not bodies:
        return f"#JSGF V1.0;\ngrammar {name};\npublic <command> = {spoken_wake or '<NULL>'};\n"
    command = " | ".join(f"({b})" for b in dict.fromkeys(bodies))
    if spoken_wake:
        command = f"[{spoken_wake}] ({command}) | {spoken_wake}"
    lines = ["#JSGF V1.0;", f"grammar {name};", f"public <command> = {command};"]
    lines += [f"<{rule}> = {body};" for rule, body in rules.items() if body]
    return "\n".join(lines) + "\n"


def _templates(
    registry: SkillRegistry, store: Store, lang: str, intents: Collection[str] | None
) -> Iterator[tuple[str, Mapping[str, SlotList]]]:
    yield from ((t, lists) for _, t, lists in _intent_templates(registry, store, lang, intents))


def _intent_templates(
    registry: SkillRegistry, store: Store, lang: str, intents: Collection[str] | None
) -> Iterator[tuple[str, str, Mapping[str, SlotList]]]:
    """(intent, template, slot lists) of every registered skill in ``lang``."""
    from assistant.nlu.builtin_lists import builtin_lists

    for language, intent, groups, lists in registry.templates(builtin_lists(store)):
        if language == lang and (intents is None or intent in intents):
            yield from ((intent, t, lists) for g in groups if not g.training_only for t in g.templates)
