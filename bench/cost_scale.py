"""Cost, part 3b: each number of generated skills loaded in a fresh worker process (memory-capped, with a
time limit): NLU build and query time, grammar build and compile, decoding with the larger grammars."""

from __future__ import annotations

import json
import queue
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.cost_common import FIXTURES, REPO, PeakMemory, manifest, mean, ms, p95, rss_mb, timed

ENTRY = REPO / "bench" / "cost.py"
"""The command whose hidden ``--scale-worker`` option runs ``scale_worker``."""
MEMORY_CAP = 8 << 30
"""Address-space limit of a scaling worker (the machine is shared)."""
DECODE_FIXTURES = 4
"""Fixtures decoded per language with each scaled grammar."""


def scale_worker(folder: Path | None, queries_file: Path, db: Path) -> None:
    """Runs in its own process: load the skills in ``folder`` and print one JSON line per stage."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    started = time.perf_counter()

    def emit(stage: str, **fields: Any) -> None:
        elapsed = round(time.perf_counter() - started, 2)
        print(
            json.dumps({"stage": stage, "elapsed_s": elapsed, "rss_mb": round(rss_mb(), 1), **fields}),
            flush=True,
        )

    import yaml

    from assistant.app import build_nlu
    from assistant.audio import read_wav
    from assistant.plugins import discover
    from assistant.store import open_store
    from assistant.stt.grammar import grammar_for

    store = open_store(db)
    emit("imports")
    start = time.perf_counter()
    registry = discover([folder] if folder else [], True)
    templates: dict[str, int] = {}
    for lang, _intent, groups, _lists in registry.templates({}):
        templates[lang] = templates.get(lang, 0) + sum(len(g.templates) for g in groups)
    errors = [str(e) for e in registry.errors[:3]]
    emit(
        "discover",
        s=time.perf_counter() - start,
        skills=len(registry.skills),
        errors=errors,
        templates=templates,
    )
    before = rss_mb()
    start = time.perf_counter()
    nlu = build_nlu(registry, store)
    sentences = {lang: getattr(getattr(n, "_model", None), "_size", 0) for lang, n in nlu.languages.items()}
    emit("nlu", s=time.perf_counter() - start, grown_mb=rss_mb() - before, sentences=sentences)
    generated = json.loads(queries_file.read_text(encoding="utf-8"))
    result: dict[str, Any] = {}
    for lang in nlu.languages:
        held_out = yaml.safe_load((REPO / "tests" / "data" / f"nlu_{lang}.yaml").read_text(encoding="utf-8"))
        sets = {
            "builtin": [(i["text"], i.get("intent")) for i in held_out["items"]],
            "generated": [(text, intent) for text, intent, _kind in generated.get(lang, [])],
        }
        for name, queries in sets.items():
            taken, right = [], 0
            for text, intent in queries:
                t0 = time.perf_counter()
                match = nlu.parse(text, lang)
                taken.append(time.perf_counter() - t0)
                right += match.intent == intent
            result[f"{lang} {name}"] = {
                "n": len(queries),
                "ms_mean": ms(mean(taken)),
                "ms_p95": ms(p95(taken)),
                "accuracy": right / len(queries) if queries else float("nan"),
            }
    emit("queries", queries=result)
    clean = [i for i in manifest() if not i.get("wake") and not i.get("noise")]
    engines: dict[str, Any] = {}
    for lang in ("en", "ko"):
        before = rss_mb()
        start = time.perf_counter()
        engine = _scale_engine(lang)
        if engine is None:
            continue
        loaded = time.perf_counter() - start

        def exact(text: str, lang: str = lang) -> bool:
            return nlu.parse(text, lang).matcher == "template"

        start = time.perf_counter()
        grammar = grammar_for(registry, store, lang, accepts=exact)
        built = time.perf_counter() - start
        start = time.perf_counter()
        engine.set_grammar(grammar)
        compiled = time.perf_counter() - start
        engines[lang] = engine
        grown = rss_mb() - before
        phrases = len(grammar.phrases)
        emit(
            f"grammar {lang}",
            load_s=loaded,
            build_s=built,
            compile_s=compiled,
            phrases=phrases,
            grown_mb=grown,
        )
    for lang in ("ko", "en"):  # the slow one last: its partial results survive a time limit
        if lang not in engines:
            continue
        rtf, exact_grammar = [], 0
        for item in [i for i in clean if i["lang"] == lang][::8][:DECODE_FIXTURES]:
            audio = read_wav(FIXTURES / item["file"])
            took, transcript = timed(engines[lang], audio)
            rtf.append(took / (len(audio.audio) / 32000))
            exact_grammar += bool(transcript.alternatives)
            emit(
                f"decode {lang}", rtf_mean=mean(rtf), rtf_max=max(rtf), fixtures=len(rtf), jsgf=exact_grammar
            )
    emit("done", peak_mb=rss_mb("VmHWM"))


def _scale_engine(lang: str) -> Any:
    if lang == "en":
        from assistant.stt.sphinx_engine import SphinxEngine

        return SphinxEngine("en")
    from assistant.stt.vosk_engine import VoskEngine, resolve_vosk_model

    path = resolve_vosk_model(lang)
    return VoskEngine(path, lang) if path else None


STAGES = (
    "imports",
    "discover",
    "nlu",
    "queries",
    "grammar en",
    "grammar ko",
    "decode ko",
    "decode en",
    "done",
)
"""A scaling worker's stages, in order."""


