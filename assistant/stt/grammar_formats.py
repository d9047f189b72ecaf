"""Grammars in the text forms pocketsphinx reads: JSGF (from phrases or straight from the templates)
and an ARPA trigram language model."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

from assistant.nlu.slot_lists import DigitsList, SlotList
from assistant.nlu.templates import Alternative, Node, Slot, Text, parse_template
from assistant.slots.spoken import number_words
from assistant.stt.phrase_lists import slot_phrases
from assistant.stt.vocabulary import segment_word


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
