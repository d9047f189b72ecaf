"""Running a skill's handler safely: a time limit, and anything but a ``Reply`` is an error."""

from __future__ import annotations

import threading
from collections.abc import Callable

from assistant.messages import Reply
from assistant.skill_api import Context


class HandlerTimeout(RuntimeError):
    """A skill handler did not answer in time."""


def call_handler(handler: Callable[[Context], object], ctx: Context, timeout_s: float) -> Reply:
    """Run a skill's handler, at most ``timeout_s`` seconds; anything but a ``Reply`` is an error.

    The handler runs on a daemon thread: one that hangs is left behind (it cannot be killed) while the
    conversation goes on. It gets a read-only view of the session, so a late one changes nothing there.
    """
    outcome: list[object] = []
    failure: list[BaseException] = []

    def work() -> None:
        try:
            outcome.append(handler(ctx))
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)

    worker = threading.Thread(target=work, name=f"skill {ctx.intent}", daemon=True)
    worker.start()
    worker.join(timeout_s)
    if worker.is_alive():
        raise HandlerTimeout(f"the handler for {ctx.intent} did not answer within {timeout_s:g} s")
    if failure:
        raise failure[0]
    reply = outcome[0]
    if not isinstance(reply, Reply):
        raise TypeError(f"the handler for {ctx.intent} returned {type(reply).__name__}, not a Reply")
    return reply
