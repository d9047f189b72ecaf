"""A real voice server in this process: built by ``assistant.app`` on a real socket, its event loop in a
thread, so tests can talk to it with Wyoming clients and look inside (connections, workers, turns)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from assistant.app import Assistant, build, build_voice_server
from assistant.config import Config
from assistant.serve.run import bind
from assistant.serve.server import VoiceServer
from assistant.serve.settings import ServeSettings
from assistant.store import StoreLocation

T = TypeVar("T")


class RunningServer:
    """A ``VoiceServer`` serving on 127.0.0.1 in a background event loop."""

    def __init__(self, assistant: Assistant, server: VoiceServer) -> None:
        self.assistant = assistant
        self.server = server
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="voice-server", daemon=True)
        self._thread.start()
        self.call(server.start())

    @property
    def port(self) -> int:
        return self.server.port

    def call(self, coroutine: Coroutine[Any, Any, T], timeout_s: float = 60) -> T:
        """Run ``coroutine`` in the server's loop and wait for it."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout_s)

    def state(self) -> tuple[int, int, int]:
        """(connections open, turns in flight, workers free), read inside the loop."""

        async def read() -> tuple[int, int, int]:
            return len(self.server.connections), len(self.server.turns), self.server.pool.free

        return self.call(read())

    def stop(self) -> None:
        self.call(self.server.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.server.pool.close()
        self.server.sock.close()
        self.assistant.close()


@contextmanager
def voice_server(db: Path, **settings: Any) -> Iterator[RunningServer]:
    """A voice server on a fresh store ``db`` (any free port); ``settings`` go to ``ServeSettings``."""
    assistant = build(Config(db=StoreLocation.parse(db)))
    sock = bind("127.0.0.1", 0, "--port")
    try:
        server = build_voice_server(assistant, sock, ServeSettings(port=0, **settings), print)
    except BaseException:
        sock.close()
        assistant.close()
        raise
    running = RunningServer(assistant, server)
    try:
        yield running
    finally:
        running.stop()
