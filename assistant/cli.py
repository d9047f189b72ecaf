"""The ``assistant`` command line: chat, run, parse, skills, catalog, data and more."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from assistant import LANGUAGES, __version__
from assistant.app import Assistant, build
from assistant.cli_data import add_data_commands
from assistant.cli_report import add_report_command
from assistant.cli_tickets import add_ticket_commands
from assistant.config import ENGINES, Config, ConfigError, check, load_config
from assistant.events import EventWriter
from assistant.messages import AudioChunk, Transcript
from assistant.plugins import SkillRegistry, discover
from assistant.store import StoreError
from assistant.text import has_hangul
from assistant.usage import UsageError

if TYPE_CHECKING:
    from assistant.audio.reconnect import MicrophoneStatus


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``assistant`` and ``python -m assistant``."""
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="assistant: %(levelname)s: %(message)s")
    for stream in (sys.stdin, sys.stdout):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except (UsageError, ConfigError, StoreError) as exc:
        print(f"assistant: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant", description="Offline customer-service assistant (English and Korean)."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")

    def usage(_args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    parser.set_defaults(handler=usage)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def speech_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--lang", choices=LANGUAGES, help="language to start in (default: en)")
        sub.add_argument("--engine", choices=ENGINES, help="speech to text engine (default: auto)")
        sub.add_argument("--model", type=Path, metavar="PATH", help="Vosk model folder for --lang")

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--config", type=Path, help="TOML settings file")
        sub.add_argument("--db", type=Path, help="SQLite store file (default: per-user data folder)")
        sub.add_argument(
            "--skills-dir",
            type=Path,
            action="append",
            default=[],
            metavar="DIR",
            help="also load the skills in DIR (repeatable)",
        )

    chat = commands.add_parser("chat", help="talk to the assistant by text")
    common(chat)
    chat.add_argument("--lang", choices=LANGUAGES, help="language to start in (default: en)")
    chat.add_argument("--json", action="store_true", help="print the JSON event stream")
    chat.set_defaults(handler=_chat)

    parse = commands.add_parser("parse", help="NLU only: text → intent and slots as JSON")
    common(parse)
    parse.add_argument("text", nargs="*", help="utterances (default: one per line of stdin)")
    parse.add_argument(
        "--lang",
        choices=(*LANGUAGES, "auto"),
        default="auto",
        help="language of the text (default: auto, by script)",
    )
    parse.set_defaults(handler=_parse)

    skills = commands.add_parser("skills", help="installed skills")
    skill_commands = skills.add_subparsers(title="skills commands", metavar="ACTION", required=True)
    listing = skill_commands.add_parser("list", help="skills, their intents and languages")
    common(listing)
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=_skills_list)
    checking = skill_commands.add_parser("check", help="validate every skill; exit 2 if any is broken")
    common(checking)
    checking.set_defaults(handler=_skills_check)

    run = commands.add_parser(
        "run", help="the voice assistant: listen on the microphone (or WAV files) and answer"
    )
    common(run)
    speech_options(run)
    run.add_argument(
        "--input",
        type=Path,
        action="append",
        default=[],
        metavar="FILE.wav",
        help="play these recordings through the pipeline instead of the microphone (repeatable)",
    )
    run.add_argument("--json", action="store_true", help="print the JSON event stream")
    run.add_argument("--device", help="microphone by name or index (default: system default)")
    run.add_argument("--no-speaker", action="store_true", help="do not play replies")
    run.add_argument("--tts-out", type=Path, metavar="DIR", help="write each reply as a WAV file into DIR")
    run.add_argument("--wake", metavar="PHRASE", help="only start a conversation after this phrase")
    run.add_argument(
        "--detect-language",
        action="store_true",
        help="listen in English and Korean at once and answer in the language understood (2x decoding)",
    )
    run.set_defaults(handler=_run)

    transcribe = commands.add_parser("transcribe", help="speech to text only")
    common(transcribe)
    speech_options(transcribe)
    transcribe.add_argument("file", type=Path, help="WAV file (any rate, mono or stereo, 8–32 bit)")
    transcribe.add_argument(
        "--grammar", action="store_true", help="bias recognition to the skills' sentences"
    )
    transcribe.add_argument("--json", action="store_true", help="print the transcript event as JSON")
    transcribe.set_defaults(handler=_transcribe)

    models = commands.add_parser("models", help="speech models")
    model_commands = models.add_subparsers(title="models commands", metavar="ACTION", required=True)
    listing_models = model_commands.add_parser("list", help="which speech models are available")
    common(listing_models)
    listing_models.set_defaults(handler=_models_list)
    pull = model_commands.add_parser("pull", help="download a Vosk model (needs internet)")
    common(pull)
    pull.add_argument("lang", choices=LANGUAGES, help="language of the model")
    pull.add_argument("--url", help="download from this address instead")
    pull.add_argument("--sha256", help="expected checksum of the download")
    pull.set_defaults(handler=_models_pull)

    doctor = commands.add_parser("doctor", help="check audio devices, models, voices and the database")
    common(doctor)
    doctor.add_argument("--json", action="store_true", help="machine-readable report")
    doctor.set_defaults(handler=_doctor)

    catalog = commands.add_parser("catalog", help="the store's product catalog")
    catalog_commands = catalog.add_subparsers(title="catalog commands", metavar="ACTION", required=True)
    importing = catalog_commands.add_parser("import", help="add or update products from a CSV file")
    common(importing)
    importing.add_argument(
        "file", type=Path, help="CSV with columns id,name_en,name_ko,category,price,stock,..."
    )
    importing.set_defaults(handler=_catalog_import)

    add_data_commands(commands, common, _config)
    add_ticket_commands(commands, common, _config)
    add_report_command(commands, common, _config)
    return parser


def _config(args: argparse.Namespace) -> Config:
    config = load_config(args.config)
    lang = getattr(args, "lang", None)
    models = dict(config.models)
    if getattr(args, "model", None) is not None:
        models[lang or config.lang] = args.model
    return check(
        config.with_overrides(
            db=args.db,
            lang=lang if lang in LANGUAGES else None,
            skills_dirs=(*config.skills_dirs, *args.skills_dir),
            engine=getattr(args, "engine", None),
            models=models,
            input_device=getattr(args, "device", None),
            wake_phrase=getattr(args, "wake", None),
        )
    )


def _registry(config: Config) -> SkillRegistry:
    registry = discover(config.skills_dirs, config.entry_point_skills)
    for error in registry.errors:
        print(f"assistant: warning: skipped {error}", file=sys.stderr)
    return registry


def _open(args: argparse.Namespace) -> Assistant:
    config = _config(args)
    return build(config, registry=_registry(config))


def _lines(stream: TextIO) -> Iterator[str]:
    for line in stream:
        yield line.rstrip("\r\n")


def text_language(text: str, current: str) -> str:
    """Language of a typed line: Korean when it has Hangul, else English (unless it is ambiguous)."""
    if has_hangul(text):
        return "ko"
    return "en" if any(ch.isalpha() for ch in text) else current


def _chat(args: argparse.Namespace) -> int:
    assistant = _open(args)
    try:
        dialogue = assistant.dialogue
        session = dialogue.new_session(assistant.config.lang)
        events = EventWriter(sys.stdout) if args.json else None
        interactive = sys.stdin.isatty() and not args.json
        greeting = dialogue.say(session, "greeting")
        if events:
            events.emit("session", id=session.id, lang=session.lang)
        elif interactive:
            print(f"assistant> {greeting.text}   (Ctrl-D to quit)")
        lines = _prompted() if interactive else _lines(sys.stdin)
        for line in lines:
            transcript = Transcript(line, text_language(line, session.lang))
            turn = dialogue.respond(session, transcript)
            if events:
                if turn.timed_out:
                    events.emit("session", id=session.id, lang=session.lang, reason="timeout")
                events.transcript(transcript)
                events.intent(turn.match)
                if turn.error:
                    events.error("store", turn.error)
                events.reply(turn.reply)
            else:
                print(f"assistant> {turn.reply.text}" if interactive else turn.reply.text, flush=True)
            if turn.reply.end_session:
                session = dialogue.new_session(assistant.config.lang)
                if events:
                    events.emit("session", id=session.id, lang=session.lang)
    finally:
        assistant.close()
    return 0


def _prompted() -> Iterator[str]:
    while True:
        try:
            yield input("you> ")
        except EOFError:
            print()
            return


def _parse(args: argparse.Namespace) -> int:
    assistant = _open(args)
    try:
        inputs = args.text or _lines(sys.stdin)
        for text in inputs:
            lang = args.lang if args.lang != "auto" else text_language(text, assistant.config.lang)
            match = assistant.nlu.parse(text, lang)
            out = {"text": match.text, "intent": match.intent, "score": match.score, "slots": match.slots}
            print(json.dumps(out, ensure_ascii=False), flush=True)
    finally:
        assistant.close()
    return 0


def _skills_list(args: argparse.Namespace) -> int:
    registry = _registry(_config(args))
    rows = [
        {
            "name": s.name,
            "intents": sorted(s.skill.handlers),
            "languages": list(s.languages),
            "origin": s.origin,
            "description": s.skill.description,
        }
        for s in registry.skills
    ]
    if args.json:
        print(json.dumps({"skills": rows, "errors": [str(e) for e in registry.errors]}, ensure_ascii=False))
        return 0
    for row in rows:
        print(f"{row['name']:<14} {','.join(row['languages']):<6} {' '.join(row['intents'])}")
    return 0


def _skills_check(args: argparse.Namespace) -> int:
    config = _config(args)
    registry = discover(config.skills_dirs, config.entry_point_skills)
    for loaded in registry.skills:
        print(f"ok   {loaded.name} ({', '.join(loaded.languages)}): {len(loaded.skill.handlers)} intents")
    for error in registry.errors:
        print(f"FAIL {error}")
    _vocabulary_check(config, registry)
    return 2 if registry.errors else 0


def _vocabulary_check(config: Config, registry: SkillRegistry) -> None:
    """Template words the active speech model of each language cannot recognise."""
    from assistant.store import SqliteStore
    from assistant.stt import SttError, create_engine
    from assistant.stt.grammar import phrases_for, unheard_words

    with SqliteStore.open(config.db) as store:
        for lang in LANGUAGES:
            try:
                stt = create_engine(lang, config.engine, config.models.get(lang), config.models_dir)
            except SttError as exc:
                print(f"skip {lang} vocabulary: {exc}")
                continue
            words = dict.fromkeys(
                w for p in phrases_for(registry, store, lang, limit=20_000) for w in p.split()
            )
            unheard, joined = unheard_words(words, stt.missing_words)
            note = f" ({joined} more are heard as separate known words)" if joined else ""
            if unheard:
                print(
                    f"warn {lang} ({stt.name}): {len(unheard)} of {len(words)} template words are not in the "
                    f"model's vocabulary and cannot be heard{note}: {' '.join(unheard[:40])}"
                )
            else:
                print(f"ok   {lang} ({stt.name}): all {len(words)} template words can be heard{note}")


def _catalog_import(args: argparse.Namespace) -> int:
    from assistant.store import SqliteStore

    config = _config(args)
    if not args.file.is_file():
        raise UsageError(f"no such file: {args.file}")
    with SqliteStore.open(config.db) as store:
        count = store.import_catalog_csv(args.file)
    print(f"imported {count} products into {config.db}")
    return 0


def _progress(done: int, total: int) -> None:
    """A progress bar on stderr."""
    if total > 0:
        width = 30
        filled = width * done // total
        print(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done / 1e6:6.1f} / {total / 1e6:.1f} MB",
            end="",
            file=sys.stderr,
            flush=True,
        )
    else:
        print(f"\r{done / 1e6:6.1f} MB", end="", file=sys.stderr, flush=True)


