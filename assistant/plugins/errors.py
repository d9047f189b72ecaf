"""The error a skill that cannot be registered raises."""

from __future__ import annotations

from pathlib import Path


class SkillError(Exception):
    """A skill that cannot be registered; the message names skill, file and line."""

    def __init__(self, skill: str, message: str, file: Path | None = None, line: int = 0) -> None:
        where = f"{file}:{line}: " if file and line else f"{file}: " if file else ""
        super().__init__(f"skill {skill!r}: {where}{message}")
        self.skill = skill
        self.message = message
