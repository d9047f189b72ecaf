"""Intent routing on held-out utterances written independently of the templates."""

from __future__ import annotations

import pytest
import yaml

from assistant.nlu.engine import Nlu
from tests.support.paths import DATA

FLOOR = 0.95


def items(lang: str) -> list[dict[str, object]]:
    loaded: list[dict[str, object]] = yaml.safe_load((DATA / f"nlu_{lang}.yaml").read_text(encoding="utf-8"))[
        "items"
    ]
    return loaded


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_test_sets_are_varied_and_the_blind_ones_cover_every_intent(lang: str, registry: object) -> None:
    data = items(lang)
    assert len(data) >= 40
    assert sum(item["intent"] is None for item in data) >= 5
    blind = [  # the test set, and the ones written for the intents added later (booking.status, .change)
        item
        for name in (f"test_{lang}.yaml", f"lookup_test_{lang}.yaml", f"change_test_{lang}.yaml")
        for item in yaml.safe_load((DATA / "blind" / name).read_text(encoding="utf-8"))["utterances"]
    ]
    assert set(registry.intents) <= {item["intent"] for item in blind}  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_parse_routes_at_least_95_percent(lang: str, nlu: Nlu) -> None:
    data = items(lang)
    wrong = []
    for item in data:
        match = nlu.parse(str(item["text"]), lang)
        if match.intent != item["intent"]:
            wrong.append(f"{item['text']!r}: expected {item['intent']}, got {match.intent} ({match.score})")
    accuracy = 1 - len(wrong) / len(data)
    print(f"\n{lang}: intent accuracy {accuracy:.3f} on {len(data)} utterances", *wrong, sep="\n  ")
    assert accuracy >= FLOOR, "\n".join(wrong)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_slots_of_correctly_routed_utterances(lang: str, nlu: Nlu) -> None:
    checked = right = 0
    for item in items(lang):
        match = nlu.parse(str(item["text"]), lang)
        if match.intent != item["intent"]:
            continue
        expected = dict(item.get("slots") or {})  # type: ignore[call-overload]
        for name, value in expected.items():
            if name in nlu.slot_names(lang, str(match.intent)):
                checked += 1
                right += match.slots.get(name) == value
    print(f"\n{lang}: slot accuracy {right}/{checked}")
    assert checked >= 20 and right / checked >= 0.9


@pytest.mark.parametrize(
    ("text", "lang", "intent", "slots"),
    [
        (
            "I'd like two wireless earbuds",
            "en",
            "order.place",
            {"quantity": 2, "product": "wireless-earbuds"},
        ),
        ("where is my order four eight two one", "en", "order.status", {"order_id": 4821}),
        (
            "book a screen repair tomorrow at 3 pm",
            "en",
            "booking.create",
            {"service": "screen-repair", "date": "2026-11-28", "time": "15:00"},
        ),
        ("can I pay with apple pay", "en", "store.faq", {"topic": "payment"}),
        (
            "i wanna get 3 blue phone cases",
            "en",
            "order.place",
            {"quantity": 3, "color": "blue", "product": "phone-case"},
        ),
        ("I'd like two wireles earbuds", "en", "order.place", {"quantity": 2, "product": "wireless-earbuds"}),
        ("무선 이어폰 두 개 주문할게요", "ko", "order.place", {"product": "wireless-earbuds", "quantity": 2}),
        (
            "내일 오후 세 시에 화면 수리 예약하고 싶어요",
            "ko",
            "booking.create",
            {"service": "screen-repair", "date": "2026-11-28", "time": "15:00"},
        ),
        (
            "다음 주 월요일 오전 열 시 반에 배터리 교체 예약할게요",
            "ko",
            "booking.create",
            {"service": "battery-replacement", "date": "2026-11-30", "time": "10:30"},
        ),
        ("주문 상태 알려 주세요", "ko", "order.status", {}),
        ("상담원 연결해 주세요", "ko", "agent.handoff", {}),
        (
            "티셔츠 라지 사이즈로 세 장 주세요",
            "ko",
            "order.place",
            {"product": "t-shirt", "size": "L", "quantity": 3},
        ),
    ],
)
def test_known_requests_and_their_slots(
    text: str, lang: str, intent: str, slots: dict[str, object], nlu: Nlu
) -> None:
    match = nlu.parse(text, lang)
    assert (match.intent, match.slots) == (intent, slots)


def test_out_of_scope_and_empty_are_null(nlu: Nlu) -> None:
    assert nlu.parse("what's the weather on mars", "en").intent is None
    assert nlu.parse("", "en").intent is None
    assert nlu.parse("   ", "ko").intent is None
    assert nlu.parse("hello", "xx").intent is None
