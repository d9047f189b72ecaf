"""``assistant skills test``: a skill's example sentences through the real NLU and dialogue."""

from __future__ import annotations

import json
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from assistant import LANGUAGES
from assistant.app import build_nlu
from assistant.cli.skilltest import Recorder, recorded, run_example
from assistant.dialogue.manager import Dialogue, DialogueSettings
from assistant.intents import ORDER_RETURN
from assistant.plugins import Example, discover
from assistant.store import open_store
from tests.support.cli import run as run_assistant
from tests.support.paths import REPO

HANDLER_MODULE = """\
from assistant.skill_api import Context, Reply, Skill


def answer(ctx: Context) -> Reply:
    return ctx.say("answer")


skill = Skill(name={name!r}, description="test skill", handlers={{{intent!r}: answer}})
"""

EXAMPLES_LINE = 7
"""Line of the first example in a file written by ``write_skill``: after language, intents, the intent, its
template, ``examples:`` and the intent again."""


def write_skill(parent: Path, name: str, en_examples: str = "", ko_examples: str = "") -> Path:
    """A local skill ``name`` serving ``local.NAME`` ("ping NAME", "NAME 핑") in English and Korean; the
    ``examples`` texts are the entries under ``examples: {local.NAME: ...}`` (each line indented 4)."""
    intent = f"local.{name}"
    root = parent / name
    (root / "sentences").mkdir(parents=True)
    (root / "responses").mkdir()
    (root / "__init__.py").write_text(HANDLER_MODULE.format(name=name, intent=intent), encoding="utf-8")
    for lang, template, examples, reply in (
        ("en", f"(ping|poke) {name}", en_examples, f"pong from {name}"),
        ("ko", f"{name} 핑 [해 주세요]", ko_examples, f"{name} 퐁"),
    ):
        text = f"language: {lang}\nintents:\n  {intent}:\n    - {json.dumps(template, ensure_ascii=False)}\n"
        if examples:
            text += f"examples:\n  {intent}:\n{examples}"
        (root / "sentences" / f"{lang}.yaml").write_text(text, encoding="utf-8")
        (root / "responses" / f"{lang}.yaml").write_text(
            f'language: {lang}\nhelp: "testing {name}"\nresponses:\n  answer: "{reply}"\n', encoding="utf-8"
        )
    return root


