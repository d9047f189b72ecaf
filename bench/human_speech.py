"""Speech to text on real people's voices (``audio_fixtures/human``), with pocketsphinx's own beams (what
the product uses) beside the narrowed beams once chosen on the synthetic fixtures, and Whisper (the
second opinion, ``whisper`` extra) beside both.

    python bench/human_speech.py             # ~1 min; rewrites the human-speech section of BENCHMARKS.md
    python bench/human_speech.py --no-write  # only print

Free decoding (the bundled US-English language model, no grammar) through the product's
``SphinxEngine``, and ``WhisperEngine``: word error rate over all recordings, each transcript, and the
real-time factor.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.audio.wav import read_wav  # noqa: E402
from assistant.stt import sphinx_engine  # noqa: E402
from assistant.stt.base import SpeechToText  # noqa: E402
from assistant.stt.whisper_engine import WhisperEngine  # noqa: E402
from bench.human_recordings import HUMAN, recordings, word_errors  # noqa: E402
from bench.report import machine, write_section  # noqa: E402
from bench.spoken import NARROWED  # noqa: E402

HEADING = "## Speech on human recordings"


def measure(beams: dict[str, float]) -> tuple[int, int, float, dict[str, str]]:
    """(word errors, words, real-time factor, transcript per file) with ``beams`` for free decoding."""
    original = dict(sphinx_engine.OPEN_BEAMS)
    sphinx_engine.OPEN_BEAMS.clear()
    sphinx_engine.OPEN_BEAMS.update(beams)
    try:
        return _decode_all(sphinx_engine.SphinxEngine("en"))
    finally:
        sphinx_engine.OPEN_BEAMS.clear()
        sphinx_engine.OPEN_BEAMS.update(original)


def _decode_all(engine: SpeechToText) -> tuple[int, int, float, dict[str, str]]:
    errors = words = 0
    spent = audio = 0.0
    heard: dict[str, str] = {}
    for item in recordings():
        chunk = read_wav(HUMAN / item["file"])
        started = time.perf_counter()
        text = engine.transcribe(chunk).text
        spent += time.perf_counter() - started
        audio += len(chunk.audio) / chunk.width / chunk.rate
        heard[item["file"]] = text
        errors += word_errors(item["text"], text)
        words += len(item["text"].split())
    return errors, words, spent / audio, heard


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args()
    rows = {
        "pocketsphinx's own beams (the product)": measure({}),
        "narrowed beams (until 2026-12-02)": measure(NARROWED),
        "Whisper tiny.en (faster-whisper, int8, 1 thread, beam 2; the second opinion)": _decode_all(
            WhisperEngine("en")
        ),
    }
    lines = [
        HEADING,
        "",
        f"`python bench/human_speech.py` — {date.today().isoformat()}, {machine()}. The eleven recordings of",
        '`audio_fixtures/human/` (people asking for playing cards and saying "go forward ten meters", CMU',
        "Sphinx test data; five LibriVox sentences of read speech; all from pocketsphinx's PyPI source",
        "distribution, see its README), decoded free (no grammar) by the product's `SphinxEngine`, and by",
        "its `WhisperEngine` (digits written as words: `10 of clubs` → `ten of clubs`). Timings on a shared,",
        "busy 2-core machine: noisy.",
        "",
        "| recognizer | WER | words wrong | RTF |",
        "|---|---|---|---|",
    ]
    for name, (errors, words, rtf, _) in rows.items():
        lines.append(f"| {name} | {errors / words:.3f} | {errors} / {words} | {rtf:.2f} |")
    lines += ["", "Transcripts (pocketsphinx own beams / narrowed / Whisper):", ""]
    own, narrow, whisper = (r[3] for r in rows.values())
    for name in own:
        lines.append(f'- `{name}`: "{own[name]}" / "{narrow[name]}" / "{whisper[name]}"')
    (_, _, own_rtf, _), (_, _, narrow_rtf, _), (whisper_errors, words, _, _) = rows.values()
    lines += [
        "",
        f"It costs speed: free decoding takes {own_rtf:.2f} of real time instead of {narrow_rtf:.2f}.",
        "The narrowed beams were chosen on synthetic voices for speed; on people they lose words",
        '("eight of spades four of clubs" → "they can fit for up close"), so the product is back on',
        "pocketsphinx's own beams for free decoding (`OPEN_BEAMS`), and since 2026-12-04 for the template",
        "grammar's searches too (`GRAMMAR_BEAMS`; see *Spoken commands*).",
        "`tests/stt/test_human_speech.py` keeps the free-decoding WER at or below 0.24.",
        "",
        f'Whisper gets {whisper_errors} of {words} words wrong ("clubs" → "close"/"clothes", "ill',
        'disposed" → "old sposed", one "a" of "a more a amiable" left out); `tests/stt/test_whisper.py`',
        "keeps its WER at or below 0.07. The aim of issue 13 (at most 0.05) is not met by tiny.en, the",
        "one Whisper model a package ships here; a larger CTranslate2 model can be given with `--model`.",
    ]
    body = "\n".join(lines) + "\n"
    print(body)
    if not args.no_write:
        write_section(HEADING, body)


if __name__ == "__main__":
    main()
