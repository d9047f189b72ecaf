"""Reading a skill's files: sentences (templates, rules, lists, examples) and responses, with errors that
name the skill, file and line."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.messages import SlotValue
from assistant.nlu.builtin_lists import BUILTIN_LIST_NAMES
from assistant.nlu.slot_lists import DigitsList, RangeList, SlotList, ValueList, value_list
from assistant.nlu.templates import (
    TemplateError,
    TemplateGroup,
    apply_rules,
    covering,
    parse_template,
    slots_of,
)
from assistant.plugins.errors import SkillError
from assistant.text import normalize
from assistant.yamlfile import LineStr, YamlError, line_of, load_yaml


def read_sentences(name: str, path: Path) -> tuple[dict[str, tuple[TemplateGroup, ...]], dict[str, Any]]:
    data = load(name, path)
    rules = data.get("rules") or {}
    if not isinstance(rules, dict) or not all(isinstance(v, str) for v in rules.values()):
        raise SkillError(name, "`rules` must map rule names to template text", path, 1)
    intents = data.get("intents")
    if not isinstance(intents, dict) or not intents:
        raise SkillError(name, "expected a mapping `intents: {intent id: [templates]}`", path, 1)
    result: dict[str, tuple[TemplateGroup, ...]] = {}
    for intent, entries in intents.items():
        if not isinstance(entries, list) or not entries:
            raise SkillError(name, f"intent {intent!r} needs a list of templates", path, line_of(intent))
        plain = [e for e in entries if isinstance(e, str)]
        groups = [TemplateGroup(tuple(with_rules(name, path, t, rules) for t in plain))] if plain else []
        for entry in entries:
            if isinstance(entry, str):
                continue
            texts = entry.get("sentences") if isinstance(entry, dict) else None
            fixed = entry.get("slots", {}) if isinstance(entry, dict) else None
            if (
                not isinstance(texts, list)
                or not all(isinstance(t, str) for t in texts)
                or not isinstance(fixed, dict)
            ):
                raise SkillError(
                    name,
                    f"intent {intent!r}: each entry is a template or {{sentences: [...], slots: {{...}}}}",
                    path,
                    line_of(intent),
                )
            groups.append(
                TemplateGroup(
                    tuple(with_rules(name, path, t, rules) for t in texts),
                    tuple((str(k), v if isinstance(v, int) else str(v)) for k, v in fixed.items()),
                )
            )
        result[intent] = tuple(groups)
    training = data.get("training") or {}
    if not isinstance(training, dict):
        raise SkillError(
            name, "`training` must map intent ids to lists of sentences", path, line_of("training")
        )
    for intent, texts in training.items():
        if intent not in result:
            raise SkillError(
                name, f"training sentences for {intent!r}, which has no templates here", path, line_of(intent)
            )
        if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
            raise SkillError(
                name, f"training sentences of {intent!r}: expected a list of sentences", path, line_of(intent)
            )
        sentences = tuple(with_rules(name, path, t, rules) for t in texts)
        result[intent] += (TemplateGroup(sentences, training_only=True),)
    lists = data.get("lists") or {}
    if not isinstance(lists, dict):
        raise SkillError(name, "`lists` must be a mapping", path, 1)
    return result, lists


@dataclass(frozen=True)
class Example:
    """An example sentence declared beside a skill's templates, and what the assistant must make of it
    (``assistant skills test``)."""

    intent: str
    """The intent whose handler the sentence must reach."""
    say: str
    """What the customer says (typed, as the chat reads it)."""
    reply_has: tuple[str, ...] = ()
    """Phrases the reply must contain (case-insensitive)."""
    line: int = 0
    """Line of the sentence in ``file``."""
    slots: tuple[tuple[str, SlotValue], ...] = ()
    """Slot values the handler must receive (others it receives are not checked)."""
    file: Path | None = None
    """The sentences file declaring it."""


EXAMPLE_KEYS = ("say", "slots", "reply_has")
"""What an example written as a mapping may hold."""


def read_examples(name: str, path: Path, intents: Mapping[str, object]) -> tuple[Example, ...]:
    """``examples: {intent: ["sentence", {say: "…", slots: {…}, reply_has: "…" or ["…"]}]}`` from a
    sentences file; a malformed entry is a ``SkillError`` naming its line."""
    data = load(name, path)
    raw = data.get("examples") or {}
    if not isinstance(raw, dict):
        raise SkillError(name, "`examples` must map intent ids to lists of example sentences", path, 1)
    found: list[Example] = []
    for intent, entries in raw.items():
        if intent not in intents:
            raise SkillError(
                name, f"examples for {intent!r}, which has no templates here", path, line_of(intent)
            )
        if not isinstance(entries, list) or not entries:
            raise SkillError(name, f"examples of {intent!r}: expected a list", path, line_of(intent))
        for entry in entries:
            found.append(_example(name, path, str(intent), entry))
    return tuple(found)


def _example(name: str, path: Path, intent: str, entry: object) -> Example:
    """One example: a sentence, or a mapping with ``say`` and what to check."""
    if isinstance(entry, str) and entry.strip():
        return Example(intent, entry, line=line_of(entry), file=path)
    say = entry.get("say") if isinstance(entry, dict) else None
    if not isinstance(entry, dict) or not isinstance(say, str) or not say.strip():
        line = line_of(entry) or _first_line(entry) or line_of(intent)
        raise SkillError(
            name,
            f"examples of {intent!r}: each is a sentence or {{say: ..., slots: {{...}}, reply_has: ...}}",
            path,
            line,
        )
    line = line_of(say)
    unknown = sorted(str(k) for k in entry if k not in EXAMPLE_KEYS)
    if unknown:
        raise SkillError(
            name,
            f"example {say!r}: unknown key(s) {', '.join(unknown)} (known: say, slots, reply_has)",
            path,
            line,
        )
    has = entry.get("reply_has") or []
    has = [has] if isinstance(has, str) else has
    if not isinstance(has, list) or not all(isinstance(h, str) and h.strip() for h in has):
        raise SkillError(name, f"example {say!r}: `reply_has` is a phrase or a list of phrases", path, line)
    slots = entry.get("slots") or {}
    if not isinstance(slots, dict) or not all(
        isinstance(v, str | int | float) and not isinstance(v, bool) for v in slots.values()
    ):
        raise SkillError(name, f"example {say!r}: `slots` maps slot names to values", path, line)
    values = tuple((str(k), v if isinstance(v, int | float) else str(v)) for k, v in slots.items())
    return Example(intent, say, tuple(str(h) for h in has), line, values, path)


def _first_line(entry: object) -> int:
    """The line of the first string inside a malformed entry, or 0."""
    items = entry.items() if isinstance(entry, dict) else entry if isinstance(entry, list) else ()
    for item in items:
        for part in item if isinstance(item, tuple) else (item,):
            if line_of(part):
                return line_of(part)
    return 0


def with_rules(name: str, path: Path, template: str, rules: Mapping[str, str]) -> str:
    try:
        expanded = LineStr(apply_rules(template, rules))
    except TemplateError as exc:
        raise SkillError(name, f"malformed template: {exc}", path, line_of(template)) from exc
    expanded.line = line_of(template)
    return expanded


def read_responses(name: str, path: Path) -> tuple[dict[str, str], str]:
    if not path.is_file():
        raise SkillError(name, "missing responses file for this language", path)
    data = load(name, path)
    responses = data.get("responses") or {}
    if not isinstance(responses, dict) or not all(isinstance(v, str) for v in responses.values()):
        raise SkillError(name, "expected `responses: {key: text}`", path, 1)
    return {str(k): str(v) for k, v in responses.items()}, str(data.get("help", ""))


def load(name: str, path: Path) -> dict[str, Any]:
    try:
        data = load_yaml(path)
    except YamlError as exc:
        raise SkillError(name, str(exc)) from exc
    if not isinstance(data, dict):
        raise SkillError(name, "expected a YAML mapping", path, 1)
    return data


def check_template(name: str, path: Path, template: str, lists: Mapping[str, SlotList]) -> None:
    line = line_of(template)
    try:
        tree = parse_template(template)
    except TemplateError as exc:
        raise SkillError(name, f"malformed template: {exc}", path, line) from exc
    for sentence in covering(tree, lambda _slot: ["value"]):  # a word no normalization changes
        if normalize(sentence) != sentence.lower():
            raise SkillError(
                name,
                f"{sentence!r} (from {template!r}) has characters that are removed from what "
                "customers say, so it can never match; write words only",
                path,
                line,
            )
    lang = path.stem
    for slot in slots_of(tree):
        own = lists.get(slot.list_name)
        if own is None and slot.list_name not in BUILTIN_LIST_NAMES:
            raise SkillError(name, f"unknown slot {{{slot.list_name}}} in {template!r}", path, line)
        if isinstance(own, ValueList) and not own.phrases(lang):
            raise SkillError(name, f"list {slot.list_name!r} has no values in {lang!r}", path, line)


def build_lists(name: str, raw: Mapping[str, Mapping[str, Any]], root: Path) -> dict[str, SlotList]:
    """Merge each list's per-language definitions into one slot list."""
    names = sorted({list_name for per_lang in raw.values() for list_name in per_lang})
    lists: dict[str, SlotList] = {}
    for list_name in names:
        specs = {lang: per_lang[list_name] for lang, per_lang in raw.items() if list_name in per_lang}
        path = root / "sentences" / f"{next(iter(specs))}.yaml"
        first = next(iter(specs.values()))
        if not isinstance(first, dict):
            raise SkillError(name, f"list {list_name!r} must be a mapping", path, line_of(list_name))
        if "range" in first:
            bounds = first["range"] or {}
            lists[list_name] = RangeList(int(bounds.get("from", 1)), int(bounds.get("to", 99)))
        elif "digits" in first:
            bounds = first["digits"] or {}
            lists[list_name] = DigitsList(
                int(bounds.get("min", 3)), int(bounds.get("max", 10)), text=bool(bounds.get("text", False))
            )
        elif "values" in first:
            by_lang = {lang: list(_values(name, path, list_name, spec)) for lang, spec in specs.items()}
            lists[list_name] = value_list(list_name, by_lang, fuzzy=bool(first.get("fuzzy", False)))
        else:
            raise SkillError(
                name, f"list {list_name!r} needs `values`, `range` or `digits`", path, line_of(list_name)
            )
    return lists


def _values(name: str, path: Path, list_name: str, spec: Any) -> Iterable[tuple[str, SlotValue]]:
    values = spec.get("values") if isinstance(spec, dict) else None
    if not isinstance(values, list):
        raise SkillError(name, f"list {list_name!r}: `values` must be a list", path, line_of(list_name))
    for item in values:
        if isinstance(item, str):
            yield item, str(item)
        elif isinstance(item, dict) and isinstance(item.get("in"), str):
            out = item.get("out", item["in"])
            yield item["in"], out if isinstance(out, int | float) else str(out)
        else:
            raise SkillError(
                name, f"list {list_name!r}: each value is a string or {{in, out}}", path, line_of(list_name)
            )
