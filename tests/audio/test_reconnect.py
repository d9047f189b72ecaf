"""A microphone that goes away mid-stream and comes back: the kiosk waits, retries and answers again."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.app import Assistant, build, build_recognition
from assistant.audio import DeviceError, FakeMicrophone
from assistant.audio.reconnect import Backoff, MicrophoneStatus, ReconnectingMicrophone
from assistant.config import Config
from assistant.events import EventWriter
from assistant.messages import AudioChunk
from assistant.store import StoreLocation
from assistant.voice.loop import VoiceLoop
from assistant.voice.recognition import Recognition
from tests.support.audio import fixture


class Unplugged(FakeMicrophone):
    """Plays its recordings (real audio), then fails the way a pulled USB microphone does."""

    def chunks(self, timeout_s: float = 1.0) -> Iterator[AudioChunk]:
        yield from super().chunks(timeout_s)
        raise DeviceError("the microphone delivered no audio for 1.0 s")


class Kiosk:
    """Opens microphones by a plan: a recording that is then unplugged, a few failed opens, then a
    microphone that works."""

    def __init__(self, first: Path, failures: int, later: Path) -> None:
        self.first, self.failures, self.later = first, failures, later
        self.opened = 0

    def open(self) -> FakeMicrophone:
        self.opened += 1
        if self.opened == 1:
            return Unplugged([self.first], tail_s=0.6, realtime=False)
        if self.opened <= 1 + self.failures:
            raise DeviceError("no audio input device found")
        return FakeMicrophone([self.later], tail_s=0.6, realtime=False)


@pytest.fixture(scope="module")
def voice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Assistant, Recognition]]:
    assistant = build(Config(db=StoreLocation.parse(tmp_path_factory.mktemp("mic") / "store.db")))
    yield assistant, build_recognition(assistant)
    assistant.close()


def test_the_kiosk_answers_before_and_after_the_microphone_comes_back(
    voice: tuple[Assistant, Recognition],
) -> None:
    assistant, speech = voice
    kiosk = Kiosk(fixture("en", "store.hours"), failures=3, later=fixture("en", "agent.handoff"))
    statuses: list[MicrophoneStatus] = []
    pauses: list[float] = []
    microphone = ReconnectingMicrophone(
        kiosk.open, backoff=Backoff(0.5, 2.0, 4.0), on_status=statuses.append, sleep=pauses.append
    )
    loop = VoiceLoop(assistant.dialogue, speech.recognizer, speech.grammar, mute=microphone.mute)
    turns = loop.run(microphone.chunks(), assistant.dialogue.new_session("en"))
    intents = [t.turn.match.intent for t in turns if t.turn is not None]
    assert intents == ["store.hours", "agent.handoff"]
    assert pauses == [0.5, 1.0, 2.0, 4.0]  # growing pauses, never a busy loop
    assert kiosk.opened == 5
    states = [s.state for s in statuses]
    assert states == ["lost", "retrying", "retrying", "retrying", "retrying", "back"]
    assert "no audio" in statuses[0].message and statuses[-1].attempt == 4


def test_no_microphone_at_start_is_still_an_immediate_error() -> None:
    def missing() -> FakeMicrophone:
        raise DeviceError("no audio input device found (no sound card?)")

    with pytest.raises(DeviceError, match="no audio input device"):
        ReconnectingMicrophone(missing)


def test_close_during_an_outage_ends_the_stream_and_the_retries() -> None:
    kiosk = Kiosk(fixture("en", "store.hours"), failures=10**6, later=fixture("en", "store.hours"))
    pauses: list[float] = []

    def pause(seconds: float) -> None:
        pauses.append(seconds)
        if len(pauses) == 3:
            microphone.close()  # the operator stops the service while the microphone is away

    microphone = ReconnectingMicrophone(kiosk.open, backoff=Backoff(0.5, 2.0, 30.0), sleep=pause)
    heard = sum(len(chunk.audio) for chunk in microphone.chunks())
    assert heard > 16000  # the first recording was heard in full before the outage
    assert pauses == [0.5, 1.0, 2.0] and kiosk.opened == 3  # no attempt after close


def test_outages_reach_the_operator_and_the_event_stream(capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli.voice import _microphone_status

    report = _microphone_status(EventWriter(sys.stdout))
    report(MicrophoneStatus("lost", "microphone lost: the microphone delivered no audio for 1.0 s"))
    report(MicrophoneStatus("retrying", "waiting for the microphone", 0.5, 1))
    report(MicrophoneStatus("back", "microphone back", attempt=1))
    out, err = capsys.readouterr()
    events = [json.loads(line) for line in out.splitlines()]
    assert [e["type"] for e in events] == ["error", "listening"]
    assert events[0]["code"] == "microphone_lost" and "no audio" in events[0]["message"]
    assert err.splitlines() == [
        "assistant: microphone lost: the microphone delivered no audio for 1.0 s",
        "assistant: waiting for the microphone: attempt 1 in 0.5 s",
        "assistant: microphone back",
    ]
