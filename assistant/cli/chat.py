"""``assistant chat`` (the dialogue by text) and ``assistant parse`` (the NLU alone)."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from assistant import LANGUAGES
from assistant.cli.common import common_options, lines, open_assistant
from assistant.events import EventWriter
from assistant.messages import Transcript
from assistant.text import text_language


def add_chat_commands(commands: Any) -> None:
    """Add ``chat`` and ``parse`` to the ``commands`` subparsers."""
    chat = commands.add_parser("chat", help="talk to the assistant by text")
    common_options(chat)
    chat.add_argument("--lang", choices=LANGUAGES, help="language to start in (default: en)")
    chat.add_argument("--json", action="store_true", help="print the JSON event stream")
    chat.set_defaults(handler=_chat)

    parse = commands.add_parser("parse", help="NLU only: text → intent and slots as JSON")
    common_options(parse)
    parse.add_argument("text", nargs="*", help="utterances (default: one per line of stdin)")
    parse.add_argument(
        "--lang",
        choices=(*LANGUAGES, "auto"),
        default="auto",
        help="language of the text (default: auto, by script)",
    )
    parse.set_defaults(handler=_parse)


def _chat(args: argparse.Namespace) -> int:
    assistant = open_assistant(args)
    try:
        dialogue = assistant.dialogue
        session = dialogue.new_session(assistant.config.lang)
        events = EventWriter(sys.stdout) if args.json else None
        interactive = sys.stdin.isatty() and not args.json
        greeting = dialogue.say(session, "greeting")
        if events:
            events.emit("session", id=session.id, lang=session.lang)
        elif interactive:
            _line_editing()
            hint = dialogue.say(session, "chat_hint").text
            print(f"assistant> {greeting.text}   {hint}")
        for line in _prompted() if interactive else lines(sys.stdin):
            transcript = Transcript(line, text_language(line, session.lang))
            shown = replace(transcript, text=dialogue.redacted(session, line))
            turn = dialogue.respond(session, transcript)
            if events:
                if turn.timed_out:
                    events.emit("session", id=session.id, lang=session.lang, reason="timeout")
                events.transcript(shown)
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


def _line_editing() -> None:
    """Arrow keys, editing and history at the prompt (GNU readline, where Python has it)."""
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (importing it is what turns it on for input())


def _prompted() -> Iterator[str]:
    while True:
        try:
            yield input("you> ")
        except EOFError:
            print()
            return


def _parse(args: argparse.Namespace) -> int:
    assistant = open_assistant(args)
    try:
        inputs = args.text or lines(sys.stdin)
        for text in inputs:
            lang = args.lang if args.lang != "auto" else text_language(text, assistant.config.lang)
            match = assistant.nlu.parse(text, lang)
            out = {"text": match.text, "intent": match.intent, "score": match.score, "slots": match.slots}
            print(json.dumps(out, ensure_ascii=False), flush=True)
    finally:
        assistant.close()
    return 0
