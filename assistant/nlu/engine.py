"""The intent engine: strict template parse first, then a fuzzy matcher with an out-of-scope threshold.

Both stages come from the same templates. The fuzzy stage first finds entities anywhere in the
text (catalog names even when misspelled, numbers, dates, times), replaces them by their kind
(``PRODUCT``, ``NUMBER``…) and compares the result with the templates expanded the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib.resources import files

import yaml

from assistant.messages import IntentMatch, SlotValue
from assistant.nlu.classifier import NearestNeighbours
from assistant.nlu.slot_lists import SlotEnv, SlotList
from assistant.nlu.templates import (
    CompiledTemplate,
    Slot,
    TemplateGroup,
    compile_template,
    expand,
    parse_template,
    slots_of,
)
from assistant.slots import Found
from assistant.text import normalize

DEFAULT_THRESHOLDS = {"en": 0.23, "ko": 0.14}
"""Fuzzy scores below these mean "out of scope"; calibrated by `python bench/calibrate_nlu.py`."""
EXPANSIONS_PER_TEMPLATE = 150
"""Training sentences taken from one template, evenly spread over its expansion."""
OUT_OF_SCOPE = "<out of scope>"
"""Label of the negative examples in ``data/out_of_scope.yaml``."""
MISSING_ENTITY_FACTOR = 0.6
"""Score kept by a neighbour per entity placeholder it has that the utterance lacks."""
EXPANSIONS_LIMIT = 4_000
"""Expansion stops here, bounding build time for very open templates."""


@dataclass(frozen=True)
class IntentTemplates:
    """The templates of one intent in one language, with the slot lists they refer to."""

    intent: str
    groups: tuple[TemplateGroup, ...]
    lists: Mapping[str, SlotList]
    """List name → list, for every list visible to the owning skill."""


@dataclass(frozen=True)
class _Rule:
    intent: str
    compiled: CompiledTemplate
    slot_lists: Mapping[str, SlotList]
    """Slot name → list."""
    fixed: tuple[tuple[str, SlotValue], ...]
    """Slot values implied by the template itself."""


def _label(intent: str, fixed: tuple[tuple[str, SlotValue], ...]) -> str:
    """Classifier label: the intent plus any fixed slot values (``store.faq|topic=payment``)."""
    return "|".join([intent, *(f"{k}={v}" for k, v in fixed)])


def _unlabel(label: str) -> tuple[str, dict[str, SlotValue]]:
    intent, *pairs = label.split("|")
    fixed: dict[str, SlotValue] = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        fixed[key] = int(value) if value.isdigit() else value
    return intent, fixed


FILLERS = {
    "en": re.compile(
        r"^(?:(?:hi|hello|hey|there|excuse me|so|well|oh|ok so|okay so|yeah so|and|also|and also)\s+)+"
        r"|\b(?:um+|uh+|hmm+|er+m?|ah+)\b"
    ),
    "ko": re.compile(r"(?:^|(?<=\s))(?:저기요|저기|음+|어+|혹시|그냥|좀|아까|있잖아요|그러니까)(?=\s|$)"),
}
"""Hesitations and openers that carry no intent ("um", "hi there", "저기요", "좀")."""


def out_of_scope_examples() -> dict[str, list[str]]:
    """Negative examples per language, shipped in ``data/out_of_scope.yaml``."""
    text = files("assistant.data").joinpath("out_of_scope.yaml").read_text(encoding="utf-8")
    data: dict[str, list[str]] = yaml.safe_load(text)
    return data


def strip_fillers(text: str, lang: str) -> str:
    """``text`` without fillers (may be empty when it was nothing else)."""
    pattern = FILLERS.get(lang)
    return " ".join(pattern.sub(" ", text).split()) if pattern else text


def _sample(sentences: list[str]) -> list[str]:
    """The shortest sentences (the core phrasing), then an even spread over the rest."""
    if len(sentences) <= EXPANSIONS_PER_TEMPLATE:
        return sentences
    by_length = sorted(sentences, key=lambda s: (len(s.split()), s))
    core, rest = by_length[: EXPANSIONS_PER_TEMPLATE // 3], by_length[EXPANSIONS_PER_TEMPLATE // 3 :]
    step = max(1, len(rest) * 3 // (EXPANSIONS_PER_TEMPLATE * 2))
    return core + rest[::step]


class LanguageNlu:
    """Strict and fuzzy matching for one language."""

    def __init__(
        self,
        lang: str,
        intents: Iterable[IntentTemplates],
        threshold: float,
        out_of_scope: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        out_of_scope = out_of_scope or {}
        self.lang = lang
        self.threshold = threshold
        self._rules: list[_Rule] = []
        self.intent_slots: dict[str, dict[str, SlotList]] = {}
        texts: list[str] = []
        labels: list[str] = []
        finders: dict[int, SlotList] = {}
        for spec, group, source in ((sp, g, t) for sp in intents for g in sp.groups for t in g.templates):
            slot_map = self.intent_slots.setdefault(spec.intent, {})
            tree = parse_template(source.lower())
            slots = {s.slot_name: spec.lists[s.list_name] for s in slots_of(tree)}
            slot_map.update(slots)
            finders.update((id(lst), lst) for lst in slots.values())

            def pattern(slot: Slot, lists: Mapping[str, SlotList] = spec.lists) -> str:
                return lists[slot.list_name].pattern(lang)

            compiled = compile_template(tree, source, pattern, loose_spacing=lang == "ko")
            self._rules.append(_Rule(spec.intent, compiled, slots, group.fixed))

            def placeholder(slot: Slot, lists: Mapping[str, SlotList] = spec.lists) -> list[str]:
                return [f" {lists[slot.list_name].kind.upper()} "]

            sample = _sample(expand(tree, placeholder, EXPANSIONS_LIMIT))
            texts.extend(sample)
            labels.extend([_label(spec.intent, group.fixed)] * len(sample))
        self._finders = list(finders.values())
        background = [normalize(t) for t in out_of_scope.get(lang, ())]
        texts += background
        labels += [OUT_OF_SCOPE] * len(background)
        self._model = NearestNeighbours(texts, labels) if texts else None

    def strict(self, text: str, env: SlotEnv) -> IntentMatch | None:
        """The best full template match whose slots all parse, or ``None``."""
        best: tuple[int, IntentMatch] | None = None
        for rule in self._rules:
            match = rule.compiled.regex.fullmatch(text)
            if match is None:
                continue
            slots: dict[str, SlotValue] = dict(rule.fixed)
            literal = len(text)
            for index, slot in enumerate(rule.compiled.groups):
                span = match.group(f"s{index}")
                if span is None:
                    continue
                value = rule.slot_lists[slot.slot_name].parse(span.strip(), env)
                if value is None:
                    break
                slots[slot.slot_name] = value
                literal -= len(span)
            else:
                if best is None or literal > best[0]:
                    best = (literal, IntentMatch(text, rule.intent, 1.0, slots, "template"))
        return best[1] if best else None

    def entities(self, text: str, env: SlotEnv) -> list[tuple[SlotList, Found]]:
        """Non-overlapping entities in ``text``, longer spans first."""
        found = [(lst, hit) for lst in self._finders if (hit := lst.find(text, env)) is not None]
        found.sort(key=lambda pair: pair[1].end - pair[1].start, reverse=True)
        chosen: list[tuple[SlotList, Found]] = []
        for lst, hit in found:
            overlaps = any(hit.start < c.end and c.start < hit.end for _, c in chosen)
            same_span = any((hit.start, hit.end) == (c.start, c.end) for _, c in chosen)
            if not overlaps or same_span:
                chosen.append((lst, hit))
        return chosen

    def fuzzy(self, text: str, env: SlotEnv) -> IntentMatch:
        """Nearest template sentence after replacing entities by their kind."""
        entities = self.entities(text, env)
        delex = text
        spans = sorted({(f.start, f.end, lst.kind) for lst, f in entities}, reverse=True)
        for start, end, kind in spans:
            delex = f"{delex[:start]} {kind.upper()} {delex[end:]}"
        ranked = self._ranked(" ".join(delex.split()), {lst.kind.upper() for lst, _ in entities})
        if not ranked:
            return IntentMatch(text, None, 0.0, {}, "fuzzy")
        label, score = ranked[0]
        intent, fixed = _unlabel(label)
        candidates = tuple((_unlabel(lab)[0], round(s, 3)) for lab, s in ranked[:3] if lab != OUT_OF_SCOPE)
        if score < self.threshold or label == OUT_OF_SCOPE:
            return IntentMatch(text, None, round(score, 3), {}, "fuzzy", candidates)
        slots = {**fixed, **self._assign(intent, text, entities, env)}
        return IntentMatch(text, intent, round(score, 3), slots, "fuzzy", candidates)

    def _ranked(self, delex: str, present: set[str]) -> list[tuple[str, float]]:
        """Labels by their best neighbour's similarity, times the share of known words.

        A neighbour is discounted per entity it needs that the utterance lacks: "do you sell cars"
        is close to "do you sell PRODUCT", but cars are not in the catalog.
        """
        if self._model is None:
            return []
        best: dict[str, float] = {}
        coverage = self._model.coverage(delex)
        for label, sentence, similarity in self._model.neighbours(delex):
            missing = sum(1 for word in set(sentence.split()) if word.isupper() and word not in present)
            score = similarity * coverage * MISSING_ENTITY_FACTOR**missing
            best[label] = max(best.get(label, 0.0), score)
        return sorted(best.items(), key=lambda kv: kv[1], reverse=True)

    def _assign(
        self, intent: str, text: str, entities: list[tuple[SlotList, Found]], env: SlotEnv
    ) -> dict[str, SlotValue]:
        return {name: value for name, value, _, _ in self._spans(intent, text, entities, env)}

    def _spans(
        self,
        intent: str,
        text: str,
        entities: list[tuple[SlotList, Found]],
        env: SlotEnv,
        every: bool = False,
    ) -> list[tuple[str, SlotValue, int, int]]:
        """Each of ``intent``'s slots with the first entity that parses as it (with ``every``, each entity
        that does): (slot, value, start, end), in order."""
        spans: list[tuple[str, SlotValue, int, int]] = []
        claimed: set[tuple[int, int]] = set()
        slots = self.intent_slots.get(intent, {}).items()
        # Named values first: "size 260" is a size, so its "260" is not also a quantity.
        for slot_name, lst in sorted(slots, key=lambda pair: pair[1].kind == "number"):
            for other, hit in sorted(entities, key=lambda pair: pair[1].start):
                if other.kind != lst.kind or (lst.kind == "number" and (hit.start, hit.end) in claimed):
                    continue
                value = hit.value if other is lst else lst.parse(text[hit.start : hit.end], env)
                if value is not None:
                    spans.append((slot_name, value, hit.start, hit.end))
                    claimed.add((hit.start, hit.end))
                    if not every:
                        break
        return sorted(spans, key=lambda span: span[2])

    def find_slots(self, text: str, env: SlotEnv, intent: str) -> dict[str, SlotValue]:
        """Values for ``intent``'s slots found anywhere in ``text`` (for slot filling and corrections)."""
        return self._assign(intent, text, self.entities(text, env), env)

    def slot_spans(self, text: str, env: SlotEnv, intent: str) -> list[tuple[str, SlotValue, int, int]]:
        """Where values of ``intent``'s slots are in ``text``: (slot name, value, start, end), in order;
        a slot said twice ("not tomorrow, Sunday") has a span for each."""
        return self._spans(intent, text, self.entities(text, env), env, every=True)


