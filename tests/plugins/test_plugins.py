"""Skill plugins: a third-party package through its entry point, local folders, and broken skills."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any

import pytest

from assistant.app import build_nlu
from assistant.plugins import SkillRegistry, discover
from assistant.store import open_store
from assistant.stt.grammar import phrases_for
from tests.support.cli import run as run_assistant
from tests.support.clock import Clock
from tests.support.paths import REPO

EXAMPLE = REPO / "examples" / "wifi_skill"
WIFI_EN = "what's the wifi password"
WIFI_REPLY = "Connect to Kiosk-Guest; the password is welcome2025."
FIRST_TEMPLATE_LINE = 4
"""Line of an intent's first template in files written by ``write_sentences``."""


# --- helpers -------------------------------------------------------------------------------------

HANDLER_MODULE = """\
from assistant.messages import Reply
from assistant.skill_api import Context, Skill


def answer(ctx: Context) -> Reply:
    return ctx.say("answer")


skill = Skill(name={name!r}, description="test skill", handlers={{{intent!r}: answer}})
"""


def write_sentences(skill_dir: Path, lang: str, intents: dict[str, list[str]], tail: str = "") -> Path:
    """``sentences/<lang>.yaml``: the first intent's templates start on ``FIRST_TEMPLATE_LINE``."""
    lines = [f"language: {lang}", "intents:"]
    for intent, templates in intents.items():
        lines.append(f"  {intent}:")
        lines.extend(f"    - {json.dumps(t, ensure_ascii=False)}" for t in templates)
    path = skill_dir / "sentences" / f"{lang}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n" + tail, encoding="utf-8")
    return path


def write_skill(
    parent: Path, name: str, *, intent: str | None = None, en: list[str] | None = None, tail: str = ""
) -> Path:
    """A valid local skill ``name`` serving ``intent`` (default ``local.NAME``) in English and Korean."""
    intent = intent or f"local.{name}"
    root = parent / name
    root.mkdir(parents=True)
    (root / "__init__.py").write_text(HANDLER_MODULE.format(name=name, intent=intent), encoding="utf-8")
    write_sentences(root, "en", {intent: en or [f"(ping|poke) {name}"]}, tail)
    write_sentences(root, "ko", {intent: [f"{name} 핑 [해 주세요]"]})
    for lang, text in (("en", f"pong from {name}"), ("ko", f"{name} 퐁")):
        (root / "responses").mkdir(exist_ok=True)
        (root / "responses" / f"{lang}.yaml").write_text(
            f'language: {lang}\nhelp: "testing {name}"\nresponses:\n  answer: "{text}"\n', encoding="utf-8"
        )
    return root


def local_only(*dirs: Path) -> SkillRegistry:
    return discover(skills_dirs=list(dirs), use_entry_points=False)


def the_error(tmp_path: Path, use_entry_points: bool = False) -> str:
    """Discover ``tmp_path``: the good skill loads, exactly one other is skipped; its message."""
    registry = discover(skills_dirs=[tmp_path], use_entry_points=use_entry_points)
    assert "good" in [s.name for s in registry.skills]
    assert registry.handler("local.good") is not None
    assert len(registry.errors) == 1, [str(e) for e in registry.errors]
    return str(registry.errors[0])


def run(args: list[str], home: Path, site: Path | None = None, stdin: str = "") -> CompletedProcess[str]:
    """``python -m assistant ARGS`` with its data and config inside ``home``, run from there."""
    return run_assistant(args, stdin, home=home, site=site, cwd=home)


def skills_json(home: Path, site: Path | None = None, *extra: str) -> dict[str, Any]:
    result = run(["skills", "list", "--json", *extra], home, site)
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def parsed(home: Path, text: str, site: Path | None = None, *extra: str) -> dict[str, Any]:
    result = run(["parse", "--db", str(home / "store.db"), *extra, text], home, site)
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


# --- a third-party package installed through its entry point ----------------------------------------