@dataclass
class ScaleResult:
    skills: int
    stages: dict[str, dict[str, Any]] = field(default_factory=dict)
    stopped: str = ""
    """Why the worker did not finish (time limit, memory, crash), or empty."""
    wall_s: float = 0.0
    peak_mb: float = 0.0

    def stopped_in(self) -> str:
        """The stage the worker was in when it stopped (a partial ``decode en`` counts as that)."""
        done = [k for k in STAGES if k in self.stages]
        last = done[-1] if done else "start"
        if last.startswith("decode") and self.stages[last].get("fixtures", 0) < DECODE_FIXTURES:
            return last
        return STAGES[STAGES.index(last) + 1] if last in STAGES[:-1] else STAGES[0]


def measure_scale(count: int, folder: Path | None, queries: Path, db: Path, timeout: float) -> ScaleResult:
    """One scaling point in a worker process, stopped after ``timeout`` seconds."""
    command = [sys.executable, str(ENTRY), "--scale-worker", str(queries), "--db", str(db)]
    if folder is not None:
        command += ["--skills-dir", str(folder)]
    result = ScaleResult(count)
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = PeakMemory(proc.pid)
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    while True:
        remaining = timeout - (time.perf_counter() - start)
        try:
            line = lines.get(timeout=max(remaining, 0.01))
        except queue.Empty:
            proc.kill()
            result.stopped = f"time limit ({timeout:.0f} s)"
            break
        if line is None:
            break
        stage = json.loads(line)
        result.stages[stage.pop("stage")] = stage
        print(f"  {count} skills: {_describe(stage)}", flush=True)
    proc.wait()
    result.wall_s = time.perf_counter() - start
    result.peak_mb = result.stages.get("done", {}).get("peak_mb") or memory.result()
    if not result.stopped and "done" not in result.stages:
        assert proc.stderr is not None
        tail = proc.stderr.read().strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
        result.stopped = tail[0][:200]
    if result.stopped:
        last = list(result.stages)[-1] if result.stages else "start"
        print(f"  {count} skills: stopped after stage {last!r}: {result.stopped}", flush=True)
    return result


def _describe(stage: dict[str, Any]) -> str:
    keys = (
        "s",
        "build_s",
        "compile_s",
        "skills",
        "templates",
        "sentences",
        "phrases",
        "rtf_mean",
        "grown_mb",
    )
    shown = ", ".join(f"{k}={_round(stage[k])}" for k in keys if k in stage)
    return f"{stage['elapsed_s']:.1f} s, RSS {stage['rss_mb']:.0f} MB" + (f", {shown}" if shown else "")


def _round(value: Any) -> Any:
    return round(value, 3) if isinstance(value, float) else value
