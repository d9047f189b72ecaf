"""The intent engine on the blind sets, beside the previous engine, in one run.

    python bench/nlu_blind.py                 # test sets; rewrites the blind-set section of BENCHMARKS.md
    python bench/nlu_blind.py --sets dev9 --misses --no-write  # tuning: the ninth dev sets, with the misses

The previous engine is the whole NLU (templates, lists and matcher) of git revision ``--previous``
(default: the last commit before the classifier replaced the nearest-neighbour matcher), taken with
``git archive`` into a temporary folder; each engine scores the sets in its own subprocess on the same
demo catalog. Measured per language: in-domain accuracy (right intent), the share of out-of-domain
utterances mapped to an action intent (order.place/cancel/change/return, booking.create/cancel), the
share rejected, and accuracy per kind (for out-of-domain kinds: rejected). Each line is read in the
language the product's text front ends read it in (Hangul: Korean, other letters: English), so "thx!"
in the Korean set is read as English, as ``assistant chat`` would. The test sets are frozen
and never used for tuning: ``--misses`` is refused on them.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
ROOT = Path(os.environ.get("NLU_BLIND_ROOT") or REPO)
"""Whose ``assistant`` and ``skills`` a worker imports (the previous engine's tree, or this one)."""
sys.path.insert(0, str(ROOT))
if ROOT != REPO:
    sys.path.insert(1, str(REPO))

from bench.report import machine, write_section  # noqa: E402

BLIND = REPO / "tests" / "data" / "blind"
PREVIOUS = "bbe0e07"
"""main before issue 12's matcher: the nearest-neighbour engine and the placeholder templates."""
HEADING = "## NLU on the blind sets"
ACTIONS = frozenset(
    {"order.place", "order.cancel", "order.change", "order.return", "booking.create", "booking.cancel"}
)
GOAL = {"in_domain": 0.95, "ood_action": 0.01}
CLOCK = datetime(2026, 11, 27, 10, 0)
"""Fixed "now" for relative dates (the tests' clock)."""


def utterances(sets: str, lang: str) -> list[dict[str, Any]]:
    import yaml

    path = BLIND / f"{sets}_{lang}.yaml"
    items: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))["utterances"]
    return items


def worker(sets: str) -> None:
    """Score every utterance with the engine under ``ROOT``; print JSON lines to stdout."""
    import assistant
    import assistant.store as stores
    from assistant.app import build_nlu
    from assistant.plugins import discover

    assert Path(assistant.__file__).resolve().is_relative_to(ROOT.resolve()), assistant.__file__
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CACHE_HOME"] = tmp
        where = Path(tmp) / "store.db"
        if hasattr(stores, "open_store"):
            store = stores.open_store(where, clock=lambda: CLOCK)
        else:  # the previous engine's tree predates open_store
            older = stores.SqliteStore
            store = older.open(where, clock=lambda: CLOCK)
        started = time.perf_counter()
        nlu = build_nlu(discover(), store, lambda: CLOCK)
        build_s = time.perf_counter() - started
        out: dict[str, Any] = {"build_s": build_s, "langs": {}}
        for lang in ("en", "ko"):
            rows = []
            for item in utterances(sets, lang):
                started = time.perf_counter()
                match = nlu.parse(str(item["text"]), typed_language(str(item["text"]), lang))
                ms = 1000 * (time.perf_counter() - started)
                rows.append([match.intent, round(match.score, 4), match.matcher, ms])
            out["langs"][lang] = rows
        store.close()
    print(json.dumps(out))


def typed_language(text: str, lang: str) -> str:
    """The language a typed line is read in, as ``assistant chat`` and ``parse`` read it
    (``assistant.text.text_language``, copied: the previous engine's tree predates it): Korean when it
    has Hangul, English when it has other letters ("thx!" in a Korean conversation), else ``lang``."""
    if any(
        "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3131" <= ch <= "\u318e" for ch in text
    ):
        return "ko"
    return "en" if any(ch.isalpha() for ch in text) else lang


def score(root: Path, sets: str) -> dict[str, Any]:
    env = {**os.environ, "NLU_BLIND_ROOT": str(root), "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--worker", "--sets", sets],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"worker for {root} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def previous_tree(rev: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", rev, "assistant", "skills", "bench/report.py"],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    (into / "bench" / "__init__.py").touch()
    return into


def metrics(items: list[dict[str, Any]], rows: list[list[Any]]) -> dict[str, Any]:
    inside = [(i, r) for i, r in zip(items, rows, strict=True) if i["intent"]]
    outside = [(i, r) for i, r in zip(items, rows, strict=True) if not i["intent"]]
    kinds: dict[str, list[bool]] = defaultdict(list)
    for item, row in zip(items, rows, strict=True):
        kinds[item["kind"]].append(row[0] == item["intent"])
    times = sorted(r[3] for r in rows)
    return {
        "n_in": len(inside),
        "n_out": len(outside),
        "in_domain": sum(r[0] == i["intent"] for i, r in inside) / len(inside),
        "ood_action": sum(r[0] in ACTIONS for _, r in outside) / len(outside),
        "ood_rejected": sum(r[0] is None for _, r in outside) / len(outside),
        "kinds": {k: (sum(v), len(v)) for k, v in sorted(kinds.items())},
        "p95_ms": times[int(0.95 * (len(times) - 1))],
    }


