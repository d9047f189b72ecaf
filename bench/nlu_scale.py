"""The intent engine with many skills installed, and how fast a warm ``assistant parse`` starts.

    python bench/nlu_scale.py [--scales 0 100 300 1000]   # rewrites the NLU scaling section of BENCHMARKS.md

Generated skills are made as ``bench/cost.py`` makes them (``bench/cost_skills.py``: 4 intents of 3–6
templates, one slot list, words of their own, English and Korean). Each size runs in a fresh process with
an empty cache folder: discover the skills, build the NLU (``build_nlu``: train, then write the cache),
load it again from the cache, then time the held-out built-in queries (``tests/data/nlu_*.yaml``) and 80
generated ones one by one. *Memory* is resident memory grown by the build, per generated skill. Start-up:
``assistant parse`` run as a new process, cold (no cache file) and warm (cache written), median of 5 warm
runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.report import machine, write_section  # noqa: E402

HEADING = "## NLU with many skills, and start-up"
GOAL = {"build_s": 60.0, "mb_per_skill": 1.0, "p95_ms": 5.0, "warm_start_s": 1.0}


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def worker(folder: str, queries_file: str) -> None:
    import yaml

    from assistant.app import build_nlu
    from assistant.plugins import discover
    from assistant.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CACHE_HOME"] = tmp
        store = open_store(Path(tmp) / "store.db")
        started = time.perf_counter()
        registry = discover([Path(folder)] if folder else [], True)
        discover_s = time.perf_counter() - started
        before = rss_mb()
        started = time.perf_counter()
        nlu = build_nlu(registry, store)
        build_s = time.perf_counter() - started
        grown = rss_mb() - before
        started = time.perf_counter()
        nlu = build_nlu(registry, store)
        load_s = time.perf_counter() - started
        generated = json.loads(Path(queries_file).read_text(encoding="utf-8"))
        queries: dict[str, Any] = {}
        first: list[float] = []
        for lang in ("en", "ko"):
            for text in [
                i["text"]
                for i in yaml.safe_load(
                    (REPO / "tests" / "data" / f"nlu_{lang}.yaml").read_text(encoding="utf-8")
                )["items"]
            ][:20]:
                t0 = time.perf_counter()
                nlu.parse(text, lang)
                first.append(1000 * (time.perf_counter() - t0))
        started = time.perf_counter()
        nlu.warm_up()
        warm_up_s = time.perf_counter() - started
        for lang in ("en", "ko"):
            held = yaml.safe_load((REPO / "tests" / "data" / f"nlu_{lang}.yaml").read_text(encoding="utf-8"))
            sets = {
                "builtin": [(i["text"], i.get("intent")) for i in held["items"]],
                "generated": [(t, i) for t, i, _ in generated.get(lang, [])],
            }
            for name, items in sets.items():
                taken, right = [], 0
                for text, intent in items:
                    t0 = time.perf_counter()
                    right += nlu.parse(text, lang).intent == intent
                    taken.append(1000 * (time.perf_counter() - t0))
                if items:
                    queries[f"{lang} {name}"] = {
                        "accuracy": right / len(items),
                        "p95_ms": sorted(taken)[int(0.95 * (len(taken) - 1))],
                        "mean_ms": statistics.fmean(taken),
                    }
        shards = {lang: n._model.shards if n._model else 0 for lang, n in nlu.languages.items()}
        store.close()
    print(
        json.dumps(
            {
                "skills": len(registry.skills),
                "discover_s": discover_s,
                "build_s": build_s,
                "load_s": load_s,
                "warm_up_s": warm_up_s,
                "first_p95_ms": sorted(first)[int(0.95 * (len(first) - 1))],
                "grown_mb": grown,
                "shards": shards,
                "queries": queries,
            }
        )
    )


def measure(count: int, folder: Path | None, queries: Path, timeout: float) -> dict[str, Any]:
    command = [sys.executable, __file__, "--worker", str(folder or ""), str(queries)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"count": count, "stopped": f"time limit ({timeout:.0f} s)"}
    if done.returncode:
        return {"count": count, "stopped": done.stderr.strip().splitlines()[-1] if done.stderr else "crash"}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["count"] = count
    return result


def start_up() -> dict[str, float]:
    """Seconds from process start to the first answer of ``assistant parse``, cold and warm. Warm runs
    read the modules' compiled bytecode (as an installed package does; the cold run writes it, into the
    temporary folder); the last figure is warm with the modules that have no ``__pycache__`` (this tree's,
    in a checkout that does not write one) compiled again at each start (``PYTHONDONTWRITEBYTECODE``)."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "XDG_CACHE_HOME": tmp, "XDG_DATA_HOME": tmp}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "bytecode")
        command = [sys.executable, "-m", "assistant", "parse", "i want to return my earbuds"]

        source = {k: v for k, v in env.items() if k != "PYTHONPYCACHEPREFIX"}
        source["PYTHONDONTWRITEBYTECODE"] = "1"

        def once(environment: dict[str, str]) -> float:
            t0 = time.perf_counter()
            subprocess.run(command, env=environment, capture_output=True, check=True)
            return time.perf_counter() - t0

        cold = once(env)
        warm = [once(env) for _ in range(5)]
        recompiled = [once(source) for _ in range(3)]
    return {
        "cold_s": cold,
        "warm_s": statistics.median(warm),
        "warm_min_s": min(warm),
        "warm_recompiled_s": statistics.median(recompiled),
    }


