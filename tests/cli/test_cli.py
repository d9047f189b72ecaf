"""The command line end to end: real processes, real SQLite files, bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from assistant.store import SqliteStore
from tests.support.cli import events, run
from tests.support.paths import DATA


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        ("en", "I'd like two black wireless earbuds\n213 555 0187\nyes\n"),
        ("ko", "검은색 무선 이어폰 두 개 주문할게요\n010 1234 5678\n네\n"),
    ],
)
def test_chat_json_places_one_order_and_takes_stock(lang: str, lines: str, tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    done = run(["chat", "--json", "--lang", lang, "--db", str(db)], lines)
    assert done.returncode == 0, done.stderr
    stream = events(done.stdout)
    assert [e["type"] for e in stream] == ["session"] + ["transcript", "intent", "reply"] * 3
    intent = stream[2]
    assert intent["intent"] == "order.place" and intent["slots"] == {
        "quantity": 2,
        "color": "black",
        "product": "wireless-earbuds",
    }
    phone = stream[4]  # the phone number said for the order is personal: never in the event stream
    assert phone["type"] == "transcript" and "0187" not in str(phone) and "5678" not in str(phone)
    assert all(e["lang"] == lang for e in stream if e["type"] == "reply")
    with SqliteStore.open(db) as store:
        order = store.order(5001)
        assert order is not None and order.lines[0].quantity == 2 and store.order(5002) is None
        assert store.product("wireless-earbuds").stock == 23  # type: ignore[union-attr]


def test_chat_uses_the_per_user_default_database(tmp_path: Path) -> None:
    done = run(["chat"], "I'd like a phone charger\nno phone\nyes\n", home=tmp_path)
    assert done.returncode == 0 and "5001" in done.stdout.splitlines()[-1]
    assert (tmp_path / "data" / "kiosk-assistant" / "store.db").is_file()


def test_bad_text_input_gets_a_reply_not_a_crash(tmp_path: Path) -> None:
    lines = b"\n" + b"x" * 10_000 + b"\n" + b"\xff\xfe\x00\x01binary\x07\n" + b"'; DROP TABLE orders; --\n"
    done = run(["chat", "--json", "--db", str(tmp_path / "s.db")], lines)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    replies = [e for e in events(done.stdout) if e["type"] == "reply"]
    assert len(replies) == 4 and "didn't catch that" in str(replies[0]["text"])
    with SqliteStore.open(tmp_path / "s.db") as store:
        assert store.order(4821) is not None


def test_unknown_language_is_a_clear_usage_error(tmp_path: Path) -> None:
    done = run(["chat", "--lang", "fr", "--db", str(tmp_path / "s.db")])
    assert done.returncode == 2 and "invalid choice: 'fr'" in done.stderr and "Traceback" not in done.stderr


def test_parse_prints_one_object_per_line() -> None:
    done = run(["parse"], "where is my order 4821\nwhat's the weather on mars\n영업시간이 어떻게 되나요\n")
    assert done.returncode == 0, done.stderr
    rows = events(done.stdout)
    assert [set(r) for r in rows] == [{"text", "intent", "score", "slots"}] * 3
    assert [r["intent"] for r in rows] == ["order.status", None, "store.hours"]
    assert rows[0]["slots"] == {"order_id": 4821}


def test_parse_arguments() -> None:
    done = run(["parse", "--lang", "en", "book a screen repair", "talk to a human"])
    assert [r["intent"] for r in events(done.stdout)] == ["booking.create", "agent.handoff"]


def test_corrupt_database_is_one_line_and_exit_2(tmp_path: Path) -> None:
    db = tmp_path / "bad.db"
    db.write_bytes(os.urandom(4096))
    done = run(["chat", "--db", str(db)], "hello\n")
    assert done.returncode == 2 and str(db) in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('lang = "en"\ncolour = "blue"\n', "unknown setting(s) colour"),
        ("lang = [broken\n", "cannot read config"),
        ('lang = "fr"\n', "unknown language 'fr'"),
        ('engine = "kaldi"\n', "unknown speech engine 'kaldi'"),
        ("trailing_silence_ms = 5\n", "trailing_silence_ms must be"),
        ("unfinished_silence_ms = 5\n", "unfinished_silence_ms must be"),
        ("verify_attempts = 0\n", "verify_attempts must be >= 1"),
        ('store_audio = "yes"\n', "store_audio must be true or false"),
        ("second_opinion = 0\n", "second_opinion must be true or false"),
    ],
)
def test_bad_config_is_a_clear_error(config: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(config)
    done = run(["chat", "--config", str(path), "--db", str(tmp_path / "s.db")])
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr


def test_missing_config_file(tmp_path: Path) -> None:
    done = run(["parse", "--config", str(tmp_path / "nope.toml"), "hi"])
    assert done.returncode == 2 and "config file not found" in done.stderr


def test_config_file_sets_language_and_database(tmp_path: Path) -> None:
    (tmp_path / "c.toml").write_text(f'lang = "ko"\ndb = "{tmp_path / "k.db"}"\n')
    done = run(["chat", "--config", str(tmp_path / "c.toml")], "영업시간이 어떻게 되나요\n")
    assert done.returncode == 0 and "영업" in done.stdout and (tmp_path / "k.db").is_file()


def test_catalog_import(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    ok = run(["catalog", "import", str(DATA / "catalog_ok.csv"), "--db", str(db)])
    assert ok.returncode == 0 and "imported" in ok.stdout
    bad = run(["catalog", "import", str(DATA / "catalog_bad.csv"), "--db", str(db)])
    assert bad.returncode == 2 and "catalog_bad.csv:4: stock -3 is negative" in bad.stderr
    missing = run(["catalog", "import", str(tmp_path / "none.csv"), "--db", str(db)])
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_imported_products_can_be_ordered(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    csv = tmp_path / "c.csv"
    csv.write_text(
        "id,name_en,name_ko,category,price,stock,sizes,colors,aliases_en,aliases_ko\n"
        "rain-jacket,rain jacket,우비,clothing,49.50,7,,,raincoat,비옷\n",
        encoding="utf-8",
    )
    assert run(["catalog", "import", str(csv), "--db", str(db)]).returncode == 0
    done = run(["chat", "--db", str(db)], "I'd like two raincoats\n213 555 0187\nyes\n")
    assert "$99.00" in done.stdout
    with SqliteStore.open(db) as store:
        assert store.product("rain-jacket").stock == 5  # type: ignore[union-attr]


def test_skills_list_json_names_every_builtin_skill() -> None:
    done = run(["skills", "list", "--json"])
    listed = {s["name"]: s for s in json.loads(done.stdout)["skills"]}
    assert {"ordering", "booking", "store_info", "recommend", "handoff", "dialog"} <= set(listed)
    assert listed["ordering"]["languages"] == ["en", "ko"]


def test_no_command_prints_usage_and_exit_2() -> None:
    done = run([])
    assert done.returncode == 2 and "usage: assistant" in done.stdout


def test_parse_survives_bad_lines() -> None:
    lines = b"\n" + b"y" * 100_000 + b"\n" + b"\x00\xff\xfe\x1b[31m\n" + "주문 état 🙂 order\n".encode()
    done = run(["parse"], lines)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    rows = events(done.stdout)
    assert len(rows) == 4 and rows[0] == {"text": "", "intent": None, "score": 0.0, "slots": {}}
    assert all(set(r) == {"text", "intent", "score", "slots"} for r in rows)
    assert len(str(rows[1]["text"])) <= 1000
