"""The dialogue manager's own words: its reply templates, and what the assistant can help with."""

from __future__ import annotations

from dataclasses import replace
from importlib.resources import files

from assistant.dialogue.session import Session
from assistant.language import render
from assistant.messages import Reply
from assistant.plugins import SkillRegistry
from assistant.yamlfile import parse_yaml


def core_responses() -> dict[str, dict[str, str]]:
    """The dialogue manager's own reply templates, by language."""
    text = files("assistant.data").joinpath("responses.yaml").read_text(encoding="utf-8")
    data: dict[str, dict[str, str]] = parse_yaml(text)
    return data


def join(first: Reply, then: Reply) -> Reply:
    """``then``, with ``first``'s words said before it (once: "hello? is anyone there" is greeted once,
    "never mind, cancel it" with nothing to cancel told so once)."""
    if first.text.strip() == then.text.strip():
        return then
    return replace(then, text=f"{first.text} {then.text}".strip())


class CoreReplies:
    """Replies from the dialogue manager's own templates, and the list of what the skills help with."""

    def __init__(self, registry: SkillRegistry) -> None:
        self._registry = registry
        self._core = core_responses()

    def say(self, session: Session, key: str, **values: object) -> Reply:
        """A reply from the dialogue manager's own templates, in the session's language."""
        table = self._core.get(session.lang, self._core["en"])
        return Reply(render(table[key], values), session.lang)

    def has(self, lang: str, key: str) -> bool:
        """Whether ``lang`` has a template ``key`` (English is asked for a language with no templates)."""
        return key in self._core.get(lang, self._core["en"])

    def capabilities(self, lang: str) -> str:
        helps = [s.help.get(lang, "") for s in self._registry.skills]
        helps = [h for h in helps if h]
        if len(helps) > 1:
            joiner = self._core.get(lang, self._core["en"])["and"]
            return ", ".join(helps[:-1]) + f" {joiner} " + helps[-1] if lang == "en" else ", ".join(helps)
        return "".join(helps)
