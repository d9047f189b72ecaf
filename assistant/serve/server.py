"""The Wyoming server: accepts satellites and clients up to a limit, dials out to satellites that wait to
be called (wyoming-satellite, as Home Assistant does), and stops cleanly."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from urllib.parse import urlparse

from wyoming.error import Error
from wyoming.event import async_read_event, async_write_event
from wyoming.satellite import RunSatellite

from assistant.serve.connection import Connection, ConnectionSettings
from assistant.serve.workers import WorkerPool

log = logging.getLogger(__name__)

RETRY_S = (1.0, 2.0, 5.0, 10.0, 30.0)
"""Pauses before dialling a satellite again after it went away or could not be reached."""


def satellite_address(uri: str) -> tuple[str, int]:
    """``tcp://HOST:PORT`` → (host, port); ``ValueError`` saying what is expected."""
    parsed = urlparse(uri)
    if parsed.scheme != "tcp" or not parsed.hostname or parsed.port is None:
        raise ValueError(f"not a satellite address: {uri!r} (expected tcp://HOST:PORT)")
    return parsed.hostname, parsed.port


class VoiceServer:
    """Serves Wyoming connections on a bound socket with a shared pool of speech workers."""

    def __init__(
        self,
        sock: socket.socket,
        pool: WorkerPool,
        settings: ConnectionSettings,
        *,
        max_connections: int,
        idle_timeout_s: float,
        satellites: tuple[str, ...] = (),
    ) -> None:
        self.sock = sock
        self.pool = pool
        self.settings = settings
        self.max_connections = max_connections
        self.idle_timeout_s = idle_timeout_s
        self.satellites = satellites
        self.connections: set[Connection] = set()
        """Connections being served now."""
        self.turns: set[asyncio.Task[None]] = set()
        """Turns being decoded or answered now (they outlive a connection that went away)."""
        self.refused = 0
        """Connections told "busy" since the start."""
        self.latencies_ms: list[float] = []
        """End of speech decided → first reply audio sent, every turn of connections that ended."""
        self._server: asyncio.Server | None = None
        self._dialers: list[asyncio.Task[None]] = []

    @property
    def port(self) -> int:
        return int(self.sock.getsockname()[1])

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accepted, sock=self.sock, limit=2**20)
        for uri in self.satellites:
            self._dialers.append(asyncio.create_task(self._dial(uri), name=f"dial {uri}"))

    async def _accepted(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if len(self.connections) >= self.max_connections:
            self.refused += 1
            busy = f"busy: {self.max_connections} satellites are connected; try again in a moment"
            with contextlib.suppress(ConnectionError, OSError, TimeoutError):
                await asyncio.wait_for(async_write_event(Error(text=busy, code="busy").event(), writer), 5)
                writer.write_eof()
                await asyncio.wait_for(_discard_until_eof(reader), 5)
            writer.close()
            with contextlib.suppress(ConnectionError, OSError):
                await asyncio.wait_for(writer.wait_closed(), 5)
            return
        await self._serve(reader, writer)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await self._run(Connection(reader, writer, self.pool, self.settings, self.turns), self.idle_timeout_s)

    async def _run(self, connection: Connection, idle_timeout_s: float | None) -> None:
        """The connection's events until it closes, goes idle, or the server stops."""
        self.connections.add(connection)
        log.info("connected: %s (%d now)", connection.peer, len(self.connections))
        try:
            while True:
                event = await asyncio.wait_for(async_read_event(connection.reader), idle_timeout_s)
                if event is None or not await connection.handle_event(event):
                    break
        except (ConnectionError, OSError, asyncio.IncompleteReadError, TimeoutError):
            pass
        finally:
            await connection.disconnect()
            connection.writer.close()
            self.connections.discard(connection)
            self.latencies_ms.extend(connection.latencies_ms)
            log.info("disconnected: %s (%d now)", connection.peer, len(self.connections))

    async def _dial(self, uri: str) -> None:
        """Connect to a satellite, tell it to run, serve it; again after a pause when it goes away."""
        host, port = satellite_address(uri)
        failures = 0
        while True:
            try:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 10)
            except (OSError, TimeoutError) as exc:
                pause = RETRY_S[min(failures, len(RETRY_S) - 1)]
                log.warning("satellite %s unreachable (%s); trying again in %g s", uri, exc, pause)
                failures += 1
                await asyncio.sleep(pause)
                continue
            failures = 0
            await async_write_event(RunSatellite().event(), writer)
            await self._run(Connection(reader, writer, self.pool, self.settings, self.turns), None)
            await asyncio.sleep(RETRY_S[0])

    async def stop(self, grace_s: float = 10.0) -> None:
        """Stop accepting, close every connection, let the turns in flight finish (up to ``grace_s``)."""
        for dialer in self._dialers:
            dialer.cancel()
        if self._server is not None:
            self._server.close()
        for connection in list(self.connections):
            connection.writer.close()
        if self.turns:
            await asyncio.wait(list(self.turns), timeout=grace_s)
        if self._server is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._server.wait_closed(), grace_s)


async def _discard_until_eof(reader: asyncio.StreamReader) -> None:
    """Read and drop what a refused client still sends, until it hangs up.

    Closing a socket with unread data sends a reset, which the client sees as ConnectionResetError
    instead of the busy message.
    """
    while await reader.read(1 << 16):
        pass
