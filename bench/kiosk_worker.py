"""One simulated kiosk for ``bench/kiosks.py``: scripted customers through the real dialogue on a store.

Each conversation is a fresh session that answers what the assistant asks (colour, size, phone number,
yes), the way ``tests/conversations`` talk: 60 % orders, 30 % bookings, 10 % questions. A customer
told that the store system cannot be reached says "yes" again a second later while the question
stands (up to a minute), as someone at a kiosk would; an in-doubt answer is left to staff. Every call
into the store is timed. The kiosk writes what it was told (confirmed order and booking numbers) to a
JSON file for the audit.
"""

from __future__ import annotations

import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.app import build  # noqa: E402
from assistant.config import Config  # noqa: E402
from assistant.messages import Transcript  # noqa: E402
from assistant.store import StoreLocation  # noqa: E402

DOWN = "I can't reach the store system right now"
ORDERED = re.compile(r"order number (\d+) is placed")
BOOKED = re.compile(r"booking number is (\d+)")
PRODUCTS = {  # what customers ask for, and the colours and sizes they answer with
    "backpack": ("backpack", ("black", "gray", "navy"), ()),
    "hoodie": ("hoodie", ("black", "gray", "navy", "beige"), ("S", "M", "L", "XL")),
    "t-shirt": ("t-shirt", ("black", "white", "navy", "gray"), ("S", "M", "L", "XL")),
    "bluetooth-speaker": ("bluetooth speaker", ("black", "blue", "red", "green"), ()),
    "power-bank": ("power bank", ("black", "white"), ()),
    "phone-case": ("phone case", ("black", "blue", "pink", "silver"), ()),
    "smart-watch": ("smart watch", ("black", "silver"), ()),
    "laptop-stand": ("laptop stand", ("silver", "gray"), ()),
}
SERVICES = {
    "screen-repair": "screen repair",
    "battery-replacement": "battery replacement",
    "device-setup": "device setup",
    "data-transfer": "data transfer",
}


class Timed:
    """The store with every call timed (method name, seconds)."""

    def __init__(self, store: Any, samples: list[tuple[str, float]]) -> None:
        self._store = store
        self._samples = samples

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._store, name)
        if not callable(attr):
            return attr

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return attr(*args, **kwargs)
            finally:
                self._samples.append((name, time.perf_counter() - started))

        return timed


class Kiosk:
    """A kiosk process: the assistant on the shared store, and what its customers were told."""

    def __init__(self, db: str, number: int, seed: int) -> None:
        self.assistant = build(Config(db=StoreLocation.parse(db)))
        self.samples: list[tuple[str, float]] = []
        self.assistant.dialogue.store = Timed(self.assistant.store, self.samples)
        self.number = number
        self.rng = random.Random(seed)
        self.outcomes: Counter[str] = Counter()
        self.orders: list[tuple[int, str, str]] = []  # (order number, product, phone)
        self.bookings: list[tuple[int, str, str]] = []  # (booking number, service, day and hour)
        self.down_turns = 0
        self.replies: list[str] = []

    def converse(self, n: int) -> None:
        """One customer's conversation (number ``n`` at this kiosk)."""
        roll = self.rng.random()
        if roll < 0.6:
            self._order(n)
        elif roll < 0.9:
            self._book(n)
        else:
            self._say(self.assistant.dialogue.new_session("en"), "what are your opening hours")
            self.outcomes["question"] += 1

    def _say(self, session: Any, text: str) -> str:
        reply = self.assistant.dialogue.respond(session, Transcript(text, "en")).reply.text
        if DOWN in reply:
            self.down_turns += 1
        return reply

    def _phone(self, n: int) -> str:
        return f"010 {self.number:04d} {n:04d}"

    def _order(self, n: int) -> None:
        product = self.rng.choice(list(PRODUCTS))
        name, colours, sizes = PRODUCTS[product]
        phone = self._phone(n)
        answers: dict[str, Callable[[], str]] = {
            "Which color": lambda: self.rng.choice(colours),
            "Which size": lambda: self.rng.choice(sizes),
            "phone number": lambda: phone,
            "Shall I place the order?": lambda: "yes",
        }
        self._run(f"i'd like one {name}", answers, "order", lambda m: self.orders.append((m, product, phone)))

    def _book(self, n: int) -> None:
        service = self.rng.choice(list(SERVICES))
        day = date.today() + timedelta(days=self.rng.randint(1, 14))
        hour = self.rng.randint(10, 17)
        spoken = f"{hour if hour <= 12 else hour - 12} {'am' if hour < 12 else 'pm'}"
        request = f"book a {SERVICES[service]} on {day:%B} {day.day} at {spoken}"
        answers = {"phone number": lambda: self._phone(n), "Shall I book it?": lambda: "yes"}
        when = f"{day.isoformat()}T{hour:02d}:00"
        self._run(request, answers, "booking", lambda m: self.bookings.append((m, service, when)))

    def _run(
        self, request: str, answers: dict[str, Callable[[], str]], kind: str, confirmed: Callable[[int], None]
    ) -> None:
        session = self.assistant.dialogue.new_session("en")
        reply = self._say(session, request)
        for _ in range(70):
            done = ORDERED.search(reply) or BOOKED.search(reply)
            if done:
                confirmed(int(done.group(1)))
                self.outcomes[f"{kind} confirmed"] += 1
                return
            if DOWN in reply:
                if "check whether" in reply:  # the commit's outcome is not known: staff check
                    self.outcomes[f"{kind} in doubt, left to staff"] += 1
                    return
                time.sleep(1.0)  # the customer tries again a moment later
                if "try again" in reply:
                    reply = self._say(session, "yes")
                else:  # nothing was pending yet: ask again from the start
                    session = self.assistant.dialogue.new_session("en")
                    reply = self._say(session, request)
                continue
            answer = next((make for key, make in answers.items() if key in reply), None)
            if answer is None:
                key = (
                    "sold out"
                    if "sold out" in reply.lower()
                    else "slot taken"
                    if "available" in reply
                    else ""
                )
                self.outcomes[f"{kind} {key or 'other'}"] += 1
                if not key and len(self.replies) < 20:
                    self.replies.append(reply)
                return
            reply = self._say(session, answer())
        self.outcomes[f"{kind} gave up"] += 1

    def report(self, started: float, finished: float, conversations: int) -> dict[str, Any]:
        latencies: dict[str, list[float]] = {}
        for name, seconds in self.samples:
            latencies.setdefault(name, []).append(round(seconds * 1000, 3))
        return {
            "kiosk": self.number,
            "conversations": conversations,
            "started": started,
            "finished": finished,
            "outcomes": dict(self.outcomes),
            "orders": self.orders,
            "bookings": self.bookings,
            "down_turns": self.down_turns,
            "latency_ms": latencies,
            "odd_replies": self.replies,
        }


def main(argv: list[str]) -> int:
    db, number, conversations, folder = argv[0], int(argv[1]), int(argv[2]), Path(argv[3])
    kiosk = Kiosk(db, number, seed=number)
    (folder / f"ready-{number}").touch()
    while not (folder / "go").exists():
        time.sleep(0.05)
    started = time.time()
    for n in range(conversations):
        kiosk.converse(n)
    finished = time.time()
    report = kiosk.report(started, finished, conversations)
    (folder / f"kiosk-{number}.json").write_text(json.dumps(report), encoding="utf-8")
    kiosk.assistant.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
