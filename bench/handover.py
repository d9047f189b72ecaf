"""Hand-over on a customer's first upset sentence, through the real dialogue, on blind sets.

    python bench/handover.py            # rewrites BENCHMARKS.md's "Hand-over on a first sentence"
    python bench/handover.py --misses   # also prints every utterance decided wrongly
    python bench/handover.py --dev      # the dev sets instead, printed (for tuning the lexicon)

Each utterance of ``tests/data/handover_{en,ko}.yaml`` (written blind: the writer saw neither the
frustration lexicon nor the thresholds, and labelled what a shop manager would want) is the first thing
said in a new conversation with the built-in skills and a fresh SQLite store. The outcome is ``ticket``
(a member of staff called at once), ``offer`` ("shall I get a member of staff?", "shall I pass your complaint
on?") or ``served`` (the
request answered or its first question asked). A ``handover: true`` item is right when staff is called
or offered; a ``handover: false`` item when no ticket is opened. Tuning uses the dev sets
``tests/data/handover_dev_{en,ko}.yaml`` (written blind by another writer) only.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant import intents as I  # noqa: E402
from assistant.app import build_nlu  # noqa: E402
from assistant.dialogue.manager import Dialogue, DialogueSettings  # noqa: E402
from assistant.messages import Transcript  # noqa: E402
from assistant.plugins import discover  # noqa: E402
from assistant.store import Store, open_store  # noqa: E402
from assistant.text import text_language  # noqa: E402
from bench.report import machine, write_section  # noqa: E402

DATA = REPO / "tests" / "data"
HEADING = "## Hand-over on a first sentence"
NOW = datetime(2026, 11, 27, 11, 0)
"""A Friday morning: the demo store is open."""
_STAFF_OFFERS = frozenset({I.AGENT_HANDOFF, I.COMPLAINT})
"""Questions whose yes calls a member of staff ("shall I pass your complaint on to a member of staff?")."""


NOTES = """History and notes (kept by the script):

- 2026-12-07, first measurement, before anything was tuned for these sets: should be served, no
  ticket en 1.00 / ko 1.00; should reach staff, ticket or offer, en 0.63 / ko 0.53 (tickets 0.23 /
  0.17). With `EscalationPolicy.served_below` at 2.5 instead of 3.0: en 0.67, ko 0.53, the rest the
  same — the cut-off decides one English sentence; 3.0 was kept (no sentence to be served scored
  between 2.5 and 3.0 on either set, and "ugh so annoying, i just want a phone case" (2.5) stays
  served).
- Then tuned on the dev sets `tests/data/handover_dev_{en,ko}.yaml` only (78 / 80 sentences, another
  blind writer; its Korean mirrors its English situations): insults, accusations and threats against
  the shop (scammers, crooks, lawyer, chargeback, 1 star review, 사기꾼, 병신, 소비자원, 별점테러 …)
  weigh 3.0, a member of staff at once even with a request; "fuck", "bullshit", 씨발 3.0; 개 intensifies;
  venting ("so done", "nobody cares", 질렸, 망쳤 …) counts; 알바생 is a word for staff; an upset
  goodbye ("im so done with this store") is offered staff instead of thanked for visiting. Dev after:
  reach staff en 0.60 → 0.92 (two sentences the test set has too were then removed from
  the dev set), ko 0.50 → 0.95, served 1.00 unchanged. Teaching the classifier the dev set's two
  Korean calls for staff it missed ("여기 책임자 누구에요 얘기좀 하게", "알바생이라도 좀 와줘요") moved
  three unrelated Korean readings of the NLU tests (the classifier is that sensitive), so it was not
  kept. The test figures above are from after that tuning; the test misses were not looked at for
  terms (e.g. "clowns", "trading standards", "1 star reviews" in the plural, 점장 stay unmatched).
- What a miss costs: a very angry customer with a request scored below 3.0 is served with an apology
  (and staff offered when the reply asks nothing); none of the sentences to be served opened a ticket.
