"""The systemd units in deploy/ are valid and run commands this assistant has."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.config import load_config
from tests.support.cli import run
from tests.support.paths import REPO

DEPLOY = REPO / "deploy"
INSTALLED = "/opt/kiosk-assistant/.venv/bin/assistant"
UNITS = sorted([*DEPLOY.glob("*.service"), *DEPLOY.glob("*.timer")])


def assistant_command() -> str:
    found = shutil.which("assistant") or str(Path(sys.executable).parent / "assistant")
    assert Path(found).is_file(), "the `assistant` command is not installed (pip install -e .)"
    return found


def exec_lines(unit: Path) -> list[list[str]]:
    lines = unit.read_text(encoding="utf-8").splitlines()
    return [shlex.split(line.split("=", 1)[1]) for line in lines if line.startswith("ExecStart=")]


def test_systemd_accepts_every_unit(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is missing: apt-get install -y systemd (.ci/run does)"
    command = assistant_command()
    for unit in UNITS:
        text = unit.read_text(encoding="utf-8").replace(INSTALLED, command)
        (tmp_path / unit.name).write_text(text, encoding="utf-8")
    copies = [str(tmp_path / u.name) for u in UNITS]
    done = subprocess.run([analyze, "verify", *copies], capture_output=True, text=True, timeout=60)
    ours = [line for line in done.stderr.splitlines() if str(tmp_path) in line]
    assert done.returncode == 0 and not ours, done.stderr


def test_the_service_restarts_on_failure_and_every_timer_has_its_service() -> None:
    service = (DEPLOY / "kiosk-assistant.service").read_text(encoding="utf-8")
    assert "Restart=on-failure" in service.splitlines() and "RestartSec=5" in service.splitlines()
    for timer in DEPLOY.glob("*.timer"):
        assert timer.with_suffix(".service").is_file(), f"{timer.name} has no service to start"


@pytest.mark.parametrize("unit", [u for u in UNITS if u.suffix == ".service"], ids=lambda u: u.name)
def test_the_units_run_commands_the_assistant_has(unit: Path) -> None:
    for argv in exec_lines(unit):
        assert argv[0] == INSTALLED
        done = run([*argv[1:], "--help"])
        assert done.returncode == 0, done.stderr


def test_the_example_config_is_valid() -> None:
    config = load_config(DEPLOY / "config.toml")
    assert config.wake_phrase and config.db.path == Path("/var/lib/kiosk-assistant/store.db")
