"""The staff console in a real headless chromium (Debian's, driven by its chromedriver): a real
``assistant serve`` and a real ``assistant chat`` kiosk on the same store; the ticket the kiosk opens
appears in the queue without a reload, and staff close it with a note."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import chat_process, run
from tests.support.paths import REPO

pytestmark = pytest.mark.slow

PASSWORD = "queue watcher 42"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


@pytest.fixture()
def console_url(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    db = tmp_path / "store.db"
    added = run(["staff", "add", "mina", "--password-stdin", "--db", str(db)], stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "assistant",
            "serve",
            "--db",
            str(db),
            "--workers",
            "1",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--console-port",
            "0",
        ],
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert server.stderr is not None
        line = ""
        deadline = time.monotonic() + 180
        while "staff console on" not in line and time.monotonic() < deadline:
            line = server.stderr.readline()
            assert line or server.poll() is None, "assistant serve ended before it was ready"
        found = re.search(r"staff console on (http://[^ ]+/)", line)
        assert found, line
        yield found.group(1), db
    finally:
        server.terminate()
        assert server.wait(30) == 0  # a clean stop on SIGTERM


def browser(profile: Path):  # type: ignore[no-untyped-def]
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.fail("chromium and chromium-driver are needed: apt-get install chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service(executable_path=driver))


def test_staff_see_a_kiosk_ticket_arrive_and_close_it(console_url: tuple[str, Path], tmp_path: Path) -> None:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def wait(page: Any, until: Callable[[Any], object]) -> object:
        """Wait for `until`, retrying when the page re-renders or navigates under a found element."""
        return WebDriverWait(page, 20, ignored_exceptions=(StaleElementReferenceException,)).until(until)

    url, db = console_url
    page = browser(tmp_path / "chromium")
    try:
        page.get(url)
        assert page.current_url.endswith("/login")
        page.find_element(By.ID, "name").send_keys("mina")
        page.find_element(By.ID, "password").send_keys(PASSWORD)
        page.find_element(By.ID, "submit").click()
        wait(page, lambda p: p.find_elements(By.ID, "queue"))
        assert page.find_elements(By.CSS_SELECTOR, "#queue tbody tr") == []
        page.execute_script("window.notReloaded = true;")

        kiosk = chat_process(db)
        out, err = kiosk.communicate("I want to talk to a real person\n", timeout=120)
        assert "Your ticket number is 1" in out, out + err

        wait(page, lambda p: p.find_elements(By.CSS_SELECTOR, '#queue tr[data-id="1"]'))
        assert page.execute_script("return window.notReloaded === true;")
        wait(
            page,
            lambda p: "customer_request" in p.find_element(By.CSS_SELECTOR, '#queue tr[data-id="1"]').text,
        )

        page.find_element(By.LINK_TEXT, "1").click()
        wait(page, lambda p: p.find_elements(By.ID, "transcript"))
        wait(
            page,
            lambda p: (
                "customer: i want to talk to a real person"
                in p.find_element(By.ID, "transcript").text.lower()
            ),
        )
        page.find_element(By.ID, "note").send_keys("Helped at the counter")
        page.find_element(By.ID, "close-button").click()
        wait(page, lambda p: "(closed)" in p.find_element(By.ID, "ticket-status").text)
        wait(page, lambda p: "Helped at the counter (closed by mina)" in p.find_element(By.ID, "closed").text)
    finally:
        page.quit()
    shown = run(["tickets", "show", "1", "--db", str(db)])
    assert "closed" in shown.stdout and "Helped at the counter" in shown.stdout


def test_staff_accounts_from_the_command_line(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    assert (
        run(["staff", "add", "lee", "--password-stdin", "--db", db], stdin="long enough pass\n").returncode
        == 0
    )
    again = run(["staff", "add", "lee", "--password-stdin", "--db", db], stdin="long enough pass\n")
    assert (again.returncode, again.stderr.strip()) == (
        2,
        "assistant: error: a staff account 'lee' already exists",
    )
    short = run(["staff", "add", "kim", "--password-stdin", "--db", db], stdin="short\n")
    assert (short.returncode, short.stderr.strip()) == (
        2,
        "assistant: error: a staff password needs at least 10 characters",
    )
    bad = run(["staff", "add", "Bad Name!", "--password-stdin", "--db", db], stdin="long enough pass\n")
    assert bad.returncode == 2 and "not a staff name" in bad.stderr
    listed = run(["staff", "list", "--db", db])
    assert listed.returncode == 0 and listed.stdout.split()[0] == "lee"
    assert "long enough pass" not in Path(db).read_bytes().decode("latin-1")  # only the argon2 hash
    assert run(["staff", "remove", "lee", "--db", db]).returncode == 0
    gone = run(["staff", "remove", "lee", "--db", db])
    assert gone.returncode == 2 and "no staff account 'lee'" in gone.stderr
