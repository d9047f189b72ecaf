"""The staff console's security: no page or API without a session, CSRF on every form, login limits,
and what it shows of orders (``PRIVACY.md``). The real Starlette app over a real SQLite store, through
Starlette's test client (HTTPS, so the Secure cookies are sent)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.routing import Route
from starlette.testclient import TestClient

from assistant.console.auth import LoginPolicy
from assistant.console.passwords import hash_password
from assistant.console.web import Console
from assistant.store import SqliteStore
from tests.support.clock import Clock

PASSWORD = "correct horse battery"
BASE = "https://console.test"


@pytest.fixture()
def console(tmp_path: Path, clock: Clock) -> Iterator[Console]:
    with SqliteStore.open(tmp_path / "store.db", clock=clock) as store:
        store.add_staff("mina", hash_password(PASSWORD))
        store.create_ticket(
            "customer_request", "en", "customer: I want a person\nassistant: OK", "agent.handoff"
        )
        yield Console(store, LoginPolicy(max_attempts=3, lock_s=600, client_attempts=8), clock)


def client(console: Console) -> TestClient:
    return TestClient(console.app, base_url=BASE, follow_redirects=False)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def log_in(web: TestClient, name: str = "mina", password: str = PASSWORD) -> int:
    token = csrf_of(web.get("/login").text)
    response = web.post("/login", data={"csrf": token, "name": name, "password": password})
    return int(response.status_code)  # an int whether starlette's client is typed (httpx2 installed) or not


def test_every_route_needs_a_session(console: Console) -> None:
    web = client(console)
    routes = [r for r in console.app.routes if isinstance(r, Route) and r.path != "/login"]
    assert len(routes) >= 7
    for route in routes:
        path = route.path.replace("{ticket_id:int}", "1")
        for method in sorted(route.methods or ()):
            if method == "HEAD":
                continue
            answer = web.request(method, path, data={"csrf": "x", "note": "n"})
            if path.startswith("/api/"):
                assert answer.status_code == 401, (method, path)
            else:
                assert (answer.status_code, answer.headers.get("location")) == (303, "/login"), (method, path)
    web.cookies.set("console_session", "forged-token", domain="console.test")
    assert web.get("/api/tickets").status_code == 401


def test_the_session_cookie_is_secure_httponly_samesite(console: Console) -> None:
    web = client(console)
    assert log_in(web) == 303
    cookie = next(c for c in web.cookies.jar if c.name == "console_session")
    assert cookie.secure and cookie.has_nonstandard_attr("HttpOnly")
    assert cookie.get_nonstandard_attr("SameSite") == "strict"
    assert web.get("/api/tickets").json()["tickets"][0]["reasons"] == "customer_request"


def test_a_form_without_the_right_csrf_token_is_403(console: Console) -> None:
    web = client(console)
    token = csrf_of(web.get("/login").text)
    assert web.post("/login", data={"csrf": "wrong", "name": "mina", "password": PASSWORD}).status_code == 403
    assert web.post("/login", data={"csrf": token, "name": "mina", "password": PASSWORD}).status_code == 303
    page = web.get("/tickets/1").text
    assert web.post("/tickets/1/close", data={"note": "done"}).status_code == 403
    assert (
        web.post("/tickets/1/close", data={"csrf": token, "note": "done"}).status_code == 403
    )  # the login's
    assert console.store.ticket(1).status == "open"  # type: ignore[union-attr]
    closed = web.post("/tickets/1/close", data={"csrf": csrf_of(page), "note": "called 010-1234-5678 back"})
    assert closed.status_code == 303
    ticket = console.store.ticket(1)
    assert ticket is not None and ticket.status == "closed"
    assert ticket.note == "called [PHONE] back (closed by mina)"
    assert web.post("/logout", data={"csrf": "nope"}).status_code == 403


def test_wrong_passwords_lock_the_account_even_for_the_right_one(console: Console, clock: Clock) -> None:
    web = client(console)
    assert [log_in(web, password="guess number one") for _ in range(2)] == [401, 401]
    assert log_in(web, password="guess number three") == 429
    assert log_in(web) == 429  # locked: the right password does not help now
    clock.advance(601)
    assert log_in(web) == 303


def test_one_client_guessing_many_names_is_locked(console: Console) -> None:
    web = client(console)
    answers = [log_in(web, name=f"user{n}", password="whatever guess") for n in range(9)]
    assert answers[:8] == [401] * 8 and answers[8] == 429
    assert log_in(web) == 429  # the client, not only the names it tried


def test_logout_ends_the_session_and_a_removed_account_loses_it(console: Console) -> None:
    web = client(console)
    assert log_in(web) == 303
    token = csrf_of(web.get("/").text)
    assert web.post("/logout", data={"csrf": token}).status_code == 303
    assert web.get("/api/tickets").status_code == 401
    assert log_in(web) == 303
    console.store.remove_staff("mina")
    assert web.get("/").headers.get("location") == "/login"


def test_order_lookup_shows_only_the_last_four_digits(console: Console) -> None:
    web = client(console)
    assert log_in(web) == 303
    page = web.get("/lookup", params={"kind": "order", "number": "4821"}).text
    order = console.store.order(4821)
    assert order is not None and order.customer_phone and order.delivery_address
    digits = "".join(ch for ch in order.customer_phone if ch.isdigit())
    assert f"… {digits[-4:]}" in page and digits not in page and order.customer_phone not in page
    assert order.delivery_address not in page and "on record (not shown)" in page
    assert "No order 999." in web.get("/lookup", params={"kind": "order", "number": "999"}).text
    assert "digits only" in web.get("/lookup", params={"kind": "order", "number": "<script>"}).text
    assert "hand-off tickets" in web.get("/today").text
