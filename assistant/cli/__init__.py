"""The ``assistant`` command line: one module per group of commands, assembled here."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from assistant import __version__
from assistant.cli.chat import add_chat_commands
from assistant.cli.data import add_data_commands
from assistant.cli.db import add_db_commands
from assistant.cli.report import add_report_command
from assistant.cli.serve import add_serve_command
from assistant.cli.skills import add_skill_commands
from assistant.cli.staff import add_staff_commands
from assistant.cli.system import add_system_commands
from assistant.cli.tickets import add_ticket_commands
from assistant.cli.usage import UsageError
from assistant.cli.voice import add_voice_commands
from assistant.config import ConfigError
from assistant.store import StoreError


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``assistant`` and ``python -m assistant``."""
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="assistant: %(levelname)s: %(message)s")
    for stream in (sys.stdin, sys.stdout):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except (UsageError, ConfigError, StoreError) as exc:
        print(f"assistant: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant", description="Offline customer-service assistant (English and Korean)."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")

    def usage(_args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    parser.set_defaults(handler=usage)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    add_chat_commands(commands)
    add_skill_commands(commands)
    add_voice_commands(commands)
    add_system_commands(commands)
    add_data_commands(commands)
    add_db_commands(commands)
    add_ticket_commands(commands)
    add_report_command(commands)
    add_serve_command(commands)
    add_staff_commands(commands)
    return parser
