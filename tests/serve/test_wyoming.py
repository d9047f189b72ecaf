"""``assistant serve`` as satellites and Wyoming clients meet it: the ``wyoming`` package's own client
classes stream the fixture recordings in real time to a real server on a real socket."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from wyoming.client import AsyncTcpClient
from wyoming.info import Describe, Info

from assistant.audio import read_wav
from assistant.config import Config
from assistant.tts import open_reply_voices
from tests.support.paths import FIXTURES
from tests.support.satellite import Exchange, Satellite
from tests.support.server import RunningServer, voice_server

pytestmark = pytest.mark.slow

EN = FIXTURES / "en"
HOURS = EN / "hours_sundays_kal.wav"  # "are you open on sundays"
HOURS_HEARD = {"are you open on sundays", "are you open sunday"}
"""How the kiosk's grammar hears HOURS (its phrase model has "are you open <day>" far more often than
"on sundays"); both are the same question about Sunday's hours."""
RETURNS = EN / "faq_returns_us.wav"  # "what is your return policy"
PRICE = EN / "info_earbuds_price_m3.wav"  # "how much are the wireless earbuds"
KOREAN = EN / "language_korean_f2.wav"  # "can you speak korean"
EARBUDS = EN / "order_earbuds_two_m3.wav"  # "two wireless earbuds"
NO_THANKS = EN / "no_thanks_joe.wav"  # "no thanks" (the gb voice's is heard as "sorry" after an order)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with voice_server(tmp_path_factory.mktemp("serve") / "store.db", workers=2, max_satellites=6) as running:
        yield running


async def converse(port: int, *wavs: Path) -> list[Exchange]:
    async with Satellite("127.0.0.1", port) as satellite:
        await satellite.start_pipeline()
        return [await satellite.say(wav) for wav in wavs]


def settle(server: RunningServer, timeout_s: float = 30) -> tuple[int, int, int]:
    """The server's state once no connection or turn is left (or after ``timeout_s``)."""
    deadline = time.monotonic() + timeout_s
    while True:
        state = server.state()
        if state[:2] == (0, 0) or time.monotonic() > deadline:
            return state
        time.sleep(0.1)


def test_describe_names_our_recognizers_voices_and_dialogue(server: RunningServer) -> None:
    async def ask() -> Info:
        async with AsyncTcpClient("127.0.0.1", server.port) as client:
            await client.write_event(Describe().event())
            event = await client.read_event()
            assert event is not None
            return Info.from_event(event)

    info = asyncio.run(ask())
    assert {lang for m in info.asr[0].models for lang in m.languages} == {"en", "ko"}
    assert {lang for v in info.tts[0].voices for lang in v.languages} == {"en", "ko"}
    speaking = open_reply_voices(Config().voices).choices()  # the server runs with the default settings
    assert {(v.languages[0], v.name, (v.description or "").split()[0]) for v in info.tts[0].voices} == {
        (choice.lang, choice.voice, choice.engine) for choice in speaking
    }
    assert info.handle[0].models[0].languages == ["en", "ko"]


def test_three_satellites_at_once_each_get_their_own_answer_spoken(server: RunningServer) -> None:
    async def all_three() -> tuple[list[Exchange], list[Exchange], list[Exchange]]:
        return await asyncio.gather(
            converse(server.port, HOURS), converse(server.port, RETURNS), converse(server.port, PRICE)
        )

    [[hours], [returns], [price]] = asyncio.run(all_three())
    assert hours.transcript in HOURS_HEARD
    assert "11 AM to 6 PM" in (hours.reply or "")
    assert "return" in (returns.reply or "").lower()
    assert price.transcript == "how much are the wireless earbuds" and "$" in (price.reply or "")
    for exchange in (hours, returns, price):
        kinds = [event.type for _, event in exchange.events]
        assert kinds[:4] == ["voice-started", "voice-stopped", "transcript", "synthesize"], kinds
        assert kinds[-1] == "audio-stop" and exchange.audio_bytes > 22050  # over half a second of speech
        assert exchange.latency_ms is not None and exchange.latency_ms > 0
    assert settle(server) == (0, 0, 2)


def test_a_satellite_keeps_its_conversation_and_switches_language(server: RunningServer) -> None:
    [order, no] = asyncio.run(converse(server.port, EARBUDS, NO_THANKS))
    assert "which color" in (order.reply or "").lower()  # the order is pending in this connection's session
    assert no.reply == "Okay, I've stopped there; nothing was changed. Anything else?"
    [korean] = asyncio.run(converse(server.port, KOREAN))
    assert korean.transcript == "can you speak korean"
    reply = korean.reply or ""
    assert any("\uac00" <= ch <= "\ud7a3" for ch in reply), reply  # answered in Korean, and spoken
    assert korean.audio_bytes > 0