def _models_list(args: argparse.Namespace) -> int:
    from assistant.stt.models import list_models

    config = _config(args)
    for info in list_models(config.models_dir):
        state = "ok     " if info.available else "missing"
        print(f"{state} {info.lang:<3} {info.engine:<13} {info.source}")
    return 0


def _models_pull(args: argparse.Namespace) -> int:
    from assistant.stt import SttError
    from assistant.stt.models import pull_model

    config = _config(args)
    try:
        path = pull_model(args.lang, config.models_dir, url=args.url, sha256=args.sha256, progress=_progress)
    except SttError as exc:
        print(file=sys.stderr)
        raise UsageError(str(exc)) from exc
    print(file=sys.stderr)
    print(f"model ready: {path}")
    return 0


def _transcribe(args: argparse.Namespace) -> int:
    from assistant.app import build_speech
    from assistant.audio import AudioError, read_wav
    from assistant.stt import SttError

    assistant = _open(args)
    try:
        audio = read_wav(args.file)
        speech = build_speech(assistant)
        stt = speech.recognizer(assistant.config.lang)
        stt.set_grammar(
            speech.grammar(assistant.config.lang, assistant.dialogue.new_session(assistant.config.lang))
            if args.grammar
            else None
        )
        transcript = stt.transcribe(audio)
    except (AudioError, SttError) as exc:
        raise UsageError(str(exc)) from exc
    finally:
        assistant.close()
    if args.json:
        EventWriter(sys.stdout).transcript(transcript)
    else:
        print(transcript.text)
    return 0


