"""The ``assistant`` command line: chat, parse, skills, catalog."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

from assistant import LANGUAGES, __version__
from assistant.app import Assistant, build
from assistant.config import Config, ConfigError, check, load_config
from assistant.events import EventWriter
from assistant.messages import Transcript
from assistant.plugins import SkillRegistry, discover
from assistant.store import StoreError
from assistant.text import has_hangul


class UsageError(Exception):
    """A mistake of the user's: printed as one line, exit code 2."""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``assistant`` and ``python -m assistant``."""
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="assistant: %(levelname)s: %(message)s")
    for stream in (sys.stdin, sys.stdout):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except (UsageError, ConfigError, StoreError) as exc:
        print(f"assistant: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant", description="Offline customer-service assistant (English and Korean)."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")

    def usage(_args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    parser.set_defaults(handler=usage)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--config", type=Path, help="TOML settings file")
        sub.add_argument("--db", type=Path, help="SQLite store file (default: per-user data folder)")
        sub.add_argument(
            "--skills-dir",
            type=Path,
            action="append",
            default=[],
            metavar="DIR",
            help="also load the skills in DIR (repeatable)",
        )

    chat = commands.add_parser("chat", help="talk to the assistant by text")
    common(chat)
    chat.add_argument("--lang", choices=LANGUAGES, help="language to start in (default: en)")
    chat.add_argument("--json", action="store_true", help="print the JSON event stream")
    chat.set_defaults(handler=_chat)

    parse = commands.add_parser("parse", help="NLU only: text → intent and slots as JSON")
    common(parse)
    parse.add_argument("text", nargs="*", help="utterances (default: one per line of stdin)")
    parse.add_argument(
        "--lang",
        choices=(*LANGUAGES, "auto"),
        default="auto",
        help="language of the text (default: auto, by script)",
    )
    parse.set_defaults(handler=_parse)

    skills = commands.add_parser("skills", help="installed skills")
    skill_commands = skills.add_subparsers(title="skills commands", metavar="ACTION", required=True)
    listing = skill_commands.add_parser("list", help="skills, their intents and languages")
    common(listing)
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=_skills_list)
    checking = skill_commands.add_parser("check", help="validate every skill; exit 2 if any is broken")
    common(checking)
    checking.set_defaults(handler=_skills_check)

    catalog = commands.add_parser("catalog", help="the store's product catalog")
    catalog_commands = catalog.add_subparsers(title="catalog commands", metavar="ACTION", required=True)
    importing = catalog_commands.add_parser("import", help="add or update products from a CSV file")
    common(importing)
    importing.add_argument(
        "file", type=Path, help="CSV with columns id,name_en,name_ko,category,price,stock,..."
    )
    importing.set_defaults(handler=_catalog_import)
    return parser


def _config(args: argparse.Namespace) -> Config:
    config = load_config(args.config)
    skills_dirs = (*config.skills_dirs, *args.skills_dir)
    return check(
        config.with_overrides(
            db=args.db,
            lang=getattr(args, "lang", None) if getattr(args, "lang", None) in LANGUAGES else None,
            skills_dirs=skills_dirs,
        )
    )


def _registry(config: Config) -> SkillRegistry:
    registry = discover(config.skills_dirs, config.entry_point_skills)
    for error in registry.errors:
        print(f"assistant: warning: skipped {error}", file=sys.stderr)
    return registry


def _open(args: argparse.Namespace) -> Assistant:
    config = _config(args)
    return build(config, registry=_registry(config))


def _lines(stream: TextIO) -> Iterator[str]:
    for line in stream:
        yield line.rstrip("\r\n")


def text_language(text: str, current: str) -> str:
    """Language of a typed line: Korean when it has Hangul, else English (unless it is ambiguous)."""
    if has_hangul(text):
        return "ko"
    return "en" if any(ch.isalpha() for ch in text) else current


def _chat(args: argparse.Namespace) -> int:
    assistant = _open(args)
    try:
        dialogue = assistant.dialogue
        session = dialogue.new_session(assistant.config.lang)
        events = EventWriter(sys.stdout) if args.json else None
        interactive = sys.stdin.isatty() and not args.json
        greeting = dialogue.say(session, "greeting")
        if events:
            events.emit("session", id=session.id, lang=session.lang)
        elif interactive:
            print(f"assistant> {greeting.text}   (Ctrl-D to quit)")
        lines = _prompted() if interactive else _lines(sys.stdin)
        for line in lines:
            transcript = Transcript(line, text_language(line, session.lang))
            turn = dialogue.respond(session, transcript)
            if events:
                if turn.timed_out:
                    events.emit("session", id=session.id, lang=session.lang, reason="timeout")
                events.transcript(transcript)
                events.intent(turn.match)
                if turn.error:
                    events.error("store", turn.error)
                events.reply(turn.reply)
            else:
                print(f"assistant> {turn.reply.text}" if interactive else turn.reply.text, flush=True)
            if turn.reply.end_session:
                session = dialogue.new_session(assistant.config.lang)
                if events:
                    events.emit("session", id=session.id, lang=session.lang)
    finally:
        assistant.close()
    return 0


def _prompted() -> Iterator[str]:
    while True:
        try:
            yield input("you> ")
        except EOFError:
            print()
            return


def _parse(args: argparse.Namespace) -> int:
    assistant = _open(args)
    try:
        inputs = args.text or _lines(sys.stdin)
        for text in inputs:
            lang = args.lang if args.lang != "auto" else text_language(text, assistant.config.lang)
            match = assistant.nlu.parse(text, lang)
            out = {"text": match.text, "intent": match.intent, "score": match.score, "slots": match.slots}
            print(json.dumps(out, ensure_ascii=False), flush=True)
    finally:
        assistant.close()
    return 0


def _skills_list(args: argparse.Namespace) -> int:
    registry = _registry(_config(args))
    rows = [
        {
            "name": s.name,
            "intents": sorted(s.skill.handlers),
            "languages": list(s.languages),
            "origin": s.origin,
            "description": s.skill.description,
        }
        for s in registry.skills
    ]
    if args.json:
        print(json.dumps({"skills": rows, "errors": [str(e) for e in registry.errors]}, ensure_ascii=False))
        return 0
    for row in rows:
        print(f"{row['name']:<14} {','.join(row['languages']):<6} {' '.join(row['intents'])}")
    return 0


def _skills_check(args: argparse.Namespace) -> int:
    config = _config(args)
    registry = discover(config.skills_dirs, config.entry_point_skills)
    for loaded in registry.skills:
        print(f"ok   {loaded.name} ({', '.join(loaded.languages)}): {len(loaded.skill.handlers)} intents")
    for error in registry.errors:
        print(f"FAIL {error}")
    return 2 if registry.errors else 0


def _catalog_import(args: argparse.Namespace) -> int:
    from assistant.store import SqliteStore

    config = _config(args)
    if not args.file.is_file():
        raise UsageError(f"no such file: {args.file}")
    with SqliteStore.open(config.db) as store:
        count = store.import_catalog_csv(args.file)
    print(f"imported {count} products into {config.db}")
    return 0
