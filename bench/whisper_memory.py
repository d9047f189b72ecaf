"""Memory of the Whisper second opinion: resident memory a process gains by loading the packaged model
(base with the ``whisper-base`` extra, else tiny.en; int8) and decoding English fixtures with it.

    python bench/whisper_memory.py            # ~15 s; prints a Markdown table
    python bench/whisper_memory.py --files 20 --model tiny.en

Each step runs in this one fresh process, in order: *start* (Python, numpy and the assistant's
speech modules imported), *loaded* (``WhisperEngine("en")`` made: faster-whisper, CTranslate2 and
the model), *decoded* (after decoding the first ``--files`` English fixtures one by one). Resident
memory is read from ``/proc/self/status`` (``VmRSS``, and ``VmHWM`` for the peak).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def resident_mb() -> tuple[float, float]:
    """This process's resident memory now and at its peak, in MB."""
    status = dict(
        line.split(":", 1) for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines()
    )
    return int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=10, help="English fixtures to decode (default 10)")
    parser.add_argument(
        "--model", type=Path, help="base, tiny.en or a CTranslate2 folder (default: the best packaged)"
    )
    args = parser.parse_args()

    from assistant.audio import read_wav
    from assistant.stt import whisper_engine

    if not whisper_engine.available():
        print(f"the whisper extra is not installed: {whisper_engine.EXTRA_HINT}", file=sys.stderr)
        return 2
    steps = [("start", *resident_mb())]
    engine = whisper_engine.WhisperEngine("en", args.model)
    steps.append((f"loaded {engine.model_path.name}", *resident_mb()))
    for wav in sorted((REPO / "audio_fixtures" / "en").glob("*.wav"))[: args.files]:
        engine.transcribe(read_wav(wav))
    steps.append((f"decoded {args.files} fixtures", *resident_mb()))
    print("| step | resident MB | peak MB | gained since start MB |")
    print("|---|---|---|---|")
    for name, now, peak in steps:
        print(f"| {name} | {now:.0f} | {peak:.0f} | {now - steps[0][1]:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
