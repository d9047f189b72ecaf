"""Speech to text for the voice loop: an engine per language and the grammar of each dialogue state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from assistant import intents
from assistant.config import Config
from assistant.dialogue.session import Session
from assistant.dialogue.verification import SECRET_SLOT
from assistant.nlu.builtin_lists import builtin_lists
from assistant.nlu.engine import Nlu
from assistant.plugins import SkillRegistry
from assistant.store import Store
from assistant.stt import SpeechToText, SttError, create_engine, whisper_engine
from assistant.stt.base import engine_choice
from assistant.stt.grammar import Grammar, grammar_for
from assistant.stt.vocabulary import unheard_words
from assistant.text import normalize
from assistant.voice import digits_grammar
from assistant.voice.answer_grammar import answer_grammar

CONFIRMATION_INTENTS = (intents.YES, intents.NO, intents.CANCEL, intents.REPEAT)
"""What a customer may say to a yes-or-no question (besides corrections)."""
SECOND_OPINION_LANGUAGES = ("en",)
"""Languages whose grammar readings Whisper checks (the packaged model is English-only)."""


def new_engine(config: Config, lang: str) -> SpeechToText:
    """The configured speech-to-text engine for ``lang``; raises ``SttError`` when there is no model."""
    return create_engine(lang, config.engine, config.models.get(lang), config.models_dir)


def check_engine(config: Config, lang: str) -> None:
    """Raise ``SttError`` when ``new_engine`` would find no model for ``lang`` (nothing is loaded)."""
    engine_choice(lang, config.engine, config.models.get(lang), config.models_dir)


@dataclass
class Recognition:
    """Speech engines, created on first use per language and kept for the process."""

    config: Config
    registry: SkillRegistry
    store: Store
    nlu: Nlu
    engines: Callable[[str], SpeechToText] | None = None
    """Where each language's engine comes from (e.g. loaded in the background since start-up); by
    default it is created on first use."""
    _engines: dict[str, SpeechToText] = field(default_factory=dict)
    _grammars: dict[tuple[str, str | None, str | None], Grammar] = field(default_factory=dict)
    _open: dict[str, SpeechToText | None] = field(default_factory=dict)

    def recognizer(self, lang: str) -> SpeechToText:
        """The speech-to-text engine for ``lang``; raises ``SttError`` when there is no model."""
        if lang not in self._engines:
            self._engines[lang] = (self.engines or partial(new_engine, self.config))(lang)
        return self._engines[lang]

    def open_recognizer(self, lang: str) -> SpeechToText | None:
        """The open-vocabulary recognizer giving a second opinion (``voice.second_opinion``): the engine
        itself when it is Whisper; else, unless the config turns it off, Whisper for English
        (``whisper_model``, or the model of the ``whisper`` extra) when installed; else None.

        Raises ``SttError`` only for a configured ``whisper_model`` that cannot be loaded.
        """
        if lang not in self._open:
            self._open[lang] = self._load_open(lang)
        return self._open[lang]

    def _load_open(self, lang: str) -> SpeechToText | None:
        if self.config.engine == "whisper":
            return self.recognizer(lang)
        if lang not in SECOND_OPINION_LANGUAGES or not self.config.second_opinion:
            return None
        if self.config.whisper_model is not None:
            return whisper_engine.WhisperEngine(lang, self.config.whisper_model)
        if not whisper_engine.available():
            return None
        try:
            return whisper_engine.WhisperEngine(lang)
        except SttError:  # a broken install: the grammar engine's free decoding stands in
            return None

    def _exact(self, lang: str) -> Callable[[str], bool]:
        """Whether a transcript matches one of the templates exactly."""
        return lambda text: self.nlu.parse(text, lang).matcher == "template"

    def grammar(self, lang: str, session: Session, wake: str | None = None) -> Grammar:
        """Phrases for the session's state: yes/no and corrections while confirming, else everything.

        With ``wake`` (a sleeping kiosk), every phrase may be preceded by the wake phrase; raises
        ``SttError`` when the model cannot hear one of its words.
        """
        pending = session.pending
        asked = pending.expect.slot if pending is not None and pending.expect.kind == "slot" else None
        if pending is not None and asked and asked != SECRET_SLOT and wake is None:
            return self._answers(lang, pending.intent, asked)  # "which colour?", "what phone number?"
        if pending is not None and pending.expect.secret and wake is None:  # an identity question
            digits = (lang, digits_grammar.STATE, None)
            if digits not in self._grammars:
                self._grammars[digits] = digits_grammar.digits_grammar(self.registry, self.store, lang)
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

    def _answers(self, lang: str, intent: str, slot: str) -> Grammar:
        """The grammar of answers to the question for ``slot`` of ``intent``."""
        key = (lang, f"<answer {intent} {slot}>", None)
        if key not in self._grammars:
            values = self.nlu.slot_list(lang, intent, slot) or builtin_lists(self.store).get(slot)
            self._grammars[key] = answer_grammar(self.registry, self.store, lang, intent, slot, values)
        return self._grammars[key]

    def _check_wake(self, lang: str, wake: str) -> None:
        missing, _ = unheard_words(normalize(wake).split(), self.recognizer(lang).missing_words)
        if missing or not normalize(wake):
            words = ", ".join(missing) or "(none)"
            raise SttError(
                f"the {lang} speech model cannot hear the wake phrase {wake!r} (unknown words: {words}); "
                "choose common words, e.g. --wake 'excuse me'"
            )
