"""Where things are."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
"""The repository's root folder."""
FIXTURES = REPO / "audio_fixtures"
"""The spoken test recordings."""
DATA = REPO / "tests" / "data"
"""The tests' data files (held-out sentences, lexicon sets)."""
