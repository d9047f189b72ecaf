"""What a shop owner meets on the command line (issue 14, item 5): skills folders, catalog colours and
the README's word on them, a new store and a store in a missing folder, the chat prompt in Korean and
its line history, long junk in the report."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.store import SqliteStore
from assistant.store.models import COLORS
from tests.support.cli import run
from tests.support.paths import REPO


def test_a_skills_folder_with_a_project_inside_loads_its_skill(tmp_path: Path) -> None:
    done = run(["skills", "list", "--skills-dir", str(REPO / "examples")], home=tmp_path)
    assert done.returncode == 0 and "wifi" in done.stdout, done.stderr
    empty = tmp_path / "nothing"
    empty.mkdir()
    done = run(["skills", "list", "--skills-dir", str(empty)], home=tmp_path)
    assert done.returncode == 0 and "no skill packages here" in done.stderr


def test_a_catalog_may_bring_colours_of_its_own(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    csv = tmp_path / "c.csv"
    csv.write_text(
        "id,name_en,name_ko,category,price,stock,sizes,colors,aliases_en,aliases_ko\n"
        "yoga-mat,yoga mat,요가 매트,sports,25.00,9,,purple|teal,,\n",
        encoding="utf-8",
    )
    assert run(["catalog", "import", str(csv), "--db", str(db)]).returncode == 0
    done = run(["chat", "--db", str(db)], "I'd like a yoga mat\npurple\n")
    replies = done.stdout.splitlines()
    assert "purple and teal" in replies[0] and "phone number" in replies[1], done.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(csv.read_text(encoding="utf-8").replace("purple|teal", "Purple#1"), encoding="utf-8")
    refused = run(["catalog", "import", str(bad), "--db", str(db)])
    assert refused.returncode == 2 and "lowercase English word" in refused.stderr


def test_the_readme_names_the_colours_a_catalog_may_use() -> None:
    row = next(
        line
        for line in (REPO / "README.md").read_text(encoding="utf-8").splitlines()
        if "catalog import" in line and "Colours" in line
    )
    assert "lowercase English words" in row and all(colour in row for colour in COLORS), row


def test_a_new_store_is_created_and_said_so(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    done = run(["chat", "--db", str(db)], "hello\n")
    assert done.returncode == 0 and db.is_file()
    assert f"created a new store with the demo catalog at {db}" in done.stderr
    again = run(["chat", "--db", str(db)], "hello\n")
    assert "created a new store" not in again.stderr
    missing = run(["tickets", "list", "--db", str(tmp_path / "none.db")])
    assert missing.returncode == 2 and "no store database" in missing.stderr
    imported = run(
        [
            "catalog",
            "import",
            str(REPO / "tests" / "data" / "catalog_ok.csv"),
            "--db",
            str(db.with_name("c.db")),
        ]
    )
    assert imported.returncode == 0 and "created a new store with the demo catalog" in imported.stderr
    first = run(["parse", "hello"], home=tmp_path / "fresh")  # the default location: made on first start
    assert first.returncode == 0 and (tmp_path / "fresh" / "data" / "kiosk-assistant" / "store.db").is_file()


@pytest.mark.parametrize(
    "command",
    [
        ["chat"],
        ["parse", "hello"],
        ["catalog", "import", str(REPO / "tests" / "data" / "catalog_ok.csv")],
        ["db", "migrate"],
        ["db", "status"],
        ["tickets", "list"],
        ["report", "--out", "report"],
        ["data", "purge", "--older-than", "90"],
        ["staff", "list"],
        ["skills", "check"],
        ["doctor"],
    ],
    ids=lambda command: " ".join(command[:2]),
)
def test_a_store_in_a_missing_folder_is_refused_by_every_command(tmp_path: Path, command: list[str]) -> None:
    """A mistyped folder gets no store of its own: one line naming the folder, exit 2, nothing created."""
    folder = tmp_path / "kiosk" / "data"
    done = run([*command, "--db", str(folder / "store.db")], "hello\n", cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr == (
        f"assistant: error: the folder {folder} of the store {folder / 'store.db'} does not exist "
        f"(check the path, or create the folder first: mkdir -p {folder})\n"
    )
    assert list(tmp_path.iterdir()) == []


def _chat_on_a_terminal(tmp_path: Path, *args: str) -> tuple[int, subprocess.Popen[bytes]]:
    """``assistant chat`` on a pseudo-terminal: the terminal's side to read and write, and the process."""
    leader, follower = os.openpty()
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "PYTHONIOENCODING": "utf-8"}
    chat = subprocess.Popen(
        [sys.executable, "-m", "assistant", "chat", *args],
        stdin=follower,
        stdout=follower,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=REPO,
    )
    os.close(follower)
    return leader, chat


def test_the_interactive_prompt_speaks_the_conversation_language(tmp_path: Path) -> None:
    """On a terminal (a pseudo-terminal here) the greeting and its hint are in Korean."""
    leader, chat = _chat_on_a_terminal(tmp_path, "--lang", "ko")
    seen = b""
    deadline = time.monotonic() + 60
    while b"you>" not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 1)
        if ready:
            seen += os.read(leader, 4096)
    os.write(leader, b"\x04")  # Ctrl-D
    chat.wait(timeout=30)
    os.close(leader)
    text = seen.decode("utf-8", "replace")
    assert "안녕하세요" in text and "(끝내려면 Ctrl-D)" in text and "Ctrl-D to quit" not in text
    assert chat.returncode == 0


def test_the_chat_prompt_has_line_history(tmp_path: Path) -> None:
    """The up arrow brings the last line back (readline), instead of sending an escape sequence."""
    leader, chat = _chat_on_a_terminal(tmp_path)
    seen = _until_prompts(leader, 1)
    os.write(leader, b"what time do you close\r")
    seen = _until_prompts(leader, 2, seen)
    os.write(leader, b"\x1b[A\r")  # up arrow, then Enter
    seen = _until_prompts(leader, 3, seen)
    os.write(leader, b"\x04")  # Ctrl-D
    chat.wait(timeout=30)
    os.close(leader)
    replies = [
        line for line in seen.decode("utf-8", "replace").splitlines() if line.startswith("assistant> ")
    ]
    assert len(replies) == 3 and "open" in replies[1] and replies[2] == replies[1], replies


def _until_prompts(leader: int, count: int, seen: bytes = b"") -> bytes:
    """What the terminal shows once ``count`` prompts have appeared (or after a minute)."""
    deadline = time.monotonic() + 60
    while seen.count(b"you>") < count and time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 1)
        if ready:
            seen += os.read(leader, 4096)
    return seen


def test_long_junk_does_not_overflow_the_report(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    junk = "zx" * 400
    assert run(["chat", "--db", str(db)], junk + "\n").returncode == 0
    out = tmp_path / "report"
    assert run(["report", "--db", str(db), "--out", str(out)]).returncode == 0
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "zxzxzx" in page and junk not in page and "…" in page
    with SqliteStore.open(db) as store:
        assert any(junk in i.text for i in store.interactions())  # the log keeps what was said
