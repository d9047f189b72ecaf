"""The composition root: the one place that builds store, skills, NLU and dialogue from a ``Config``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from assistant.config import Config
from assistant.dialogue.manager import Dialogue, DialogueSettings
from assistant.nlu.builtin_lists import builtin_lists
from assistant.nlu.engine import IntentTemplates, Nlu
from assistant.plugins import SkillRegistry, discover
from assistant.store import SqliteStore, Store


@dataclass
class Assistant:
    """A ready assistant: everything a front end (chat, voice loop) needs."""

    config: Config
    store: Store
    registry: SkillRegistry
    nlu: Nlu
    dialogue: Dialogue

    def close(self) -> None:
        self.store.close()


def build_nlu(
    registry: SkillRegistry,
    store: Store,
    clock: Callable[[], datetime] = datetime.now,
    thresholds: dict[str, float] | None = None,
) -> Nlu:
    """Intent recognition over every registered skill's templates and the store's catalog."""
    shared = builtin_lists(store)
    by_lang: dict[str, list[IntentTemplates]] = {}
    for loaded in registry.skills:
        lists = {**shared, **loaded.lists}
        for lang, intents in loaded.sentences.items():
            by_lang.setdefault(lang, []).extend(
                IntentTemplates(intent, groups, lists) for intent, groups in intents.items()
            )
    return Nlu(by_lang, today=lambda: clock().date(), thresholds=thresholds)


def build(
    config: Config, clock: Callable[[], datetime] = datetime.now, registry: SkillRegistry | None = None
) -> Assistant:
    """Open the store, load the skills and wire the dialogue; raises ``StoreError`` on a bad database."""
    store = SqliteStore.open(config.db, clock=clock)
    try:
        registry = registry or discover(config.skills_dirs, config.entry_point_skills)
        nlu = build_nlu(registry, store, clock, config.thresholds)
        settings = DialogueSettings(config.session_timeout_s, config.handoff_after)
        dialogue = Dialogue(registry, nlu, store, clock, settings)
    except BaseException:
        store.close()
        raise
    return Assistant(config, store, registry, nlu, dialogue)
