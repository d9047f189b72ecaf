"""Shared fixtures: a controllable clock, a real SQLite store per test, and one NLU build per run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.app import build_nlu
from assistant.dialogue.manager import Dialogue, DialogueSettings
from assistant.nlu.engine import Nlu
from assistant.plugins import SkillRegistry, discover
from assistant.store import SqliteStore
from tests.support.clock import START, Clock
from tests.support.conversation import Conversation


@pytest.fixture(scope="session", autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep the user's own database, config and cache out of reach: default paths point into a temp folder."""
    home = tmp_path_factory.mktemp("home")
    saved = {k: os.environ.get(k) for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")}
    os.environ["XDG_DATA_HOME"], os.environ["XDG_CONFIG_HOME"] = str(home / "data"), str(home / "config")
    os.environ["XDG_CACHE_HOME"] = str(home / "cache")
    yield home
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def shared_clock() -> Clock:
    return Clock()


@pytest.fixture()
def clock(shared_clock: Clock) -> Clock:
    shared_clock.now = START
    return shared_clock


@pytest.fixture(scope="session")
def registry() -> SkillRegistry:
    reg = discover()
    assert not reg.errors, reg.errors
    return reg


@pytest.fixture(scope="session")
def nlu(registry: SkillRegistry, shared_clock: Clock, tmp_path_factory: pytest.TempPathFactory) -> Nlu:
    with SqliteStore.open(tmp_path_factory.mktemp("nlu") / "catalog.db", clock=shared_clock) as store:
        return build_nlu(registry, store, shared_clock)


@pytest.fixture()
def store(tmp_path: Path, clock: Clock) -> Iterator[SqliteStore]:
    with SqliteStore.open(tmp_path / "store.db", clock=clock) as opened:
        yield opened


@pytest.fixture()
def dialogue(registry: SkillRegistry, nlu: Nlu, store: SqliteStore, clock: Clock) -> Dialogue:
    return Dialogue(registry, nlu, store, clock, DialogueSettings(timeout_s=120, handoff_after=2))


@pytest.fixture()
def en(dialogue: Dialogue) -> Conversation:
    return Conversation(dialogue, dialogue.new_session("en"))


@pytest.fixture()
def ko(dialogue: Dialogue) -> Conversation:
    return Conversation(dialogue, dialogue.new_session("ko"))