def section(rows: list[dict[str, Any]], start: dict[str, float]) -> str:
    lines = [
        HEADING,
        "",
        f"`python bench/nlu_scale.py` — {date.today().isoformat()}, {machine()}. Generated skills as in",
        "`bench/cost.py` (4 intents, ~18 templates per language each, words of their own), next to the",
        "built-in skills; each size in a fresh process with an empty cache. *Build*: `build_nlu` training",
        "both languages and writing the cache; *load*: the same from the cache; *memory*: resident memory",
        "grown by the build, per generated skill; query times one by one (built-in held-out queries,",
        "`tests/data/nlu_*.yaml`; generated: 80 per language, an exact sentence and a paraphrase per intent)",
        "after `Nlu.warm_up()` has compiled the templates' regular expressions; *first queries*: the first",
        "20 held-out queries per language before it (each template's expression is compiled when first",
        "tried).",
        "",
        "| skills | shards en / ko | discover s | build s | load s | memory MB (per skill) "
        "| first queries p95 ms | warm-up s | built-in p95 ms en / ko | built-in accuracy en / ko "
        "| generated accuracy en / ko |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        f"| **goal** | | | ≤ {GOAL['build_s']:.0f} (1,000) | | ≤ {GOAL['mb_per_skill']:.0f} per skill | "
        f"| | ≤ {GOAL['p95_ms']:.0f} | unchanged | |",
    ]
    for r in rows:
        if "stopped" in r:
            lines.append(f"| {r['count']:,} | stopped: {r['stopped']} | | | | | | | | | |")
            continue
        q = r["queries"]

        def get(key: str, field: str, fmt: str, q: dict[str, Any] = q) -> str:
            return fmt.format(q[key][field]) if key in q else "–"

        per = r["grown_mb"] / r["count"] if r["count"] else 0.0
        lines.append(
            f"| {r['count']:,} | {r['shards']['en']} / {r['shards']['ko']} | {r['discover_s']:.1f} "
            f"| {r['build_s']:.1f} | {r['load_s']:.2f} | {r['grown_mb']:.0f} ({per:.2f}) "
            f"| {r['first_p95_ms']:.0f} | {r['warm_up_s']:.1f} "
            f"| {get('en builtin', 'p95_ms', '{:.2f}')} / {get('ko builtin', 'p95_ms', '{:.2f}')} "
            f"| {get('en builtin', 'accuracy', '{:.3f}')} / {get('ko builtin', 'accuracy', '{:.3f}')} "
            f"| {get('en generated', 'accuracy', '{:.3f}')} / {get('ko generated', 'accuracy', '{:.3f}')} |"
        )
    lines += [
        "",
        "Start-up of `assistant parse` (process start to answer, built-in skills): "
        f"cold {start['cold_s']:.2f} s "
        f"(trains and writes the cache), warm {start['warm_s']:.2f} s median of 5 (fastest "
        f"{start['warm_min_s']:.2f} s; goal ≤ {GOAL['warm_start_s']:.0f} s; modules' bytecode kept); warm "
        f"with this tree's modules compiled again at each start {start['warm_recompiled_s']:.2f} s "
        "(median of 3).",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[0, 100, 300, 1000])
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    from bench.cost_skills import builtin_words, english_pool, generate, korean_pool, skill_queries

    avoid = builtin_words()
    words = {"en": english_pool(avoid), "ko": korean_pool(avoid)}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        queries = Path(tmp) / "queries.json"
        sample = [skill_queries(k, words) for k in range(10)]
        queries.write_text(
            json.dumps({lang: [q for s in sample for q in s.get(lang, [])] for lang in ("en", "ko")}),
            encoding="utf-8",
        )
        for count in args.scales:
            folder = generate(Path(tmp), count, words) if count else None
            row = measure(count, folder, queries, args.timeout)
            print(json.dumps(row), flush=True)
            rows.append(row)
    start = start_up()
    print(json.dumps(start))
    body = section(rows, start)
    print(body)
    if not args.no_write:
        write_section(HEADING, body)


if __name__ == "__main__":
    main()
