"""What a skill's code asks of its response files, checked without running it.

A handler that calls ``ctx.say("key", value=…)`` needs ``key`` in every language's responses, and the
template may only use the values passed; helpers of the skill API need their own responses (``gate`` the
``verify_*`` ones). Keys built at run time (``f"status_{…}"``) cannot be seen and are not checked.
"""

from __future__ import annotations

import ast
import string
from collections.abc import Iterator
from pathlib import Path

from assistant.plugins.registry import LoadedSkill

KEY_ARGUMENT = {"say": 0, "confirm": 0, "end": 0, "text": 0, "ask": 1, "ask_secret": 1, "hand_over": 2}
"""Context methods that take a response key, and the position of the key among their arguments."""
HELPER_KEYS = {
    "gate": ("verify_ask", "verify_wrong", "verify_four_digits", "verify_locked"),
    "customer_gate": ("verify_ask", "verify_wrong", "verify_four_digits", "verify_locked"),
    "phone_for": ("ask_phone", "bad_phone"),
    "contact": ("contact_phone", "contact_code"),
}
"""Skill API helpers and the responses they use."""


def response_problems(loaded: LoadedSkill) -> list[str]:
    """``file:line: …`` for every response a skill's code uses that a language lacks or cannot fill."""
    problems: list[str] = []
    for path in sorted(loaded.root.rglob("*.py")):
        for line, key, given in _uses(path):
            for lang, responses in sorted(loaded.responses.items()):
                template = responses.get(key)
                if template is None:
                    problems.append(f"{path}:{line}: response {key!r} is missing in {lang}")
                    continue
                wanted = _fields(template)
                if given is not None and not wanted <= given:
                    missing = ", ".join(sorted(wanted - given))
                    problems.append(f"{path}:{line}: response {key!r} ({lang}) uses {missing}, not passed")
    return problems


def _uses(path: Path) -> Iterator[tuple[int, str, set[str] | None]]:
    """(line, response key, the values passed — ``None`` when they cannot be told) of every use."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in HELPER_KEYS:
            for key in HELPER_KEYS[name]:
                yield node.lineno, key, None
            continue
        receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
        on_context = isinstance(receiver, ast.Name) and receiver.id != "slots"
        position = KEY_ARGUMENT.get(name) if on_context else None  # ctx.say(…), not ctx.slots.text(…)
        if position is None or len(node.args) <= position:
            continue
        argument = node.args[position]
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            spread = any(k.arg is None for k in node.keywords)
            yield node.lineno, argument.value, None if spread else {str(k.arg) for k in node.keywords}


def _fields(template: str) -> set[str]:
    """The values a template writes in (``{product:은}`` → ``product``)."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}
