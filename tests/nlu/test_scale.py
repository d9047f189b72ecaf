"""Many installed skills: generated skills (as ``bench/cost.py`` makes them) are understood, and the
built-in skills' answers on their held-out sentences do not change when they are installed."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from assistant.app import build_nlu
from assistant.nlu.engine import Nlu
from assistant.plugins import discover
from assistant.store import SqliteStore
from bench.cost_skills import HANGUL, builtin_words, generate, skill_queries
from tests.support.clock import Clock

COUNT = 60
"""Generated skills installed (240 intents per language next to the built-in ones)."""
DATA = Path(__file__).parent.parent / "data"
GENERATED_FLOOR = 0.97
"""Share of the generated skills' queries (an exact sentence and a paraphrase per intent) understood."""


def made_up_words() -> dict[str, list[str]]:
    """Pronounceable words of no language (English) and syllable pairs (Korean), none of the built-in's."""
    avoid = builtin_words()
    onsets, vowels, codas = "bdfgklmnprstvz", "aeiou", ["", "n", "r", "s", "k"]
    syllables = [o + v + c for o in onsets for v in vowels for c in codas]
    english = sorted({a + b for a in syllables for b in syllables} - avoid)
    korean = sorted({a + b for a in HANGUL for b in HANGUL} - avoid)
    random.Random(7).shuffle(english)
    random.Random(7).shuffle(korean)
    return {"en": english, "ko": korean}


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory, shared_clock: Clock) -> Nlu:
    folder = generate(tmp_path_factory.mktemp("skills"), COUNT, made_up_words())
    registry = discover([folder], True)
    assert not registry.errors, registry.errors
    with SqliteStore.open(tmp_path_factory.mktemp("crowded") / "catalog.db", clock=shared_clock) as store:
        return build_nlu(registry, store, shared_clock)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_built_in_answers_do_not_change_with_many_skills_installed(nlu: Nlu, crowded: Nlu, lang: str) -> None:
    items = yaml.safe_load((DATA / f"nlu_{lang}.yaml").read_text(encoding="utf-8"))["items"]
    alone = [nlu.parse(item["text"], lang).intent for item in items]
    beside = [crowded.parse(item["text"], lang).intent for item in items]
    assert beside == alone


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_generated_skills_are_understood(crowded: Nlu, lang: str) -> None:
    queries = [q for k in range(0, COUNT, 3) for q in skill_queries(k, made_up_words())[lang]]
    right = [crowded.parse(text, lang).intent == intent for text, intent, _ in queries]
    assert sum(right) / len(right) >= GENERATED_FLOOR
