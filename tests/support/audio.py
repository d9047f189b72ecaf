"""The spoken test recordings and their manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.support.paths import FIXTURES

MANIFEST: list[dict[str, Any]] = yaml.safe_load((FIXTURES / "manifest.yaml").read_text(encoding="utf-8"))[
    "fixtures"
]
"""One entry per recording (``audio_fixtures/README.md`` says what each key means)."""


def fixture(lang: str, intent: str, **slots: object) -> Path:
    """The first clean fixture of ``lang`` with this intent (and these slots)."""
    for item in MANIFEST:
        wanted = all((item.get("slots") or {}).get(k) == v for k, v in slots.items())
        if item["lang"] == lang and item["intent"] == intent and wanted and not item.get("noise_snr_db"):
            return FIXTURES / str(item["file"])
    raise LookupError(f"no {lang} fixture for {intent} {slots}")