"""


@dataclass(frozen=True)
class Decision:
    """What the assistant did with one first sentence."""

    text: str
    handover: bool
    """The blind label: staff should be called."""
    outcome: str
    """``ticket``, ``offer`` or ``served``."""

    @property
    def right(self) -> bool:
        return self.outcome != "served" if self.handover else self.outcome != "ticket"


@dataclass(frozen=True)
class Scores:
    """Decisions on one labelled set."""

    decisions: tuple[Decision, ...]

    def share(self, handover: bool, outcomes: tuple[str, ...]) -> float:
        """Share of the items labelled ``handover`` whose outcome is one of ``outcomes``."""
        items = [d for d in self.decisions if d.handover == handover]
        return sum(d.outcome in outcomes for d in items) / len(items)

    @property
    def wrong(self) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if not d.right)


def first_sentence(dialogue: Dialogue, store: Store) -> Callable[[str, str], str]:
    """A function that says one sentence to a new conversation and tells what came of it."""

    def outcome(text: str, lang: str) -> str:
        before = len(store.tickets())
        session = dialogue.new_session(lang)
        dialogue.respond(session, Transcript(text, text_language(text, lang)))
        if len(store.tickets()) > before:
            return "ticket"
        pending = session.pending
        offered = pending is not None and pending.intent in _STAFF_OFFERS
        return "offer" if offered else "served"

    return outcome


@contextmanager
def first_sentences() -> Iterator[Callable[[str, str], str]]:
    """``first_sentence`` with the built-in skills and a fresh SQLite store."""
    with (
        tempfile.TemporaryDirectory() as tmp,
        open_store(Path(tmp) / "store.db", clock=lambda: NOW) as store,
    ):
        registry = discover()
        nlu = build_nlu(registry, store, lambda: NOW)
        yield first_sentence(Dialogue(registry, nlu, store, lambda: NOW, DialogueSettings()), store)


def evaluate(say: Callable[[str, str], str], path: Path) -> Scores:
    """Decide every item of a labelled YAML file (``language``, ``items: [{text, handover}]``)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    lang = str(data["language"])
    decisions = [
        Decision(str(item["text"]), bool(item["handover"]), say(str(item["text"]), lang))
        for item in data["items"]
    ]
    return Scores(tuple(decisions))


def report(scores: dict[str, Scores]) -> str:
    lines = [
        HEADING,
        "",
        f"`python bench/handover.py` — {machine()}, {datetime.now():%Y-%m-%d}.",
        "Each utterance of `tests/data/handover_{en,ko}.yaml` is the first sentence of a new conversation",
        "with the built-in skills (the real NLU, dialogue and a fresh SQLite store). The sets were written",
        "blind on 2026-12-07 by a writer who saw neither the frustration lexicon nor the thresholds:",
        "30 sentences per language that should be served (20 mildly upset with a clear request, 10 calm)",
        "and 30 that should reach a member of staff (12 very angry with a request, 10 asking for a person,",
        "8 venting or threats). Frozen; never tuned on. `tests/dialogue/test_escalation.py` asserts the",
        "figures rounded down.",
        "",
        "| language | should be served: no ticket | served | should reach staff: ticket or offer | ticket |",
        "|---|---|---|---|---|",
    ]
    for lang, s in scores.items():
        lines.append(
            f"| {lang} | {s.share(False, ('served', 'offer')):.2f} | {s.share(False, ('served',)):.2f}"
            f" | {s.share(True, ('ticket', 'offer')):.2f} | {s.share(True, ('ticket',)):.2f} |"
        )
    lines += ["", "Decided wrongly (outcome, text):", ""]
    lines += [f"- {lang} {d.outcome}: {d.text}" for lang, s in scores.items() for d in s.wrong]
    return "\n".join([*lines, "", NOTES])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print every utterance decided wrongly")
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    parser.add_argument("--dev", action="store_true", help="score the dev sets (printed, never written)")
    args = parser.parse_args()
    name = "handover_dev" if args.dev else "handover"
    with first_sentences() as say:
        scores = {lang: evaluate(say, DATA / f"{name}_{lang}.yaml") for lang in ("en", "ko")}
    body = report(scores)
    if args.misses or args.no_write or args.dev:
        print(body)
    if not (args.no_write or args.dev):
        write_section(HEADING, body)


if __name__ == "__main__":
    main()
