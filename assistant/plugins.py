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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

from assistant import LANGUAGES
from assistant.messages import SlotValue
from assistant.nlu.builtin_lists import BUILTIN_LIST_NAMES
from assistant.nlu.slot_lists import DigitsList, RangeList, SlotList, ValueList, value_list
from assistant.nlu.templates import (
    TemplateError,
    TemplateGroup,
    apply_rules,
    expand,
    parse_template,
    slots_of,
)
from assistant.skill_api import Handler, Skill
from assistant.text import normalize
from assistant.yamlfile import LineStr, YamlError, line_of, load_yaml

ENTRY_POINT_GROUP = "assistant.skills"


class SkillError(Exception):
    """A skill that cannot be registered; the message names skill, file and line."""

    def __init__(self, skill: str, message: str, file: Path | None = None, line: int = 0) -> None:
        where = f"{file}:{line}: " if file and line else f"{file}: " if file else ""
        super().__init__(f"skill {skill!r}: {where}{message}")
        self.skill = skill


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
    raw_lists: dict[str, dict[str, Any]] = {}
    for path in sorted((root / "sentences").glob("*.yaml")):
        lang = path.stem
        if lang not in LANGUAGES:
            raise SkillError(name, f"unsupported language {lang!r} (supported: {', '.join(LANGUAGES)})", path)
        intents, lists = _read_sentences(name, path)
        sentences[lang] = intents
        raw_lists[lang] = lists
        responses[lang], helps[lang] = _read_responses(name, root / "responses" / f"{lang}.yaml")
    if not sentences:
        raise SkillError(name, "no sentences/<lang>.yaml files", root)
    lists = _build_lists(name, raw_lists, root)
    for lang, intents in sentences.items():
        path = root / "sentences" / f"{lang}.yaml"
        for intent, groups in intents.items():
            if intent not in skill.handlers:
                raise SkillError(name, f"no handler for intent {intent!r}", path, line_of(intent))
            for group in groups:
                for template in group.templates:
                    _check_template(name, path, template, lists)
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
    return LoadedSkill(skill, origin, root, sentences, lists, responses, helps)


def _read_sentences(name: str, path: Path) -> tuple[dict[str, tuple[TemplateGroup, ...]], dict[str, Any]]:
    data = _load(name, path)
    rules = data.get("rules") or {}
    if not isinstance(rules, dict) or not all(isinstance(v, str) for v in rules.values()):
        raise SkillError(name, "`rules` must map rule names to template text", path, 1)
    intents = data.get("intents")
    if not isinstance(intents, dict) or not intents:
        raise SkillError(name, "expected a mapping `intents: {intent id: [templates]}`", path, 1)
    result: dict[str, tuple[TemplateGroup, ...]] = {}
    for intent, entries in intents.items():
        if not isinstance(entries, list) or not entries:
            raise SkillError(name, f"intent {intent!r} needs a list of templates", path, line_of(intent))
        plain = [e for e in entries if isinstance(e, str)]
        groups = [TemplateGroup(tuple(_with_rules(name, path, t, rules) for t in plain))] if plain else []
        for entry in entries:
            if isinstance(entry, str):
                continue
            texts = entry.get("sentences") if isinstance(entry, dict) else None
            fixed = entry.get("slots", {}) if isinstance(entry, dict) else None
            if (
                not isinstance(texts, list)
                or not all(isinstance(t, str) for t in texts)
                or not isinstance(fixed, dict)
            ):
                raise SkillError(
                    name,
                    f"intent {intent!r}: each entry is a template or {{sentences: [...], slots: {{...}}}}",
                    path,
                    line_of(intent),
                )
            groups.append(
                TemplateGroup(
                    tuple(_with_rules(name, path, t, rules) for t in texts),
                    tuple((str(k), v if isinstance(v, int) else str(v)) for k, v in fixed.items()),
                )
            )
        result[intent] = tuple(groups)
    lists = data.get("lists") or {}
    if not isinstance(lists, dict):
        raise SkillError(name, "`lists` must be a mapping", path, 1)
    return result, lists


