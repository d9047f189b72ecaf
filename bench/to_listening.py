"""``assistant run``: time from process start to the ``listening`` event, and where it goes.

    python bench/to_listening.py             # ~1 min: three runs per language, then the stages
    python bench/to_listening.py --runs 5

*Whole*: wall time from starting ``python -m assistant run --input <1 s of silence> --json
--no-speaker`` to the ``listening`` line on its stdout, on a store made beforehand (the first run also
fills the NLU and grammar caches when they are empty; the others are warm: the page cache holds every
file). *Stages*: the same work done step by step in one process as ``run`` does it (imports; the speech
engine loading in the background while the store, skills and NLU load; waiting for the engine; the
opening grammar; the speech detector), timed with ``perf_counter``. The Whisper second opinion loads
in the background after that and is not in either number.
The machine is shared with two other jobs: timings are noisy.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def to_listening(wav: Path, db: Path, lang: str) -> float:
    """Seconds from starting ``assistant run`` until it prints ``listening``."""
    command = [sys.executable, "-m", "assistant", "run", "--input", str(wav), "--json", "--no-speaker"]
    started = time.perf_counter()
    process = subprocess.Popen(
        [*command, "--lang", lang, "--db", str(db)], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    assert process.stdout is not None
    for line in process.stdout:
        if '"listening"' in line:
            seconds = time.perf_counter() - started
            break
    else:
        raise SystemExit(f"no listening event (exit {process.wait()})")
    process.wait()
    return seconds


def stages(db: Path, lang: str) -> dict[str, float]:
    """Seconds of each step ``assistant run`` takes before it listens, in one process, in its order:
    the speech engine starts loading in the background before the store, skills and NLU are built."""
    spent: dict[str, float] = {}
    mark = time.perf_counter()

    def done(stage: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        spent[stage] = now - mark
        mark = now

    from assistant.app import build, build_recognition, endpoint_settings, preload_engines
    from assistant.audio import Endpointer
    from assistant.config import Config
    from assistant.store import StoreLocation

    done("imports (app, NLU, store)")
    config = Config(db=StoreLocation.parse(str(db)), lang=lang)
    engines = preload_engines(config, (lang,))
    assistant = build(config)
    done("store, skills, NLU (from its cache), engine loading meanwhile")
    recognition = build_recognition(assistant, engines)
    stt = recognition.recognizer(lang)
    done(f"waiting for the speech engine ({stt.name})")
    stt.set_grammar(recognition.grammar(lang, assistant.dialogue.new_session(lang)))
    done("opening grammar compiled (or read from its cache) and set")
    Endpointer(endpoint_settings(config))
    done(f"speech detector ({config.vad})")
    assistant.close()
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wav, db = Path(tmp) / "silence.wav", Path(tmp) / "store.db"
        with wave.open(str(wav), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(16000)
            out.writeframes(bytes(32000))
        print("| language | runs to `listening` (s), first to last |")
        print("|---|---|")
        for lang in ("en", "ko"):
            times = [to_listening(wav, db, lang) for _ in range(args.runs)]
            print(f"| {lang} | {', '.join(f'{t:.2f}' for t in times)} |")
        for lang in ("en", "ko"):
            script = f"import sys; sys.path.insert(0, {str(REPO)!r}); from bench.to_listening import stages; "
            script += f"print(stages(__import__('pathlib').Path({str(db)!r}), {lang!r}))"
            done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO)
            print(f"\n{lang}: " + done.stdout.strip() + done.stderr.strip()[-300:])


if __name__ == "__main__":
    main()
