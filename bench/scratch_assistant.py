"""The product's assistant on a throwaway store, with the speech models looked up from the repository."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from assistant.app import Assistant, build
from assistant.config import Config
from assistant.store import StoreLocation

REPO = Path(__file__).resolve().parent.parent


@contextmanager
def scratch_assistant(prefix: str) -> Iterator[Assistant]:
    """An assistant built with the default settings on a store in a temporary folder (removed after);
    a relative ``models_dir`` is taken from the repository, wherever the benchmark runs from."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        assistant = build(Config(db=StoreLocation.parse(Path(tmp) / "store.db")))
        try:
            models_dir = assistant.config.models_dir
            if not models_dir.is_absolute():
                assistant.config = replace(assistant.config, models_dir=REPO / models_dir)
            yield assistant
        finally:
            assistant.close()
