"""Binding the ports (before the slow start, so a port in use is one clear line at once) and running the
voice server and the console in one event loop until SIGTERM or Ctrl-C."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import signal
import socket
from collections.abc import Callable
from typing import Protocol

from assistant.serve.server import VoiceServer


class PortError(OSError):
    """A port that cannot be listened on; the message is one line saying what to do."""


def bind(host: str, port: int, option: str) -> socket.socket:
    """A listening TCP socket on ``host:port``; ``PortError`` naming ``option`` when that fails."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        sock = socket.socket(family, kind, proto)
    except (OSError, IndexError) as exc:
        raise PortError(f"cannot listen on {host}:{port}: {exc}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(256)
        sock.setblocking(False)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise PortError(
                f"port {port} on {host} is in use (another `assistant serve`?); choose another with {option}"
            ) from None
        raise PortError(f"cannot listen on {host}:{port} ({option}): {exc.strerror or exc}") from None
    return sock


class WebServer(Protocol):
    """The console's HTTP server (uvicorn's ``Server``)."""

    should_exit: bool

    async def serve(self, sockets: list[socket.socket] | None = None) -> None: ...


async def run_servers(
    voice: VoiceServer,
    console: tuple[WebServer, socket.socket] | None,
    ready: Callable[[], None],
) -> None:
    """Serve until SIGTERM/SIGINT, then stop both servers cleanly."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    await voice.start()
    web: asyncio.Task[None] | None = None
    if console is not None:
        server, sock = console
        web = asyncio.create_task(server.serve(sockets=[sock]), name="console")
    ready()
    waiters = [asyncio.create_task(stop.wait())] + ([web] if web is not None else [])
    await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    if console is not None and web is not None:
        console[0].should_exit = True
        with contextlib.suppress(Exception):
            await asyncio.wait_for(web, 10)
    await voice.stop()
    for waiter in waiters:
        waiter.cancel()
