"""YAML loading that remembers the line of every string, for error messages that point at it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class LineStr(str):
    """A string from a YAML file, with the 1-based ``line`` it was on."""

    line: int


_SAFE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML was built with it: it parses the skills ~10x faster than the
pure-Python one (the YAML files were half of a warm start's time)."""


class _Loader(_SAFE):  # type: ignore[valid-type,misc]
    pass


def _construct_str(loader: _Loader, node: yaml.ScalarNode) -> LineStr:
    value = LineStr(loader.construct_scalar(node))
    value.line = node.start_mark.line + 1
    return value


_Loader.add_constructor("tag:yaml.org,2002:str", _construct_str)


class YamlError(ValueError):
    """A YAML file that cannot be read or parsed; the message names the file and line."""


def load_yaml(path: Path) -> Any:
    """Parse ``path``; strings come back as ``LineStr``."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise YamlError(f"{path}: cannot read ({exc})") from exc
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        raise YamlError(f"{path}:{line}: {exc.problem}") from exc
    except yaml.YAMLError as exc:
        raise YamlError(f"{path}: {exc}") from exc


def parse_yaml(text: str) -> Any:
    """``yaml.safe_load`` of ``text``, with libyaml when available."""
    return yaml.load(text, Loader=_SAFE)


def line_of(value: object) -> int:
    """The line a loaded string came from, or 0."""
    return getattr(value, "line", 0)
