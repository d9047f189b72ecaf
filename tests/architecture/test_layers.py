"""The layering in docs/ARCHITECTURE.md holds: every module has a layer, no run-time import goes upward,
and the built-in skills and the example use only the skill API."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.paths import REPO

DOC = REPO / "docs" / "ARCHITECTURE.md"


def layers() -> dict[str, int]:
    """Module (or package) name → layer number, from the document's table."""
    table: dict[str, int] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        row = re.match(r"\|\s*(\d+)\s[^|]*\|(.*)\|\s*$", line)
        if row:
            for name in re.findall(r"`([\w.]+)`", row.group(2)):
                table[name] = int(row.group(1))
    return table


LAYERS = layers()


def layer_of(module: str) -> int | None:
    """The layer of ``module``: its own row, or its closest package's."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        name = ".".join(parts[:end])
        if name in LAYERS:
            return LAYERS[name]
    return None


def modules(root: Path, package: str) -> Iterator[tuple[str, Path]]:
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).with_suffix("")
        parts = [package, *relative.parts]
        if parts[-1] == "__init__":
            parts.pop()
        yield ".".join(parts), path


def runtime_imports(path: Path, module: str) -> Iterator[tuple[str, int]]:
    """Modules imported when ``path`` runs (not those under ``if TYPE_CHECKING:``), with line numbers."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only |= {id(n) for child in node.body for n in ast.walk(child)}
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            yield base, node.lineno
            for alias in node.names:  # "from assistant import intents" imports a module
                yield f"{base}.{alias.name}", node.lineno


ASSISTANT = list(modules(REPO / "assistant", "assistant"))


def test_every_module_has_a_layer() -> None:
    missing = [name for name, _ in ASSISTANT if layer_of(name) is None]
    assert not missing, f"add these to the table in docs/ARCHITECTURE.md: {missing}"


@pytest.mark.parametrize(("module", "path"), ASSISTANT, ids=[name for name, _ in ASSISTANT])
def test_no_import_goes_to_a_higher_layer(module: str, path: Path) -> None:
    own = layer_of(module)
    assert own is not None
    upward = []
    for imported, line in runtime_imports(path, module):
        if not imported.startswith("assistant"):
            continue
        target = layer_of(imported)
        if target is not None and target > own:
            upward.append(f"{path.relative_to(REPO)}:{line} imports {imported} (layer {target} > {own})")
    assert not upward, "\n".join(upward)


SKILL_FILES = [*sorted((REPO / "skills").rglob("*.py")), *sorted((REPO / "examples").rglob("*.py"))]


@pytest.mark.parametrize("path", SKILL_FILES, ids=[str(p.relative_to(REPO)) for p in SKILL_FILES])
def test_skills_use_only_the_skill_api(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    used = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("assistant")
    }
    used |= {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
        if alias.name.startswith("assistant")
    }
    assert used <= {"assistant.skill_api"}, f"{path.relative_to(REPO)} imports {sorted(used)}"


def test_the_document_names_no_module_that_does_not_exist() -> None:
    names = {name for name, _ in ASSISTANT}
    stale = [
        name for name in LAYERS if name not in names and not any(n.startswith(name + ".") for n in names)
    ]
    assert not stale, f"docs/ARCHITECTURE.md names modules that do not exist: {stale}"


def test_the_check_sees_upward_imports_and_ignores_type_only_ones(tmp_path: Path) -> None:
    source = tmp_path / "text.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "from assistant import intents\n"
        "if TYPE_CHECKING:\n"
        "    from assistant.app import Assistant\n"
        "def late():\n"
        "    from assistant.cli import main\n",
        encoding="utf-8",
    )
    seen = [name for name, _ in runtime_imports(source, "assistant.text")]
    assert "assistant.cli" in seen and "assistant.intents" in seen and "assistant.app" not in seen
    assert layer_of("assistant.cli.chat") == 10 and layer_of("assistant.text") == 1
