"""Misspelt words put right before matching: "cancle my apointment" is read as "cancel my appointment".

An unknown Latin word of at least ``MIN_LENGTH`` letters is replaced by the one known word (a word of the
templates or of a slot list) that is a single edit away — a letter added, dropped, changed or two
neighbours swapped — and starts with the same letter. When no word or more than one is that close, or
the word is a known one with one more letter at its end ("cases", "used": an ending, not a slip), it
stays as it is: a guess between two words is no correction.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from importlib.resources import files

from rapidfuzz.distance import OSA

HANGUL_START, JAMO_VOWELS, JAMO_FINALS = 0xAC00, 21, 28
MIN_LENGTH = 4
"""Shorter words have too many neighbours one edit away ("cat", "car", "can"), and are never corrected to
("plus" is no misspelt "pls")."""


def _english_words() -> frozenset[str]:
    """Common English words (``assistant/data/english_words.txt``, see ``bench/english_words.py``)."""
    text = files("assistant.data").joinpath("english_words.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.split("\n") if line and not line.startswith("#"))


REAL_WORDS = frozenset({"korea"}) | _english_words()
"""Words that are no slip of the known word one edit away: "korea" is no misspelt "korean", "score"
no misspelt "store" (common English words)."""
ING_NOUNS = frozenset(
    {"booking", "shipping", "parking", "clothing", "pricing", "setting", "building", "wedding"}
)
"""Words in -ing that open a request as the thing asked about ("booking 18 please cancel it"), not as
a verb's -ing form."""


class Speller:
    """Corrects words one edit away from exactly one known word."""

    def __init__(self, words: Iterable[str], protected: Iterable[str] = ()) -> None:
        """``words`` are corrected to; ``protected`` words (other businesses' names…) and ``REAL_WORDS``
        are only left alone."""
        self._known = frozenset(w for w in words if w.isascii() and w.isalpha())
        self._protected = frozenset(protected) | REAL_WORDS
        by_start: dict[str, list[str]] = defaultdict(list)
        for word in self._known:
            if len(word) >= MIN_LENGTH:  # what a word may be corrected to
                by_start[word[0]].append(word)
        self._by_start = dict(by_start)

    def word(self, word: str) -> str:
        """``word``, or the single known word one edit away."""
        if len(word) < MIN_LENGTH or word in self._known or not (word.isascii() and word.isalpha()):
            return word
        if word in self._protected:
            return word
        if word[:-1] in self._known:  # an ending on a known word ("cases", "used"), not a slip
            return word
        near = {
            known
            for known in self._by_start.get(word[0], ())
            if abs(len(known) - len(word)) <= 1 and OSA.distance(word, known, score_cutoff=1) <= 1
        }
        return near.pop() if len(near) == 1 else word

    def text(self, text: str, keep: Iterable[tuple[int, int]] = ()) -> str:
        """``text`` (normalized) with each misspelt word corrected — except within the ``keep`` spans
        (entities already read: "half past two", "eight") — and a request opening with a verb's -ing
        form ("cancelling my order", what a help-phrasing leaves) opening with the verb."""
        spans = list(keep)
        words = []
        for found in re.finditer(r"\S+", text):
            inside = any(start <= found.start() < end for start, end in spans)
            words.append(found.group() if inside else self.word(found.group()))
        if words and words[0].endswith("ing") and words[0] not in ING_NOUNS:
            words[0] = self._verb(words[0])
        return " ".join(words)

    def _verb(self, gerund: str) -> str:
        stem = gerund[:-3]
        for verb in (stem + "e", stem, stem[:-1]):  # having, asking, cancelling
            if len(verb) >= 3 and verb in self._known:
                return verb
        return gerund


def _both(letters: str) -> str:
    """``letters`` (Hangul compatibility jamo, as typed) as a pattern that also matches them normalized."""
    return re.escape(letters) + "|" + re.escape(unicodedata.normalize("NFKC", letters))


_FINAL_L = "".join(chr(HANGUL_START + block * JAMO_FINALS + 8) for block in range(19 * JAMO_VOWELS))
"""Every Hangul syllable ending in ㄹ (살, 할, 갈…)."""

