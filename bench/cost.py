"""What the assistant costs: decoding speed, start-up time, memory, and how it grows with skills.

    python bench/cost.py              # ~30 min; rewrites the Cost section of BENCHMARKS.md
    python bench/cost.py --quick      # a few minutes, a small run; add --no-write to only print

1. Real-time factor (decode time / audio duration) of each engine and mode on ``audio_fixtures/``:
   English pocketsphinx (template trigram model, exact JSGF, both as ``run`` uses them, free) and
   Korean Vosk (phrase-list grammar, free).
2. ``python -m assistant run`` as a subprocess per language: seconds from process start to the
   ``listening`` event (cold: after evicting the assistant's packages, models and voice data from the
   page cache; warm: the runs after), peak resident memory (``VmHWM``), with and without TTS.
3. Scaling: 10, 100, 300, 1,000 generated skills (4 intents of 3-6 templates each, one slot list, their
   own vocabulary) loaded with ``discover``; each size in a fresh worker process (memory-capped, with a
   time limit): NLU build time, NLU time per query, grammar build and compile (pocketsphinx JSGF +
   trigram model for English, Vosk ``SetGrammar`` for Korean), decoding with the larger grammars and
   resident memory.

The parts beside this file: ``cost_rtf.py`` (1), ``cost_runs.py`` (2), ``cost_skills.py`` (the
generated skills) and ``cost_scale.py`` (3), ``cost_report.py`` (the section's tables and notes) and
``cost_common.py`` (what they share); this file measures them in turn and writes the section.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.cost_common import manifest  # noqa: E402
from bench.cost_report import HEADING, notes, section  # noqa: E402
from bench.cost_rtf import measure_rtf  # noqa: E402
from bench.cost_runs import measure_runs, measure_with_skills  # noqa: E402
from bench.cost_scale import measure_scale, scale_worker  # noqa: E402
from bench.cost_skills import (  # noqa: E402
    WORDS_PER_SKILL,
    builtin_words,
    english_pool,
    generate,
    korean_pool,
    skill_queries,
)
from bench.report import machine, write_section  # noqa: E402

SCALES = (0, 10, 100, 300, 1000)


def measure(quick: bool, scales: Sequence[int], timeout: float, keep: bool) -> dict[str, Any]:
    """Run every part and return the raw results (JSON-able)."""
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="bench-cost-"))
    try:
        items = manifest()
        template_db = work / "template.db"
        subprocess.run(
            [sys.executable, "-m", "assistant", "parse", "--db", str(template_db), "hello"],
            cwd=REPO,
            env={**os.environ, "XDG_CONFIG_HOME": str(work / "config")},
            check=True,
            capture_output=True,
        )
        avoid = builtin_words()
        rtf_items = items if not quick else [i for k, i in enumerate(items) if k % 9 == 0]
        generated_root = work / "skills"
        generated_root.mkdir()
        print("start-up and memory of `assistant run`:", flush=True)
        # Before the Korean pool loads Vosk in this process (its pages would stay cached for the cold run).
        runs = measure_runs(items, template_db, work, warm=1 if quick else 3)
        words = {"en": english_pool(avoid), "ko": korean_pool(avoid)}
        need = max(scales, default=0) * WORDS_PER_SKILL
        for lang, pool in words.items():
            if len(pool) < need:
                raise SystemExit(f"only {len(pool)} {lang} words for {max(scales)} generated skills")
        queries: dict[str, list[tuple[str, str, str]]] = {}
        for k in range(10):
            for lang, per in skill_queries(k, words).items():
                queries.setdefault(lang, []).extend(per)
        print("generating skills…", flush=True)
        queries_file = work / "queries.json"
        queries_file.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
        folders = {n: generate(generated_root, n, words) if n else None for n in scales}
        if not quick and 100 in folders:
            print("`assistant run` with 100 generated skills:", flush=True)
            runs += measure_with_skills(items, template_db, work, folders[100])
        print("real-time factor:", flush=True)
        rtf, setup = measure_rtf(rtf_items, work / "rtf.db")
        print("scaling with skills:", flush=True)
        scale = []
        for n in scales:
            db = work / f"scale{n}.db"
            shutil.copy(template_db, db)
            scale.append(measure_scale(n, folders[n], queries_file, db, timeout))
    finally:
        if keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return {
        "date": date.today().isoformat(),
        "machine": machine(),
        "quick": quick,
        "timeout": timeout,
        "run_s": time.perf_counter() - started,
        "rtf": [asdict(r) for r in rtf],
        "setup": setup,
        "runs": [asdict(r) for r in runs],
        "scale": [asdict(s) for s in scale],
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="a small run: 10 fixtures, 1 warm run, 10 skills"
    )
    parser.add_argument("--no-write", action="store_true", help="only print; leave BENCHMARKS.md alone")
    parser.add_argument(
        "--skills", type=int, nargs="+", metavar="N", help=f"generated skill counts (default: {SCALES})"
    )
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per skill count (default: 300)")
    parser.add_argument("--save", type=Path, metavar="FILE", help="also write the raw results as JSON")
    parser.add_argument(
        "--render", type=Path, metavar="FILE", help="no measuring: the section from saved results"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (generated skills)")
    parser.add_argument("--scale-worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--skills-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.scale_worker:
        scale_worker(args.skills_dir, args.scale_worker, args.db)
        return
    if args.render:
        results = json.loads(args.render.read_text(encoding="utf-8"))
    else:
        scales = args.skills or ((0, 10) if args.quick else SCALES)
        results = measure(args.quick, scales, args.timeout, args.keep)
        if args.save:
            args.save.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    results["notes"] = notes(results)
    body = section(results)
    print(body)
    if not args.no_write:
        write_section(HEADING, body)


if __name__ == "__main__":
    main()
