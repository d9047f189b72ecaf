"""The composition root: the one place that builds store, skills, NLU, dialogue and voice loop from a
``Config``. Every command and benchmark builds through here."""

from __future__ import annotations

import contextlib
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
from assistant.nlu.engine import IntentTemplates, LanguageNlu, Nlu, build_languages
from assistant.nlu.training import Trained
from assistant.plugins import SkillRegistry, discover
from assistant.store import Store, open_store

if TYPE_CHECKING:
    import socket

    import uvicorn

    from assistant.audio import EndpointSettings
    from assistant.serve.server import VoiceServer
    from assistant.serve.settings import ServeSettings
    from assistant.stt import SpeechToText
    from assistant.tts import ReplyVoices
    from assistant.voice.loop import VoiceLoop
    from assistant.voice.preload import Preloaded
    from assistant.voice.recognition import Recognition

BUILTIN_SKILLS = Path(__file__).resolve().parent.parent / "skills"
"""The project's own skills (the ``skills`` package beside ``assistant``): their intents get the NLU's
tuned model, those of other installed skills a model that scales to thousands (``assistant.nlu.model``)."""


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
    builtin = {s.name for s in registry.skills if s.root.resolve().is_relative_to(BUILTIN_SKILLS)}
    for lang, intent, groups, lists in registry.templates(builtin_lists(store)):
        owner = registry.skill_for(intent)
        spec = IntentTemplates(intent, groups, lists, builtin=owner is None or owner.name in builtin)
        by_lang.setdefault(lang, []).append(spec)
    parts = [repr((s.name, s.sentences, s.lists)) for s in registry.skills]
    built: dict[str, LanguageNlu] = {}

    def train() -> dict[str, Trained]:
        built.update(build_languages(by_lang))  # kept: not compiled a second time below
        return {lang: nlu.trained for lang, nlu in built.items()}

    trained = nlu_cache.load_or_build(nlu_cache.key(parts), train)
    return Nlu(by_lang, today=lambda: clock().date(), thresholds=thresholds, trained=trained, built=built)


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


def build_recognition(
    assistant: Assistant, engines: Preloaded[str, SpeechToText] | None = None
) -> Recognition:
    """Speech to text for the assistant's skills and catalog (engines are loaded on first use, or
    taken from ``engines``)."""
    from assistant.voice.recognition import Recognition

    load = engines.get if engines is not None else None
    return Recognition(assistant.config, assistant.registry, assistant.store, assistant.nlu, load)


def preload_engines(config: Config, languages: tuple[str, ...]) -> Preloaded[str, SpeechToText]:
    """The speech engines of ``languages``, loading in the background from now (e.g. while the skills
    and the NLU load): the Vosk model's load does not hold the interpreter."""
    from functools import partial

    from assistant.voice.preload import Preloaded
    from assistant.voice.recognition import new_engine

    return Preloaded(partial(new_engine, config), languages)


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
    engines: Preloaded[str, SpeechToText] | None = None,
) -> VoiceLoop:
    """The voice loop over ``assistant``: for each of ``languages``, the model loaded (or taken from
    ``engines``) and the opening grammar compiled in the background from now (not on the first
    request), a synthesizer when replies are spoken or saved, and the default speaker when ``speak``
    (when there is none, replies are shown only, and ``warn`` is told). The loop listens at once: an
    utterance that starts before its language's model is ready waits for it (the microphone keeps
    the audio meanwhile). The second-opinion recognizer (Whisper) loads in the background after
    that; the first turn that wants it waits for it. A configured ``whisper_model`` is loaded now, so
    that a bad one is reported before listening.

    Raises ``SttError``/``VoiceError``/``TtsError`` when a model or voice is missing (a model that is
    there but fails to load is reported by the first utterance that needs it).
    """
    from assistant.audio.devices import DeviceError, Speaker
    from assistant.audio.wake_word import WakeWordSpotter
    from assistant.voice.loop import VoiceLoop, VoiceSettings
    from assistant.voice.preload import Preloaded
    from assistant.voice.recognition import check_engine

    config = assistant.config
    recognition = build_recognition(assistant, engines)
    for lang in languages:
        check_engine(config, lang)
        if config.whisper_model is not None:
            recognition.open_recognizer(lang)

    def opening(lang: str) -> SpeechToText:
        engine = recognition.recognizer(lang)
        engine.set_grammar(recognition.grammar(lang, assistant.dialogue.new_session(lang)))
        return engine

    ready = Preloaded(opening, languages)

    def recognizer(lang: str) -> SpeechToText:
        return ready.get(lang) if lang in languages else recognition.recognizer(lang)

    def open_recognizer(lang: str) -> SpeechToText | None:
        ready.get(lang)  # after the grammar engine: one model loads at a time
        return recognition.open_recognizer(lang)

    open_recognizers = Preloaded(open_recognizer, languages)
    synthesizer = build_synthesizer(config) if speak or tts_out else None
    player = None
    if speak:
        try:
            player = Speaker()
        except DeviceError as exc:
            if warn is not None:
                warn(f"{exc}; replies are shown only (use --tts-out DIR to keep them)")
    settings = VoiceSettings(
        endpoint=endpoint_settings(config),
        wake_phrase=config.wake_phrase,
        session_silence_s=config.session_timeout_s,
        tts_out=tts_out,
        languages=languages,
    )
    wake_word = WakeWordSpotter(config.wake_word) if config.wake_word else None
    return VoiceLoop(
        assistant.dialogue,
        recognizer,
        recognition.grammar,
        synthesizer,
        player,
        events,
        settings,
        mute=mute,
        on_reply=on_reply,
        on_problem=on_problem,
        open_recognizer=open_recognizers.get,
        wake_word=wake_word,
    )


