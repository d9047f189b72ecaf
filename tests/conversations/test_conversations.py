"""The conversation contract (issue 11): hundreds of scripted conversations per language, each checked
reply by reply and by what the store holds afterwards (``tests/conversations/README.md``).

Scripts listed in ``known_failures.yaml`` are expected to fail on a reply (the reason is recorded there);
they still fail hard if the store holds anything the customer did not ask for, and a listed script that
passes fails too, so that the list only shrinks."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from assistant.app import build_nlu
from assistant.dialogue.manager import Dialogue, DialogueSettings
from assistant.nlu.engine import Nlu
from assistant.plugins import SkillRegistry, discover
from assistant.store import SqliteStore
from tests.conversations.script import (
    HERE,
    Failure,
    Script,
    check_store,
    play,
    scripts,
    snapshot,
    transcript,
    unasked_actions,
)
from tests.support.clock import START, Clock

SCRIPTS = scripts()
KNOWN: dict[str, str] = yaml.safe_load((HERE / "known_failures.yaml").read_text(encoding="utf-8")) or {}
"""Script id → why it fails today (a reply the dialogue or the NLU does not give yet)."""


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A freshly seeded demo store, copied for every conversation."""
    path = tmp_path_factory.mktemp("demo") / "store.db"
    SqliteStore.open(path, clock=Clock()).close()
    return path


@pytest.fixture(scope="module")
def worlds(demo_db: Path) -> Iterator[dict[tuple[str, ...], tuple[SkillRegistry, Nlu]]]:
    """Skills and NLU for each set of extra skills the scripts install (built once)."""
    built: dict[tuple[str, ...], tuple[SkillRegistry, Nlu]] = {}
    with SqliteStore.open(demo_db, clock=Clock()) as store:
        for extra in sorted({s.skills for s in SCRIPTS}):
            registry = discover([HERE / "skills" / name for name in extra])
            assert not registry.errors, registry.errors
            built[extra] = (registry, build_nlu(registry, store, Clock()))
    yield built


def test_the_suite_is_big_enough_and_covers_both_languages() -> None:
    for lang in ("en", "ko"):
        assert sum(s.file.startswith(f"{lang}/") for s in SCRIPTS) >= 150
    assert sum(bool(s.skills) for s in SCRIPTS) >= 15


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.id for s in SCRIPTS])
def test_conversation(
    script: Script, demo_db: Path, worlds: dict[tuple[str, ...], tuple[SkillRegistry, Nlu]], tmp_path: Path
) -> None:
    db = tmp_path / "store.db"
    shutil.copy(demo_db, db)
    registry, nlu = worlds[script.skills]
    clock = Clock(START)
    before = snapshot(db)
    with SqliteStore.open(db, clock=clock) as store:
        dialogue = Dialogue(registry, nlu, store, clock, DialogueSettings())
        try:
            exchange = play(script, dialogue, clock)
        except Failure as failure:
            wrong = str(failure)
        else:
            wrong = ""
    after = snapshot(db)
    unasked = unasked_actions(script, before, after)
    if unasked:  # never excused, known failure or not
        pytest.fail(
            "unasked action: " + "; ".join(unasked) + "\n" + (wrong or transcript(exchange)), pytrace=False
        )
    problems = check_store(script, before, after)
    if problems and not wrong:
        wrong = "store: " + "; ".join(problems) + "\n" + transcript(exchange)
    if script.id in KNOWN:
        if not wrong:
            pytest.fail(f"passes now: remove {script.id!r} from known_failures.yaml", pytrace=False)
        pytest.xfail(KNOWN[script.id])
    if wrong:
        pytest.fail(wrong, pytrace=False)


def test_known_failures_name_scripts_that_exist() -> None:
    assert sorted(set(KNOWN) - {s.id for s in SCRIPTS}) == []
