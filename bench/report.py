"""What every benchmark shares: the machine it ran on, and rewriting its own section of BENCHMARKS.md."""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCHMARKS = REPO / "BENCHMARKS.md"


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo."""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def machine(cores: int | None = None) -> str:
    """ "2 cores (`nproc`), AMD EPYC ..., Python 3.11.7" — pass ``cores`` if the process pinned itself."""
    count = cores if cores is not None else len(os.sched_getaffinity(0))
    return f"{count} cores (`nproc`), {cpu_model()}, Python {platform.python_version()}"


def replace_section(document: str, heading: str, body: str) -> str:
    """``document`` with the ``## heading`` section replaced by ``body`` (appended when missing)."""
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    if pattern.search(document):
        return pattern.sub(lambda _: body.rstrip("\n") + "\n\n", document, count=1).rstrip("\n") + "\n"
    return document.rstrip("\n") + "\n\n" + body.rstrip("\n") + "\n"


def write_section(heading: str, body: str, path: Path = BENCHMARKS) -> None:
    """Rewrite the section of BENCHMARKS.md that starts with ``heading`` (a ``## `` line)."""
    if not body.startswith(heading + "\n"):
        raise ValueError(f"the section body must start with its heading {heading!r}")
    path.write_text(replace_section(path.read_text(encoding="utf-8"), heading, body), encoding="utf-8")
    print(f"updated {path.name}: {heading.removeprefix('## ')}")
