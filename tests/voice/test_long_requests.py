"""A long spoken request with pauses in it is heard and answered: the process does not crash.

Found by ``bench/spoken_blind.py``: espeak-ng's ``en-us`` saying one request of the blind test set
(7 s, a pause at its comma) killed ``assistant run`` with a segmentation fault. After the pause the
streamed utterance is decoded again from its start, and that re-decode gave pocketsphinx all the audio
so far in one call; it is now fed in small chunks (``sphinx_engine.FEED_BYTES``). Run in a subprocess,
as a crash would take the test process with it.
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.spoken_blind import say
from tests.support.cli import run

REQUEST = (
    "My son's birthday is next week and he won't stop talking about a smart watch, "
    "so I guess I'll take the black one"
)


def test_a_long_request_with_a_pause_is_answered(tmp_path: Path) -> None:
    wav = say("en-us", 0, REQUEST, tmp_path)
    done = run(
        ["run", "--input", str(wav), "--json", "--lang", "en", "--no-speaker", "--db", str(tmp_path / "s.db")]
    )
    assert done.returncode == 0, done.stderr[-2000:]
    events = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    intents = [e["intent"] for e in events if e["type"] == "intent"]
    assert intents == ["order.place"], events
    assert any(e["type"] == "reply" and "smart watch" in e["text"] for e in events), events
