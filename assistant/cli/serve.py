"""``assistant serve``: the voice server for satellites (Wyoming) and the staff console."""

from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path
from typing import Any

from assistant import LANGUAGES
from assistant.cli.common import common_options, open_assistant, piper_voice_option
from assistant.cli.usage import UsageError
from assistant.serve.settings import DEFAULT_CONSOLE_PORT, DEFAULT_PORT, ServeSettings


def add_serve_command(commands: Any) -> None:
    """Add ``serve`` to the ``commands`` subparsers."""
    serve = commands.add_parser(
        "serve",
        help="voice server for satellites (Wyoming protocol) and the staff console",
        description="Serve satellites and Wyoming clients (speech to text, text to speech, the dialogue) "
        "and the staff console; stops on SIGTERM or Ctrl-C.",
    )
    common_options(serve)
    piper_voice_option(serve)
    serve.add_argument("--host", default="0.0.0.0", help="address for satellites (default: all)")
    serve.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, help=f"Wyoming port (default {DEFAULT_PORT})"
    )
    serve.add_argument("--lang", choices=LANGUAGES, help="language a satellite's conversation starts in")
    serve.add_argument("--console-host", default="127.0.0.1", help="console address (default 127.0.0.1)")
    serve.add_argument(
        "--console-port",
        type=_port,
        default=DEFAULT_CONSOLE_PORT,
        help=f"console port (default {DEFAULT_CONSOLE_PORT})",
    )
    serve.add_argument("--no-console", action="store_true", help="serve satellites only")
    serve.add_argument("--tls-cert", type=Path, metavar="PEM", help="certificate: the console speaks HTTPS")
    serve.add_argument("--tls-key", type=Path, metavar="PEM", help="the certificate's private key")
    serve.add_argument(
        "--workers",
        type=_count,
        default=min(os.cpu_count() or 1, 4),
        help="utterances decoded at once "
        "(each worker loads its own speech models; default: one per core, at most 4)",
    )
    serve.add_argument(
        "--max-satellites", type=_count, default=16, help="connections served at once (default 16)"
    )
    serve.add_argument(
        "--idle-timeout",
        type=float,
        default=300.0,
        metavar="S",
        help="close a silent connection after S seconds",
    )
    serve.add_argument(
        "--satellite",
        action="append",
        default=[],
        metavar="tcp://HOST:PORT",
        help="connect to a satellite that waits to be called (wyoming-satellite), repeatable",
    )
    serve.set_defaults(handler=_serve)


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}")
    return int(text)


def _count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a whole number of at least 1: {text!r}")
    return int(text)


def _settings(args: argparse.Namespace) -> ServeSettings:
    from assistant.serve.server import satellite_address

    try:
        for uri in args.satellite:
            satellite_address(uri)
        for path in (args.tls_cert, args.tls_key):
            if path is not None and not path.is_file():
                raise ValueError(f"no such file: {path}")
        return ServeSettings(
            host=args.host,
            port=args.port,
            console_host=args.console_host,
            console_port=None if args.no_console else args.console_port,
            workers=args.workers,
            max_satellites=args.max_satellites,
            idle_timeout_s=args.idle_timeout,
            satellites=tuple(args.satellite),
            tls_cert=args.tls_cert,
            tls_key=args.tls_key,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _serve(args: argparse.Namespace) -> int:
    import asyncio

    from assistant.app import build_voice_server
    from assistant.serve.run import PortError, bind, run_servers
    from assistant.stt import SttError
    from assistant.tts.speech import TtsError, VoiceError

    settings = _settings(args)
    sockets: list[socket.socket] = []
    try:
        sockets.append(bind(settings.host, settings.port, "--port"))
        if settings.console_port is not None:
            sockets.append(bind(settings.console_host, settings.console_port, "--console-port"))
    except PortError as exc:
        for sock in sockets:
            sock.close()
        raise UsageError(str(exc)) from None
    assistant = open_assistant(args)
    try:
        try:
            voice = build_voice_server(assistant, sockets[0], settings, _warn)
        except (SttError, TtsError, VoiceError) as exc:
            raise UsageError(str(exc)) from None
        console = None
        if settings.console_port is not None:
            from assistant.app import build_console

            console = (build_console(assistant, settings), sockets[1])
        scheme = "https" if settings.tls_cert else "http"

        def ready() -> None:
            where = f"satellites on tcp://{settings.host}:{voice.port}"
            if console is not None:
                port = console[1].getsockname()[1]
                where += f", staff console on {scheme}://{settings.console_host}:{port}/"
            print(
                f"assistant serve: {where} ({settings.workers} speech workers)", file=sys.stderr, flush=True
            )

        try:
            asyncio.run(run_servers(voice, console, ready))
        finally:
            voice.pool.close()
    finally:
        assistant.close()
        for sock in sockets:
            sock.close()
    return 0


def _warn(message: str) -> None:
    print(f"assistant: warning: {message}", file=sys.stderr)
