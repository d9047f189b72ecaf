"""``assistant skills test``: each skill's example sentences through the real NLU and dialogue.

Every example (``examples:`` in a skill's ``sentences/<lang>.yaml``, README "Testing a skill") is said,
as a typed line, at the start of a fresh conversation with the assistant built the way every command
builds it (``assistant.app.build``), on a scratch copy of the store: a temporary SQLite file seeded with
the demo catalog, never the user's store. The skills' handlers are wrapped only to see which one ran and
with which slots; what they answer is what a customer would hear.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from assistant import intents as I
from assistant.app import build
from assistant.cli.common import common_options, config_from
from assistant.cli.usage import UsageError, plural
from assistant.dialogue.manager import Dialogue
from assistant.messages import Reply, SlotValue, Transcript
from assistant.plugins import Example, LoadedSkill, SkillRegistry, discover
from assistant.plugins.registry import skills_dir_problem
from assistant.skill_api import Context, Handler, Skill
from assistant.store import StoreLocation

DIALOGUE_OWN = frozenset({I.REPEAT})
"""Intents the dialogue answers itself when nothing is pending ("say that again"), without a handler."""


def add_test_command(actions: Any) -> None:
    """``skills test`` under the ``skills`` command's ``actions``."""
    testing = actions.add_parser(
        "test",
        help="say each skill's example sentences to the assistant (scratch store); exit 1 if any fails",
    )
    common_options(testing)
    testing.add_argument(
        "--skill",
        action="append",
        default=[],
        metavar="NAME",
        help="test only this skill (repeatable; default: every skill loaded)",
    )
    testing.add_argument(
        "--replies", action="store_true", help="also show the reply to each example that passed"
    )
    testing.set_defaults(handler=_test)


@dataclass
class Call:
    """A handler that ran, the slots it was given, and how it ended."""

    intent: str
    slots: dict[str, SlotValue]
    failure: str | None = None
    """What went wrong: an exception, or something else than a ``Reply`` returned."""
    done: bool = False
    """It returned (a handler still running was abandoned by the dialogue's time limit)."""


@dataclass
class Recorder:
    """The handlers that ran during one example."""

    calls: list[Call] = field(default_factory=list)

    def wrap(self, intent: str, handler: Handler) -> Handler:
        def recorded(ctx: Context) -> Reply:
            call = Call(intent, dict(ctx.slots))
            self.calls.append(call)
            try:
                reply = handler(ctx)
            except Exception as exc:
                call.failure = f"raised {type(exc).__name__}: {exc}"
                raise
            finally:
                call.done = True
            if not isinstance(reply, Reply):
                call.failure = f"returned {type(reply).__name__}, not a Reply"
            return reply

        return recorded


@dataclass(frozen=True)
class Outcome:
    """What became of one example: ``problems`` is empty when it passed."""

    skill: str
    lang: str
    example: Example
    reached: str | None
    reply: str
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _test(args: argparse.Namespace) -> int:
    config = config_from(args)
    for folder in config.skills_dirs:
        problem = skills_dir_problem(folder)
        if problem is not None:
            where = "--skills-dir" if folder in args.skills_dir else "skills_dirs in the config:"
            raise UsageError(f"{where} {folder}: {problem}")
    registry = discover(config.skills_dirs, config.entry_point_skills)
    chosen = _chosen(registry, args.skill)
    recorder = Recorder()
    with tempfile.TemporaryDirectory(prefix="assistant-skills-test-") as scratch:
        db = StoreLocation.parse(Path(scratch) / "store.db")
        assistant = build(replace(config, db=db), registry=recorded(registry, recorder))
        try:
            print(f"testing on a scratch copy of the demo store ({plural(len(chosen), 'skill')})")
            show = _print_with_reply if args.replies else _print
            outcomes = list(_run_all(assistant.dialogue, chosen, recorder, show))
        finally:
            assistant.close()
    errors = [e for e in registry.errors if not args.skill or e.skill in args.skill]
    for error in errors:
        print(f"FAIL {error}")
    failed = sum(not o.ok for o in outcomes)
    summary = f"{plural(len(outcomes), 'example')}: {len(outcomes) - failed} ok, {failed} failed"
    if errors:
        summary += f"; {plural(len(errors), 'skill')} not loaded"
    print(summary)
    return 1 if failed or errors else 0


