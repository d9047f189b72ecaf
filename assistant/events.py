"""The JSON event stream: one object per line, each with a ``type``.

Types: ``listening``, ``transcript``, ``intent``, ``reply``, ``error``, ``session``.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from assistant.messages import IntentMatch, Reply, Transcript


class EventWriter:
    """Writes events as JSON lines to a text stream, flushing each one."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def emit(self, type_: str, **fields: Any) -> None:
        self._stream.write(json.dumps({"type": type_, **fields}, ensure_ascii=False) + "\n")
        self._stream.flush()

    def transcript(self, transcript: Transcript) -> None:
        self.emit(
            "transcript",
            text=transcript.text,
            lang=transcript.lang,
            engine=transcript.engine,
            confidence=round(transcript.confidence, 3),
            decode_ms=round(transcript.decode_ms, 1),
        )

    def intent(self, match: IntentMatch) -> None:
        self.emit("intent", intent=match.intent, slots=match.slots, score=match.score, matcher=match.matcher)

    def reply(self, reply: Reply, **extra: object) -> None:
        expect = None
        if reply.expect:
            expect = reply.expect.slot if reply.expect.kind == "slot" else "confirm"
        self.emit(
            "reply", text=reply.text, lang=reply.lang, expect=expect, end_session=reply.end_session, **extra
        )

    def error(self, code: str, message: str) -> None:
        self.emit("error", code=code, message=message)
