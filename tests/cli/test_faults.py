"""Faults around the assistant: a read-only disk, a locked database, an hour of noise."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import wave
from pathlib import Path

import numpy as np

from assistant.store import SqliteStore
from tests.support.cli import chat_process, run
from tests.support.paths import REPO


def read_only(folder: Path, argv: list[str], stdin: str) -> subprocess.CompletedProcess[str]:
    """Run ``assistant argv`` with ``folder`` on a read-only file system (a read-only bind mount in a
    private mount namespace when root, else a folder without write permission)."""
    command = [sys.executable, "-m", "assistant", *argv]
    if os.geteuid() == 0:
        unshare = shutil.which("unshare")
        assert unshare, "unshare (util-linux) is needed to mount a read-only folder"
        mount = f'mount --bind "{folder}" "{folder}" && mount -o remount,ro,bind "{folder}" "{folder}"'
        script = mount + ' && exec "$@"'
        command = [unshare, "-m", "sh", "-c", script, "sh", *command]
    else:
        folder.chmod(0o555)
        for path in folder.iterdir():
            path.chmod(0o444)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        command, input=stdin, capture_output=True, text=True, env=env, cwd=REPO, timeout=120
    )


def test_a_database_on_a_read_only_disk_is_one_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    SqliteStore.open(folder / "store.db").close()
    done = read_only(folder, ["chat", "--db", str(folder / "store.db")], "what time do you close\n")
    assert done.returncode == 2, done.stderr
    assert str(folder / "store.db") in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_database_locked_at_start_waits_then_is_one_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    SqliteStore.open(db).close()
    with sqlite3.connect(db, isolation_level=None) as holder:
        holder.execute("BEGIN EXCLUSIVE")  # another program holds the database
        started = time.monotonic()
        done = run(["chat", "--db", str(db)], stdin="what time do you close\n")
        waited = time.monotonic() - started
        holder.execute("ROLLBACK")
    assert done.returncode == 2 and "database is locked" in done.stderr and "Traceback" not in done.stderr
    assert waited >= 4.0  # it waited (busy timeout) before giving up


def test_a_database_locked_while_ordering_keeps_the_order_to_try_again(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    with SqliteStore.open(db) as store:
        stock = store.product("backpack").stock  # type: ignore[union-attr]
    chat = chat_process(db)
    assert chat.stdin is not None and chat.stdout is not None

    def say(line: str) -> str:
        assert chat.stdin is not None and chat.stdout is not None
        chat.stdin.write(line + "\n")
        chat.stdin.flush()
        return chat.stdout.readline()

    assert "phone number" in say("i'd like one black backpack")
    assert "Shall I place the order?" in say("213 555 0187")
    with sqlite3.connect(db, isolation_level=None) as holder:
        holder.execute("BEGIN IMMEDIATE")  # a writer holds the database longer than the busy timeout
        busy = say("yes")
        assert holder.execute("SELECT COUNT(*) FROM orders WHERE id >= 5001").fetchone()[0] == 0
        holder.execute("ROLLBACK")
    retried = say("yes")
    _, err = chat.communicate("", timeout=60)
    assert "sorry" in busy.lower() and "try again" in busy.lower() and "order number" not in busy.lower()
    assert "order number" in retried.lower(), retried  # the order was kept: "yes" again places it
    assert chat.returncode == 0 and "Traceback" not in err
    with SqliteStore.open(db) as store:
        assert store.order(5001) is not None and store.order(5002) is None
        assert store.product("backpack").stock == stock - 1  # type: ignore[union-attr]


def peak_memory_mb(argv: list[str]) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run ``assistant argv``; its output and its peak resident memory (VmHWM, polled)."""
    child = subprocess.Popen(
        [sys.executable, "-m", "assistant", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    peak = 0.0
    status = Path(f"/proc/{child.pid}/status")
    while child.poll() is None:
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]) / 1024)
        except (FileNotFoundError, ProcessLookupError):
            break
        time.sleep(0.05)
    out, err = child.communicate()
    return subprocess.CompletedProcess(child.args, child.returncode, out, err), peak


def noise_then_silence(path: Path, seconds: int) -> None:
    """Half low white noise, half digital silence, 16 kHz mono, written a second at a time."""
    rng = np.random.default_rng(7)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        for second in range(seconds):
            if second < seconds // 2:
                out.writeframes((rng.normal(0, 300, 16000)).astype(np.int16).tobytes())
            else:
                out.writeframes(bytes(32000))


def test_an_hour_of_noise_and_silence_streams_in_bounded_memory_and_gets_no_reply(
    tmp_path: Path,
) -> None:
    short, hour = tmp_path / "short.wav", tmp_path / "hour.wav"
    noise_then_silence(short, 10)
    noise_then_silence(hour, 3600)
    runs = {}
    for wav in (short, hour):
        done, peak = peak_memory_mb(
            ["run", "--input", str(wav), "--json", "--no-speaker", "--db", str(tmp_path / "s.db")]
        )
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        kinds = [json.loads(line)["type"] for line in done.stdout.splitlines()]
        assert kinds == ["listening"], kinds  # noise and silence are no requests
        runs[wav.name] = peak
    assert hour.stat().st_size > 100_000_000
    assert runs["hour.wav"] - runs["short.wav"] < 50, runs  # the 115 MB file was never held in memory