def _with_rules(name: str, path: Path, template: str, rules: Mapping[str, str]) -> str:
    try:
        expanded = LineStr(apply_rules(template, rules))
    except TemplateError as exc:
        raise SkillError(name, f"malformed template: {exc}", path, line_of(template)) from exc
    expanded.line = line_of(template)
    return expanded


def _read_responses(name: str, path: Path) -> tuple[dict[str, str], str]:
    if not path.is_file():
        raise SkillError(name, "missing responses file for this language", path)
    data = _load(name, path)
    responses = data.get("responses") or {}
    if not isinstance(responses, dict) or not all(isinstance(v, str) for v in responses.values()):
        raise SkillError(name, "expected `responses: {key: text}`", path, 1)
    return {str(k): str(v) for k, v in responses.items()}, str(data.get("help", ""))


def _load(name: str, path: Path) -> dict[str, Any]:
    try:
        data = load_yaml(path)
    except YamlError as exc:
        raise SkillError(name, str(exc)) from exc
    if not isinstance(data, dict):
        raise SkillError(name, "expected a YAML mapping", path, 1)
    return data


def _check_template(name: str, path: Path, template: str, lists: Mapping[str, SlotList]) -> None:
    line = line_of(template)
    try:
        tree = parse_template(template)
    except TemplateError as exc:
        raise SkillError(name, f"malformed template: {exc}", path, line) from exc
    for sentence in expand(tree, lambda _slot: ["x"], limit=200):
        if normalize(sentence) != sentence.lower():
            raise SkillError(
                name,
                f"{sentence!r} (from {template!r}) has characters that are removed from what "
                "customers say, so it can never match; write words only",
                path,
                line,
            )
    lang = path.stem
    for slot in slots_of(tree):
        own = lists.get(slot.list_name)
        if own is None and slot.list_name not in BUILTIN_LIST_NAMES:
            raise SkillError(name, f"unknown slot {{{slot.list_name}}} in {template!r}", path, line)
        if isinstance(own, ValueList) and not own.phrases(lang):
            raise SkillError(name, f"list {slot.list_name!r} has no values in {lang!r}", path, line)


def _build_lists(name: str, raw: Mapping[str, Mapping[str, Any]], root: Path) -> dict[str, SlotList]:
    """Merge each list's per-language definitions into one slot list."""
    names = sorted({list_name for per_lang in raw.values() for list_name in per_lang})
    lists: dict[str, SlotList] = {}
    for list_name in names:
        specs = {lang: per_lang[list_name] for lang, per_lang in raw.items() if list_name in per_lang}
        path = root / "sentences" / f"{next(iter(specs))}.yaml"
        first = next(iter(specs.values()))
        if not isinstance(first, dict):
            raise SkillError(name, f"list {list_name!r} must be a mapping", path, line_of(list_name))
        if "range" in first:
            bounds = first["range"] or {}
            lists[list_name] = RangeList(int(bounds.get("from", 1)), int(bounds.get("to", 99)))
        elif "digits" in first:
            bounds = first["digits"] or {}
            lists[list_name] = DigitsList(
                int(bounds.get("min", 3)), int(bounds.get("max", 10)), text=bool(bounds.get("text", False))
            )
        elif "values" in first:
            by_lang = {lang: list(_values(name, path, list_name, spec)) for lang, spec in specs.items()}
            lists[list_name] = value_list(list_name, by_lang, fuzzy=bool(first.get("fuzzy", False)))
        else:
            raise SkillError(
                name, f"list {list_name!r} needs `values`, `range` or `digits`", path, line_of(list_name)
            )
    return lists


def _values(name: str, path: Path, list_name: str, spec: Any) -> Iterable[tuple[str, SlotValue]]:
    values = spec.get("values") if isinstance(spec, dict) else None
    if not isinstance(values, list):
        raise SkillError(name, f"list {list_name!r}: `values` must be a list", path, line_of(list_name))
    for item in values:
        if isinstance(item, str):
            yield item, str(item)
        elif isinstance(item, dict) and isinstance(item.get("in"), str):
            out = item.get("out", item["in"])
            yield item["in"], out if isinstance(out, int | float) else str(out)
        else:
            raise SkillError(
                name, f"list {list_name!r}: each value is a string or {{in, out}}", path, line_of(list_name)
            )