_LOOK = r"(?:black|white|blue|red|pink|green|gray|grey|navy|beige|silver|small|medium|large|extra large)"
"""A colour or size word: "to" before one (and a plural) is a count."""
CHAT_SPELLINGS = {
    "en": (
        (re.compile(r"([a-z])\1{2,}"), r"\1"),  # a letter drawn out: "heyyy", "pleeease" → "hey", "please"
        (re.compile(r"\b(?:thnx|thanx|thnks|thanz|tnx)\b"), "thanks"),
        (re.compile(r"\b(?:pls|plz|pleez|pleaz)\b"), "please"),
        (re.compile(r"\bto by (?=(?:a|an|some|one|two|three|new)\b)"), "to buy "),  # "i wnat to by a hoodie"
        (re.compile(r"\bgtg\b"), "got to go"),
        (re.compile(r"\bhw (?=much|many|long|do|does|can|is|are)\b"), "how "),  # "hw much is the hoody"
        (re.compile(r"\bby by\b"), "bye bye"),
        (re.compile(r"\bhood(?:y|ey)\b"), "hoodie"),  # a common spelling, not "howdy"
        # a count heard or typed as its homophone: "actually no make it too" (Whisper's "make it to"), "to
        # black hoodies size large please" (Whisper's "two black hoodies": one was ordered)
        (re.compile(rf"^to (?={_LOOK} )"), "two "),
        (re.compile(rf"\b(get|want|like|need|take|order|have|me) to (?={_LOOK} [a-z-]+s\b)"), r"\1 two "),
        (re.compile(r"\b(make (?:it|that|them)|change (?:it|that) to|just) (?:too|to)$"), r"\1 two"),
        # contractions typed without the apostrophe: "whats the cheapest thing" gave the delivery prices
        (re.compile(r"\b(what|where|how|who|that|there|when)s\b"), r"\1's"),
        (re.compile(r"\b(do|does|did|is|are|was|were|could|should|would|have|has)nt\b"), r"\1n't"),
        (re.compile(r"\b(can)t\b"), "can't"),
        (re.compile(r"\bwont\b"), "won't"),
        (re.compile(r"\bim\b"), "i'm"),
        (re.compile(r"\bive\b"), "i've"),
        (
            re.compile(r"\b(?:ill|il)\b(?= (?:take|have|get|buy|go|do|need|come|pay|order|book|try)\b)"),
            "i'll",
        ),
        (re.compile(r"\b(you|they|we)re\b"), r"\1're"),
    ),
    "ko": (
        (re.compile(rf"(?<=[{_FINAL_L}])께"), "게"),  # 살께요, 할께 → 살게요, 할게
        (
            re.compile(
                r"(?<=[가-힣])(?:여|염|욤|욥)(?=[?!.]*(?:\s|$))(?![?!.]*\s+(?:주|줘|줄|드리|드릴|봐|볼))"
            ),
            "요",
        ),  # 해주세여, 할게욤 → 해주세요; 줄여 주세요, 보여 주세요 keep their verb
        (re.compile(r"(?<=[세게래해어아에죠나까])용(?=[?!.~]*(?:\s|$))"), "요"),  # 주세용 (비용, 사용 stay)
        (
            re.compile(r"(?:^|(?<=\s))머(?=\s|$|라|예요|에요|야|하|해|가|냐|지)"),
            "뭐",
        ),  # 머예요, 머라구 → 뭐예요
        (re.compile(r"어케"), "어떻게"),
        (re.compile(r"(?:^|(?<=\s))주시고(?=\s|$)"), "주세요"),  # "… 한켤레 주시고 …": give me, and
        (re.compile(r"(?:^|(?<=\s))(?:살려|살라)(?=고|구)"), "사려"),  # 살려고, 살라고, 살려구요 → 사려고
        (
            re.compile(r"(?:^|(?<=\s))방금 ?(?:거|꺼)(?=\s|$|를|은|는)"),
            "그거",
        ),  # 방금거 취소해주세요: that one
        (re.compile(r"(?:^|(?<=\s))같은날(?=\s|$|에|로|이|은)"), "같은 날"),
        (re.compile(r"(?<![가-힣])안(?=(?:살|할|사)(?:래|게|께|거|요))"), "안 "),  # 안살래요 → 안 살래요
        (re.compile(r"몇\s?일"), "며칠"),  # 몇일 (a common misspelling; 몇 일 reads the same)
        (re.compile(r"됬"), "됐"),  # 됬어요 → 됐어요
        # "저녁 일곱시 되요?", "예약 되요?" → 돼요 (after a day, a time or a booking only: "환불 되요?
        # 반품할래요" is read as it was)
        (re.compile(r"(?:(?<=[시분날일약])|(?<=[시분날일약] ))되요(?=[?!.~]*(?:\s|$))"), "돼요"),
        (re.compile(r"돼(?=나요|나|는|면|고|지)"), "되"),  # 돼나요, 돼는 → 되나요, 되는 (돼요 stays)
        (re.compile(r"(?<=[가-힣])함다(?=[?!.~]*(?:\s|$))"), "합니다"),  # 감사함다 → 감사합니다
        (re.compile(r"(?<=[가-힣])슴다(?=[?!.~]*(?:\s|$))"), "습니다"),  # 수고하셨슴다
        (re.compile(r"부킹"), "예약"),  # the loanword for a booking
        (re.compile(r"(?:^|(?<=\s))넘(?=\s)"), "너무"),
        (re.compile(r"(?:^|(?<=\s))걍(?=\s|$)"), "그냥"),
        (re.compile(r"시퍼"), "싶어"),
        (re.compile(r"안뇽"), "안녕"),
        (re.compile(r"잇(?=[나어을는습다죠])"), "있"),  # 살수잇나요 → 살수있나요
        (re.compile(r"햇(?=[어던는다지죠])"), "했"),  # 주문햇던거 → 주문했던거
        (re.compile(r"됏"), "됐"),  # 어케됏어요 → 어떻게됐어요
        # Gyeongsang and Jeolla endings, as the templates' standard ones
        (re.compile(r"(?:주이소|주쇼|주소예)(?=[?!.~]*(?:\s|$))"), "주세요"),  # 바까 주이소 → 바꿔 주세요
        (re.compile(r"(?<=[가-힣])하이소(?=[?!.~]*(?:\s|$))"), "하세요"),
        (
            re.compile(r"(고맙|좋|맞|됐|했)데이(?=[?!.~]*(?:\s|$))"),
            r"\1다",
        ),  # 고맙데이 → 고맙다 (발렌타인데이 stays)
        # 그렇지예 → 그렇지요 (예 alone is a yes, and so is 예예: it was 예요, and who the customer was asked)
        (re.compile(r"(?<=[가-힣])(?<![예네])예(?=[?!.~]*(?:\s|$))"), "요"),
        (re.compile(r"(?<=[가-힣])랑께(?=[?!.~]*(?:\s|$))"), "라니까"),  # 아니랑께 → 아니라니까
        (re.compile(r"(?<=[가-힣])라꼬"), "려고"),  # 사 갈라꼬 → 사 가려고
        (re.compile(r"(?<=[가-힣])는디(?=[?!.~]*(?:\s|$))"), "는데"),  # 했는디 → 했는데
        (re.compile(r"부렀"), "버렸"),  # 없어져 부렀어 → 없어져 버렸어
        (re.compile(r"(?:^|(?<=\s))(?:맞어|마자)(?=[?!.~]*(?:\s|$))"), "맞아"),
        (re.compile(r"(?:^|(?<=\s))바까"), "바꿔"),  # 바까 주세요 → 바꿔 주세요
        (re.compile(r"(?:^|(?<=\s))우째(?=\s)"), "어떻게"),
        (re.compile(r"됐노(?=[?!.~]*(?:\s|$))"), "됐나"),  # 우째 됐노 → 어떻게 됐나
        *(
            (re.compile(rf"(?:^|(?<=\s))(?:{loan})(?=\s|$|[을를이가은는도요좀하해할했에로])"), word)
            for loan, word in (  # English loanwords written in Hangul, as the Korean templates say them
                ("오더", "주문"),
                ("리턴", "반품"),
                ("리펀드", "환불"),
                ("리시트|레시트|리씨트", "영수증"),
                ("트래킹 넘버|트래킹 번호", "송장 번호"),
                ("트래킹", "배송 조회"),
                ("세팅|셋업|셋팅", "설정"),
                ("땡스기빙|땡스 기빙", "추수감사절"),
            )
        ),
        *(
            (re.compile(rf"(?:^|(?<=\s))(?:{'|'.join(_both(a) for a in short)})(?=\s|$)"), word)
            for short, word in (
                (("ㅇㅇ", "ㅇㅇㅇ", "ㅇㅋ"), "네"),
                (("ㄴㄴ", "ㄴㄴㄴ"), "아니요"),
                (("ㄱㅅ", "ㄱㅅㄱㅅ", "ㄳ", "ㄳㄳ"), "감사합니다"),
                (("ㅂㅂ", "ㅂㅇ", "ㅂㅂㅂ"), "안녕히 계세요"),
                (("ㅎㅇ", "ㅎㅇㅎㅇ"), "안녕하세요"),
            )
        ),
    ),
}
"""Chat spellings of common words and endings, written as they are said ("해주세여" for "해주세요")."""