def pct(x: float) -> str:
    return f"{100 * x:.1f}"


def section(
    sets: str, rev: str, results: dict[str, dict[str, dict[str, Any]]], builds: dict[str, float]
) -> str:
    lines = [
        HEADING,
        "",
        f"`python bench/nlu_blind.py` — {date.today().isoformat()}, {machine()}. The {sets} sets of",
        "`tests/data/blind/` (written from the intent list and catalog only; see its README), scored by the",
        f"previous engine (git `{rev}`: nearest-neighbour matcher, placeholder templates for the new",
        "intents) and by this one, in one run, each in its own process on the demo catalog. *OOD → action*:",
        "share of",
        "out-of-domain utterances mapped to an action intent (order.place/cancel/change/return,",
        "booking.create/cancel); *OOD rejected*: share answered as out of scope.",
        "",
        "| language | engine | in-domain accuracy % | OOD → action % | OOD rejected % | p95 ms/query |",
        "|---|---|---|---|---|---|",
        f"| | **goal** | ≥ {pct(GOAL['in_domain'])} | ≤ {pct(GOAL['ood_action'])} | | |",
    ]
    for lang in ("en", "ko"):
        for engine in ("previous", "this"):
            m = results[engine][lang]
            lines.append(
                f"| {lang} | {engine} | {pct(m['in_domain'])} ({m['n_in']}) "
                f"| {pct(m['ood_action'])} ({m['n_out']}) "
                f"| {pct(m['ood_rejected'])} | {m['p95_ms']:.2f} |"
            )
    lines += ["", "Per kind (right answers / utterances; out-of-domain kinds: rejected):", ""]
    kinds = sorted({k for lang in ("en", "ko") for k in results["this"][lang]["kinds"]})
    lines.append("| kind | " + " | ".join(f"{lang} previous | {lang} this" for lang in ("en", "ko")) + " |")
    lines.append("|---|" + "---|" * 4)
    for kind in kinds:
        cells = []
        for lang in ("en", "ko"):
            for engine in ("previous", "this"):
                right, total = results[engine][lang]["kinds"].get(kind, (0, 0))
                cells.append(f"{right}/{total}")
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"Build (both languages, no cache): previous {builds['previous']:.1f} s, "
        f"this {builds['this']:.1f} s.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sets = sorted({path.stem.removesuffix("_en") for path in BLIND.glob("*_en.yaml")})  # test, dev…dev9
    parser.add_argument("--sets", choices=sets, default="test")
    parser.add_argument("--previous", default=PREVIOUS, help="git revision of the previous engine")
    parser.add_argument("--only-this", action="store_true", help="skip the previous engine")
    parser.add_argument("--misses", action="store_true", help="print this engine's misses (dev sets only)")
    parser.add_argument("--no-write", action="store_true", help="only print; leave BENCHMARKS.md alone")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.sets)
        return
    if args.misses and args.sets.endswith("test"):
        parser.error("the test sets are frozen: misses are printed for the dev sets only")
    raw: dict[str, dict[str, Any]] = {"this": score(REPO, args.sets)}
    if not args.only_this:
        with tempfile.TemporaryDirectory() as tmp:
            raw["previous"] = score(previous_tree(args.previous, Path(tmp)), args.sets)
    results = {
        engine: {lang: metrics(utterances(args.sets, lang), out["langs"][lang]) for lang in ("en", "ko")}
        for engine, out in raw.items()
    }
    for engine, per_lang in results.items():
        for lang, m in per_lang.items():
            print(
                f"{engine:8} {lang}: in-domain {pct(m['in_domain'])} %  OOD→action {pct(m['ood_action'])} %"
                f"  OOD rejected {pct(m['ood_rejected'])} %  p95 {m['p95_ms']:.2f} ms"
            )
    if args.misses:
        for lang in ("en", "ko"):
            wrong: Counter[str] = Counter()
            for item, row in zip(utterances(args.sets, lang), raw["this"]["langs"][lang], strict=True):
                if row[0] != item["intent"]:
                    wrong[f"{item['intent']}→{row[0]}"] += 1
                    print(
                        f"  {lang} [{item['kind']}] {item['text']!r}: {item['intent']} → {row[0]} {row[1:3]}"
                    )
            print(lang, wrong.most_common(15))
    if not args.no_write and not args.only_this:
        body = section(args.sets, args.previous, results, {k: v["build_s"] for k, v in raw.items()})
        print(body)
        write_section(HEADING, body)


if __name__ == "__main__":
    main()
