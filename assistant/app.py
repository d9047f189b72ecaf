"""The composition root: the one place that builds store, skills, NLU, dialogue and voice loop from a
``Config``. Every command and benchmark builds through here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.config import Config
from assistant.dialogue.manager import Dialogue, DialogueSettings
from assistant.dialogue.verification import VerificationPolicy
from assistant.events import EventWriter
from assistant.messages import Reply
from assistant.nlu import cache as nlu_cache
from assistant.nlu.builtin_lists import builtin_lists
from assistant.nlu.engine import IntentTemplates, Nlu, train
from assistant.plugins import SkillRegistry, discover
from assistant.store import Store, open_store

if TYPE_CHECKING:
    from assistant.voice.loop import VoiceLoop
    from assistant.voice.recognition import Recognition


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
    """Intent recognition over every registered skill's templates and the store's catalog. The trained
    classifier is cached on disk (``assistant.nlu.cache``), keyed by the skills and the engine's code,
    data and version; it does not depend on the catalog (products are one placeholder to it), so a
    changed catalog only recompiles the templates' lists, in well under a second."""
    by_lang: dict[str, list[IntentTemplates]] = {}
    for lang, intent, groups, lists in registry.templates(builtin_lists(store)):
        by_lang.setdefault(lang, []).append(IntentTemplates(intent, groups, lists))
    parts = [repr((s.name, s.sentences, s.lists)) for s in registry.skills]
    trained = nlu_cache.load_or_build(nlu_cache.key(parts), lambda: train(by_lang))
    return Nlu(by_lang, today=lambda: clock().date(), thresholds=thresholds, trained=trained)


def build(
    config: Config, clock: Callable[[], datetime] = datetime.now, registry: SkillRegistry | None = None
) -> Assistant:
    """Open the store, load the skills and wire the dialogue; raises ``StoreError`` on a bad database."""
    store = open_store(config, clock=clock)
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


def build_recognition(assistant: Assistant) -> Recognition:
    """Speech to text for the assistant's skills and catalog (engines are loaded on first use)."""
    from assistant.voice.recognition import Recognition

    return Recognition(assistant.config, assistant.registry, assistant.store, assistant.nlu)


def build_voice_loop(
    assistant: Assistant,
    *,
    languages: tuple[str, ...],
    speak: bool,
    tts_out: Path | None = None,
    events: EventWriter | None = None,
    mute: Callable[[bool], None] | None = None,
    on_reply: Callable[[Reply], None] | None = None,
    on_problem: Callable[[str], None] | None = None,
    warn: Callable[[str], None] | None = None,
) -> VoiceLoop:
    """The voice loop over ``assistant``: models loaded and the opening grammar compiled for each of
    ``languages`` now (not on the first request), a synthesizer when replies are spoken or saved, and
    the default speaker when ``speak`` (when there is none, replies are shown only, and ``warn`` is told).

    Raises ``SttError``/``VoiceError``/``TtsError`` when a model or voice is missing.
    """
    from assistant.audio import EndpointSettings
    from assistant.audio.devices import DeviceError, Speaker
    from assistant.tts import Pyttsx3Speech
    from assistant.tts import VoiceSettings as TtsVoices
    from assistant.voice.loop import VoiceLoop, VoiceSettings

    config = assistant.config
    recognition = build_recognition(assistant)
    for lang in languages:
        opening = assistant.dialogue.new_session(lang)
        recognition.recognizer(lang).set_grammar(recognition.grammar(lang, opening))
    synthesizer = Pyttsx3Speech(TtsVoices(voices=config.voices)) if speak or tts_out else None
    player = None
    if speak:
        try:
            player = Speaker()
        except DeviceError as exc:
            if warn is not None:
                warn(f"{exc}; replies are shown only (use --tts-out DIR to keep them)")
    settings = VoiceSettings(
        endpoint=EndpointSettings(
            trailing_silence_ms=config.trailing_silence_ms, max_utterance_ms=config.max_utterance_ms
        ),
        wake_phrase=config.wake_phrase,
        session_silence_s=config.session_timeout_s,
        tts_out=tts_out,
        languages=languages,
    )
    return VoiceLoop(
        assistant.dialogue,
        recognition.recognizer,
        recognition.grammar,
        synthesizer,
        player,
        events,
        settings,
        mute=mute,
        on_reply=on_reply,
        on_problem=on_problem,
    )
