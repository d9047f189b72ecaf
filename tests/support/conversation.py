"""A real dialogue driven turn by turn."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.dialogue.manager import Dialogue
from assistant.dialogue.session import Session
from assistant.messages import Reply, Transcript
from assistant.text import text_language


@dataclass
class Conversation:
    """Drives a real dialogue turn by turn."""

    dialogue: Dialogue
    session: Session

    def say(self, text: str, lang: str | None = None) -> Reply:
        transcript = Transcript(text, lang or text_language(text, self.session.lang))
        return self.dialogue.respond(self.session, transcript).reply