@pytest.fixture(scope="module")
def wifi_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example installed as its own distribution into a private site folder (once per module)."""
    work = tmp_path_factory.mktemp("wifi")
    # Build from a copy so that pip's build/ and *.egg-info never land in the source tree.
    source = shutil.copytree(
        EXAMPLE, work / "src", ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__")
    )
    site = work / "site"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--disable-pip-version-check",
            "--target",
            str(site),
            str(source),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_example_installs_as_its_own_distribution(wifi_site: Path) -> None:
    dist_infos = [p.name for p in wifi_site.glob("*.dist-info")]
    assert dist_infos == ["kiosk_wifi_skill-0.1.0.dist-info"]
    entry_points = (wifi_site / dist_infos[0] / "entry_points.txt").read_text(encoding="utf-8")
    assert "[assistant.skills]\nwifi = wifi_skill" in entry_points
    for data in ("sentences", "responses"):
        assert sorted(p.name for p in (wifi_site / "wifi_skill" / data).iterdir()) == ["en.yaml", "ko.yaml"]


def test_installed_skill_is_listed(wifi_site: Path, tmp_path: Path) -> None:
    data = skills_json(tmp_path, wifi_site)
    wifi = [s for s in data["skills"] if s["name"] == "wifi"]
    assert wifi == [
        {
            "name": "wifi",
            "intents": ["store.wifi"],
            "languages": ["en", "ko"],
            "origin": "entry point 'wifi'",
            "description": "The shop's guest Wi-Fi network and password",
        }
    ]
    assert data["errors"] == []


def test_installed_skill_adds_exactly_itself(wifi_site: Path, tmp_path: Path) -> None:
    without = {s["name"] for s in skills_json(tmp_path)["skills"]}
    with_wifi = {s["name"] for s in skills_json(tmp_path, wifi_site)["skills"]}
    assert "store_info" in without
    assert with_wifi - without == {"wifi"}
    assert without <= with_wifi


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        (WIFI_EN, {}),
        ("Is there free Wi-Fi?", {}),
        ("what is the staff wifi password", {"network": "staff"}),
        ("와이파이 비밀번호 알려 주세요", {}),
        ("손님용 와이파이 있나요", {"network": "guest"}),
    ],
)
def test_installed_skill_parses(wifi_site: Path, tmp_path: Path, text: str, slots: dict[str, str]) -> None:
    match = parsed(tmp_path, text, wifi_site)
    assert (match["intent"], match["slots"]) == ("store.wifi", slots)


def test_installed_skill_answers_in_chat(wifi_site: Path, tmp_path: Path) -> None:
    lines = f"{WIFI_EN}\n직원용 와이파이 비밀번호가 뭐예요\n"
    result = run(["chat", "--db", str(tmp_path / "store.db")], tmp_path, wifi_site, stdin=lines)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        WIFI_REPLY,
        "죄송하지만 직원용 네트워크는 직원만 쓸 수 있어요. 손님용 와이파이를 이용해 주세요.",
    ]


def test_without_the_install_there_is_no_wifi_skill(tmp_path: Path) -> None:
    data = skills_json(tmp_path)
    names = [s["name"] for s in data["skills"]]
    assert "wifi" not in names and "store_info" in names
    assert "store.wifi" not in [i for s in data["skills"] for i in s["intents"]]
    assert parsed(tmp_path, WIFI_EN)["intent"] != "store.wifi"


# --- local folders ----------------------------------------------------------------------------------


def test_good_local_skill_loads(tmp_path: Path) -> None:
    root = write_skill(tmp_path, "good")
    registry = local_only(tmp_path)
    assert registry.errors == ()
    assert [(s.name, s.origin, s.root, s.languages) for s in registry.skills] == [
        ("good", str(root), root, ("en", "ko"))
    ]
    assert registry.intents == ["local.good"]
    (loaded,) = registry.skills
    assert loaded.help == {"en": "testing good", "ko": "testing good"}
    assert loaded.responses["ko"] == {"answer": "good 퐁"}


def test_skills_dir_may_be_the_skill_package_itself(tmp_path: Path) -> None:
    root = write_skill(tmp_path, "good")
    assert [s.name for s in local_only(root).skills] == ["good"]


def test_local_skill_with_its_own_list_parses_on_the_cli(tmp_path: Path) -> None:
    lists = "lists:\n  tone:\n    values:\n      - {in: loud, out: LOUD}\n      - {in: quiet, out: QUIET}\n"
    write_skill(tmp_path / "skills", "good", en=["ping good [{tone}]"], tail=lists)
    for text, tone in (("ping good quiet", "QUIET"), ("Ping good, LOUD!", "LOUD")):
        match = parsed(tmp_path, text, None, "--skills-dir", str(tmp_path / "skills"))
        assert (match["intent"], match["score"], match["slots"]) == ("local.good", 1.0, {"tone": tone})
    result = run(
        ["chat", "--db", str(tmp_path / "store.db"), "--skills-dir", str(tmp_path / "skills")],
        tmp_path,
        stdin="ping good\n",
    )
    assert result.stdout.splitlines() == ["pong from good"]


def test_unknown_slot_names_skill_file_and_line(tmp_path: Path) -> None:
    root = write_skill(tmp_path, "badslot", en=["ping badslot", "ping {nope}"])
    write_skill(tmp_path, "good")
    error = the_error(tmp_path)
    path = root / "sentences" / "en.yaml"
    line = FIRST_TEMPLATE_LINE + 1
    assert error == f"skill 'badslot': {path}:{line}: unknown slot {{nope}} in 'ping {{nope}}'"


def test_malformed_template_names_skill_file_and_line(tmp_path: Path) -> None:
    root = write_skill(tmp_path, "badtemplate", en=["ping one", "ping two", "ping (a|b"])
    write_skill(tmp_path, "good")
    error = the_error(tmp_path)
    path = root / "sentences" / "en.yaml"
    assert error.startswith(f"skill 'badtemplate': {path}:{FIRST_TEMPLATE_LINE + 2}: malformed template: ")
    assert "unclosed '(' at column 6 of 'ping (a|b'" in error


def test_unknown_rule_names_skill_file_and_line(tmp_path: Path) -> None:
    rules = 'rules:\n  polite: "[please]"\n'
    root = write_skill(tmp_path, "badrule", en=["ping badrule <polite>", "ping <nope>"], tail=rules)
    write_skill(tmp_path, "good")
    error = the_error(tmp_path)
    path = root / "sentences" / "en.yaml"
    assert error.startswith(f"skill 'badrule': {path}:{FIRST_TEMPLATE_LINE + 1}: malformed template: ")
    assert "unknown rule <nope>" in error


def test_sentences_for_an_intent_without_handler(tmp_path: Path) -> None:
    root = write_skill(tmp_path, "nohandler")
    path = write_sentences(root, "en", {"local.nohandler": ["ping it"], "local.orphan": ["orphan"]})
    write_skill(tmp_path, "good")
    # line 3: local.nohandler, 4: its template, 5: local.orphan
    assert the_error(tmp_path) == f"skill 'nohandler': {path}:5: no handler for intent 'local.orphan'"


def test_duplicate_intent_id_is_refused(tmp_path: Path) -> None:
    write_skill(tmp_path, "dup", intent="store.hours", en=["when do you open"])
    write_skill(tmp_path, "good")
    error = the_error(tmp_path, use_entry_points=True)
    init = tmp_path / "dup" / "__init__.py"
    assert (
        error
        == f"skill 'dup': {init}: duplicate intent id 'store.hours' (already served by skill 'store_info')"
    )
    registry = discover(skills_dirs=[tmp_path])
    assert registry.skill_for("store.hours").name == "store_info"  # type: ignore[union-attr]


def test_sentences_language_without_responses(tmp_path: Path) -> None:
    root = write_skill(tmp_path, "noresponses")
    (root / "responses" / "ko.yaml").unlink()
    write_skill(tmp_path, "good")
    path = root / "responses" / "ko.yaml"
    assert the_error(tmp_path) == f"skill 'noresponses': {path}: missing responses file for this language"


def test_unsupported_language_file(tmp_path: Path) -> None:
    root = write_skill(tmp_path, "french")
    path = write_sentences(root, "fr", {"local.french": ["bonjour"]})
    write_skill(tmp_path, "good")
    assert the_error(tmp_path) == f"skill 'french': {path}: unsupported language 'fr' (supported: en, ko)"


def test_module_that_fails_to_import(tmp_path: Path) -> None:
    root = write_skill(tmp_path, "noimport")
    (root / "__init__.py").write_text('raise ImportError("needs libfoo")\n', encoding="utf-8")
    write_skill(tmp_path, "good")
    init = root / "__init__.py"
    assert the_error(tmp_path) == f"skill 'noimport': {init}:1: cannot be imported: ImportError: needs libfoo"


def test_package_without_skill(tmp_path: Path) -> None:
    root = write_skill(tmp_path, "noskill")
    (root / "__init__.py").write_text("answer = 42\n", encoding="utf-8")
    write_skill(tmp_path, "good")
    path = root / "__init__.py"
    assert the_error(tmp_path) == f"skill 'noskill': {path}: the package must define `skill = Skill(...)`"


# --- the CLI ----------------------------------------------------------------------------------------


def test_cli_skips_broken_skill_and_loads_good_one(tmp_path: Path) -> None:
    skills = tmp_path / "skills"
    root = write_skill(skills, "badslot", en=["ping badslot", "ping {nope}"])
    write_skill(skills, "good")
    data = skills_json(tmp_path, None, "--skills-dir", str(skills))
    assert "good" in [s["name"] for s in data["skills"]]
    assert "badslot" not in [s["name"] for s in data["skills"]]
    path, line = root / "sentences" / "en.yaml", FIRST_TEMPLATE_LINE + 1
    assert data["errors"] == [f"skill 'badslot': {path}:{line}: unknown slot {{nope}} in 'ping {{nope}}'"]


def test_skills_check_fails_on_broken_skills(tmp_path: Path) -> None:
    skills = tmp_path / "skills"
    write_skill(skills, "badslot", en=["ping {nope}"])
    write_skill(skills, "badtemplate", en=["ping (a|b"])
    write_skill(skills, "good")
    result = run(["skills", "check", "--skills-dir", str(skills)], tmp_path)
    assert result.returncode == 2
    fails = [line for line in result.stdout.splitlines() if line.startswith("FAIL ")]
    assert [line.split(":")[0] for line in fails] == ["FAIL skill 'badslot'", "FAIL skill 'badtemplate'"]
    assert "ok   good (en, ko): 1 intents" in result.stdout.splitlines()


def test_skills_check_passes_with_good_skills(tmp_path: Path) -> None:
    skills = tmp_path / "skills"
    write_skill(skills, "good")
    write_skill(skills, "alsogood")
    result = run(["skills", "check", "--skills-dir", str(skills)], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "ok   good (en, ko): 1 intents" in lines and "ok   alsogood (en, ko): 1 intents" in lines
    assert not [line for line in lines if line.startswith("FAIL")]
    said = result.stderr.splitlines()  # the first command on a machine says it made the default store
    assert all(line.startswith("assistant: created a new store with the demo catalog") for line in said)


def test_skills_check_names_responses_the_code_uses_but_a_language_lacks(tmp_path: Path) -> None:
    skills = tmp_path / "skills"
    root = write_skill(skills, "sloppy")
    init = root / "__init__.py"
    init.write_text(
        init.read_text(encoding="utf-8").replace(
            'return ctx.say("answer")', 'ctx.say("answer", colour="red")\n    return ctx.say("gone")'
        ),
        encoding="utf-8",
    )
    ko = root / "responses" / "ko.yaml"
    ko.write_text(ko.read_text(encoding="utf-8").replace("퐁", "퐁 {size}"), encoding="utf-8")
    write_skill(skills, "good")
    result = run(["skills", "check", "--skills-dir", str(skills)], tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    fails = [line for line in result.stdout.splitlines() if line.startswith("FAIL ")]
    assert fails == [
        "FAIL sloppy (en, ko): 1 intents",
        f"FAIL sloppy: {init}:6: response 'answer' (ko) uses size, not passed",
        f"FAIL sloppy: {init}:7: response 'gone' is missing in en",
        f"FAIL sloppy: {init}:7: response 'gone' is missing in ko",
    ]
    assert "ok   good (en, ko): 1 intents" in result.stdout.splitlines()


# --- training sentences --------------------------------------------------------------------------

TRAINING = 'training:\n  local.good:\n    - "could you give the good one a nudge for me"\n'


def test_training_sentences_teach_the_classifier_but_are_no_templates(tmp_path: Path) -> None:
    write_skill(tmp_path, "good", tail=TRAINING)
    registry = local_only(tmp_path)
    with open_store(tmp_path / "store.db", clock=Clock()) as store:
        nlu = build_nlu(registry, store, Clock())
    match = nlu.parse("could you give the good one a nudge for me", "en")
    assert (match.intent, match.matcher) == ("local.good", "classifier")
    assert nlu.parse("poke good", "en").matcher == "template"


def test_training_sentences_stay_out_of_the_speech_grammar(tmp_path: Path) -> None:
    write_skill(tmp_path, "good", tail=TRAINING)
    with open_store(tmp_path / "store.db", clock=Clock()) as store:
        phrases = phrases_for(local_only(tmp_path), store, "en")
    assert "poke good" in phrases and not any("nudge" in p for p in phrases)


def test_training_sentences_for_an_intent_without_templates_name_file_and_line(tmp_path: Path) -> None:
    root = write_skill(tmp_path, "badtrain", tail='training:\n  local.other:\n    - "hello there"\n')
    write_skill(tmp_path, "good")
    error = the_error(tmp_path)
    path = root / "sentences" / "en.yaml"
    assert error == (
        f"skill 'badtrain': {path}:{FIRST_TEMPLATE_LINE + 2}: training sentences for 'local.other', "
        "which has no templates here"
    )


def test_template_checks_are_remembered_until_a_sentence_file_changes(tmp_path: Path) -> None:
    from assistant.nlu.cache import cache_dir
    from assistant.plugins.checked import checks_key

    root = write_skill(tmp_path / "skills", "remembered", en=["(ping|poke) remembered"])
    record = cache_dir() / f"skill-checked-{checks_key(root)}"
    assert not record.exists()
    assert "remembered" in [s.name for s in local_only(tmp_path / "skills").skills]
    assert record.is_file()  # the next start skips the checks
    assert "remembered" in [s.name for s in local_only(tmp_path / "skills").skills]
    path = write_sentences(root, "en", {"local.remembered": ["ping (remembered"]})
    assert checks_key(root) != record.name.removeprefix("skill-checked-")
    errors = [str(e) for e in local_only(tmp_path / "skills").errors]
    assert len(errors) == 1 and errors[0].startswith(f"skill 'remembered': {path}:")
    assert "malformed template" in errors[0]
