"""Misspellings, chat spellings and help-phrasings are read as what they stand for; a real word with an
ending, a word between two known ones and an ordinary Korean word near an action word are left alone."""

from __future__ import annotations

import pytest

from assistant.nlu.engine import Nlu
from assistant.nlu.spelling import KOREAN_KEYWORDS, KoreanSpeller, Speller, chat_spelling, customers_words
from assistant.text import normalize

KNOWN = ["cancel", "return", "appointment", "order", "older", "case", "silver", "tomorrow", "like"]


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("cancle", "cancel"),  # neighbours swapped
        ("retrun", "return"),
        ("apointment", "appointment"),  # a letter dropped
        ("silvr", "silver"),
        ("tomorow", "tomorrow"),
        ("cases", "cases"),  # "case" + an ending: a word, not a slip
        ("oder", "oder"),  # one edit from both "order" and "older": no guess
        ("bike", "bike"),  # one edit from "like", but not its first letter
        ("cat", "cat"),  # too short to correct
        ("korea", "korea"),  # a word of its own, not a slipped "korean"
        ("cash", "cash"),  # a common English word one edit from "case" (english_words.txt)
    ],
)
def test_an_unknown_word_one_edit_from_one_known_word_is_corrected(typed: str, read: str) -> None:
    assert Speller(KNOWN).word(typed) == read


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("주문 췻소 해주세여", "주문 취소 해주세요"),
        ("스마트워치 주믄하고시퍼요", "스마트워치 주문하고싶어요"),
        ("반퓸 신청이요", "반품 신청이요"),
        ("결재 됐나요", "결제 됐나요"),
        ("머 해줄수있어여", "뭐 해줄수있어요"),
        ("소리가 안 나요", "소리가 안 나요"),  # 소리 is one letter from 수리, which is no key word
        ("배송지 변경해 주세요", "배송지 변경해 주세요"),
        ("반품기간 몇일이에요", "반품기간 며칠이에요"),
        ("결제 됬는지 봐 주세요", "결제 됐는지 봐 주세요"),
        ("수리 부킹해 주세요", "수리 예약해 주세요"),
        ("당일배송 돼나요", "당일배송 되나요"),
        ("배송 돼요", "배송 돼요"),  # right as it is
        ("감사함다", "감사합니다"),
        ("수고하셨슴다", "수고하셨습니다"),
        ("내일 해 주면 좋겠어요", "내일 해 주면 좋겠어요"),  # 주면 (if you give) is no slipped 주문
        ("위약금 있나요", "위약금 있나요"),  # a penalty, not a deposit (예약금)
        ("최소 금액 있어요", "최소 금액 있어요"),  # the least
        ("최소해 주세요", "취소해 주세요"),  # but a slipped 취소 as a verb
        ("이어폰 살수잇나요", "이어폰 살수있나요"),  # ㅅ typed for ㅆ
        ("주문햇던거 어케됏어요", "주문했던거 어떻게됐어요"),
        ("햇빛", "햇빛"),
        ("오더 캔슬해 주세요", "주문 캔슬해 주세요"),  # loanwords written in Hangul
        ("후드티 리턴할게요", "후드티 반품할게요"),
        ("레시트 보내 주세요", "영수증 보내 주세요"),
        ("새 폰 세팅해 주세요", "새 폰 설정해 주세요"),
        ("땡스기빙에 문 열어요", "추수감사절에 문 열어요"),
        ("수량 좀 줄여 주세요", "수량 좀 줄여 주세요"),  # a verb in 여 before 주세요 is no chat 요
        ("색상 좀 보여 줄래요", "색상 좀 보여 줄래요"),
        ("사이즈 바까 주이소", "사이즈 바꿔 주세요"),  # Gyeongsang and Jeolla endings
        ("고맙데이", "고맙다"),
        ("발렌타인데이 선물", "발렌타인데이 선물"),  # a loanword in 데이 is no Gyeongsang ending
        ("마저 해 주세요", "마저 해 주세요"),  # 마저 (the rest) is no 맞아
        ("그렇지예", "그렇지요"),
        ("예", "예"),  # a yes
        ("아니랑께", "아니라니까"),
        ("어 맞어", "어 맞아"),
        ("하나 사 갈라꼬", "하나 사 갈려고"),
        ("받기는 받았는디", "받기는 받았는데"),
        ("필요 없어져 부렀어", "필요 없어져 버렸어"),
        ("스피커 우째 됐노", "스피커 어떻게 됐나"),
        ("데이터 이전 예약", "데이터 이전 예약"),
        ("걍 됐어", "그냥 됐어"),
    ],
)
def test_korean_chat_spellings_and_misspelt_action_words(typed: str, read: str) -> None:
    speller = KoreanSpeller(KOREAN_KEYWORDS, [])
    assert speller.text(chat_spelling(normalize(typed), "ko")) == read


