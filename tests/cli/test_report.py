"""``assistant report`` end to end: real conversations into a real store, the CLI, then a real browser."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from collections import Counter
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image  # pillow: a dependency of matplotlib

from assistant.cli.report import period_of
from assistant.dialogue.manager import Dialogue, DialogueSettings
from assistant.messages import Transcript
from assistant.nlu.engine import Nlu
from assistant.plugins import SkillRegistry
from assistant.store import SqliteStore
from assistant.text import text_language
from tests.support.cli import run
from tests.support.clock import START, Clock

DAY1, DAY2 = START - timedelta(days=1), START  # Thursday 2026-11-26 and Friday 2026-11-27, 11:00

# (day, session, utterance, intent it must be recognized as); None = not understood
SCRIPT: list[tuple[datetime, str, str, str | None]] = [
    (DAY1, "A", "I'd like two black wireless earbuds", "order.place"),
    (DAY1, "A", "213 555 0187", "order.place"),  # the phone number for the order: part of the order
    (DAY1, "A", "yes", "dialog.yes"),
    (DAY1, "A", "book a screen repair tomorrow at 3 pm", "booking.create"),
    (DAY1, "A", "yes", "dialog.yes"),
    (DAY1, "A", "what's the weather on mars", None),
    (DAY1, "A", "blorp flibber zanzibar", None),  # second miss in a row: staff is offered
    (DAY1, "A", "yes please", "dialog.yes"),  # ticket 1, reason not_understood
    (DAY2, "B", "검은색 무선 이어폰 두 개 주문할게요", "order.place"),
    (DAY2, "B", "010 1234 5678", "order.place"),
    (DAY2, "B", "네", "dialog.yes"),
    (DAY2, "B", "내일 오후 세 시에 화면 수리 예약하고 싶어요", "booking.create"),
    (DAY2, "B", "네", "dialog.yes"),
    (DAY2, "B", "오늘 날씨 어때요", None),
    (DAY2, "B", "상담원 연결해 주세요", "agent.handoff"),  # ticket 2, reason customer_request
    (DAY2, "C", "What's the weather on Mars", None),
    (DAY2, "C", "what are your opening hours", "store.hours"),
]


@pytest.fixture
def db(tmp_path: Path, registry: SkillRegistry, nlu: Nlu, clock: Clock) -> Path:
    """A store holding the conversations of ``SCRIPT``, driven through the real dialogue."""
    path = tmp_path / "store.db"
    with SqliteStore.open(path, clock=clock) as store:
        dialogue = Dialogue(registry, nlu, store, clock, DialogueSettings(handoff_after=2))
        sessions = {"A": dialogue.new_session("en"), "B": dialogue.new_session("ko")}
        sessions["C"] = dialogue.new_session("en")
        for day, name, text, intent in SCRIPT:
            if clock.now.date() != day.date():
                clock.now = day
            session = sessions[name]
            turn = dialogue.respond(session, Transcript(text, text_language(text, session.lang)))
            assert turn.match.intent == intent, (text, turn.match, turn.reply.text)
            clock.advance(5)
        assert [o.lang for o in (store.order(5001), store.order(5002)) if o] == ["en", "ko"]
        assert store.booking(1) is not None and store.booking(2) is not None
        assert [(t.lang, t.reason) for t in store.tickets()] == [
            ("en", "not_understood"),
            ("ko", "customer_request"),
        ]
    return path


class Page(HTMLParser):
    """The numbers of a report page: ``data-metric`` values, table rows and chart images."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.metrics: dict[str, str] = {}
        self.tables: dict[str, list[list[str]]] = {}
        self.images: list[str] = []
        self._metric: list[tuple[str | None, list[str]]] = []
        self._table: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "img":
            self.images.append(found.get("src") or "")
        if tag == "table":
            self._table = found.get("id")
            self.tables[self._table or ""] = []
        if tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
        if tag in ("td", "th", "b", "span", "div") and "data-metric" in found:
            self._metric.append((found["data-metric"], []))
        elif tag in ("td", "th", "b", "span", "div"):
            self._metric.append((None, []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        if tag in ("td", "th", "b", "span", "div") and self._metric:
            metric, parts = self._metric.pop()
            text = "".join(parts).strip()
            if metric:
                self.metrics[metric] = text
            if tag in ("td", "th") and self._table is not None:
                self.tables[self._table][-1].append(text)
            if self._metric:
                self._metric[-1][1].append(text)

    def handle_data(self, data: str) -> None:
        if self._metric:
            self._metric[-1][1].append(data)


def report(db: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run(["report", "--db", str(db), "--out", str(out), *extra])


def test_report_counts_what_was_said(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    done = report(db, out, "--since", "2026-11-26", "--until", "2026-11-27")
    assert done.returncode == 0, done.stderr
    assert f"wrote {out / 'index.html'}: 3 conversations, 17 turns (4 not understood)" in done.stdout
    assert "2 orders, 2 bookings, 2 hand-off tickets" in done.stdout and "reading" in done.stderr
    text = (out / "index.html").read_text(encoding="utf-8")
    page = Page(text)
    m = page.metrics

    intents = Counter((intent, "ko" if name == "B" else "en") for _, name, _, intent in SCRIPT if intent)
    for (intent, lang), count in intents.items():
        assert m[f"intent-{intent}-{lang}"] == str(count), intent
    for intent in {i for i, _ in intents}:
        assert m[f"intent-{intent}"] == str(intents[(intent, "en")] + intents[(intent, "ko")])
    assert (
        m["intent-order.place"] == "4"  # two requests and the two phone numbers said for them
        and m["intent-dialog.yes"] == "5"
        and m["intent-store.hours-en"] == "1"
    )

    assert (m["turns-en"], m["turns-ko"]) == ("10", "7")
    assert (m["not-understood-en"], m["not-understood-ko"], m["not-understood"]) == ("3", "1", "4")
    assert (m["sessions-en"], m["sessions-ko"]) == ("2", "1")
    assert (m["orders-en"], m["orders-ko"], m["orders-placed"], m["bookings-made"]) == ("1", "1", "2", "2")
    assert (m["tickets"], m["tickets-not_understood"], m["tickets-customer_request"]) == ("2", "1", "1")
    assert m["handoff-rate"].startswith("66.7 %")  # 2 tickets / 3 conversations
    assert (m["day-2026-11-26-turns"], m["day-2026-11-27-turns"]) == ("8", "9")
    assert (m["day-2026-11-26-not-understood"], m["day-2026-11-27-not-understood"]) == ("2", "2")
    assert (m["day-2026-11-26-orders"], m["day-2026-11-27-bookings"]) == ("1", "1")

    phrases = page.tables["phrase-table"][1:]
    assert phrases == [
        ["what's the weather on mars", "en", "2"],  # case ignored: said twice, on two days
        ["blorp flibber zanzibar", "en", "1"],
        ["오늘 날씨 어때요", "ko", "1"],
    ]
    assert (
        '<td lang="ko">오늘 날씨 어때요</td>' in text and "NanumGothic" in text and 'charset="utf-8"' in text
    )

    assert len(page.images) == 6
    for src in page.images:
        assert src.startswith("data:image/svg+xml;base64,")
        assert b"<svg" in base64.b64decode(src.split(",", 1)[1])
    assert "<script" not in text and not re.search(r"""(src|href)=["']?(https?:)?//""", text)


def test_the_page_renders_with_its_charts_in_a_browser(db: Path, tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.fail("chromium is not installed: `apt-get install chromium` (CI installs it)")
    out = tmp_path / "report"
    assert report(db, out, "--since", "2026-11-26", "--until", "2026-11-27").returncode == 0
    url = (out / "index.html").resolve().as_uri()
    common = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        f"--user-data-dir={tmp_path / 'chromium'}",
    ]
    dom = subprocess.run([*common, "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert dom.stdout.count('src="data:image/svg+xml;base64,') == 6
    for key in ("intents-per-day", "not-understood-rate", "outcomes-per-day", "latency-histogram"):
        assert f'id="{key}"' in dom.stdout
    assert "오늘 날씨 어때요" in dom.stdout

    shot = tmp_path / "page.png"
    done = subprocess.run(
        [*common, f"--screenshot={shot}", "--window-size=1200,3000", url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    with Image.open(shot) as image:
        assert image.format == "PNG" and image.size == (1200, 3000)
        pixels = image.convert("RGB")
        width, height = pixels.size
        data = pixels.tobytes()
    # The page itself is black, grey and white: colored pixels can only come from the charts.
    colored_rows = set()
    colored = 0
    for offset in range(0, len(data), 3 * 2):  # every other pixel is plenty
        r, g, b = data[offset], data[offset + 1], data[offset + 2]
        if max(r, g, b) - min(r, g, b) > 80:
            colored += 1
            colored_rows.add(offset // 3 // width)
    assert colored > 5000, f"only {colored} colored pixels: the charts did not render"
    assert max(colored_rows) - min(colored_rows) > 1000, "charts should fill the page, not one spot"
    assert height == 3000


def test_an_empty_store_gets_a_page_that_says_so(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    SqliteStore.open(path).close()  # the demo store: catalog and demo orders, no conversations
    out = tmp_path / "new" / "report"
    done = report(path, out)
    assert done.returncode == 0, done.stderr
    assert "nothing recorded" in done.stdout
    text = (out / "index.html").read_text(encoding="utf-8")
    assert "Nothing recorded yet" in text and "<img" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--days", "7", "--since", "2026-11-01"], "either --days or --since/--until"),
        (["--since", "2026-11-27", "--until", "2026-11-01"], "is after --until"),
        (["--since", "27/11/2026"], "not a date (YYYY-MM-DD)"),
        (["--days", "0"], "days must be 1 or more"),
        (["--days", "367"], "at most 366 days"),
    ],
)
def test_misuse_is_exit_2_with_one_clear_message(
    args: list[str], message: str, db: Path, tmp_path: Path
) -> None:
    done = report(db, tmp_path / "out", *args)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr


def test_missing_database_is_exit_2(tmp_path: Path) -> None:
    done = report(tmp_path / "nope.db", tmp_path / "out")
    assert done.returncode == 2 and "no store database at" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "nope.db").exists() and not (tmp_path / "out").exists()


@pytest.mark.parametrize("where", ["a file", "under a file"])
def test_unwritable_folder_is_exit_2(where: str, db: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    out = blocker if where == "a file" else blocker / "report"
    done = report(db, out)
    assert done.returncode == 2 and "cannot create the report folder" in done.stderr
    assert "Traceback" not in done.stderr and blocker.read_text() == "not a folder"


def test_period_defaults() -> None:
    today = START.date()
    assert period_of(None, None, None, today) == (today - timedelta(days=29), today)
    assert period_of(1, None, None, today) == (today, today)
    since = today - timedelta(days=3)
    assert period_of(None, since, None, today) == (since, today)