def _chosen(registry: SkillRegistry, names: Sequence[str]) -> list[LoadedSkill]:
    """The skills to test: all, or those named by ``--skill`` (a name that is neither loaded nor broken
    is a usage error)."""
    if not names:
        return list(registry.skills)
    known = {s.name for s in registry.skills} | {e.skill for e in registry.errors}
    unknown = [n for n in names if n not in known]
    if unknown:
        loaded = ", ".join(s.name for s in registry.skills) or "none"
        raise UsageError(f"no skill named {', '.join(unknown)} (loaded: {loaded})")
    return [s for s in registry.skills if s.name in names]


def recorded(registry: SkillRegistry, recorder: Recorder) -> SkillRegistry:
    """The same skills, their handlers telling ``recorder`` when they run."""
    skills = tuple(
        replace(
            loaded,
            skill=Skill(
                loaded.skill.name,
                {intent: recorder.wrap(intent, h) for intent, h in loaded.skill.handlers.items()},
                loaded.skill.description,
            ),
        )
        for loaded in registry.skills
    )
    return SkillRegistry(skills, registry.errors)


def _run_all(
    dialogue: Dialogue, chosen: Iterable[LoadedSkill], recorder: Recorder, show: Callable[[Outcome], None]
) -> Iterable[Outcome]:
    for loaded in chosen:
        examples = [(lang, e) for lang in loaded.languages for e in loaded.examples.get(lang, ())]
        if not examples:
            print(f"none {loaded.name}: no examples (add `examples:` to its sentences files)")
        for lang, example in examples:
            outcome = run_example(dialogue, recorder, loaded.name, lang, example)
            show(outcome)
            yield outcome


def run_example(dialogue: Dialogue, recorder: Recorder, skill: str, lang: str, example: Example) -> Outcome:
    """Say ``example`` at the start of a fresh conversation in ``lang``; what happened against what the
    example expects."""
    session = dialogue.new_session(lang)
    recorder.calls.clear()
    turn = dialogue.respond(session, Transcript(example.say, lang))
    reply = turn.reply.text
    pending = session.pending
    problems: list[str] = []
    if recorder.calls:
        reached: str | None = recorder.calls[0].intent
        slots = recorder.calls[0].slots
    elif pending is not None and pending.checking:
        reached, slots = None, {}
        problems.append(f"expected {example.intent}, but it only asked whether {pending.intent} was meant")
    elif turn.match.intent in DIALOGUE_OWN:
        reached, slots = turn.match.intent, dict(turn.match.slots)
    else:
        reached, slots = None, {}
    if reached != example.intent and not problems:
        got = f"reached {reached}" if reached else _nothing(turn.match.intent)
        problems.append(f"expected {example.intent}, {got}")
    if recorder.calls and recorder.calls[0].failure:
        problems.append(f"the handler {recorder.calls[0].failure}")
    elif recorder.calls and not recorder.calls[0].done:
        limit = dialogue.settings.handler_timeout_s
        problems.append(f"the handler did not answer within {limit:g} s")
    if reached == example.intent:
        for name, want in example.slots:
            have = slots.get(name)
            if have is None:
                problems.append(f"slot {name}: expected {want!r}, got none")
            elif have != want and str(have) != str(want):
                problems.append(f"slot {name}: expected {want!r}, got {have!r}")
    for phrase in example.reply_has:
        if phrase.casefold() not in reply.casefold():
            problems.append(f"the reply lacks {phrase!r}")
    return Outcome(skill, lang, example, reached, reply, tuple(problems))


def _nothing(intent: str | None) -> str:
    if intent is None:
        return "but it was not understood"
    return f"but no handler ran (the NLU read {intent})"


def _print(outcome: Outcome) -> None:
    example = outcome.example
    where = f"{_shown(example.file)}:{example.line}" if example.file else outcome.lang
    said = f'"{example.say}"'
    if outcome.ok:
        print(f"ok   {outcome.skill} {where}: {said} → {outcome.reached}")
        return
    print(f'FAIL {outcome.skill} {where}: {said}: {"; ".join(outcome.problems)}; reply: "{outcome.reply}"')


def _print_with_reply(outcome: Outcome) -> None:
    _print(outcome)
    if outcome.ok:
        print(f'       reply: "{outcome.reply}"')


def _shown(path: Path | None) -> str:
    """``path`` relative to the working folder when it is inside it."""
    if path is None:
        return ""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
