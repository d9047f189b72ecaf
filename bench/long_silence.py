"""Ten minutes without speech through ``assistant transcribe``: the endpointer skips it undecoded.

    python bench/long_silence.py            # ~10 s per recording (plus the model load)
    python bench/long_silence.py --minutes 1

Writes ten minutes of digital silence and of steady pink noise (-50 and -40 dBFS, by sox) and times
``assistant transcribe --json`` on each in a subprocess (wall clock: engine load, NLU from its cache,
endpointing, decoding). A recording with no speech gives an empty transcript and ``decode_ms`` 0.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def recording(folder: Path, minutes: float, noise_dbfs: float | None) -> Path:
    """A 16 kHz mono 16-bit WAV of silence or pink noise, made by sox."""
    name = "silence" if noise_dbfs is None else f"pink{noise_dbfs:g}"
    path = folder / f"{name}.wav"
    seconds = str(60 * minutes)
    synth = (
        ["trim", "0", seconds]
        if noise_dbfs is None
        else ["synth", seconds, "pinknoise", "gain", "-n", str(noise_dbfs)]
    )
    subprocess.run(["sox", "-n", "-r", "16000", "-b", "16", "-c", "1", str(path), *synth], check=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = ["--db", str(folder / "s.db")]
        subprocess.run([sys.executable, "-m", "assistant", "chat", *db], input=b"", cwd=REPO, check=True)
        print(f"| recording ({args.minutes:g} min) | wall s | transcript | decode ms |")
        print("|---|---:|---|---:|")
        for noise in (None, -50.0, -40.0):
            wav = recording(folder, args.minutes, noise)
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "assistant", "transcribe", str(wav), "--json", *db],
                capture_output=True,
                text=True,
                cwd=REPO,
                check=True,
            )
            wall = time.perf_counter() - started
            event = json.loads(done.stdout)
            print(f"| {wav.stem} | {wall:.1f} | {event['text']!r} | {event['decode_ms']} |")


if __name__ == "__main__":
    main()
