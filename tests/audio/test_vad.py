"""Endpointing on espeak-ng speech placed at known times, with silence, noise and long speech, with
each speech detector (Silero VAD and frame energy)."""

from __future__ import annotations

import itertools
import subprocess
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from assistant.audio import AudioError, Endpointer, EndpointSettings, Utterance, Verdict, duration_s, read_wav
from assistant.messages import AudioChunk

RATE = 16000
TOLERANCE_S = 0.15


def speech(tmp: Path, text: str) -> np.ndarray:
    path = tmp / "say.wav"
    subprocess.run(["espeak-ng", "-w", str(path), text], check=True, capture_output=True)
    return np.frombuffer(read_wav(path).audio, "<i2").astype(np.float64)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(round(seconds * RATE))


def voiced_span(x: np.ndarray, offset: int) -> tuple[float, float]:
    """Where the speech really is: first and last sample above 1 % of full scale, in seconds."""
    loud = np.nonzero(np.abs(x) > 328)[0]
    return (offset + loud[0]) / RATE, (offset + loud[-1] + 1) / RATE


class Scene:
    """Two sentences separated by one second of digital silence, with their true spans."""

    def __init__(self, tmp: Path) -> None:
        first = speech(tmp, "Where is my order number four eight two one")
        second = speech(tmp, "I would like two wireless earbuds please")
        lead, gap = silence(0.6), silence(1.0)
        self.signal = np.concatenate([lead, first, gap, second, silence(1.0)])
        self.spans = [
            voiced_span(first, lead.size),
            voiced_span(second, lead.size + first.size + gap.size),
        ]


@pytest.fixture(params=["silero", "energy"])
def vad(request: pytest.FixtureRequest) -> EndpointSettings:
    """The endpointer's default settings with each detector."""
    return EndpointSettings(vad=request.param)


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Scene:
    return Scene(tmp_path_factory.mktemp("vad"))


def pcm(x: np.ndarray) -> bytes:
    return bytes(np.clip(np.rint(x), -32768, 32767).astype("<i2").tobytes())


def run(signal: np.ndarray, settings: EndpointSettings, chunk_ms: int = 30) -> list[Utterance]:
    ep = Endpointer(settings)
    data = pcm(signal)
    step = 2 * RATE * chunk_ms // 1000
    out = []
    for i in range(0, len(data), step):
        out += ep.feed(AudioChunk(data[i : i + step]))
    return out + ep.flush()