class Nlu:
    """Intent recognition for every language the skills support."""

    def __init__(
        self,
        intents: Mapping[str, Iterable[IntentTemplates]],
        today: Callable[[], date] = date.today,
        thresholds: Mapping[str, float] | None = None,
    ) -> None:
        limits = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
        self._today = today
        background = out_of_scope_examples()
        self.languages = {
            lang: LanguageNlu(lang, specs, limits.get(lang, 0.5), background)
            for lang, specs in intents.items()
        }

    def env(self, lang: str) -> SlotEnv:
        return SlotEnv(lang, self._today())

    def parse(self, text: str, lang: str) -> IntentMatch:
        """Read one utterance in ``lang``; ``intent`` is ``None`` when it is out of scope."""
        clean = normalize(text)
        nlu = self.languages.get(lang)
        if not clean or nlu is None:
            return IntentMatch(clean, None, 0.0)
        env = self.env(lang)
        bare = strip_fillers(clean, lang) or clean  # "hi there" is a greeting, "hi, i want a tee" an order
        return nlu.strict(clean, env) or (bare != clean and nlu.strict(bare, env)) or nlu.fuzzy(bare, env)

    def find_slots(self, text: str, lang: str, intent: str) -> dict[str, SlotValue]:
        nlu = self.languages.get(lang)
        return nlu.find_slots(normalize(text), self.env(lang), intent) if nlu else {}

    def slot_spans(self, text: str, lang: str, intent: str) -> list[tuple[str, SlotValue, int, int]]:
        """Where values of ``intent``'s slots are in ``text`` (already normalized)."""
        nlu = self.languages.get(lang)
        return nlu.slot_spans(text, self.env(lang), intent) if nlu else []

    def slot_list(self, lang: str, intent: str, slot: str) -> SlotList | None:
        """The list ``intent``'s templates use for ``slot`` in ``lang``, if any."""
        nlu = self.languages.get(lang)
        return nlu.intent_slots.get(intent, {}).get(slot) if nlu else None

    def slot_names(self, lang: str, intent: str) -> set[str]:
        nlu = self.languages.get(lang)
        return set(nlu.intent_slots.get(intent, {})) if nlu else set()
