"""The ``assistant`` command in a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support.paths import REPO


def _env(home: Path | None, site: Path | None) -> dict[str, str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    if home is not None:
        env["XDG_DATA_HOME"] = str(home / "data")
        env["XDG_CONFIG_HOME"] = str(home / "config")
    if site is not None:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(site), os.environ.get("PYTHONPATH")) if p)
    return env


def run(
    args: list[str],
    stdin: bytes | str = b"",
    home: Path | None = None,
    site: Path | None = None,
    cwd: Path = REPO,
) -> subprocess.CompletedProcess[str]:
    """``python -m assistant ARGS``; with ``home``, its data and config folders are inside it, and with
    ``site`` that folder is on its import path."""
    data = stdin.encode() if isinstance(stdin, str) else stdin
    done = subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=data,
        capture_output=True,
        env=_env(home, site),
        timeout=120,
        cwd=cwd,
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8", "replace")
    )


def chat_process(db: Path | str) -> subprocess.Popen[str]:
    """An ``assistant chat`` on the store ``db`` (a file or a URL), talking through pipes (text, UTF-8)."""
    return subprocess.Popen(
        [sys.executable, "-m", "assistant", "chat", "--db", str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(None, None),
        cwd=REPO,
    )


def events(stdout: str) -> list[dict[str, object]]:
    """The JSON event stream printed by ``--json``."""
    return [json.loads(line) for line in stdout.splitlines()]
