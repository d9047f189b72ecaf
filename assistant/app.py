"""The composition root: the one place that builds store, skills, NLU and dialogue from a ``Config``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from assistant import answer_grammar
from assistant import intents as canonical
from assistant.config import Config
from assistant.dialogue.manager import Dialogue, DialogueSettings
from assistant.dialogue.session import Session
from assistant.nlu.builtin_lists import builtin_lists
from assistant.nlu.engine import IntentTemplates, Nlu
from assistant.plugins import SkillRegistry, discover
from assistant.store import SqliteStore, Store
from assistant.stt import SpeechToText, SttError, create_engine
from assistant.stt.grammar import Grammar, grammar_for, unheard_words
from assistant.text import normalize
from assistant.verification import VerificationPolicy

CONFIRMATION_INTENTS = (canonical.YES, canonical.NO, canonical.CANCEL, canonical.REPEAT)
"""What a customer may say to a yes-or-no question (besides corrections)."""


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
    by_lang: dict[str, list[IntentTemplates]] = {}
    for lang, intent, groups, lists in registry.templates(builtin_lists(store)):
        by_lang.setdefault(lang, []).append(IntentTemplates(intent, groups, lists))
    return Nlu(by_lang, today=lambda: clock().date(), thresholds=thresholds)


def build(
    config: Config, clock: Callable[[], datetime] = datetime.now, registry: SkillRegistry | None = None
) -> Assistant:
    """Open the store, load the skills and wire the dialogue; raises ``StoreError`` on a bad database."""
    store = SqliteStore.open(config.db, clock=clock)
    try:
        registry = registry or discover(config.skills_dirs, config.entry_point_skills)
        nlu = build_nlu(registry, store, clock, config.thresholds)
        policy = VerificationPolicy(config.verify_attempts, timedelta(minutes=config.verify_cooldown_min))
        settings = DialogueSettings(config.session_timeout_s, config.handoff_after, policy)
        dialogue = Dialogue(registry, nlu, store, clock, settings)
    except BaseException:
        store.close()
        raise
    return Assistant(config, store, registry, nlu, dialogue)


@dataclass
class Speech:
    """Speech engines, created on first use per language and kept for the process."""

    config: Config
    registry: SkillRegistry
    store: Store
    nlu: Nlu
    _engines: dict[str, SpeechToText] = field(default_factory=dict)
    _grammars: dict[tuple[str, str | None, str | None], Grammar] = field(default_factory=dict)

    def recognizer(self, lang: str) -> SpeechToText:
        """The speech-to-text engine for ``lang``; raises ``SttError`` when there is no model."""
        if lang not in self._engines:
            self._engines[lang] = create_engine(
                lang, self.config.engine, self.config.models.get(lang), self.config.models_dir
            )
        return self._engines[lang]

    def _exact(self, lang: str) -> Callable[[str], bool]:
        """Whether a transcript matches one of the templates exactly."""
        return lambda text: self.nlu.parse(text, lang).matcher == "template"

    def grammar(self, lang: str, session: Session, wake: str | None = None) -> Grammar:
        """Phrases for the session's state: yes/no and corrections while confirming, else everything.

        With ``wake`` (a sleeping kiosk), every phrase may be preceded by the wake phrase; raises
        ``SttError`` when the model cannot hear one of its words.
        """
        pending = session.pending
        if pending is not None and pending.expect.secret and wake is None:  # an identity question
            digits = (lang, answer_grammar.STATE, None)
            if digits not in self._grammars:
                self._grammars[digits] = answer_grammar.digits_grammar(self.registry, self.store, lang)
            return self._grammars[digits]
        confirming = pending.intent if pending is not None and pending.expect.kind == "confirm" else None
        key = (lang, confirming, wake)
        if key not in self._grammars:
            if wake is not None:
                self._check_wake(lang, wake)
                self._grammars[key] = self.grammar(lang, session).with_wake(wake)
                return self._grammars[key]
            wanted = None if confirming is None else {*CONFIRMATION_INTENTS, confirming}
            self._grammars[key] = grammar_for(
                self.registry, self.store, lang, wanted, accepts=self._exact(lang)
            )
        return self._grammars[key]

    def _check_wake(self, lang: str, wake: str) -> None:
        missing, _ = unheard_words(normalize(wake).split(), self.recognizer(lang).missing_words)
        if missing or not normalize(wake):
            words = ", ".join(missing) or "(none)"
            raise SttError(
                f"the {lang} speech model cannot hear the wake phrase {wake!r} (unknown words: {words}); "
                "choose common words, e.g. --wake 'excuse me'"
            )


def build_speech(assistant: Assistant) -> Speech:
    """Speech-to-text for the assistant's skills and catalog."""
    return Speech(assistant.config, assistant.registry, assistant.store, assistant.nlu)
