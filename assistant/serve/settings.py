"""What ``assistant serve`` is told on its command line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_PORT = 10600
"""Wyoming port for satellites (Home Assistant's own services use 10200-10400, satellites 10700)."""
DEFAULT_CONSOLE_PORT = 8080


@dataclass(frozen=True)
class ServeSettings:
    """Ports, limits and the satellites to dial."""

    host: str = "0.0.0.0"
    """Address the Wyoming server listens on."""
    port: int = DEFAULT_PORT
    """Wyoming port (0: any free port, printed at start)."""
    console_host: str = "127.0.0.1"
    """Address of the staff console (put TLS in front of it, or give ``tls_cert``, to open it wider)."""
    console_port: int | None = DEFAULT_CONSOLE_PORT
    """Console port (0: any free port); ``None``: no console."""
    workers: int = 2
    """Speech workers: utterances decoded at once (each holds its own speech models)."""
    max_satellites: int = 16
    """Connections served at once; one more is told "busy" and closed."""
    idle_timeout_s: float = 300.0
    """A connection that sends nothing for this long is closed (a satellite sends pings or audio)."""
    satellites: tuple[str, ...] = ()
    """``tcp://HOST:PORT`` of satellites to connect to, as Home Assistant does (wyoming-satellite)."""
    tls_cert: Path | None = None
    """Certificate (PEM) for the console: HTTPS instead of HTTP."""
    tls_key: Path | None = None
    """Its private key (PEM)."""

    def __post_init__(self) -> None:
        if self.workers < 1 or self.max_satellites < 1 or self.idle_timeout_s <= 0:
            raise ValueError("workers and max_satellites must be at least 1 and idle_timeout_s positive")
        if (self.tls_cert is None) != (self.tls_key is None):
            raise ValueError("--tls-cert and --tls-key go together")