def noise(seconds: float, level_dbfs: float, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.normal(0.0, 32768 * 10 ** (level_dbfs / 20), round(seconds * RATE))


def assert_boundaries(utterances: list[Utterance], spans: list[tuple[float, float]], tol: float) -> None:
    pre_roll = EndpointSettings().pre_roll_ms / 1000
    assert len(utterances) == len(spans)
    for u, (start, end) in zip(utterances, spans, strict=True):
        assert abs(u.start_s + pre_roll - start) < tol, (u, start)
        assert abs(u.last_voice_s - end) < tol, (u, end)
        assert u.last_voice_s <= u.end_s
        assert duration_s(u.audio) == pytest.approx(u.end_s - u.start_s)


def test_two_sentences_two_utterances_at_the_right_times(scene: Scene, vad: EndpointSettings) -> None:
    utterances = run(scene.signal, vad)
    assert_boundaries(utterances, scene.spans, TOLERANCE_S)
    for u, (_, end) in zip(utterances, scene.spans, strict=True):
        # endpoint decided within trailing silence + one frame of the end of speech
        assert u.end_s - end < 0.35 + 0.032 + TOLERANCE_S


def test_utterance_audio_is_the_stream_audio(scene: Scene, vad: EndpointSettings) -> None:
    data = pcm(scene.signal)
    for u in run(scene.signal, vad):
        start = round(u.start_s * RATE) * 2
        assert u.audio.audio == data[start : start + len(u.audio.audio)]


@pytest.mark.parametrize("chunk_ms", [10, 100, 7, 1000])
def test_result_does_not_depend_on_chunk_size(scene: Scene, vad: EndpointSettings, chunk_ms: int) -> None:
    assert run(scene.signal, vad, chunk_ms) == run(scene.signal, vad, 30)


def test_silence_gives_nothing(vad: EndpointSettings) -> None:
    assert run(silence(5.0), vad) == []
    assert run(noise(5.0, -70.0), vad) == []  # a quiet room


def test_steady_noise_gives_nothing(vad: EndpointSettings) -> None:
    assert run(noise(8.0, -35.0), vad) == []


def test_speech_in_noise(scene: Scene, vad: EndpointSettings) -> None:
    noisy = scene.signal + noise(scene.signal.size / RATE, -40.0)
    assert_boundaries(run(noisy, vad), scene.spans, 0.25)


def test_speech_in_loud_noise_is_found_by_silero_only(scene: Scene) -> None:
    """In white noise at -20 dBFS the noise floor sits too close to the speech for the energy detector,
    which hears nothing; Silero finds both sentences (-25 dBFS: energy loses the first one's start)."""
    noisy = scene.signal + noise(scene.signal.size / RATE, -20.0)
    assert_boundaries(run(noisy, EndpointSettings(vad="silero")), scene.spans, 0.25)
    assert run(noisy, EndpointSettings(vad="energy")) == []


def test_noise_that_starts_later_is_cut_and_then_learnt_by_the_energy_detector() -> None:
    """Noise after digital silence looks like speech to the energy detector until the noise floor rises
    to it; Silero never takes it for speech."""
    settings = EndpointSettings(vad="energy", max_utterance_ms=2000)
    late_noise = np.concatenate([silence(1.0), noise(20.0, -35.0)])
    utterances = run(late_noise, settings)
    assert 1 <= len(utterances) <= 4
    assert all(duration_s(u.audio) <= 2.0 for u in utterances)
    assert utterances[-1].end_s < 1.0 + settings.noise_window_ms / 1000 + 1.0
    assert run(late_noise, EndpointSettings(vad="silero", max_utterance_ms=2000)) == []


def test_long_speech_is_cut_at_max_length(tmp_path: Path, vad: EndpointSettings) -> None:
    text = "I would like to order two pairs of wireless earbuds and a phone case in dark blue please"
    long = np.concatenate([silence(0.5), speech(tmp_path, text), silence(1.0)])
    utterances = run(long, replace(vad, max_utterance_ms=1500))
    assert len(utterances) >= 3
    assert all(duration_s(u.audio) <= 1.5 for u in utterances)
    for a, b in itertools.pairwise(utterances):
        assert b.start_s >= a.end_s  # pieces do not overlap


def test_flush_emits_speech_cut_off_by_end_of_stream(scene: Scene, vad: EndpointSettings) -> None:
    end = round(scene.spans[0][1] * RATE)
    ep = Endpointer(vad)
    assert ep.feed(AudioChunk(pcm(scene.signal[:end]))) == []
    assert ep.in_utterance
    [u] = ep.flush()
    assert u.end_s == pytest.approx(end / RATE)
    assert ep.flush() == []


def test_short_click_is_not_an_utterance(vad: EndpointSettings) -> None:
    click = np.concatenate([silence(1.0), noise(0.06, -10.0), silence(1.0)])
    assert run(click, vad) == []


def test_reset_drops_pending_speech_and_keeps_the_clock(scene: Scene, vad: EndpointSettings) -> None:
    ep = Endpointer(vad)
    half = round(scene.spans[0][0] * RATE) + RATE
    ep.feed(AudioChunk(pcm(scene.signal[:half])))
    assert ep.in_utterance
    ep.reset()
    assert not ep.in_utterance
    rest = pcm(scene.signal[half:])
    utterances = ep.feed(AudioChunk(rest)) + ep.flush()
    assert_boundaries(utterances[-1:], scene.spans[1:], TOLERANCE_S)


def test_format_is_checked(vad: EndpointSettings) -> None:
    with pytest.raises(AudioError, match="mono 16-bit"):
        Endpointer(vad).feed(AudioChunk(bytes(960), channels=2))
    ep = Endpointer(vad)
    ep.feed(AudioChunk(bytes(1024)))
    with pytest.raises(AudioError, match="rate changed"):
        ep.feed(AudioChunk(bytes(960), rate=8000))
    with pytest.raises(ValueError, match="early_check_ms must not exceed early_silence_ms"):
        EndpointSettings(early_check_ms=300, early_silence_ms=200)
    with pytest.raises(ValueError, match="trailing_silence_ms"):
        EndpointSettings(trailing_silence_ms=0)
    with pytest.raises(ValueError, match="vad must be one of auto, silero, energy"):
        EndpointSettings(vad="webrtc")


def test_silero_needs_16_khz_and_energy_takes_any_rate() -> None:
    with pytest.raises(AudioError, match="needs 16 kHz audio"):
        Endpointer(EndpointSettings(vad="silero")).feed(AudioChunk(bytes(960), rate=8000))
    assert Endpointer(EndpointSettings(vad="energy")).feed(AudioChunk(bytes(960), rate=8000)) == []


def test_auto_is_silero_when_installed() -> None:
    assert Endpointer().detector.name == "silero"


class Recorder:
    """A ``SpeechListener`` that keeps what it heard and answers ``judge`` with a fixed verdict."""

    def __init__(self, verdict: Verdict) -> None:
        self.verdict = verdict
        self.heard: list[tuple[float, bytearray, bool | None]] = []
        self.asked = 0
        self.first_asked: list[int | None] = []
        """Per utterance: bytes heard when first asked since its last voiced audio."""

    def begin(self, start_s: float) -> None:
        self.heard.append((start_s, bytearray(), None))
        self.first_asked.append(None)

    def hear(self, audio: bytes, voiced: bool) -> None:
        self.heard[-1][1].extend(audio)
        if voiced:
            self.first_asked[-1] = None

    def judge(self) -> Verdict:
        self.asked += 1
        if self.first_asked[-1] is None:
            self.first_asked[-1] = len(self.heard[-1][1])
        return self.verdict

    def end(self, kept: bool) -> None:
        start_s, audio, _ = self.heard[-1]
        self.heard[-1] = (start_s, audio, kept)


@pytest.mark.parametrize(
    ("verdict", "wait_ms"), [(Verdict.WHOLE, 200), (Verdict.OPEN, 350), (Verdict.PART, 700)]
)
def test_a_listener_hears_each_utterance_and_judges_how_long_to_wait(
    scene: Scene, vad: EndpointSettings, verdict: Verdict, wait_ms: int
) -> None:
    """The listener hears exactly each utterance's audio; it is first asked what the words so far are
    after ``early_check_ms`` of silence (to have its answer ready), and the endpoint closes after
    ``early_silence_ms`` for a whole request, ``unfinished_silence_ms`` for words that mean nothing yet,
    else after ``trailing_silence_ms``."""
    listener = Recorder(verdict)
    settings = replace(
        vad, trailing_silence_ms=350, early_silence_ms=200, early_check_ms=100, unfinished_silence_ms=700
    )
    ep, data, step = Endpointer(settings, listener), pcm(scene.signal), 2 * RATE * 30 // 1000
    utterances = [u for i in range(0, len(data), step) for u in ep.feed(AudioChunk(data[i : i + step]))]
    kept = [(s, bytes(a)) for s, a, k in listener.heard if k]
    assert kept == [(u.start_s, u.audio.audio) for u in utterances] and len(utterances) == 2
    waited_ms = [1000 * (u.end_s - u.last_voice_s) for u in utterances]
    assert all(wait_ms <= ms < wait_ms + 40 for ms in waited_ms), waited_ms
    assert listener.asked >= 2
    kept_asks = [a for a, (_, _, k) in zip(listener.first_asked, listener.heard, strict=True) if k]
    asked_ms = [
        1000 * (u.start_s + (a or 0) / 2 / RATE - u.last_voice_s)
        for u, a in zip(utterances, kept_asks, strict=True)
    ]
    assert all(a is not None for a in kept_asks) and all(100 <= ms < 140 for ms in asked_ms), asked_ms