def _run(args: argparse.Namespace) -> int:
    from assistant.app import build_speech
    from assistant.audio import AudioError, EndpointSettings, stream_wav
    from assistant.audio.devices import DeviceError, Microphone, Speaker
    from assistant.audio.reconnect import ReconnectingMicrophone
    from assistant.stt import SttError
    from assistant.tts import Pyttsx3Speech, TtsError, VoiceError
    from assistant.tts import VoiceSettings as TtsVoices
    from assistant.voice import VoiceLoop, VoiceSettings

    assistant = _open(args)
    try:
        config = assistant.config
        for path in args.input:
            if not path.is_file():
                raise UsageError(f"no such file: {path}")
        events = EventWriter(sys.stdout) if args.json else None
        microphone = None
        source: Iterator[AudioChunk]
        if args.input:
            source = (chunk for path in args.input for chunk in _with_pause(stream_wav(path)))
        else:
            microphone = ReconnectingMicrophone(
                lambda: Microphone(_device(config.input_device)), on_status=_microphone_status(events)
            )
            source = microphone.chunks()
        speech = build_speech(assistant)
        languages = LANGUAGES if args.detect_language else (config.lang,)
        for lang in languages:  # load models and compile the opening grammar now, not on the first request
            speech.recognizer(lang).set_grammar(speech.grammar(lang, assistant.dialogue.new_session(lang)))
        synthesizer = None
        if not args.no_speaker or args.tts_out:
            synthesizer = Pyttsx3Speech(TtsVoices(voices=config.voices))
        player = None
        if not args.no_speaker:
            try:
                player = Speaker()
            except DeviceError as exc:
                print(
                    f"assistant: warning: {exc}; replies are shown only (use --tts-out DIR to keep them)",
                    file=sys.stderr,
                )
        settings = VoiceSettings(
            endpoint=EndpointSettings(
                trailing_silence_ms=config.trailing_silence_ms, max_utterance_ms=config.max_utterance_ms
            ),
            wake_phrase=config.wake_phrase,
            session_silence_s=config.session_timeout_s,
            tts_out=args.tts_out,
            languages=tuple(languages),
        )
        loop = VoiceLoop(
            assistant.dialogue,
            speech.recognizer,
            speech.grammar,
            synthesizer,
            player,
            events,
            settings,
            mute=microphone.mute if microphone else None,
            on_reply=None if args.json else (lambda reply: print(f"assistant> {reply.text}", flush=True)),
            on_problem=None if args.json else _warn,
        )
        session = assistant.dialogue.new_session(config.lang)
        try:
            loop.run(source, session)
        finally:
            if microphone is not None:
                microphone.close()
            if synthesizer is not None:
                synthesizer.close()
    except (AudioError, SttError, VoiceError, TtsError) as exc:
        raise UsageError(str(exc)) from exc
    finally:
        assistant.close()
    return 0