@pytest.fixture(autouse=True)
def own_nlu_cache(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The small classifiers of these test skills are cached in the test's own folder, not among the
    user's (where they would push out the built-in skills' large ones); the slow test of the built-in
    skills uses the user's cache, as a skill author's run would."""
    if request.node.get_closest_marker("slow") is None:
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def local_config(home: Path) -> Path:
    """Settings loading only the local skills (no built-in ones: a small, quick NLU)."""
    path = home / "local.toml"
    path.write_text("entry_point_skills = false\n", encoding="utf-8")
    return path


def skills_test(home: Path, *extra: str) -> CompletedProcess[str]:
    """``assistant skills test`` on the local skills in ``home/skills``, run from ``home``."""
    args = ["skills", "test", "--config", str(local_config(home)), "--skills-dir", str(home / "skills")]
    return run_assistant([*args, *extra], home=home, cwd=home)


def fails(result: CompletedProcess[str]) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith("FAIL")]


# --- passing and failing examples ----------------------------------------------------------------


def test_passing_examples_exit_0_and_are_listed(tmp_path: Path) -> None:
    skills = tmp_path / "skills"
    write_skill(
        skills,
        "good",
        en_examples='    - "ping good"\n    - say: "poke good"\n      reply_has: "PONG from"\n',
        ko_examples='    - "good 핑 해 주세요"\n',
    )
    write_skill(skills, "other", en_examples='    - "ping other"\n', ko_examples='    - "other 핑"\n')
    result = skills_test(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    en, ko = Path("skills/good/sentences/en.yaml"), Path("skills/good/sentences/ko.yaml")
    assert f'ok   good {en}:{EXAMPLES_LINE}: "ping good" → local.good' in lines
    assert f'ok   good {en}:{EXAMPLES_LINE + 1}: "poke good" → local.good' in lines
    assert f'ok   good {ko}:{EXAMPLES_LINE}: "good 핑 해 주세요" → local.good' in lines
    assert sum(line.startswith("ok   other ") for line in lines) == 2
    assert lines[-1] == "5 examples: 5 ok, 0 failed"
    assert not fails(result)
    assert result.stderr == ""


def test_replies_are_shown_on_request(tmp_path: Path) -> None:
    write_skill(tmp_path / "skills", "good", en_examples='    - "ping good"\n')
    result = skills_test(tmp_path, "--replies")
    assert result.returncode == 0, result.stdout + result.stderr
    assert '       reply: "pong from good"' in result.stdout.splitlines()


def test_example_reaching_another_intent_fails_naming_skill_file_and_line(tmp_path: Path) -> None:
    skills = tmp_path / "skills"
    root = write_skill(skills, "good", en_examples='    - "ping good"\n    - "ping other"\n')
    write_skill(skills, "other")
    result = skills_test(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    path = (root / "sentences" / "en.yaml").relative_to(tmp_path)
    assert fails(result) == [
        f'FAIL good {path}:{EXAMPLES_LINE + 1}: "ping other": expected local.good, reached local.other; '
        'reply: "pong from other"'
    ]
    assert result.stdout.splitlines()[-1] == "2 examples: 1 ok, 1 failed"


def test_wrong_slot_missing_reply_phrase_and_nonsense_fail(tmp_path: Path) -> None:
    examples = (
        '    - say: "ping good"\n'
        "      slots: {colour: red}\n"
        '      reply_has: ["pong", "from nobody"]\n'
        '    - "what is the meaning of life"\n'
    )
    write_skill(tmp_path / "skills", "good", en_examples=examples)
    result = skills_test(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    first, second = fails(result)
    assert first.endswith(
        ": \"ping good\": slot colour: expected 'red', got none; the reply lacks 'from nobody'; "
        'reply: "pong from good"'
    )
    assert f"en.yaml:{EXAMPLES_LINE + 3}: " in second
    assert "expected local.good, but it was not understood" in second


def test_handler_that_raises_fails_its_example(tmp_path: Path) -> None:
    root = write_skill(tmp_path / "skills", "boom", en_examples='    - "ping boom"\n')
    init = root / "__init__.py"
    init.write_text(
        init.read_text(encoding="utf-8").replace(
            'return ctx.say("answer")', 'raise ValueError("no pong today")'
        ),
        encoding="utf-8",
    )
    result = skills_test(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    [line] = fails(result)
    assert line.startswith(
        f'FAIL boom skills/boom/sentences/en.yaml:{EXAMPLES_LINE}: "ping boom": '
        "the handler raised ValueError: no pong today; reply: "
    )
    assert "ValueError: no pong today" in result.stderr  # the traceback, for the skill's author


def test_skill_without_examples_is_named_but_does_not_fail(tmp_path: Path) -> None:
    write_skill(tmp_path / "skills", "quiet")
    result = skills_test(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "none quiet: no examples (add `examples:` to its sentences files)" in result.stdout.splitlines()


# --- malformed examples and usage errors --------------------------------------------------------------


@pytest.mark.parametrize(
    ("examples", "line", "message"),
    [
        ('    - sae: "ping bad"\n', EXAMPLES_LINE, "examples of 'local.bad': each is a sentence or {say: "),
        ('    - say: "ping bad"\n      expect: 1\n', EXAMPLES_LINE, "unknown key(s) expect"),
        ('    - say: "ping bad"\n      slots: [1]\n', EXAMPLES_LINE, "`slots` maps slot names to values"),
        (
            '    - say: "ping bad"\n      reply_has: {a: b}\n',
            EXAMPLES_LINE,
            "`reply_has` is a phrase or a list",
        ),
        ('    - "ping bad"\n    - ""\n', EXAMPLES_LINE + 1, "each is a sentence or"),
    ],
)
def test_malformed_example_is_a_load_error_naming_file_and_line(
    tmp_path: Path, examples: str, line: int, message: str
) -> None:
    root = write_skill(tmp_path, "bad", en_examples=examples)
    write_skill(tmp_path, "good")
    registry = discover(skills_dirs=[tmp_path], use_entry_points=False)
    assert [s.name for s in registry.skills] == ["good"]
    [error] = [str(e) for e in registry.errors]
    assert error.startswith(f"skill 'bad': {root / 'sentences' / 'en.yaml'}:{line}: "), error
    assert message in error


def test_examples_of_an_intent_without_templates_name_the_line(tmp_path: Path) -> None:
    root = write_skill(tmp_path, "bad")
    en = root / "sentences" / "en.yaml"
    en.write_text(
        en.read_text(encoding="utf-8") + 'examples:\n  local.nope:\n    - "ping"\n', encoding="utf-8"
    )
    [error] = [str(e) for e in discover(skills_dirs=[tmp_path], use_entry_points=False).errors]
    assert error == f"skill 'bad': {en}:6: examples for 'local.nope', which has no templates here"


def test_cli_reports_a_malformed_examples_block_and_exits_1(tmp_path: Path) -> None:
    skills = tmp_path / "skills"
    root = write_skill(skills, "bad", en_examples="    ping bad\n")
    write_skill(skills, "good", en_examples='    - "ping good"\n')
    result = skills_test(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    path = root / "sentences" / "en.yaml"
    assert fails(result) == [
        f"FAIL skill 'bad': {path}:{EXAMPLES_LINE - 1}: examples of 'local.bad': expected a list"
    ]
    assert result.stdout.splitlines()[-1] == "1 example: 1 ok, 0 failed; 1 skill not loaded"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--skills-dir", "missing"], "assistant: error: --skills-dir missing: skills folder does not exist"),
        (["--skills-dir", "empty"], "assistant: error: --skills-dir empty: no skill packages here"),
        (["--skill", "nobody"], "assistant: error: no skill named nobody (loaded: good)"),
    ],
)
def test_usage_errors_exit_2_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    write_skill(tmp_path / "skills", "good", en_examples='    - "ping good"\n')
    (tmp_path / "empty").mkdir()
    result = skills_test(tmp_path, *args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith(message), result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_a_bad_skills_folder_in_the_config_is_a_usage_error(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(f'skills_dirs = ["{tmp_path / "gone"}"]\n', encoding="utf-8")
    result = run_assistant(["skills", "test", "--config", str(config)], home=tmp_path, cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr == (
        f"assistant: error: skills_dirs in the config: {tmp_path / 'gone'}: skills folder does not exist\n"
    )


def test_scratch_store_leaves_the_users_store_alone(tmp_path: Path) -> None:
    write_skill(tmp_path / "skills", "good", en_examples='    - "ping good"\n')
    db = tmp_path / "mine.db"
    result = skills_test(tmp_path, "--db", str(db))
    assert result.returncode == 0, result.stdout + result.stderr
    assert not db.exists()
    assert not (tmp_path / "data").exists()


# --- the built-in skills and the example skill ------------------------------------------------------


def test_every_built_in_intent_has_examples_in_both_languages() -> None:
    registry = discover(skills_dirs=[REPO / "examples"])
    assert not registry.errors, [str(e) for e in registry.errors]
    missing = [
        f"{loaded.name} {lang} {intent}"
        for loaded in registry.skills
        for lang in LANGUAGES
        for intent in loaded.skill.handlers
        if not any(e.intent == intent for e in loaded.examples.get(lang, ()))
    ]
    assert missing == []


@pytest.mark.slow
def test_an_action_only_asked_about_does_not_pass(tmp_path: Path) -> None:
    """A loose reading of an action is asked about first ("Did you want to return an order?"): the
    handler has not run, so the example fails, whatever the intent guessed. (The example skill is loaded
    too: the same skills as the next test, whose trained classifier is then cached.)"""
    registry = discover(skills_dirs=[REPO / "examples"])
    recorder = Recorder()
    store = open_store(tmp_path / "store.db")
    try:
        nlu = build_nlu(registry, store)
        settings = DialogueSettings(action_confidence=1.01)  # every loose reading of an action is asked
        dialogue = Dialogue(recorded(registry, recorder), nlu, store, settings=settings)
        example = Example(ORDER_RETURN, "this thing is no good take it back")
        outcome = run_example(dialogue, recorder, "service", "en", example)
    finally:
        store.close()
    assert not outcome.ok and outcome.reached is None
    assert len(outcome.problems) == 1 and "but it only asked whether" in outcome.problems[0]
    assert recorder.calls == []


@pytest.mark.slow
def test_built_in_and_example_skills_pass_their_examples(tmp_path: Path) -> None:
    result = run_assistant(["skills", "test", "--skills-dir", str(REPO / "examples")], home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not fails(result)
    assert not [line for line in result.stdout.splitlines() if line.startswith("none ")]
    names = {line.split()[1] for line in result.stdout.splitlines() if line.startswith("ok ")}
    assert names == {"booking", "dialog", "handoff", "ordering", "recommend", "service", "store_info", "wifi"}
