"""Shared fixtures: a controllable clock, a real SQLite store per test, one NLU build per run, and each
store backend (a SQLite file, a database on a real PostgreSQL server) for the store tests; the ``slow``
marker for the places listed in ``SLOW`` and every PostgreSQL test (``python -m pytest -m "not slow"``
is the fast tier)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pytest

from assistant.app import build_nlu
from assistant.dialogue.manager import Dialogue, DialogueSettings
from assistant.nlu.engine import Nlu
from assistant.plugins import SkillRegistry, discover
from assistant.store import SqliteStore, StoreLocation
from tests.support.backends import NAMES, OPT_OUT, Backend, PgServer, connect_server, sqlite_backend
from tests.support.clock import START, Clock
from tests.support.conversation import Conversation
from tests.support.paths import REPO


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


_CLI = "runs `python -m assistant` in subprocesses (each loads the skills and builds the NLU)"
_PLUGIN_CLI = "installs the example skill with pip, or runs `python -m assistant` in subprocesses"
SLOW: dict[str, str] = {
    # key: a folder, a module, or "module::test" (every parametrization of that test) -> why it is slow
    "tests/conversations": "the conversation suite: ~600 scripted conversations through the whole dialogue",
    "tests/voice": "speech engines over the audio fixtures, and `assistant run` subprocesses that load them",
    "tests/stt/test_stt.py": "loads Vosk and pocketsphinx and decodes synthesized speech",
    "tests/stt/test_streaming.py": "loads Vosk and pocketsphinx and decodes synthesized speech twice",
    "tests/stt/test_whisper.py": "loads Whisper and decodes human and synthesized speech",
    "tests/stt/test_grammar.py::test_to_arpa_is_a_trigram_model_pocketsphinx_loads": "loads pocketsphinx",
    "tests/stt/test_grammar_cache.py::test_a_second_engine_reuses_the_compiled_grammar": (
        "loads pocketsphinx three times and decodes fixtures"
    ),
    "tests/store/test_concurrency.py": "kiosk processes racing for stock and slots, and killed at random",
    "tests/store/test_open_store.py::test_an_unreachable_server_is_one_line_without_the_password": _CLI,
    "tests/store/test_open_store.py::test_commands_report_a_missing_store_and_a_bad_url_in_one_line": _CLI,
    "tests/store/test_open_store.py::test_db_status_and_migrate_on_both_backends": _CLI,
    "tests/tts": "speaks through pyttsx3 and espeak-ng",
    "tests/audio/test_wake_word.py": "runs four microWakeWord models over five minutes of fixtures",
    "tests/cli/test_cli.py": _CLI,
    "tests/cli/test_cli_voice.py": "`assistant run` and `transcribe` subprocesses that load speech models",
    "tests/cli/test_cli_data.py": _CLI,
    "tests/cli/test_cli_tickets.py": _CLI,
    "tests/cli/test_cli_usability.py": _CLI,
    "tests/cli/test_faults.py": "`assistant` subprocesses on locked and read-only stores, an hour of audio",
    "tests/cli/test_deploy.py::test_systemd_accepts_every_unit": "systemd-analyze on every unit",
    "tests/cli/test_deploy.py::test_the_units_run_commands_the_assistant_has": _CLI,
    "tests/cli/test_report.py": "`assistant report` subprocesses (matplotlib charts) and a headless chromium",
    "tests/audio/test_reconnect.py::test_the_kiosk_answers_before_and_after_the_microphone_comes_back": (
        "builds the voice loop with its speech engines (over a minute)"
    ),
    "tests/dialogue/test_dialogue.py::"
    "test_a_failing_handler_gets_a_polite_reply_and_the_assistant_keeps_going": (
        "builds and trains an NLU of its own for a generated skill (half a minute)"
    ),
    "tests/nlu/test_scale.py": "builds an NLU with 60 generated skills next to the built-in ones",
    "tests/nlu/test_properties.py::test_assistant_parse_survives_hostile_input": _CLI,
    "tests/nlu/test_properties.py::test_numbers_said_over_and_over_do_not_stall_the_matcher": _CLI,
    "tests/plugins/test_plugins.py::test_example_installs_as_its_own_distribution": _PLUGIN_CLI,
    "tests/plugins/test_plugins.py::test_installed_skill_is_listed": _PLUGIN_CLI,
    "tests/plugins/test_plugins.py::test_installed_skill_adds_exactly_itself": _PLUGIN_CLI,
    "tests/plugins/test_plugins.py::test_installed_skill_parses": _PLUGIN_CLI,
    "tests/plugins/test_plugins.py::test_installed_skill_answers_in_chat": _PLUGIN_CLI,
    "tests/plugins/test_plugins.py::test_without_the_install_there_is_no_wifi_skill": _PLUGIN_CLI,
    "tests/plugins/test_plugins.py::test_local_skill_with_its_own_list_parses_on_the_cli": _PLUGIN_CLI,
    "tests/plugins/test_plugins.py::test_cli_skips_broken_skill_and_loads_good_one": _PLUGIN_CLI,
    "tests/plugins/test_plugins.py::test_skills_check_fails_on_broken_skills": _PLUGIN_CLI,
    "tests/plugins/test_plugins.py::test_skills_check_passes_with_good_skills": _PLUGIN_CLI,
    "tests/plugins/test_plugins.py::test_skills_check_names_responses_the_code_uses_but_a_language_lacks": (
        _PLUGIN_CLI
    ),
}
"""Tests marked ``slow`` (the full suite, CI's default, runs them all; the fast tier leaves them out).
Measured with ``--durations`` on a loaded 2-core machine; each place runs for several seconds or more, or
starts speech engines, browsers, servers or ``assistant`` subprocesses that load the models. Every test
that needs PostgreSQL is slow as well (a throwaway cluster; SQLite runs the same store code fast)."""


def _where(item: pytest.Item) -> str:
    """The test's file relative to the repository ("tests/nlu/test_nlu.py"); its full path if outside."""
    path = Path(item.path).resolve()
    return path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else path.as_posix()


def _slow_reason(item: pytest.Item) -> str | None:
    where = _where(item)
    name = getattr(item, "originalname", item.name)
    for key in (f"{where}::{name}", where, *(str(parent) for parent in PurePosixPath(where).parents)):
        if key in SLOW:
            return SLOW[key]
    return "needs PostgreSQL" if _needs_postgres(item) else None


def _check_slow_names(items: list[pytest.Item]) -> None:
    """A ``module::test`` key must name a test that exists, so that a rename cannot quietly make it fast."""
    modules = {_where(item): item for item in items}
    for key in SLOW:
        where, _, name = key.partition("::")
        item = modules.get(where)
        module = getattr(item, "module", None)
        if name and module is not None and not hasattr(module, name):
            raise pytest.UsageError(f"tests/conftest.py SLOW lists {key}, which does not exist")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the slow tests (``SLOW`` and PostgreSQL). PostgreSQL tests run unless deselected explicitly;
    CI never deselects them."""
    _check_slow_names(items)
    for item in items:
        if item.get_closest_marker("slow") is None and _slow_reason(item) is not None:
            item.add_marker(pytest.mark.slow)
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
def clock(shared_clock: Clock) -> Iterator[Clock]:
    """The session's clock at ``START``, and back there afterwards: tests that do not ask for it (the
    shared NLU reads "next monday" by it) never see another test's days gone by."""
    shared_clock.now = START
    yield shared_clock
    shared_clock.now = START


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
