"""What the parts of ``bench/cost.py`` share: the fixtures, timing statistics and memory readings."""

from __future__ import annotations

import re
import statistics
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "audio_fixtures"


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else float("nan")


def mean(values: Sequence[float]) -> float:
    return statistics.fmean(values) if values else float("nan")


def rss_mb(key: str = "VmRSS") -> float:
    """This process's resident memory (``VmRSS``) or its peak (``VmHWM``), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


class PeakMemory:
    """Polls a child's ``VmHWM`` (its peak resident memory) until it exits.

    ``ru_maxrss`` from ``wait4`` is not used: Linux folds the parent's peak into a child spawned with
    ``vfork``, and this script's own process holds speech models by then.
    """

    def __init__(self, pid: int, every_s: float = 0.02) -> None:
        self.peak_mb = 0.0
        self._status = Path(f"/proc/{pid}/status")
        self._every_s = every_s
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while True:
            try:
                text = self._status.read_text()
            except OSError:
                return
            found = re.search(r"^VmHWM:\s+(\d+) kB", text, re.MULTILINE)
            if found is None:  # a zombie: it has exited
                return
            self.peak_mb = max(self.peak_mb, int(found.group(1)) / 1024)
            time.sleep(self._every_s)

    def result(self) -> float:
        self._thread.join()
        return self.peak_mb


def manifest() -> list[dict[str, Any]]:
    import yaml

    items: list[dict[str, Any]] = yaml.safe_load((FIXTURES / "manifest.yaml").read_text(encoding="utf-8"))[
        "fixtures"
    ]
    return items


def timed(engine: Any, audio: Any) -> tuple[float, Any]:
    """(seconds, transcript) of one ``engine.transcribe(audio)``."""
    start = time.perf_counter()
    transcript = engine.transcribe(audio)
    return time.perf_counter() - start, transcript