def _device(value: str | None) -> str | int | None:
    return int(value) if value is not None and value.isdigit() else value


def _with_pause(chunks: Iterator[AudioChunk], pause_ms: int = 600) -> Iterator[AudioChunk]:
    """A recording followed by a moment of silence, so that its last utterance ends."""
    yield from chunks
    yield AudioChunk(bytes(32 * pause_ms), 16000, 2, 1)


def _warn(problem: str) -> None:
    print(f"assistant: warning: {problem}", file=sys.stderr, flush=True)


def _microphone_status(events: EventWriter | None) -> Callable[[MicrophoneStatus], None]:
    """Tell the operator (stderr) and the event stream (the run's own writer) about microphone outages."""

    def report(status: MicrophoneStatus) -> None:
        if status.state == "retrying":
            line = f"{status.message}: attempt {status.attempt} in {status.retry_in_s:g} s"
        else:
            line = status.message
        print(f"assistant: {line}", file=sys.stderr, flush=True)
        if events is not None and status.state == "lost":
            events.error("microphone_lost", status.message)
        elif events is not None and status.state == "back":
            events.emit("listening", after="microphone back")

    return report


def _doctor(args: argparse.Namespace) -> int:
    from assistant.doctor import diagnose

    report = diagnose(_config(args))
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        for check_ in report.checks:
            mark = "ok  " if check_.ok else "FAIL"
            print(
                f"{mark} {check_.name:<18} {check_.detail}"
                + (f"\n     fix: {check_.fix}" if check_.fix else "")
            )
    return 0 if report.healthy else 1