def test_plain_asr_and_tts_requests(server: RunningServer) -> None:
    async def both() -> tuple[str, tuple[dict[str, int], bytes], tuple[dict[str, int], bytes]]:
        async with Satellite("127.0.0.1", server.port) as client:
            text = await client.transcribe(HOURS, "en")
            english = await client.synthesize("We are open until eight.", "en")
            korean = await client.synthesize("여덟 시까지 영업합니다.", "ko")
            return text, english, korean

    text, (en_format, en_audio), (ko_format, ko_audio) = asyncio.run(both())
    assert text == "are you open on sundays"
    for fmt, audio in ((en_format, en_audio), (ko_format, ko_audio)):
        assert fmt["width"] == 2 and fmt["channels"] == 1 and fmt["rate"] >= 16000
        assert len(audio) / (fmt["rate"] * 2) > 0.8  # seconds of speech


def test_a_satellite_that_disconnects_mid_utterance_leaks_nothing(server: RunningServer) -> None:
    async def cut() -> None:
        async with Satellite("127.0.0.1", server.port) as satellite:
            await satellite.start_pipeline()
            await satellite.say(RETURNS, cut_at_s=0.9)  # in the middle of "what is your return policy"

    asyncio.run(cut())
    assert settle(server) == (0, 0, 2)
    [after] = asyncio.run(converse(server.port, HOURS))  # the server goes on as before
    assert after.transcript in HOURS_HEARD and after.audio_bytes > 0


def test_a_turn_in_flight_when_the_satellite_leaves_is_still_done_and_logged(server: RunningServer) -> None:
    store = server.assistant.store
    before = len(store.interactions())
    speech = read_wav(HOURS).audio

    async def leave_after_speaking() -> None:
        async with AsyncTcpClient("127.0.0.1", server.port) as client:
            from wyoming.audio import AudioChunk, AudioStart
            from wyoming.pipeline import PipelineStage, RunPipeline

            await client.write_event(
                RunPipeline(start_stage=PipelineStage.ASR, end_stage=PipelineStage.TTS).event()
            )
            await client.write_event(AudioStart(rate=16000, width=2, channels=1).event())
            for start in range(0, len(speech) + 32000, 960):  # the request and a second of silence
                chunk = speech[start : start + 960] or bytes(960)
                await client.write_event(AudioChunk(rate=16000, width=2, channels=1, audio=chunk).event())
            while (event := await client.read_event()) is not None and event.type != "voice-stopped":
                pass  # the end of speech was decided: the turn has started; leave now

    asyncio.run(leave_after_speaking())
    assert settle(server) == (0, 0, 2)
    logged = store.interactions()[before:]
    assert len(logged) == 1 and logged[0].text in HOURS_HEARD


def test_fifty_satellites_at_once_are_served_or_told_busy(server: RunningServer) -> None:
    async def one() -> str:
        try:
            async with AsyncTcpClient(
                "127.0.0.1", server.port, connect_timeout=10, read_timeout=30
            ) as client:
                await client.write_event(Describe().event())
                event = await client.read_event()
                return "closed" if event is None else event.type
        except (ConnectionError, OSError) as exc:
            return type(exc).__name__

    async def fifty() -> list[str]:
        return await asyncio.gather(*(one() for _ in range(50)))

    started = time.monotonic()
    answers = asyncio.run(fifty())
    assert set(answers) <= {"info", "error"}, answers
    assert answers.count("info") >= 6 and time.monotonic() - started < 30
    assert settle(server)[:2] == (0, 0)


def test_garbage_and_a_bad_format_get_an_error_event_not_a_hang(server: RunningServer) -> None:
    async def garbage() -> list[str]:
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(b'{"type": "audio-chunk", "data": {"rate": 16000}, "payload_length": 4}\nabcd')
        writer.write(b'{"type": "describe"}\n')
        await writer.drain()
        kinds = []
        for _ in range(2):
            line = await asyncio.wait_for(reader.readline(), 10)
            kinds.append(line.decode())
            header = __import__("json").loads(line)
            await reader.readexactly(header.get("data_length", 0) + header.get("payload_length", 0))
        writer.close()
        return kinds

    first, second = asyncio.run(garbage())
    assert '"error"' in first and '"info"' in second
    assert settle(server)[:2] == (0, 0)


def test_port_in_use_is_one_line_and_exit_2(tmp_path: Path) -> None:
    from tests.support.cli import run

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        port = str(taken.getsockname()[1])
        done = run(["serve", "--db", str(tmp_path / "s.db"), "--host", "127.0.0.1", "--port", port])
    finally:
        taken.close()
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"assistant: error: port {port} on 127.0.0.1 is in use (another `assistant serve`?); "
        "choose another with --port"
    ]
