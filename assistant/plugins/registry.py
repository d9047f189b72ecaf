"""Skill discovery and validation.

Skills come from the ``assistant.skills`` entry-point group (built-in ones too) and from local
folders (``--skills-dir``). Each is validated whole at registration; a broken skill is skipped
with an error naming the skill, file and line, and the others load.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import sys
import traceback
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

from assistant import LANGUAGES
from assistant.nlu.slot_lists import SlotList
from assistant.nlu.templates import TemplateGroup
from assistant.plugins.checked import checks_key, passed_before, remember_passed
from assistant.plugins.errors import SkillError
from assistant.plugins.files import (
    Example,
    build_lists,
    check_template,
    read_examples,
    read_responses,
    read_sentences,
)
from assistant.skill_api import Handler, Skill
from assistant.yamlfile import line_of

ENTRY_POINT_GROUP = "assistant.skills"


@dataclass(frozen=True)
class LoadedSkill:
    """A validated skill with its templates, lists and responses."""

    skill: Skill
    origin: str
    """Where it came from: ``entry point NAME`` or a folder."""
    root: Path
    """Folder holding ``sentences/`` and ``responses/``."""
    sentences: Mapping[str, Mapping[str, tuple[TemplateGroup, ...]]]
    """Language → intent → template groups."""
    lists: Mapping[str, SlotList]
    """Slot lists the skill defines itself (override built-ins of the same name)."""
    responses: Mapping[str, Mapping[str, str]]
    """Language → response key → template."""
    help: Mapping[str, str]
    """Language → one phrase saying what the skill does."""
    examples: Mapping[str, tuple[Example, ...]] = field(default_factory=dict)
    """Language → example sentences and what they must do (``assistant skills test``)."""

    @property
    def name(self) -> str:
        return self.skill.name

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted(self.sentences))


@dataclass(frozen=True)
class SkillRegistry:
    """The skills that loaded, and why the others did not."""

    skills: tuple[LoadedSkill, ...] = ()
    errors: tuple[SkillError, ...] = ()
    _by_intent: dict[str, LoadedSkill] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for loaded in self.skills:
            for intent in loaded.skill.handlers:
                self._by_intent[intent] = loaded

    def skill_for(self, intent: str) -> LoadedSkill | None:
        """The skill serving ``intent``."""
        return self._by_intent.get(intent)

    def handler(self, intent: str) -> Handler | None:
        loaded = self._by_intent.get(intent)
        return loaded.skill.handlers[intent] if loaded else None

    @property
    def intents(self) -> list[str]:
        return sorted(self._by_intent)

    def templates(
        self, shared: Mapping[str, SlotList]
    ) -> Iterator[tuple[str, str, tuple[TemplateGroup, ...], Mapping[str, SlotList]]]:
        """(language, intent, template groups, slot lists it may use) for every skill's intents.

        A skill sees the ``shared`` lists (numbers, dates, catalog) overridden by its own.
        """
        for loaded in self.skills:
            lists = {**shared, **loaded.lists}
            for lang, intents in loaded.sentences.items():
                for intent, groups in intents.items():
                    yield lang, intent, groups, lists


def discover(skills_dirs: Sequence[Path] = (), use_entry_points: bool = True) -> SkillRegistry:
    """Load and validate every skill from entry points and ``skills_dirs``."""
    loaded: list[LoadedSkill] = []
    errors: list[SkillError] = []
    sources: list[tuple[str, str, Any]] = []
    if use_entry_points:
        seen: set[str] = set()
        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            if ep.value not in seen:
                seen.add(ep.value)
                sources.append((ep.name, f"entry point {ep.name!r}", ep))
    for folder in skills_dirs:
        for package in _packages_in(folder, errors):
            sources.append((package.name, str(package), package))
    owners: dict[str, str] = {}
    names: set[str] = set()
    for name, origin, source in sources:
        try:
            module = source.load() if not isinstance(source, Path) else _import_folder(source)
            skill = _validate(name, origin, module, owners)
            if skill.name in names:
                raise SkillError(
                    skill.name, f"a skill with this name is already loaded ({origin} skipped)", skill.root
                )
        except SkillError as exc:
            errors.append(exc)
            continue
        except Exception as exc:  # a third-party skill can fail to import in any way
            file, line = _where(exc)
            errors.append(SkillError(name, f"cannot be imported: {type(exc).__name__}: {exc}", file, line))
            continue
        for intent in skill.skill.handlers:
            owners[intent] = skill.name
        loaded.append(skill)
        names.add(skill.name)
    return SkillRegistry(tuple(loaded), tuple(errors))


def _where(exc: BaseException) -> tuple[Path | None, int]:
    """File and line where an import failed."""
    if isinstance(exc, SyntaxError) and exc.filename:
        return Path(exc.filename), exc.lineno or 0
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return None, 0
    return Path(frames[-1].filename), frames[-1].lineno or 0


def skills_dir_problem(folder: Path) -> str | None:
    """Why ``folder`` (a ``--skills-dir``) holds no skills to load, or ``None`` when it holds some."""
    errors: list[SkillError] = []
    _packages_in(folder, errors)
    return errors[0].message if errors else None


def _packages_in(folder: Path, errors: list[SkillError]) -> list[Path]:
    if not folder.is_dir():
        errors.append(SkillError(folder.name, "skills folder does not exist", folder))
        return []
    if (folder / "__init__.py").is_file():
        return [folder]
    found = []
    for child in sorted(p for p in folder.iterdir() if p.is_dir()):
        if (child / "__init__.py").is_file():
            found.append(child)
        elif (child / "pyproject.toml").is_file():  # a skill's project folder (examples/wifi_skill)
            found += sorted(
                p for p in child.iterdir() if (p / "__init__.py").is_file() and (p / "sentences").is_dir()
            )
    if not found:
        errors.append(
            SkillError(
                folder.name,
                "no skill packages here (a skill is a folder with __init__.py, sentences/ and responses/)",
                folder,
            )
        )
    return found


def _import_folder(package: Path) -> ModuleType:
    digest = hashlib.sha1(str(package.resolve()).encode()).hexdigest()[:8]
    module_name = f"assistant_local_skills.{package.name}_{digest}"
    spec = importlib.util.spec_from_file_location(
        module_name, package / "__init__.py", submodule_search_locations=[str(package)]
    )
    if spec is None or spec.loader is None:
        raise SkillError(package.name, "not an importable package", package)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def _validate(name: str, origin: str, module: Any, owners: Mapping[str, str]) -> LoadedSkill:
    skill = getattr(module, "skill", None)
    module_file = getattr(module, "__file__", None)
    if not isinstance(skill, Skill) or not module_file:
        raise SkillError(name, "the package must define `skill = Skill(...)`", Path(module_file or name))
    name = skill.name
    root = Path(module_file).parent
    for intent, handler in skill.handlers.items():
        if not callable(handler):
            raise SkillError(name, f"handler for {intent!r} is not callable", Path(module_file))
        if intent in owners:
            raise SkillError(
                name,
                f"duplicate intent id {intent!r} (already served by skill {owners[intent]!r})",
                Path(module_file),
            )
    sentences: dict[str, dict[str, tuple[TemplateGroup, ...]]] = {}
    responses: dict[str, dict[str, str]] = {}
    helps: dict[str, str] = {}
    examples: dict[str, tuple[Example, ...]] = {}
    raw_lists: dict[str, dict[str, Any]] = {}
    for path in sorted((root / "sentences").glob("*.yaml")):
        lang = path.stem
        if lang not in LANGUAGES:
            raise SkillError(name, f"unsupported language {lang!r} (supported: {', '.join(LANGUAGES)})", path)
        intents, lists = read_sentences(name, path)
        examples[lang] = read_examples(name, path, intents)
        sentences[lang] = intents
        raw_lists[lang] = lists
        responses[lang], helps[lang] = read_responses(name, root / "responses" / f"{lang}.yaml")
    if not sentences:
        raise SkillError(name, "no sentences/<lang>.yaml files", root)
    lists = build_lists(name, raw_lists, root)
    key = checks_key(root)
    checked = passed_before(key)
    for lang, intents in sentences.items():
        path = root / "sentences" / f"{lang}.yaml"
        for intent, groups in intents.items():
            if intent not in skill.handlers:
                raise SkillError(name, f"no handler for intent {intent!r}", path, line_of(intent))
            for group in () if checked else groups:
                for template in group.templates:
                    check_template(name, path, template, lists)
    if not checked:
        remember_passed(key)
        for intent in skill.handlers:
            if intent not in intents:
                raise SkillError(name, f"intent {intent!r} has no sentences in language {lang!r}", path)
    keys = {lang: set(r) for lang, r in responses.items()}
    for lang, have in keys.items():
        for other, theirs in keys.items():
            missing = sorted(theirs - have)
            if missing:
                path = root / "responses" / f"{lang}.yaml"
                raise SkillError(
                    name, f"responses missing in {lang!r} but present in {other!r}: {missing}", path
                )
    return LoadedSkill(skill, origin, root, sentences, lists, responses, helps, examples)