@pytest.mark.parametrize(("typed", "read"), [("ㅇㅇ", "네"), ("ㄴㄴ", "아니요"), ("ㄱㅅㄱㅅ", "감사합니다")])
def test_korean_letter_abbreviations_are_written_out(typed: str, read: str) -> None:
    assert chat_spelling(normalize(typed), "ko") == read


def test_a_request_opening_with_an_ing_form_opens_with_its_verb() -> None:
    speller = Speller(["have", "hav", "ask", "cancel", "change", "chang"])  # hav, chang: customers' typos
    assert speller.text("having trouble with my order") == "have trouble with my order"
    assert speller.text("changing my order") == "change my order"
    assert speller.text("asking about my order") == "ask about my order"


def test_a_typo_in_a_training_sentence_is_not_learnt_as_a_word() -> None:
    english = Speller(["order", "return", "address"])
    assert customers_words(["oder", "retun", "assistance", "adress"], english) == ["assistance"]
    korean = KoreanSpeller(KOREAN_KEYWORDS, [])
    assert customers_words(["췻소", "해주세요", "주믄"], korean) == ["해주세요"]


@pytest.mark.parametrize(
    ("lang", "text", "intent"),
    [
        ("en", "pls updte the adress on order 6021", "order.change"),
        ("en", "i want to retun my order and get a refnd", "order.return"),
        ("en", "recomend me somthing under 30 dollars", "product.recommend"),
        ("en", "retrun the phone case plz", "order.return"),
        ("en", "I need assistance cancelling my backpack order", "order.cancel"),
        ("en", "can you help me buy a hoodie", "order.place"),
        ("en", "in what cases can i get a refund", "store.faq"),
        ("en", "what time does nike close", None),  # a shop's name is no misspelt "nice"
        ("en", "what's two plus two", None),  # "plus" is no misspelt "pls"
        ("en", "heyyy", "dialog.greet"),  # a letter drawn out
        ("en", "oh hi", "dialog.greet"),  # nothing but openers: the one that is a greeting
        ("en", "actually", None),  # nothing but an opener, however often training sentences start so
        ("en", "hw much is the hoody", "product.info"),  # "hoody" is no "howdy"
        ("en", "by by", "dialog.goodbye"),
        ("ko", "주문 췻소 해주세여", "order.cancel"),
        ("ko", "ㅇㅇ", "dialog.yes"),
        ("ko", "ㄴㄴ", "dialog.no"),
        ("ko", "이어폰 검정 하나 살께요ㅎㅎ", "order.place"),
        ("ko", "다음 주 월요일 화면 수리로 부킹해 주세요", "booking.create"),
        ("ko", "노노", "dialog.no"),
    ],
)
def test_the_engine_reads_them(nlu: Nlu, lang: str, text: str, intent: str | None) -> None:
    assert nlu.parse(text, lang).intent == intent


def test_common_english_words_are_no_slips(nlu: Nlu) -> None:
    """ "how do i repair my credit score" had been read as "... credit store" (and as a repair booking)."""
    assert "score" in nlu.languages["en"].spelled("how do i repair my credit score", nlu.env("en"))
    assert nlu.parse("how do i repair my credit score", "en").intent != "booking.create"
    assert nlu.parse("i want to buy a bluetooth speker", "en").intent == "order.place"  # typos still read
    # the start of a word (a token of Whisper's vocabulary, no word of its own) is still a slip
    assert "reserve" in nlu.languages["en"].spelled("can i reserv a screen repair", nlu.env("en")).split()
