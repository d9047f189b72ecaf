"""Spoken requests a stranger wrote: the blind English test set, spoken, through the voice loop.

    python bench/spoken_blind.py              # ~20 min; rewrites its section of BENCHMARKS.md
    python bench/spoken_blind.py --limit 40 --no-write
    python bench/spoken_blind.py --set dev9   # a dev set, to look at misses (never written)

The utterances are those of ``tests/data/blind/test_en.yaml`` (written from the intent list and the
catalog only, frozen, never tuned on; see its README) except the typed typos ("cna i get a powr bank":
nobody says those). Each is spoken by the Piper voice en_US-joe-medium (neural) and by espeak-ng's
``en-us``, converted to 16 kHz with sox, padded with 0.3 s of silence, and played to a fresh
conversation of the product's voice loop (our endpointer, the grammar path, Whisper's second opinion
with the best packaged model). The intent of its first answer is compared with the set's label, as
the text benchmark does; out-of-domain utterances must get no action intent. The same utterances
typed (``dialogue.respond`` on the text) give the reference: what speech costs on top of the text
understanding.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.app import Assistant  # noqa: E402
from assistant.messages import Transcript  # noqa: E402
from audio_fixtures.generate import Fixture, render, write_wav  # noqa: E402
from bench.nlu_blind import ACTIONS, GOAL, utterances  # noqa: E402
from bench.report import machine, write_section  # noqa: E402
from bench.scratch_assistant import scratch_assistant  # noqa: E402
from bench.spoken import PRODUCT, Mode, Outcome, run_mode, wrap  # noqa: E402

HEADING = "## Spoken blind requests (English)"
VOICES = {"joe": "Piper en_US-joe-medium (neural)", "en-us": "espeak-ng en-us"}
SPOKEN_KINDS_SKIPPED = frozenset({"typo"})


def say(voice: str, n: int, text: str, folder: Path) -> Path:
    """``text`` spoken by ``voice`` into ``folder``/<voice>-<n>.wav, as ``audio_fixtures/generate.py``
    renders a fixture (16 kHz, trimmed, normalised, 0.3 s of silence either side; the Piper voice's noise
    seeded from the text, so a rerun hears the same audio)."""
    out = folder / f"{voice}-{n}.wav"
    write_wav(out, render(Fixture(out.stem, text, None, voice), folder))
    return out


def typed(assistant: Assistant, items: list[dict[str, Any]]) -> list[str | None]:
    """Each utterance's intent when typed to a fresh conversation (the reference)."""
    intents = []
    for item in items:
        session = assistant.dialogue.new_session("en")
        intents.append(assistant.dialogue.respond(session, Transcript(str(item["text"]), "en")).match.intent)
    return intents


def figures(items: list[dict[str, Any]], intents: list[str | None]) -> dict[str, float]:
    inside = [(i, got) for i, got in zip(items, intents, strict=True) if i["intent"]]
    outside = [got for i, got in zip(items, intents, strict=True) if not i["intent"]]
    return {
        "in_domain": sum(got == i["intent"] for i, got in inside) / max(len(inside), 1),
        "ood_action": sum(got in ACTIONS for got in outside) / max(len(outside), 1),
        "n_in": len(inside),
        "n_out": len(outside),
    }


def cut(outcomes: list[Outcome]) -> list[Outcome]:
    """The requests the endpointer made more than one utterance of (a pause inside them)."""
    return [o for o in outcomes if o.utterances > 1]


