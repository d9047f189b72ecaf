"""Shared fixtures: a controllable clock, a real SQLite store per test, one NLU build per run, and each
store backend (a SQLite file, a database on a real PostgreSQL server) for the store tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.app import build_nlu
from assistant.dialogue.manager import Dialogue, DialogueSettings
from assistant.nlu.engine import Nlu
from assistant.plugins import SkillRegistry, discover
from assistant.store import SqliteStore, StoreLocation
from tests.support.backends import NAMES, OPT_OUT, Backend, PgServer, connect_server, sqlite_backend
from tests.support.clock import START, Clock
from tests.support.conversation import Conversation


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--no-postgres",
        action="store_true",
        help=f"deselect the tests that need a PostgreSQL server (also {OPT_OUT}=skip); refused under CI=true",
    )


def _needs_postgres(item: pytest.Item) -> bool:
    callspec = getattr(item, "callspec", None)
    on_postgres = callspec is not None and callspec.params.get("backend") == "postgresql"
    return on_postgres or item.get_closest_marker("postgres") is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """PostgreSQL tests run unless deselected explicitly; CI never deselects them."""
    opted_out = config.getoption("--no-postgres") or os.environ.get(OPT_OUT) == "skip"
    if not opted_out:
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(
            f"CI=true: the PostgreSQL tests cannot be deselected (--no-postgres, {OPT_OUT})"
        )
    kept = [item for item in items if not _needs_postgres(item)]
    config.hook.pytest_deselected(items=[item for item in items if _needs_postgres(item)])
    items[:] = kept


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A PostgreSQL server: ``KIOSK_TEST_PG``, else a throwaway cluster; a missing one fails the test."""
    try:
        server = connect_server()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield server
    if server.cluster is not None:
        server.cluster.destroy()


@pytest.fixture(params=NAMES)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """A fresh store location on each backend: a SQLite file, or a new database on the server."""
    if request.param == "sqlite":
        found = sqlite_backend(tmp_path)
        yield found
        return
    yield from _pg_backend(request.getfixturevalue("pg_server"))


@pytest.fixture()
def pg_database(pg_server: PgServer) -> Iterator[Backend]:
    """A new database on the PostgreSQL server (for tests marked ``postgres``)."""
    yield from _pg_backend(pg_server)


def _pg_backend(server: PgServer) -> Iterator[Backend]:
    url = server.create_database()
    found = Backend("postgresql", StoreLocation.parse(url))
    try:
        yield found
    finally:
        found.close()
        server.drop_database(url)


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
