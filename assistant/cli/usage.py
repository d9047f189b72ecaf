"""The command line's one error type, and the small helpers its commands share."""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


class UsageError(Exception):
    """A mistake of the user's: printed as one line, exit code 2."""


def plural(count: int, word: str) -> str:
    """``1 order``, ``2 orders``: for the command line's English summaries."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def whole_days(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number of days, at least ``minimum``."""

    def parse(text: str) -> int:
        try:
            days = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number of days: {text!r}") from None
        if days < minimum:
            raise argparse.ArgumentTypeError(f"days must be {minimum} or more, not {days}")
        return days

    return parse


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (a temporary file renamed into place)."""
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise UsageError(f"cannot write into {path.parent}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc
