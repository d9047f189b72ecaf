"""The human recordings of ``audio_fixtures/human`` and how their transcripts are scored: shared by
``bench/human_speech.py`` and ``tests/stt/test_human_speech.py``."""

from __future__ import annotations

from pathlib import Path

import yaml

from bench.spoken import edits

HUMAN = Path(__file__).resolve().parent.parent / "audio_fixtures" / "human"


def recordings() -> list[dict[str, str]]:
    """The entries of ``audio_fixtures/human/manifest.yaml`` (``file``, reference ``text``), in order."""
    items: list[dict[str, str]] = yaml.safe_load((HUMAN / "manifest.yaml").read_text("utf-8"))["recordings"]
    return items


def word_errors(reference: str, hypothesis: str) -> int:
    """Words wrong in ``hypothesis`` (substituted, inserted or left out)."""
    return edits(reference.split(), hypothesis.split())
