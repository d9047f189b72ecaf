"""Speech detectors of the endpointer in pink noise: Silero VAD against our frame-energy detector.

    python bench/vad.py              # ~2 min; prints the tables of BENCHMARKS.md "Voice activity"
    python bench/vad.py --limit 20   # fewer clips

Speech: every clean clip of ``audio_fixtures/`` (English and Korean, synthetic) and every recording
of ``audio_fixtures/human``, each between 2 s and 1 s of silence, mixed with pink noise (seeded) at
10 dB and 0 dB SNR (speech power over the clip's speech frames against the noise's power). Reference
speech: the 10 ms frames of the clean clip whose level is within 35 dB of its loudest frame.

- *kept*: share of reference speech frames inside an utterance the endpointer emits (what reaches
  speech to text); *detected*: share the detector itself marks as speech;
- *false alarms*: seconds of utterance emitted per minute of audio without speech (pink noise at
  three levels, white noise, a mains hum with harmonics, door-knock clicks);
- *CPU*: process time of the endpointer per second of audio (one core = 100 %).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.audio import Endpointer, EndpointSettings, read_wav  # noqa: E402
from assistant.messages import AudioChunk  # noqa: E402
from bench.report import machine  # noqa: E402
from tests.support.audio import MANIFEST  # noqa: E402
from tests.support.paths import FIXTURES  # noqa: E402

RATE = 16000
REF_FRAME = 160
DETECTORS = ("silero", "energy")


def pink(samples: int, rng: np.random.Generator) -> np.ndarray:
    """Unit-power pink (1/f) noise."""
    spectrum = np.fft.rfft(rng.standard_normal(samples))
    spectrum /= np.sqrt(np.maximum(np.arange(spectrum.size), 1))
    x: np.ndarray = np.fft.irfft(spectrum, samples)
    unit: np.ndarray = x / np.sqrt(np.mean(x * x))
    return unit


def clips(limit: int | None) -> list[Path]:
    synthetic = [FIXTURES / str(i["file"]) for i in MANIFEST if not i.get("noise")]
    human = sorted((FIXTURES / "human").glob("*.wav"))
    return (synthetic + human)[:limit]


def reference(x: np.ndarray) -> np.ndarray:
    """Per 10 ms frame: speech (within 35 dB of the loudest frame) or not."""
    frames = x[: x.size // REF_FRAME * REF_FRAME].reshape(-1, REF_FRAME)
    level = 10 * np.log10(np.mean(frames * frames, axis=1) + 1e-9)
    return np.asarray(level > level.max() - 35)


def run(x: np.ndarray, vad: str) -> tuple[np.ndarray, np.ndarray, float]:
    """(per 10 ms frame: inside an utterance, per 10 ms frame: detected as speech, CPU seconds)."""
    endpointer = Endpointer(EndpointSettings(vad=vad))
    data = np.clip(np.rint(x), -32768, 32767).astype("<i2").tobytes()
    frames = x.size // REF_FRAME
    kept, detected = np.zeros(frames, bool), np.zeros(frames, bool)
    detector = endpointer.detector
    decide: Callable[[bytes], bool] = detector.is_speech
    span = detector.frame_samples(RATE) // REF_FRAME or 1

    def watched(frame: bytes) -> bool:  # records each decision at the frame's place in the stream
        voiced = decide(frame)
        end = endpointer_position[0] = endpointer_position[0] + len(frame) // 2
        if voiced:
            detected[max(end // REF_FRAME - span, 0) : end // REF_FRAME] = True
        return voiced

    endpointer_position = [0]
    detector.is_speech = watched  # type: ignore[method-assign]
    started = time.process_time()
    utterances = []
    step = 2 * RATE * 30 // 1000
    for i in range(0, len(data), step):
        utterances += endpointer.feed(AudioChunk(data[i : i + step]))
    utterances += endpointer.flush()
    cpu = time.process_time() - started
    for u in utterances:
        kept[round(u.start_s * RATE) // REF_FRAME : round(u.end_s * RATE) // REF_FRAME] = True
    return kept, detected, cpu


def noises(rng: np.random.Generator, seconds: int) -> dict[str, np.ndarray]:
    n = seconds * RATE
    t = np.arange(n) / RATE
    hum = np.sum([np.sin(2 * np.pi * 60 * k * t) / k for k in range(1, 8)], axis=0) * 3000
    knocks = np.zeros(n)
    for start in rng.integers(0, n - 800, seconds // 2):
        knocks[start : start + 800] += rng.standard_normal(800) * np.exp(-np.arange(800) / 120) * 12000
    unit = pink(n, rng)
    return {
        "pink -50 dBFS": unit * 32768 * 10 ** (-50 / 20),
        "pink -35 dBFS": unit * 32768 * 10 ** (-35 / 20),
        "pink -20 dBFS": unit * 32768 * 10 ** (-20 / 20),
        "white -30 dBFS": rng.standard_normal(n) * 32768 * 10 ** (-30 / 20),
        "hum 60 Hz + harmonics": hum,
        "knocks (one per 2 s)": knocks,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    rng = np.random.default_rng(2026)
    totals = {(vad, snr): [0, 0, 0] for vad in DETECTORS for snr in ("clean", 10, 0)}
    cpu = dict.fromkeys(DETECTORS, 0.0)
    audio_s = 0.0
    files = clips(args.limit)
    for path in files:
        speech = np.frombuffer(read_wav(path).audio, "<i2").astype(np.float64)
        x = np.concatenate([np.zeros(2 * RATE), speech, np.zeros(RATE)])
        ref = reference(x)
        speech_power = np.mean(x[: ref.size * REF_FRAME].reshape(-1, REF_FRAME)[ref] ** 2)
        noise = pink(x.size, rng)
        for snr in ("clean", 10, 0):
            mixed = x if isinstance(snr, str) else x + noise * np.sqrt(speech_power / 10 ** (snr / 10))
            for vad in DETECTORS:
                kept, detected, spent = run(mixed, vad)
                counts = totals[vad, snr]
                counts[0] += int(np.sum(kept[: ref.size] & ref))
                counts[1] += int(np.sum(detected[: ref.size] & ref))
                counts[2] += int(np.sum(ref))
                cpu[vad] += spent
        audio_s += 3 * x.size / RATE
    print(f"{len(files)} clips, {machine()}\n")
    print("| detector | SNR | kept | detected |")
    print("|---|---|---:|---:|")
    for (vad, snr), (kept_n, detected_n, total) in totals.items():
        label = snr if snr == "clean" else f"{snr} dB"
        print(f"| {vad} | {label} | {kept_n / total:.0%} | {detected_n / total:.0%} |")
    print("\n| audio without speech (60 s each) | " + " | ".join(DETECTORS) + " |")
    print("|---|" + "---:|" * len(DETECTORS))
    for name, signal in noises(rng, 60).items():
        alarms = [run(signal, vad)[0].sum() * REF_FRAME / RATE for vad in DETECTORS]
        print(f"| {name} | " + " | ".join(f"{a:.1f} s" for a in alarms) + " |")
    print("\n| detector | CPU per second of audio |")
    print("|---|---:|")
    for vad in DETECTORS:
        print(f"| {vad} | {cpu[vad] / audio_s:.1%} of a core |")


if __name__ == "__main__":
    main()
