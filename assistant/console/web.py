"""The console's routes. Every page and API needs a session: without one, pages redirect to the login
page (303) and the API answers 401; every form needs its CSRF token (403 without)."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from datetime import datetime, timedelta
from importlib.resources import files
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from assistant.console.auth import LOGIN_COOKIE, SESSION_COOKIE, LoginPolicy, Sessions, StaffSession, same
from assistant.console.passwords import verify_password
from assistant.console.views import booking_view, order_view, ticket_row, today, wanted
from assistant.store import Store, StoreError

Handler = Callable[[Request, StaffSession], Awaitable[Response]]
MAX_NOTE = 1000
"""Longest closing note accepted."""


class Console:
    """The console over one store."""

    def __init__(
        self,
        store: Store,
        policy: LoginPolicy | None = None,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.store = store
        self.policy = policy = policy or LoginPolicy()
        self.clock = clock
        self.sessions = Sessions(policy)
        folder = str(files("assistant.console").joinpath("templates"))
        self.templates = Environment(loader=FileSystemLoader(folder), autoescape=select_autoescape(["html"]))
        self.app = Starlette(
            routes=[
                Route("/login", self.login_page, methods=["GET"]),
                Route("/login", self.login, methods=["POST"]),
                Route("/logout", self.staff(self.logout), methods=["POST"]),
                Route("/", self.staff(self.queue), methods=["GET"]),
                Route("/api/tickets", self.staff(self.api_tickets, api=True), methods=["GET"]),
                Route("/tickets/{ticket_id:int}", self.staff(self.ticket), methods=["GET"]),
                Route("/tickets/{ticket_id:int}/close", self.staff(self.close), methods=["POST"]),
                Route("/lookup", self.staff(self.lookup), methods=["GET"]),
                Route("/today", self.staff(self.figures), methods=["GET"]),
            ]
        )

    # --- plumbing ----------------------------------------------------------------------------------

    def render(self, name: str, status: int = 200, **values: Any) -> HTMLResponse:
        nonce = secrets.token_urlsafe(16)
        html = self.templates.get_template(name).render(nonce=nonce, **values)
        response = HTMLResponse(html, status_code=status)
        headers = response.headers
        headers["Content-Security-Policy"] = (
            f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
            "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        )
        headers["X-Frame-Options"] = "DENY"
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "no-referrer"
        headers["Cache-Control"] = "no-store"
        return response

    @staticmethod
    def _cookie(response: Response, name: str, value: str, max_age: int) -> None:
        response.set_cookie(
            name, value, max_age=max_age, path="/", secure=True, httponly=True, samesite="strict"
        )

    def staff(self, handler: Handler, api: bool = False) -> Callable[[Request], Awaitable[Response]]:
        """``handler`` for logged-in staff only; on POST the CSRF token is checked first."""

        async def guarded(request: Request) -> Response:
            session = self.sessions.get(request.cookies.get(SESSION_COOKIE))
            if session is not None:
                account = await run_in_threadpool(self.store.staff_account, session.name)
                if account is None:  # removed since the login
                    self.sessions.end_all(session.name)
                    session = None
            if session is None:
                if api:
                    return JSONResponse({"error": "log in first"}, status_code=401)
                return RedirectResponse("/login", status_code=303)
            if request.method == "POST":
                form = await request.form()
                token = form.get("csrf")
                if not same(session.csrf, token if isinstance(token, str) else None):
                    return self.render(
                        "error.html", 403, message="This form has expired; go back and try again."
                    )
            return await handler(request, session)

        return guarded

    # --- login -------------------------------------------------------------------------------------

    async def login_page(self, request: Request, message: str = "", status: int = 200) -> Response:
        token = self.sessions.login_form()
        response = self.render("login.html", status, csrf=token, message=message)
        self._cookie(response, LOGIN_COOKIE, token, int(self.policy.idle_s))
        return response

    async def login(self, request: Request) -> Response:
        form = await request.form()
        token, name, password = (form.get(k) for k in ("csrf", "name", "password"))
        if not self.sessions.use_login_form(request.cookies.get(LOGIN_COOKIE), _text(token)):
            return self.render("error.html", 403, message="This login form has expired; reload the page.")
        client = request.client.host if request.client else "?"
        locked = "Too many wrong passwords: logins are locked for a while. Try again later."
        if self.sessions.client_locked(client):
            return await self.login_page(request, locked, 429)
        name, password = _text(name).strip().lower(), _text(password)
        account = await run_in_threadpool(self.store.staff_account, name) if name else None
        now = self.clock()
        if account is not None and account.locked_until is not None and account.locked_until > now:
            return await self.login_page(request, locked, 429)
        good = await run_in_threadpool(verify_password, account.password_hash if account else None, password)
        if not good or account is None:
            self.sessions.client_failed(client)
            if account is not None:
                after = await run_in_threadpool(
                    self.store.record_login_failure,
                    account.name,
                    self.policy.max_attempts,
                    timedelta(seconds=self.policy.lock_s),
                )
                if after.locked_until is not None and after.locked_until > now:
                    return await self.login_page(request, locked, 429)
            return await self.login_page(request, "Wrong name or password.", 401)
        await run_in_threadpool(self.store.clear_login_failures, account.name)
        session_token, _ = self.sessions.start(account.name)
        response = RedirectResponse("/", status_code=303)
        self._cookie(response, SESSION_COOKIE, session_token, int(self.policy.max_age_s))
        response.delete_cookie(LOGIN_COOKIE, path="/", secure=True, httponly=True, samesite="strict")
        return response

    async def logout(self, request: Request, session: StaffSession) -> Response:
        self.sessions.end(request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/", secure=True, httponly=True, samesite="strict")
        return response

    # --- pages -------------------------------------------------------------------------------------

    async def queue(self, request: Request, session: StaffSession) -> Response:
        tickets = await run_in_threadpool(self.store.tickets, "open")
        rows = [ticket_row(t) for t in tickets]
        return self.render("queue.html", staff=session, rows=rows)

    async def api_tickets(self, request: Request, session: StaffSession) -> Response:
        tickets = await run_in_threadpool(self.store.tickets, "open")
        response = JSONResponse({"tickets": [asdict(ticket_row(t)) for t in tickets]})
        response.headers["Cache-Control"] = "no-store"
        return response

    async def ticket(self, request: Request, session: StaffSession) -> Response:
        ticket = await run_in_threadpool(self.store.ticket, int(request.path_params["ticket_id"]))
        if ticket is None:
            return self.render("error.html", 404, staff=session, message="No such ticket.")
        return self.render(
            "ticket.html",
            staff=session,
            ticket=ticket,
            wanted=wanted(ticket),
            transcript=ticket.transcript.splitlines(),
        )

    async def close(self, request: Request, session: StaffSession) -> Response:
        ticket_id = int(request.path_params["ticket_id"])
        note = _text((await request.form()).get("note")).strip()[:MAX_NOTE]
        by = f"{note} (closed by {session.name})" if note else f"closed by {session.name}"
        try:
            await run_in_threadpool(self.store.close_ticket, ticket_id, by)
        except StoreError as exc:
            return self.render("error.html", 409, staff=session, message=str(exc))
        return RedirectResponse(f"/tickets/{ticket_id}", status_code=303)

    async def lookup(self, request: Request, session: StaffSession) -> Response:
        kind = request.query_params.get("kind", "order")
        number = request.query_params.get("number", "").strip()
        found: dict[str, Any] | None = None
        message = ""
        if number:
            if kind not in ("order", "booking") or not number.isdigit() or len(number) > 9:
                message = "Give an order or booking number (digits only)."
            else:
                found = await run_in_threadpool(self._find, kind, int(number))
                message = "" if found else f"No {kind} {number}."
        return self.render(
            "lookup.html", staff=session, kind=kind, number=number, found=found, message=message
        )

    def _find(self, kind: str, number: int) -> dict[str, Any] | None:
        if kind == "order":
            order = self.store.order(number)
            return order_view(self.store, order) if order else None
        booking = self.store.booking(number)
        return booking_view(self.store, booking) if booking else None

    async def figures(self, request: Request, session: StaffSession) -> Response:
        report = await run_in_threadpool(today, self.store, self.clock())
        return self.render("today.html", staff=session, report=report)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