def section(
    rows: dict[str, tuple[dict[str, float], list[Outcome]]],
    reference: dict[str, float],
    command: str,
    run_s: float,
) -> str:
    intro = (
        f"`{command}` — {date.today().isoformat()}, {machine()}. The blind English test set "
        "(`tests/data/blind/test_en.yaml`: written by someone who saw only the intent list and the catalog, "
        "frozen, never tuned on), without its typed typos, spoken by a neural and a formant voice and played "
        "to a fresh conversation of the product's voice loop (endpointer, grammar path, Whisper's second "
        "opinion with the best packaged model: base). The intent of the first answer is scored as in *NLU on "
        "the blind sets*; *OOD → action*: out-of-domain utterances that got an order, cancellation, change, "
        "return or booking intent. *Typed* is the same utterances as text through the same dialogue (the "
        "kiosk's clock, so it can differ from the text section's fixed clock by a booking or two)."
    )
    n_in, n_out = int(reference["n_in"]), int(reference["n_out"])
    lines = [
        HEADING,
        "",
        *wrap(intro, bullet=False),
        "",
        f"| input | in domain ({n_in}) | OOD → action ({n_out}) | second opinion asked | cut by a pause |",
        "|---|---|---|---|---|",
        f"| **goal (issue 12, text)** | ≥ {GOAL['in_domain']:.0%} | ≤ {GOAL['ood_action']:.0%} | | |",
        f"| typed (reference) | {reference['in_domain']:.1%} | {reference['ood_action']:.1%} | | |",
    ]
    for voice, (got, outcomes) in rows.items():
        asked = sum(bool(o.second_opinion_ms) for o in outcomes)
        lines.append(
            f"| spoken, {VOICES[voice]} | **{got['in_domain']:.1%}** | **{got['ood_action']:.1%}** "
            f"| {asked} of {len(outcomes)} | {len(cut(outcomes))} |"
        )
    lines += ["", f"Whole run: {run_s:.0f} s.", ""]
    for voice, (_, outcomes) in rows.items():
        actions = [o for o in outcomes if not o.item["intent"] and o.intent in ACTIONS]
        if actions:
            lines += wrap(
                f"Out-of-domain speech taken as an action ({VOICES[voice]}): "
                + "; ".join(f"“{o.item['text']}” heard “{o.heard}” → {o.intent}" for o in actions)
                + "."
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only N utterances, spread over the set")
    parser.add_argument("--set", default="test", help="test (reported), or a dev set to tune on")
    parser.add_argument("--voices", nargs="+", choices=sorted(VOICES), default=list(VOICES))
    parser.add_argument("--no-write", action="store_true", help="only print; leave BENCHMARKS.md alone")
    args = parser.parse_args()
    started = time.perf_counter()
    command = "python bench/spoken_blind.py" + (f" --limit {args.limit}" if args.limit else "")
    if args.set != "test":
        args.no_write = True  # only the test set is reported
    items = [i for i in utterances(args.set, "en") if i["kind"] not in SPOKEN_KINDS_SKIPPED]
    if args.limit:
        items = items[:: max(len(items) // args.limit, 1)][: args.limit]
    rows: dict[str, tuple[dict[str, float], list[Outcome]]] = {}
    with scratch_assistant("bench-spoken-blind-") as assistant, tempfile.TemporaryDirectory() as tmp:
        reference = figures(items, typed(assistant, items))
        print(f"typed: {reference}", flush=True)
        for voice in args.voices:
            print(f"{VOICES[voice]}: speaking {len(items)} utterances", flush=True)
            files = [say(voice, n, str(i["text"]), Path(tmp)) for n, i in enumerate(items)]
            spoken = [{**i, "file": str(f), "slots": {}} for i, f in zip(items, files, strict=True)]
            mode = Mode("en", "pocketsphinx", PRODUCT, f"product, {voice}", second_opinion=True)
            row = run_mode(assistant, mode, spoken)
            rows[voice] = (figures(items, [o.intent for o in row.outcomes]), row.outcomes)
            print(f"  → {rows[voice][0]}, cut by a pause: {len(cut(row.outcomes))}", flush=True)
            for o in cut(row.outcomes):
                print(f"    cut: “{o.item['text']}” heard “{o.heard}” → {o.intent}", flush=True)
    body = section(rows, reference, command, time.perf_counter() - started)
    print(body)
    if not args.no_write:
        write_section(HEADING, body)


if __name__ == "__main__":
    main()
