"""Recognizer grammars derived from the skills' sentence templates.

Templates are the single source of truth: the phrase lists given to Vosk (a bias, ``phrase_lists``)
and the JSGF given to pocketsphinx (strict, ``grammar_formats``) both come from them. ``Grammar``
holds both forms for one set of templates; ``grammar_for`` and ``phrases_for`` gather the templates
of the registered skills.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from assistant.nlu.slot_lists import SlotList
from assistant.stt.grammar_cache import GrammarCache, fingerprint, key
from assistant.stt.grammar_formats import template_jsgf, to_jsgf
from assistant.stt.phrase_lists import PHRASE_LIMIT, grammar_phrases, slot_phrases

if TYPE_CHECKING:
    from assistant.plugins import SkillRegistry
    from assistant.store import Store


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
    """True for a transcript that matches a template exactly; pocketsphinx decodes the whole utterance
    again when what it heard while the customer spoke is not one."""
    wake: str = ""
    """A wake phrase the customer may say before any phrase, or alone (see ``with_wake``)."""

    def jsgf(self, vocabulary: Callable[[str], bool]) -> str:
        """JSGF for these templates; words the engine cannot say are split or left out."""
        if not self.templates:
            return to_jsgf(self.phrases, vocabulary)
        return template_jsgf(self.templates, self.lang, vocabulary, wake=self.wake)

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

        return replace(self, phrases=phrases, accepts=accepts, wake=wake)


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
    cache: GrammarCache | None = None,
    keep: Callable[[str, str], bool] | None = None,
) -> Grammar:
    """The ``Grammar`` of every registered skill in ``lang`` (only ``intents`` when given, and only the
    templates ``keep(intent, template)`` keeps); its phrases come from ``cache`` (default: the user's
    cache folder) when the same templates and slot phrases were expanded before."""
    found = tuple(
        (i, t, lists)
        for i, t, lists in _intent_templates(registry, store, lang, intents)
        if keep is None or keep(i, t)
    )
    templates = tuple((t, lists) for _, t, lists in found)
    phrases = tuple(cached_phrases(templates, lang, limit, cache or GrammarCache()))
    return Grammar(phrases, templates, lang, accepts)


def cached_phrases(
    templates: tuple[tuple[str, Mapping[str, SlotList]], ...],
    lang: str,
    limit: int | None,
    cache: GrammarCache,
) -> list[str]:
    """``grammar_phrases`` of ``templates``, read from ``cache`` when they were expanded before.

    The key holds everything the expansion reads: each template, the spoken phrases of every slot
    list it may use, the language, the limit and the expanding code.
    """
    by_lists: dict[int, str] = {}
    code = fingerprint(
        "stt.phrase_lists", "slots.spoken", "slots.numeral_words", "nlu.templates", "nlu.slot_lists"
    )
    parts = [code, lang, str(limit if limit is not None else PHRASE_LIMIT.get(lang))]
    for template, lists in templates:
        if id(lists) not in by_lists:
            spoken = (f"{n}={chr(1).join(sorted(slot_phrases(lists[n], lang)))}" for n in sorted(lists))
            by_lists[id(lists)] = key(spoken)
        parts += [template, by_lists[id(lists)]]
    return cache.lines("phrases", key(parts), lambda: grammar_phrases(templates, lang, limit))


def phrases_for(
    registry: SkillRegistry,
    store: Store,
    lang: str,
    intents: Collection[str] | None = None,
    limit: int | None = None,
) -> list[str]:
    """Grammar phrases of every registered skill in ``lang`` (only ``intents`` when given)."""
    return grammar_phrases(_templates(registry, store, lang, intents), lang, limit)


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
