"""Cost, part 1: the real-time factor (decode time / audio duration) of each engine and mode on
``audio_fixtures/``, and the engines' start-up and grammar-compile seconds."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.cost_common import FIXTURES, mean, ms, p95, timed


@dataclass
class RtfRow:
    lang: str
    engine: str
    mode: str
    fixtures: int
    audio_s: float
    rtf_mean: float
    rtf_p95: float
    ms_mean: float
    note: str = ""


def measure_rtf(items: list[dict[str, Any]], db: Path) -> tuple[list[RtfRow], dict[str, float]]:
    """Every engine mode over ``items``; also the engines' start-up and grammar-compile seconds."""
    from dataclasses import replace

    from assistant.app import build
    from assistant.audio import read_wav
    from assistant.config import Config
    from assistant.store import StoreLocation
    from assistant.stt.grammar import grammar_for
    from assistant.stt.sphinx_engine import SphinxEngine
    from assistant.stt.vosk_engine import VoskEngine, resolve_vosk_model

    assistant = build(Config(db=StoreLocation.parse(db)))
    setup: dict[str, float] = {}
    rows: list[RtfRow] = []

    def exact(lang: str) -> Callable[[str], bool]:
        return lambda text: assistant.nlu.parse(text, lang).matcher == "template"

    def run_modes(lang: str, engine: Any, modes: list[tuple[str, Any, str]]) -> None:
        chosen = [i for i in items if i["lang"] == lang]
        audio = [read_wav(FIXTURES / i["file"]) for i in chosen]
        seconds = [len(a.audio) / (a.rate * a.width) for a in audio]
        for mode, grammar, note in modes:
            start = time.perf_counter()
            engine.set_grammar(grammar)
            setup[f"{lang} {mode} compile"] = time.perf_counter() - start
            taken, fallbacks = [], 0
            for chunk in audio:
                took, transcript = timed(engine, chunk)
                taken.append(took)
                fallbacks += bool(transcript.alternatives)
            rtf = [t / s for t, s in zip(taken, seconds, strict=True)]
            if "then" in mode:
                note = f"JSGF needed for {fallbacks} of {len(audio)}"
            rows.append(
                RtfRow(
                    lang,
                    engine.name,
                    mode,
                    len(audio),
                    sum(seconds),
                    mean(rtf),
                    p95(rtf),
                    ms(mean(taken)),
                    note,
                )
            )
            print(f"  {lang} {engine.name} {mode}: RTF mean {mean(rtf):.3f}, p95 {p95(rtf):.3f}", flush=True)

    try:
        start = time.perf_counter()
        sphinx = SphinxEngine("en")
        setup["pocketsphinx start"] = time.perf_counter() - start
        full = grammar_for(assistant.registry, assistant.store, "en", accepts=exact("en"))
        run_modes(
            "en",
            sphinx,
            [
                ("template trigram model", replace(full, accepts=lambda _text: True), ""),
                ("exact JSGF", replace(full, accepts=None), ""),
                ("trigram model, then JSGF (as `run`)", full, ""),
                ("free (bundled model)", None, ""),
            ],
        )
        path = resolve_vosk_model("ko")
        if path is None:
            print("  no Korean Vosk model: Korean RTF skipped", flush=True)
            return rows, setup
        start = time.perf_counter()
        vosk = VoskEngine(path, "ko")
        setup["vosk ko load"] = time.perf_counter() - start
        grammar = grammar_for(assistant.registry, assistant.store, "ko", accepts=exact("ko"))
        run_modes(
            "ko",
            vosk,
            [
                (f"phrase-list grammar, {len(grammar.phrases):,} phrases (as `run`)", grammar, ""),
                ("free", None, ""),
            ],
        )
    finally:
        assistant.close()
    return rows, setup