def build_synthesizer(config: Config) -> ReplyVoices:
    """Text to speech with the configured voices: the Piper voice for English when there is one, espeak-ng
    for the rest (raises ``VoiceError`` for a voice that is missing)."""
    from assistant.tts import open_reply_voices

    return open_reply_voices(config.voices, config.piper_voice)


def endpoint_settings(config: Config) -> EndpointSettings:
    """Our end-of-speech detection as configured."""
    from assistant.audio import EndpointSettings

    return EndpointSettings(
        trailing_silence_ms=config.trailing_silence_ms,
        unfinished_silence_ms=config.unfinished_silence_ms,
        max_utterance_ms=config.max_utterance_ms,
        vad=config.vad,
    )


def build_voice_server(
    assistant: Assistant, sock: socket.socket, settings: ServeSettings, warn: Callable[[str], None]
) -> VoiceServer:
    """The Wyoming server on the bound ``sock``: ``settings.workers`` speech workers, each with its own
    recognizers for every language that has a model (loaded now; a missing one other than the
    configured language is reported through ``warn`` and left out), and one shared synthesizer.

    Raises ``SttError``/``VoiceError``/``TtsError`` when the configured language cannot be served.
    """
    from dataclasses import replace

    from assistant import LANGUAGES
    from assistant.serve.connection import ConnectionSettings
    from assistant.serve.info import describe
    from assistant.serve.server import VoiceServer
    from assistant.serve.workers import SpeechWorker, WorkerPool
    from assistant.stt import SttError
    from assistant.tts.speech import TtsError, VoiceError

    config = assistant.config
    synthesizer = build_synthesizer(config)
    for lang in LANGUAGES:  # the first request of a fresh espeak engine sometimes writes no file
        with contextlib.suppress(TtsError, VoiceError):
            synthesizer.synthesize(
                assistant.dialogue.say(assistant.dialogue.new_session(lang), "greeting").text, lang
            )
    languages = (config.lang, *(lang for lang in LANGUAGES if lang != config.lang))
    workers: list[SpeechWorker] = []
    try:
        while len(workers) < settings.workers:
            try:
                loop = build_voice_loop(assistant, languages=languages, speak=False, on_problem=warn)
                for lang in languages:  # the models are loaded before the server answers
                    loop.recognizer(lang)
            except SttError as exc:
                if len(languages) == 1:
                    raise
                warn(f"only {config.lang} is served: {exc}")
                languages = (config.lang,)
                continue
            # Each utterance is decoded in its session's language only (no language detection).
            loop = replace(loop, synthesizer=synthesizer, settings=replace(loop.settings, languages=()))
            workers.append(SpeechWorker(len(workers), loop))
    except BaseException:
        synthesizer.close()
        raise
    engines = {lang: workers[0].loop.recognizer(lang).name for lang in languages}
    voices = [choice for choice in synthesizer.choices() if choice.lang in languages]
    connection = ConnectionSettings(
        config.lang, tuple(languages), endpoint_settings(config), describe(engines, voices, languages)
    )
    return VoiceServer(
        sock,
        WorkerPool(workers, assistant.dialogue, synthesizer),
        connection,
        max_connections=settings.max_satellites,
        idle_timeout_s=settings.idle_timeout_s,
        satellites=settings.satellites,
    )


def build_console(assistant: Assistant, settings: ServeSettings) -> uvicorn.Server:
    """The staff console over the assistant's store, as an HTTP(S) server for ``assistant serve``."""
    import uvicorn

    from assistant.console.web import Console

    console = Console(assistant.store)
    config = uvicorn.Config(
        console.app,
        log_level="warning",
        access_log=False,
        ssl_certfile=str(settings.tls_cert) if settings.tls_cert else None,
        ssl_keyfile=str(settings.tls_key) if settings.tls_key else None,
        server_header=False,
    )
    return uvicorn.Server(config)