KOREAN_KEYWORDS = ("주문", "취소", "반품", "환불", "예약", "배송", "변경", "교환", "결제", "설정")
"""The words a Korean request's action hangs on, corrected when misspelt by one letter."""
KOREAN_REAL_WORDS = re.compile(r"^(?:위약|주면|주며|최소(?![해하돼되됐요]))")
"""Words one letter from a key word that are words of their own, left alone: 위약금 (a penalty, not
예약금), 주면 ("if you give", not 주문), 최소 (the least; "최소해 주세요" is still a slipped 취소)."""


def _jamo(syllables: str) -> str:
    """Hangul syllables spelled out as (initial, vowel, final) letter codes, so one edit is one letter."""
    out = []
    for char in syllables:
        code = ord(char) - HANGUL_START
        initial, rest = divmod(code, JAMO_VOWELS * JAMO_FINALS)
        vowel, final = divmod(rest, JAMO_FINALS)
        out.append(chr(0x1100 + initial) + chr(0x1161 + vowel) + (chr(0x11A7 + final) if final else ""))
    return "".join(out)


class KoreanSpeller:
    """Corrects two-syllable stretches one letter (jamo) away from exactly one of the given key words:
    "췻소" → "취소", "주믄" → "주문", "반퓸" → "반품". Only for words that carry an action (the evidence
    words), so that an ordinary word that happens to be near one ("소리" and "수리") is left alone."""

    def __init__(self, keywords: Iterable[str], known: Iterable[str]) -> None:
        self._keys = {k: _jamo(k) for k in keywords if len(k) == 2 and all(_is_syllable(c) for c in k)}
        self._known = frozenset(known)

    def text(self, text: str, keep: Iterable[tuple[int, int]] = ()) -> str:
        """``text`` (normalized) with each misspelt key word corrected (``keep`` is not needed: no entity
        is two Hangul syllables one letter from a key word)."""
        return " ".join(self.word(w) for w in text.split())

    def word(self, word: str) -> str:
        """``word`` with a misspelt key word in it corrected."""
        if word in self._known:
            return word
        if KOREAN_REAL_WORDS.match(word):
            return word
        chars = list(word)
        for i in range(len(chars) - 1):
            pair = "".join(chars[i : i + 2])
            if pair in self._keys or not all(_is_syllable(c) for c in pair) or pair in self._known:
                continue
            spelled = _jamo(pair)
            near = [k for k, j in self._keys.items() if OSA.distance(spelled, j, score_cutoff=1) <= 1]
            if len(near) == 1:
                chars[i : i + 2] = list(near[0])
        return "".join(chars)


def customers_words(words: Iterable[str], speller: Speller | KoreanSpeller) -> list[str]:
    """``words`` of the training sentences (written as customers write) that are not a slip of a word
    ``speller`` knows ("oder" for "order", "췻소" for "취소"): a typo learnt from them is still corrected."""
    return [w for w in words if speller.word(w) == w]


def _is_syllable(char: str) -> bool:
    return 0xAC00 <= ord(char) <= 0xD7A3


def chat_spelling(text: str, lang: str) -> str:
    """``text`` with the chat spellings of ``lang`` written out."""
    for pattern, replacement in CHAT_SPELLINGS.get(lang, ()):
        text = pattern.sub(replacement, text)
    return text
