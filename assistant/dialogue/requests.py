"""Several requests in one sentence: "what are your hours and where are you", "I want a phone charger and
a power bank", "never mind that, I want a white power bank".

When no template matches the whole sentence, it is split at punctuation and conjunctions. A piece that
only adds details to the request before it ("I want a hoodie, size M, with express delivery") joins it; a
piece with its own request, or a second product for the same one, becomes a request of its own. Greetings
and thanks next to a request are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import replace

from assistant import intents as I
from assistant.dialogue.answers import (
    BOOKING_DAYS,
    NOT_AFTER,
    NOT_BEFORE,
    NOT_DATE,
    PREFERS,
    AnswerReader,
    time_window_span,
)
from assistant.dialogue.counted_shares import counted_looks
from assistant.dialogue.verification import RECORDS
from assistant.messages import IntentMatch, SlotValue
from assistant.nlu.engine import Nlu, is_replaced
from assistant.nlu.evidence import about_an_action, evidence
from assistant.nlu.relative import as_total
from assistant.redact import find_address
from assistant.slots.numbers import cardinal
from assistant.text import normalize

_SPLIT = {
    "en": re.compile(
        r"[,.;!?]+|(?:^|\s+)(?:and then|and also|and|also|plus|then)\s+"
        r"|\s+(?=(?:no (?:sorry|wait|actually)|sorry i mean|i mean|or rather|actually no|let's say"
        r"|lets say)\b)",
        re.IGNORECASE,
    ),
    "ko": re.compile(
        r"[,.;!?]+|(?:^|\s+)(?:그리고|그다음에|그리고요|또|하고 나서|근데|그런데)\s+"
        r"|(?<=[가-힣])(?<!파|노)(?<!^저)(?<!\s저)(?<!^나)(?<!\s나)(?:이랑|랑)\s+"
        r"|(?:(?<=하나)|(?<=개)|(?<=벌)|(?<=켤레)|(?<=장)|(?<=대))(?:하고|랑|이랑)\s+"
        # "… 주문하고 낼 세시에 … 예약해주세요": a request done, the next begun
        r"|(?:(?<=주문)|(?<=예약)|(?<=취소)|(?<=변경)|(?<=조회))하고\s+"
        # "러닝화 250 검정 한켤레 주시고 같은걸로 흰색도 하나 주세요": given, and then another
        r"|(?:(?<=주시고)|(?<=\s주고))\s+"
        # "토요일 오후 한시 화면 수리 예약이요 번호는 010 1234 1234": the phone for it
        r"|(?<=요)\s+(?=(?:제 |내 )?(?:전화 ?번호|번호|연락처|핸드폰 ?번호|폰 ?번호)(?:는|은) \d)"
        # "화면 수리 주말로요 가능하면 일요일": the day preferred of those said
        r"|(?<=요)\s+(?=(?:가능하면|가능하다면|되도록|웬만하면|가급적|이왕이면)\s)"
        # "화면 수리 예약하려는데 배터리 교체도 같이 해 주세요": one asked for, then another too
        r"|(?<=려는데)\s+(?=\S+(?:\s\S+)?도\s)"
        # "이어폰 두개 주문하려는데 배송 빠른걸로 하면 언제와요?": asked for, then a question about it
        r"|(?<=려는데)\s+(?=(?:\S+\s){0,3}\S*(?:언제|얼마|몇|어떻게|되나요|돼요|있나요))"
        # "스피커 검정 하나 사고요 화면 수리 예약도 할게요": bought, then booked
        r"|(?:(?<=\s사고)|(?<=\s사고요)|(?<=시키고)|(?<=시키고요)|(?<=주문하고요)|(?<=예약하고요))\s+"
        # "… 충전기 하나 주세요 아 양말도 있어요?": asked for, then something else
        r"|(?:(?<=주세요)|(?<=줘요)|(?<=할게요)|(?<=살게요))\s+(?=(?:아|어|아참|참|혹시)\s)"
        # "흰색 티셔츠 L 두장이요 아 세장으로요": asked for, then corrected
        r"|(?:(?<=이요)|(?<=[장개벌]요)|(?<=켤레요))\s+(?=아\s+\S+(?:\s\S+)?\s?(?:으로|로)(?:요|\s|$))"
        # "아 됐어요 그냥 제가 할게요 데이터 이전 내일 오전 열시요": staff no longer needed, then the request
        r"|(?:(?<=제가 할게요)|(?<=제가 할께요)|(?<=내가 할게요)|(?<=됐어요))\s+"
        r"|\s+(?=(?:아니|아뇨|아냐)(?:요|다)?\s)|\s+(?=(?:하나는|한 개는|한 켤레는|한 장은)\s)"
        # "폰케이스 분홍 하나 파랑 하나요": one of each
        # "두 장 중에 한 장만": of two, one
        r"|(?:(?<=하나)|(?<=개)|(?<=벌)|(?<=켤레)|(?<=장))\s+(?!중에|중\s)"
        r"(?=(?:\d+ )?[가-힣]+ (?:하나|한 ?개|한 ?벌|한 ?켤레|한 ?장|두 ?개)"
        r"(?:요|씩|씩이요|만|이요|요\s|$"
        r"|\s(?:주세요|줘요|줘|주문할게요|주문해 ?주세요|할게요|살게요|부탁해요)))"
    ),
}
_STUBS = {
    "en": frozenset(
        {"i", "you", "we", "can", "could", "would", "will", "may", "to", "do", "please", "the", "a"}
    )
}
"""Words a request cannot end with: a cut after one is no cut ("can I also book a repair")."""
_JOINED = {
    "ko": re.compile(
        r"^(?P<first>.+?[가-힣])(?:(?<!파|노)(?<!^저)(?<!\s저)(?<!^나)(?<!\s나)(?:이랑|랑)|(?<=수리|교체|설정|이전)하고)\s+(?P<rest>.+)$"
    )
}
"""Two nouns joined by a particle ("충전기랑 보조 배터리", "화면 수리하고 … 기기 설정 예약해주세요"): the
first is the first piece. The 랑 of 파랑 and 노랑 (blue, yellow) is no particle; "저랑 동생 거" (for me and my
brother) is one request (저 was read as a request to be identified)."""
TOPICS = ("product", "service")
"""What a request is for, and what a conversation is about: a later request that takes one and names none
is about the last one named (``Dialogue``); two of them joined by a particle are two requests."""
_DETAILS = ("color", "size", "quantity", "delivery", "date", "time")
"""What a correction said inside a request about a record changes of it ("세 벌로 아니 네 벌로")."""
# A correction said without a comma ("a blue case no sorry pink", "검정 아니 흰색으로") is cut before it.
_CORRECTS = {
    "en": re.compile(
        r"^(?:(?:oh|ah|aw|um|uh|hmm|oops)[\s,]+)*"
        r"(?:(?:actually|no|nope|sorry|wait|i mean|i meant|or rather|rather|scratch that|correction|make it|"
        r"make that|change it to|change that to|let's say|lets say|"
        r"let's go with|lets go with|let's make it|lets make it)\b[\s,]*)+"
    ),
    "ko": re.compile(
        r"^(?:(?:아|어|음)[\s,]+)*(?:(?:아니요|아니다|아니(?!면)|아뇨|아냐|정정|잠깐만|잠깐|아참|참)[\s,]*)+"
    ),
}
"""How a piece that corrects the one before it opens (normalized: "... navy. Actually make it large", "on
monday, no wait tuesday", "검정, 아니 흰색으로"): the values after it replace the earlier ones, and a piece
that is only the opening ("no sorry, pink") makes the next one a correction."""
_OF_THEM = {
    "en": re.compile(
        r"(?:and |but |oh |make it |make that |i'll take |i need |i want |give me )*"
        r"(?P<n>two|three|four|five|six|[2-9]) of (?:them|those|these|em|'em)(?: please| thanks)?"
    )
}
"""A piece that only counts the item said before it ("a white t-shirt size medium, two of them": one was
ordered, and then two more)."""
_TO_VALUE = {
    "ko": re.compile(
        r"(?:아\s+)?(?:\S+(?:은|는)\s+)?\S+\s?(?:으로|로)\s?(?:요|해\s?주세요|해\s?줘요|할게요|해요|바꿔\s?주세요)?"
    )
}
"""A Korean piece that only gives a value for something said before ("아 세장으로요", "아 티셔츠는
세장으로요")."""
_BOTH = re.compile(r"^(?:both|each|all of them|them all|all|둘 ?다|모두|전부)(?:\s|$)")
"""A piece that gives a detail to every request of its kind before it ("both large", "둘 다 라지로")."""
GREETING_FIRST = re.compile(
    r"^(?:(?:hi|hello|hey|hiya|howdy|good (?:morning|afternoon|evening)|excuse me)(?: there)?\b(?! again)"
    r"|(?:안녕하세요|안녕하십니까|안녕|저기요|실례합니다)(?=\s|$))"
)
"""A greeting that opens an utterance (normalized); a request after it is cut off as a comma would (speech
has none: "good afternoon could i get a smart watch please" was only greeted)."""
_KEPT = {
    "en": re.compile(
        r"^(?:(?:but|and|so|just)\s+)?(?:(?:i'll|i will|ill|i'd like to|i want to|i wanna|i'm gonna"
        r"|i'm going to|we'll|please)\s+)?(?:keep|leave)\b(?! me\b)"
        r"|^(?:(?:but|and)\s+)?(?:the )?(?:rest|others?|\S+(?: \S+)?) (?:is|are|can stay|stays?) "
        r"(?:fine|ok|okay|good|staying)\b"
    ),
    "ko": re.compile(
        r"^(?:\S+(?:은|는|도)|나머지(?:는|도)?) (?:\S+ )?(?:받을게|받을래|받겠|받아도|둘게|둘래|두겠|놔둘"
        r"|놔 둘|그대로|유지|남겨|괜찮|취소 ?안|취소하지 마)"
    ),
}
"""A piece after a cancel or return that keeps the rest ("cancel just the case on 4822, i'll keep the
shirts", "4822 폰케이스만 취소하고 티셔츠는 그냥 받을게요"): no request of its own. It was read as the same
request for the product it keeps (the shirts were cancelled too, or ordered again)."""
_SMALL_TALK = frozenset({I.GREET, I.THANKS, I.GOODBYE})
_ON_MY_OWN = {
    "en": re.compile(
        r"(?:(?:ok|okay|fine|so) )?(?:i'll|ill|i will|let me|i can|i'd rather) do it (?:myself|on my own)"
    ),
    "ko": re.compile(r"(?:그냥 )?(?:제가|내가) (?:할게요|할께요|할게|하죠|해 ?볼게요|할래요)"),
}
"""A piece that only says the customer will go on alone ("i'll do it myself", "그냥 제가 할게요"): no request
(it read as an order of "it")."""
"""Pieces that are no request beside one that is: "ugh im so done, just cancel order 4822" said goodbye and
ended the conversation."""
_CONTROL = frozenset({I.YES, I.NO, I.CANCEL, I.REPEAT})
"""Words about a question, never read as the one request of a sentence ("no, white" is a correction)."""


_RECORD_ALONE = {
    "en": re.compile(
        r"^(?:it's |its |my |the |it is )?(?:order|booking|appointment|reservation)"
        r"(?: number| no| #)? ?#?\d+$|^#?\d{4}$"
    ),
    "ko": re.compile(
        r"^\d+ ?번? ?(?:주문|예약)(?:이요|요|이에요|예요|입니다|인데요?)?$"
        r"|^(?:주문|예약) ?(?:번호)? ?\d+ ?번?$|^\d{4}(?:번|에서|이요|요)?$"
    ),
}
"""A piece that only names an order or booking by its number ("order 4821", "4821번 주문", "4822, make the
shirts large": the number was dropped, and the digits asked next became order 123)."""


def _names_a_record_first(pieces: list[str], lang: str) -> bool:
    """Whether a piece before the last only names an order or booking ("i ordered earbuds, order 4821,
    where are they", "안녕하세요, 4821번 주문, 배송 어디쯤이에요?"): a detail of the request around it, so
    the sentence is one request (its pieces gave the shop's address and "can't help")."""
    alone = _RECORD_ALONE.get(lang)
    return alone is not None and any(alone.match(normalize(piece)) for piece in pieces[:-1])


def clauses(text: str, lang: str) -> list[str]:
    """``text`` cut into the pieces a request or question may be ("make it three", "do you do express
    delivery"); ``[text]`` in a language with no cuts."""
    pattern = _SPLIT.get(lang)
    if pattern is None:
        return [text]
    return _pieces(text, pattern, _STUBS.get(lang, frozenset()), _whole_spans(text, lang))


def split_requests(
    text: str,
    lang: str,
    nlu: Nlu,
    reader: AnswerReader,
    is_question: Callable[[IntentMatch, str], bool],
    confident: float,
    asked: bool = False,
) -> tuple[IntentMatch, ...]:
    """The requests said in ``text``, in order, when there are two or more, each recognised at least
    ``confident``-ly (or by a template) — or the one piece that matches a template when the rest means
    nothing; otherwise ``()``. With nothing ``asked``, a yes or no the classifier guessed in a piece
    ("I'm not very good with these machines") is no request."""
    pattern = _SPLIT.get(lang)
    if pattern is None:
        return ()
    joined = _joined(text, lang, nlu, reader, confident, is_question)
    opening = GREETING_FIRST.match(text)
    if not joined and opening is not None and text[opening.end() :].strip():
        # "안녕하세요 화면수리랑 배터리 교체 예약하고 싶어요": both bookings (the repair was a price question)
        joined = _joined(text[opening.end() :].strip(" ,"), lang, nlu, reader, confident, is_question)
    if joined:
        return tuple(_when_shared(_one_of_each(list(joined), text, lang)))
    whole = nlu.parse(text, lang)
    if whole.intent == I.ORDER_CHANGE and counted_looks(
        whole.text, nlu.slot_spans(whole.text, lang, whole.intent)
    ):
        return ()  # "on 4822 make the shirts one white one gray": one change of the shirts, both shares
    greeting = GREETING_FIRST.match(text)
    if greeting is not None and text[greeting.end() :].startswith(" "):
        text = f"{text[: greeting.end()]},{text[greeting.end() :]}"
    pieces = _pieces(text, pattern, _STUBS.get(lang, frozenset()), _whole_spans(text, lang))
    if len(pieces) < 2 or _names_a_record_first(pieces, lang):
        return ()
    requests: list[IntentMatch] = []
    waited = corrected = correcting = sent = rest_kept = going_on = False
    corrects = _CORRECTS.get(lang)
    for index, piece in enumerate(pieces):
        match = nlu.parse(piece, lang)
        # a correction takes back a request or words before it ("i need to cancel no wait move it"); its
        # opening may be words the NLU drops ("actually black": it reads "black")
        opened = match.text if corrects is None or corrects.match(match.text) else normalize(piece)
        opening = corrects.match(opened) if corrects is not None and index else None
        if opening is not None:
            rest = opened[opening.end() :].strip()
            if not rest:  # "no sorry": the next piece corrects
                correcting = True
                continue
            match = nlu.parse(rest, lang)
        correction, correcting = correcting or opening is not None, False
        went_on, going_on = going_on, False  # "…, actually no, make it beige, size L": L corrects it too
        if requests and _only_disliked(match.text, requests[-1], lang, reader, correction):
            correcting = True  # "…in red, actually no red is too loud, black": black corrects it
            continue
        instead = _look_instead(normalize(piece), requests[-1], lang, reader) if requests else {}
        if instead:  # "러닝화 270 빨강 한켤레 주세요 아 빨강은 너무 튀니까 검정으로": black shoes
            requests[-1] = replace(requests[-1], slots={**requests[-1].slots, **instead})
            corrected = True
            continue
        if correction and match.intent is None and requests and requests[-1].intent in I.ANY_CANCEL:
            return ()  # "cancel my booking, no wait, move it to thursday": the whole sentence's reading
        corrected = corrected or (correction and not requests)  # what came before it was no request
        both = _BOTH.match(match.text) if requests else None
        if both is not None and match.text[both.end() :].strip():  # "둘 다 라지로": 둘 is no quantity
            match = nlu.parse(match.text[both.end() :].strip(), lang)
        if reader.is_wait(match.text, lang):  # "wait, how much is shipping?"
            waited = True
            continue
        on_my_own = _ON_MY_OWN.get(lang)
        if on_my_own is not None and on_my_own.fullmatch(match.text):
            continue  # "never mind the staff, i'll do it myself. screen repair friday at 4": no order
        if match.intent == I.REPEAT and index == 0 and len(pieces) > 1:
            waited = True  # "sorry, can you make it blue": an apology first, no "say that again"
            continue
        if not match.text:
            continue
        terse = match.intent is None and not _RECORD_WORD.search(text)  # "…order 5001…, i only need 2 shirts"
        match = _as_terse_order(match, lang, reader) if terse else match
        last = requests[-1] if requests else None
        kept = _KEPT.get(lang)
        if last is not None and last.intent in I.UNDOING and kept is not None and kept.search(match.text):
            rest_kept = True
            continue
        total = _total(last, match, lang, reader)
        if total is not None:  # "can i add another t-shirt to order 4822, so 3 total": 3 on the order
            requests[-1] = total
            continue
        of_them = _OF_THEM.get(lang)
        counted = of_them.fullmatch(match.text) if of_them is not None and last is not None else None
        count = cardinal(counted.group("n"), lang) if counted is not None else None
        if (
            counted is not None
            and last is not None
            and last.intent == I.ORDER_PLACE
            and isinstance(count, int)
        ):
            requests[-1] = replace(last, slots={**last.slots, "quantity": count})  # "…, two of them": two
            continue
        to_value = _TO_VALUE.get(lang)
        if to_value is not None and requests and to_value.fullmatch(normalize(piece)):
            correction = correction or "product" not in match.slots  # "… 두장이요 아 세장으로요": three
            if match.intent == I.ORDER_PLACE and "product" in match.slots:
                match = replace(match, intent=I.ORDER_CHANGE)  # "… 두장이요 아 티셔츠는 세장으로요"
        ordered = _ordered_before(requests, match, is_question(match, lang))
        if ordered is not None:  # "a black hoodie M and a white tshirt L, no wait, make the hoodie gray"
            looks = {k: v for k, v in match.slots.items() if k in ("color", "size", "quantity")}
            earlier = requests[ordered]  # (a black hoodie was ordered)
            requests[ordered] = replace(earlier, slots={**earlier.slots, **looks})
            continue
        if correction and last is not None and _orders_said_product(match, last, nlu, lang):
            # "러닝화 270 빨간색 아 아니다 빨간색은 너무 튀니까 검정으로 주세요": the shoes, in black
            looks = {k: v for k, v in match.slots.items() if k in ("color", "size", "quantity")}
            requests[-1] = IntentMatch(last.text, I.ORDER_PLACE, 1.0, {**last.slots, **looks}, "split")
            continue
        other_record = _another_record(match.text, last) if last is not None else None
        # "cancel booking 1 and booking 2": booking 2's cancel too (it was dropped)
        if other_record is not None:
            requests.append(other_record)
            continue
        after = pieces[index + 1 :]
        share = _first_share(match.text, last, after, lang, reader) if last and not correction else None
        if share is not None:  # "two pairs of running shoes, a 250 in white and …": one of the two
            requests.append(IntentMatch(match.text, I.ORDER_PLACE, 1.0, share, "split"))
            continue
        if last is not None and last.intent is not None:
            correction = correction or (went_on and not {"product", "service"} & match.slots.keys())
            added, other = _details(match, last, lang, reader, is_question, correction)
            going_on = correction and added is not None
            corrected = corrected or (correction and added is not None)
            # "…, send it express", "…, under her number 213 555 7000": said for it
            sent = sent or (added is not None and (match.intent == I.DELIVERY_INFO or "phone" in added))
            if added is not None:
                requests[-1] = replace(last, slots={**last.slots, **added})
                if both is not None:  # "…, one black and one white, both large": to each of them
                    requests = [_with(r, added) if r.intent == last.intent else r for r in requests]
                continue
            if other is not None:  # "... and the power bank": the same request for another product
                requests.append(IntentMatch(match.text, last.intent, 1.0, other, "split"))
                continue
        if (
            last is not None and last.intent == I.BOOKING_CREATE and asks_if_free(match, match.slots, lang)
        ):  # "배터리 교체 예약하려구요. 금요일 오전 열한시 괜찮아요?": that day and time for it
            requests[-1] = _with(last, {k: v for k, v in match.slots.items() if k in ("date", "time")})
            continue
        if match.intent is not None:
            if match.matcher != "template" and match.score < confident:
                return ()  # a piece that is only a guess: the whole sentence is read as one request
            if match.matcher != "template" and not evidence(lang).asks_for(
                match.intent, normalize(match.text)
            ):
                return ()  # "… 폰이랑 / 연결 잘 돼요?": a piece that only sounds like a call for staff
            if (
                match.intent in I.ACTIONS
                and about_an_action(text, lang)
                and not _asked_apart(pieces, lang, nlu)
            ):
                return ()  # "my friend cancelled her order, can you tell me how that works": a question
            requests.append(match)
    requests = _one_of_each(requests, text, lang)
    requests = _merged(_shared_out([r for r in requests if r.intent not in _SMALL_TALK] or requests))
    requests = _when_shared(requests)
    guessed = [r for r in requests if r.intent in (I.YES, I.NO) and r.matcher != "template" and not asked]
    requests = [r for r in requests if r not in guessed] or requests
    one = requests[0] if len(requests) == 1 else None
    clear = one is not None and (
        one.matcher == "template" or waited or corrected or sent or rest_kept or bool(guessed)
    )
    if one is not None and clear and one.intent not in _CONTROL:
        # "I want to order a hoodie, damn it", "wait, cancel order 4822 first": the request; one corrected
        # is the whole sentence's ("후드티 검정 M 아니 L로 하나 주세요" read again is L)
        if not corrected:
            if one.intent in _SMALL_TALK:  # "hi I have a device setup tomorrow but … push it to wednesday"
                whole = nlu.parse(text, lang)
                if whole.intent not in (None, one.intent) and whole.score >= confident:
                    return ()  # the greeting is no request: the whole sentence's reading is
            return (one,)
        whole = nlu.parse(text, lang)
        surer = whole.intent is not None and one.matcher != "template" and whole.score > one.score
        if whole.intent != one.intent and (RECORDS & whole.slots.keys() or surer):
            # "무선 이어폰 흰색으로 아 아니다 검정으로 하나 주세요": an order (its first piece was a guess)
            # "4822번 주문 티셔츠 세 벌로 아니 네 벌로 바꿔주세요" changes 4822 (a new order was made)
            # "백팩 검정 아니 회색 아 그냥 검정으로": the last value said
            final = reader.read(normalize(text), lang, str(whole.intent), None).values
            said = {k: final.get(k, v) for k, v in one.slots.items() if k in _DETAILS}
            return (replace(whole, slots={**whole.slots, **said}),)
        return (replace(one, text=whole.text),)
    return tuple(requests) if len(requests) >= 2 else ()


_FREE = {
    "en": re.compile(
        r"\b(ok|okay|work|works|possible|available|free|good|fine|(can|could) (i|we) come"
        r"|what (do|have) you (have|got)|anything|any (times?|slots?|openings?)"
        r"|what times (are|do you have))\b"
    ),
    "ko": re.compile(
        r"되나요|돼요|될까요|되죠|괜찮아요|괜찮을까요|괜찮나요|가능|비어 ?있|자리 ?있|시간 ?있|뭐 ?있"
    ),
}
"""Words asking whether a day or time is free, or what is free then ("what do you have on tuesday")."""


def _asked_apart(pieces: list[str], lang: str, nlu: Nlu) -> bool:
    """Whether one of ``pieces`` is a question about a policy of its own, naming its topic ("i want three
    t shirts navy size medium and also whats your return policy": the order was dropped for the question;
    "… can you tell me how that works" names none and is about the action said)."""
    for piece in pieces:
        match = nlu.parse(piece, lang)
        if match.intent == I.STORE_FAQ and "topic" in match.slots and about_an_action(piece, lang):
            return True
    return False


def asks_if_free(match: IntentMatch, said: Collection[str], lang: str) -> bool:
    """Whether ``match`` asks if a day or time it names (among the slots ``said``) is free, or what is
    ("is tomorrow at 3 ok?", "금요일 오전 열한시 괜찮아요?", "what do you have on tuesday"): read as opening
    hours, delivery or anything but an action, but said about a booking being made it gives that day and
    time."""
    free = _FREE.get(lang)
    return (
        match.intent not in I.ACTIONS  # any guess: "what do you have on tuesday" was a profile question
        and bool({"date", "time"} & set(said))
        and free is not None
        and free.search(match.text) is not None
    )


_ONE_THING = frozenset({I.ORDER_PLACE, I.ORDER_CHANGE, I.BOOKING_CREATE, I.CUSTOMER_IDENTIFY, I.COMPLAINT})
"""Requests that, said twice over in one sentence about the same thing, are one ("I need a data transfer,
can I come in today around 4?" is one booking, not a second one after the first; "hey it's alex kim,
loyalty 654321" one customer, whose number was asked for again; "I want to complain, the earbuds I got stopped
working" one complaint, whose offer came again after its no; "need to fix my order 4822, wrong size on the
shirts" one change, whose question came again after it was made)."""


def _merged(requests: list[IntentMatch]) -> list[IntentMatch]:
    """``requests`` without one that asks the same as one before it and adds nothing ("i want a complaint,
    the staff member yesterday was really rude" is one complaint: it made two tickets), and with each new
    order, booking or identification that follows one of the same kind, and says nothing that differs from
    it, folded into it."""
    folded: list[IntentMatch] = []
    for request in requests:
        if any(
            request.intent == said.intent and request.slots.items() <= said.slots.items() for said in folded
        ):
            continue
        last = folded[-1] if folded else None
        before = next((f for f in reversed(folded[:-1]) if f.intent == I.ORDER_PLACE), None)
        if last is not None and before is not None and _share_of(last, before):
            # "a phone case in pink and one in blue, and a screen protector": the blue one is a case (the
            # protector was folded into it)
            last = folded[-1] = replace(last, slots={**last.slots, "product": before.slots["product"]})
        if (
            last is not None
            and request.intent in _ONE_THING
            and request.intent == last.intent
            and all(last.slots.get(k, v) == v for k, v in request.slots.items())
        ):
            folded[-1] = replace(last, slots={**last.slots, **request.slots})
            continue
        folded.append(request)
    return folded


_OTHER_RECORD = re.compile(
    r"^(?:and |also )?(?:(?P<kind>booking|appointment|order) (?:number |#)?|#)(?P<n>\d{1,5})$"
    r"|^(?P<n2>\d{1,5})번(?: (?P<kind2>예약|주문))?(?:도요|도|이요|요)?$"
)
"""A piece that only names another order or booking ("… and booking 2", "… 2번 예약도")."""
_ON_RECORDS = {
    I.BOOKING_CANCEL: "booking_id",
    I.BOOKING_STATUS: "booking_id",
    I.ORDER_CANCEL: "order_id",
    I.ORDER_STATUS: "order_id",
}
"""Requests on one record, and the slot that names it."""


def _another_record(text: str, last: IntentMatch) -> IntentMatch | None:
    """The request before ``text`` (a cancel or lookup of a record) for the other record ``text`` only names;
    ``None`` for anything else."""
    slot = _ON_RECORDS.get(str(last.intent))
    found = _OTHER_RECORD.match(text)
    if slot is None or found is None or slot not in last.slots:
        return None
    kind = found["kind"] or found["kind2"]
    if kind is not None and (kind in ("order", "주문")) != (slot == "order_id"):
        return None
    number = int(found["n"] or found["n2"])
    return (
        None if number == last.slots[slot] else IntentMatch(text, last.intent, 1.0, {slot: number}, "split")
    )


def _share_of(request: IntentMatch, before: IntentMatch) -> bool:
    """Whether ``request`` is one more of the product ordered ``before`` it in another look ("…, and one in
    blue"): an order of a count and a look that names no product."""
    slots = request.slots
    return (
        request.intent == I.ORDER_PLACE
        and "product" not in slots
        and "quantity" in slots
        and bool({"color", "size"} & slots.keys())
        and "product" in before.slots
    )


def _total(
    last: IntentMatch | None, piece: IntentMatch, lang: str, reader: AnswerReader
) -> IntentMatch | None:
    """``last``, a change that adds to an order, with the new total ``piece`` gives ("so 3 total"), or
    ``None``."""
    if last is None or last.intent != I.ORDER_CHANGE:
        return None
    answer = reader.read(piece.text, lang, I.ORDER_CHANGE, None, set(last.slots))
    quantity = answer.values.get("quantity")
    if not isinstance(quantity, int) or set(answer.values) - {"old_quantity"} != {"quantity"}:
        return None
    return as_total(last, quantity, piece.text, lang)


def _with(request: IntentMatch, details: dict[str, SlotValue]) -> IntentMatch:
    """``request`` with ``details`` it does not have yet."""
    return replace(request, slots={**details, **request.slots})


def _shared_out(requests: list[IntentMatch]) -> list[IntentMatch]:
    """ "2 phone cases, one pink and one blue": a count said and then shared out by the pieces after it,
    each of the same request for other details, is those pieces (each with the counted one's other
    details), not a third request for two more; requests before and after it stay ("a navy t-shirt
    and two phone cases, one pink one blue", "… and a charger please")."""
    out: list[IntentMatch] = []
    i = 0
    while i < len(requests):
        first = requests[i]
        shares = _shares_after(first, requests[i + 1 :])
        each = _one_each_after(first, requests[i + 1 :]) if not shares else []
        if each:  # "2 pairs of running shoes, 250 and 270, both red": one of each (two 250s were made)
            out += each
            i += len(each)
        elif shares:
            shared = {k: v for k, v in first.slots.items() if k != "quantity"}
            out += [replace(r, slots={**shared, **r.slots}) for r in shares]
            i += 1 + len(shares)
        else:
            out.append(first)
            i += 1
    return out


_RECORD_WORD = re.compile(r"\b(?:order|booking|appointment)\b|주문|예약|\d{4}")
"""Words of an order or booking on record: the pieces of the sentence are about it, no new order."""


def _as_terse_order(match: IntentMatch, lang: str, reader: AnswerReader) -> IntentMatch:
    """A piece the NLU reads as nothing that is a product with its details and nothing else ("two black M
    t-shirts", "one white L t-shirt"): an order of it (the second item of "… and one white L t-shirt" was
    lost); ``match`` otherwise."""
    ordered = reader.ordered(match.text, lang, _DETAILS)
    return match if ordered is None else IntentMatch(match.text, I.ORDER_PLACE, 1.0, ordered, "split")


def _one_of_each(requests: list[IntentMatch], text: str, lang: str) -> list[IntentMatch]:
    """``requests`` as orders of one each when they only name products and "하나씩" is said ("노트북 거치대
    은색이랑 백팩 검정 하나씩이요": read as questions about them, and the backpack was lost)."""
    one_each = _ONE_EACH_KO.search(text) if lang == "ko" else None
    if (
        not one_each
        or not requests
        or not all(r.intent == I.PRODUCT_INFO and "product" in r.slots for r in requests)
    ):
        return requests
    return [IntentMatch(r.text, I.ORDER_PLACE, 1.0, {**r.slots, "quantity": 1}, "split") for r in requests]


def _orders_said_product(piece: IntentMatch, last: IntentMatch, nlu: Nlu, lang: str) -> bool:
    """Whether ``piece``, a correction, orders the product ``last`` only named with its looks, in other looks
    (the product said with no verb was read as a question about it), each look said once ("회색 아 그냥
    검정으로" is read whole)."""
    if not (
        last.intent == I.PRODUCT_INFO
        and "product" in last.slots
        and piece.intent == I.ORDER_PLACE
        and "product" not in piece.slots
        and {"color", "size", "quantity"} & piece.slots.keys()
    ):
        return False
    spans = nlu.slot_spans(piece.text, lang, I.ORDER_PLACE)
    said = [name for name, _, start, end in spans if not is_replaced(piece.text, start, end)]
    return all(said.count(name) == 1 for name in set(said))


def _ordered_before(requests: list[IntentMatch], match: IntentMatch, asked: bool) -> int | None:
    """Where in ``requests`` the one order of the product a change with no order number is about, said
    in the same sentence ("…, no wait, make the hoodie gray", "…, oh and make the hoodie L", "… 아 후드티는
    회색으로요" — read as a product question unless ``asked``); ``None`` when there is none or several."""
    product = match.slots.get("product")
    changes = match.intent == I.ORDER_CHANGE or (match.intent == I.PRODUCT_INFO and not asked)
    if not changes or RECORDS & match.slots.keys() or product is None:
        return None
    if not {"color", "size", "quantity"} & match.slots.keys():
        return None
    same = [
        i for i, r in enumerate(requests) if r.intent == I.ORDER_PLACE and r.slots.get("product") == product
    ]
    return same[0] if len(same) == 1 else None


def _one_each_after(first: IntentMatch, rest: list[IntentMatch]) -> list[IntentMatch]:
    """``first`` and the pieces after it, one each, when its count is shared out by values of one look said
    after it, one per item ("2 pairs of running shoes, 250 and 270": the 250 went to ``first``, the 270 to a
    piece of its own); ``[]`` otherwise."""
    total = first.slots.get("quantity")
    pieces: list[IntentMatch] = []
    for piece in rest:
        if piece.matcher != "split" or piece.intent != first.intent or "quantity" in piece.slots:
            break
        if piece.slots.get("product") not in (None, first.slots.get("product")):
            break
        pieces.append(piece)
    if not isinstance(total, int) or not pieces or len(pieces) + 1 != total:
        return []
    looks = [k for k in ("size", "color") if k in first.slots and all(k in p.slots for p in pieces)]
    later = [
        k
        for k in looks
        if str(first.slots[k]).lower() not in first.text.lower()
        and len({str(p.slots[k]) for p in (first, *pieces)}) == total
    ]  # the look told apart, said after the count ("…, 250 and 270, both red": the size)
    if len(later) != 1:
        return []
    shared = {k: v for k, v in first.slots.items() if k not in ("quantity", later[0])}
    return [replace(first, slots={**first.slots, "quantity": 1})] + [
        replace(p, slots={**shared, **p.slots, "quantity": 1}) for p in pieces
    ]


def _shares_after(first: IntentMatch, rest: list[IntentMatch]) -> list[IntentMatch]:
    """The pieces right after ``first`` that share out its count (each a split piece of the same request
    for the same product or none), when there are two or more and they add up to it; else ``[]``."""
    total = first.slots.get("quantity")
    shares: list[IntentMatch] = []
    for piece in rest:
        if piece.matcher != "split" or piece.intent != first.intent:
            break
        if piece.slots.get("product") not in (None, first.slots.get("product")):
            break
        shares.append(piece)
    counted = sum(int(str(r.slots.get("quantity", 1))) for r in shares)
    return shares if isinstance(total, int) and len(shares) >= 2 and counted == total else []


def _when_shared(requests: list[IntentMatch]) -> list[IntentMatch]:
    """ "a screen repair and a battery replacement tomorrow at 1pm": a day and time said after the last of
    several bookings are each one's that names none (the first kept asking "which day?")."""
    bookings = [r for r in requests if r.intent == I.BOOKING_CREATE]
    if len(bookings) < 2:
        return requests
    when = {k: v for k, v in bookings[-1].slots.items() if k in ("date", "time", "daypart")}
    if requests[-1] is not bookings[-1] or not when:  # "금요일에 화면수리랑 데이터 이전": the first one's day
        dated = [r for r in bookings if "date" in r.slots]
        if dated != bookings[:1]:
            return requests
        when = {k: v for k, v in dated[0].slots.items() if k in ("date", "daypart")}
    return [
        _with(r, when) if r.intent == I.BOOKING_CREATE and not {"date", "time"} & r.slots.keys() else r
        for r in requests
    ]


def _joined(
    text: str,
    lang: str,
    nlu: Nlu,
    reader: AnswerReader,
    confident: float,
    is_question: Callable[[IntentMatch, str], bool],
) -> tuple[IntentMatch, ...]:
    """ "휴대폰 충전기랑 보조 배터리 사고 싶어요": two products joined by a particle before one predicate are
    two requests of that predicate (the quantity said with it, "하나씩", goes to both); else ``()``. Pieces
    after the predicate that each correct one of the two ("… 주세요 아 후드티는 회색으로요") are taken in."""
    pattern = _JOINED.get(lang)
    found = pattern.match(text) if pattern is not None else None
    if found is None:
        return ()
    head, *later = clauses(found["rest"], lang)
    if later:
        requests = list(_joined_two(found["first"], head, lang, nlu, reader, confident))
        for piece in later if requests else ():
            match = nlu.parse(piece, lang)
            ordered = _ordered_before(requests, match, is_question(match, lang))
            if ordered is None:
                break
            looks = {k: v for k, v in match.slots.items() if k in ("color", "size", "quantity")}
            earlier = requests[ordered]
            requests[ordered] = replace(earlier, slots={**earlier.slots, **looks})
        else:
            if requests:
                return tuple(requests)
    return _joined_two(found["first"], found["rest"], lang, nlu, reader, confident)


def _joined_two(
    first_text: str, rest_text: str, lang: str, nlu: Nlu, reader: AnswerReader, confident: float
) -> tuple[IntentMatch, ...]:
    """The two requests of ``first_text`` and ``rest_text`` joined by a particle; ``()`` when they are not."""
    rest = nlu.parse(rest_text, lang)
    if rest.intent is None or (rest.matcher != "template" and rest.score < confident):
        return ()
    first = nlu.parse(first_text, lang).text
    answer = reader.read(first, lang, rest.intent, None, set())
    named = [k for k in TOPICS if k in answer.values and answer.values[k] != rest.slots.get(k)]
    if not answer.whole or not named:
        return ()
    shared = {k: v for k, v in rest.slots.items() if k == "quantity" and k not in answer.values}
    return IntentMatch(first, rest.intent, 1.0, {**shared, **answer.values}, "split"), rest


def _whole_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Where ``text`` must not be cut: a street address ("1450 West 5th Street, Santa Monica, CA 90401") and
    a span of time ("between 1 and 3pm": 3 PM was booked)."""
    return [span for span in (find_address(text), time_window_span(text, lang)) if span is not None]


def _pieces(
    text: str, pattern: re.Pattern[str], stubs: frozenset[str], whole: list[tuple[int, int]]
) -> list[str]:
    """``text`` cut where ``pattern`` matches, except after a piece that cannot end a request ("can I
    also book a repair" is one request, not "can I" and "book a repair") and inside the ``whole`` spans."""
    pieces: list[str] = []
    start, carry = 0, ""
    cuts = [c for c in pattern.finditer(text) if not any(a < c.start() < b for a, b in whole)]
    for cut in [*cuts, None]:
        piece = f"{carry} {text[start : cut.start() if cut else len(text)]}".strip()
        words = piece.lower().split()
        if cut is not None and words and _unfinished(words, stubs):
            carry = f"{piece} {cut.group().strip(' ,.;!?')}".strip()
        else:
            carry = ""
            if piece:
                pieces.extend(_each_one(piece, shares_apart=bool(cuts)))
        start = cut.end() if cut else len(text)
    return pieces


def _unfinished(words: list[str], stubs: frozenset[str]) -> bool:
    """Whether a piece of ``words`` cannot end a request: it ends with a stub word ("can I also …"), or
    is only stub words ("could you please, …"); "please" ends one said before it ("… in blue please, and
    could you add a screen protector": the protector was lost)."""
    return words[-1] in stubs and (words[-1] != "please" or all(word in stubs for word in words))


_EACH_ONE = re.compile(
    r"^(?:(?P<request>.*\S) )?(?P<one>(?:one|1) [a-z]+) (?P<other>(?:one|1) [a-z]+)"
    r"(?: (?:(?:both|each|all)(?: of them)? (?P<both>[a-z]+(?: [a-z]+)?)|(?P<size>(?:size |in )(?:[a-z]+|\d+)"
    r"(?: large)?)))?(?: please| thanks| thank you)?$",
    re.IGNORECASE,
)
"""Two shares said without "and", maybe after the request ("two hoodies size L one gray one beige"), maybe
with what both have after them ("… one black one gray both large")."""


_SHARES = re.compile(
    r"^(?P<request>.*\b(?:two|three|four|2|3|4)(?: [a-z-]+){1,2}) (?P<shares>(?:one|1) .+)$", re.IGNORECASE
)
_SHARE = re.compile(
    r"^(?:one|1) (?:in |a )?(?!(?:for|of|to|with|is|that|more|less|extra|each|more)\b)[a-z]+"
    r"(?: (?:size )?[a-z]+)?$",
    re.IGNORECASE,
)
"""Shares with their details after a count ("two tshirts one in white size small", "… one white small one
black medium"): one or two words each."""


_ONE_EACH_KO = re.compile(r"(?:하나|한 ?개|한 ?벌|한 ?장|한 ?켤레)씩")
_EACH_ONE_KO = re.compile(
    r"^(?P<request>.*\S) (?P<one>\S+ (?:하나|한 ?개|한 ?벌|한 ?장))"
    r" (?P<other>\S+ (?:하나|한 ?개|한 ?벌|한 ?장))(?:요|이요)?$"
)
"""The Korean of "… one pink one blue" ("폰케이스 핑크 하나 블루 하나": the blue one was lost)."""


def _each_one(piece: str, shares_apart: bool = False) -> list[str]:
    """``piece``, or the request and its two shares when it ends "one black one navy" (what "both" have
    goes with the request: "2 hoodies one black one gray both large" is "2 hoodies large", "one black",
    "one gray"), or the request and the shares said with their details ("two tshirts one in white size
    small", and "one black medium" after it: 2 small white were ordered)."""
    korean = _EACH_ONE_KO.match(piece) if shares_apart else None
    # "폰케이스 핑크 하나 블루 하나 그리고 …": each share with its product (said alone, the two shares are
    # read together and told as two orders)
    if korean is not None:
        return [f"{korean['request']} {korean['one']}", f"{korean['request']} {korean['other']}"]
    two = _EACH_ONE.match(piece)
    if two is not None:
        request = " ".join(p for p in (two["request"], two["both"], two["size"]) if p)
        return [p for p in (request, two["one"], two["other"]) if p]
    shared = _SHARES.match(piece)
    if shared is None:
        return [piece]
    shares = re.split(r"(?: and)? (?=(?:one|1) )", shared["shares"])
    if not all(_SHARE.match(share) for share in shares):
        return [piece]
    return [shared["request"], *shares]


_ASKS_HOW = {
    "en": re.compile(r"\b(how|what|when|which|cost|much|long|fast|quick|take|takes|options?|difference)\b"),
    "ko": re.compile(r"얼마|언제|며칠|걸려|걸리|뭐|무엇|어떻게|있나요|있어요|되나요|돼요\?|차이"),
}
"""Words that make a delivery named after an order a question about it ("how long does express take"),
not the order's delivery ("can you send it express")."""


_ALSO_THIS = {"en": re.compile(r"\b(too|as well|also)\b"), "ko": re.compile(r"[가-힣]도\s")}
"""Words that ask for another service besides the one just asked for."""


_DISLIKED = {
    "en": re.compile(
        r"\b(?:too|ugly|hate|don't like|dont like|do not like|not a fan|not sure about|boring|a bit much)\b"
    ),
    "ko": re.compile(r"별로|너무|싫|안 ?예뻐|촌스러"),
}
"""Words that find fault with a value ("red is too loud", "핑크는 좀 별로네요")."""


def _only_disliked(text: str, last: IntentMatch, lang: str, reader: AnswerReader, correction: bool) -> bool:
    """Whether ``text`` only finds fault with values the request before it holds ("…in red, actually no red
    is too loud, black", "…in pink, no wait, pink is too much, blue"): no request, and what follows
    corrects them."""
    disliked = _DISLIKED.get(lang)
    if last.intent is None or disliked is None or not (correction or disliked.search(text)):
        return False
    answer = reader.read(text, lang, str(last.intent), None, dict(last.slots))
    restated = bool(answer.values) and all(last.slots.get(k) == v for k, v in answer.values.items())
    # "…, oh actually no, not black, navy", "ah no, red is too flashy", "pink is a bit much"
    if not answer.values:
        said = reader.slot_spans(text, lang, str(last.intent))  # (the values turned down: what goes)
        restated = bool(said) and all(last.slots.get(name) == value for name, value, _, _ in said)
    return restated and not answer.whole


_A_SINGLE = {"en": re.compile(r"^(?:a|an|one|1)\s")}
"""How a piece says it is one of a count said before it ("…, a 250 in white")."""


def _first_share(
    text: str, last: IntentMatch, after: list[str], lang: str, reader: AnswerReader
) -> dict[str, SlotValue] | None:
    """The first of the shares an order of two or more with no look yet is split into ("two pairs of running
    shoes, a 250 in white and a 280 in black": one pair in white 250, with more such pieces ``after`` it),
    not the look of all; ``None`` otherwise."""
    single = _A_SINGLE.get(lang)
    count = last.slots.get("quantity")
    if (
        single is None
        or single.match(text) is None
        or not any(single.match(piece.strip()) for piece in after)
        or last.intent != I.ORDER_PLACE
        or not isinstance(count, int)
        or count < 2
        or {"color", "size"} & last.slots.keys()
    ):
        return None
    answer = reader.read(text, lang, I.ORDER_PLACE, None)
    looks = answer.values.keys() <= {"color", "size", "quantity"}
    return {**answer.values, "quantity": 1} if answer.values and answer.whole and looks else None


def _look_instead(text: str, last: IntentMatch, lang: str, reader: AnswerReader) -> dict[str, SlotValue]:
    """The colour or size ``text`` names in place of one of the order before it that it turns down
    ("…빨강 한켤레 주세요 아 빨강은 너무 튀니까 검정으로", "…핑크로 하나 근데 핑크는 좀 그렇고 은색으로요");
    ``{}`` when it turns none down, or says anything else."""
    if last.intent != I.ORDER_PLACE:
        return {}
    spans = reader.slot_spans(text, lang, I.ORDER_PLACE)
    down = {
        name
        for name, value, start, end in spans
        if name in ("color", "size") and last.slots.get(name) == value and is_replaced(text, start, end)
    }
    instead = {name: value for name, value, _, _ in spans if name in down and last.slots.get(name) != value}
    others = {name for name, _, _, _ in spans} - {"color", "size"}
    return instead if len(instead) == len(down) and not others else {}


_LIMITS = frozenset({NOT_DATE, NOT_BEFORE, NOT_AFTER})
"""Slots of the days and times a booking may not have ("…, but i cant do weekdays before 6")."""


def _details(
    piece: IntentMatch,
    last: IntentMatch,
    lang: str,
    reader: AnswerReader,
    is_question: Callable[[IntentMatch, str], bool],
    correction: bool = False,
) -> tuple[dict[str, SlotValue] | None, dict[str, SlotValue] | None]:
    """What ``piece`` adds to the request before it ("size M", "with express delivery"; a ``correction``
    replaces its values: "no sorry, pink"), or else the slots of the same request for something else ("and
    a power bank"); ``(None, None)`` when it is a request of its own."""
    known: dict[str, SlotValue] = {"phone": "", "delivery": ""} if last.intent in I.ACTIONS else {}
    known.update(last.slots)  # its values: "tuesday at ten, no wait eleven" gives the booking a new hour
    prefers = PREFERS.get(lang)
    said = prefers.sub(" ", piece.text).strip() if prefers is not None else piece.text  # "… if possible"
    answer = reader.read(said or piece.text, lang, str(last.intent), None, known)
    asks = _ASKS_HOW.get(lang)
    if last.intent == I.ORDER_PLACE and "delivery" in answer.values and asks and not asks.search(piece.text):
        return {"delivery": answer.values["delivery"]}, None  # "… asap, can you send it express"
    phone = answer.values.get("phone")
    also = _ALSO_THIS.get(lang)
    service = answer.values.get("service")
    other_service = service is not None and last.slots.get("service") not in (None, service)
    if last.intent == I.BOOKING_CREATE and other_service and also is not None and also.search(piece.text):
        return None, {"service": service}  # "… 배터리 교체도 같이 해 주세요": its own booking
    alone = phone and set(answer.values) == {"phone"}
    if piece.intent == I.CUSTOMER_IDENTIFY and alone and last.intent in I.ACTIONS:
        return {"phone": phone}, None  # "…, under her number 213 555 7000": that one's phone, said whole
    preferred = said != piece.text
    if last.intent in BOOKING_DAYS and set(answer.values) == {"date"} and preferred:
        return dict(answer.values), None  # "screen repair this weekend, sunday if possible": sunday
    if last.intent in BOOKING_DAYS and set(answer.values) <= _LIMITS and answer.values and answer.extra <= 2:
        return dict(answer.values), None  # "…, 근데 오늘은 안돼요", "…, but today doesnt work"
    if not answer.values or not answer.whole:
        return None, None
    refused = str(last.slots.get(NOT_DATE, "")).split()
    retold = last.slots.get("date") in refused  # "on monday, no wait, not monday, wednesday at 1": the day
    changed = any(
        name in last.slots and last.slots[name] != value and not (retold and name == "date")
        for name, value in answer.values.items()
    )
    share = last.matcher == "split" and "product" not in last.slots  # "one blue" of "two phone cases"
    if (changed or (share and "product" in answer.values)) and not correction:
        return None, dict(answer.values)  # "… one pink one blue and a charger please": a charger besides
    if piece.intent not in (None, last.intent) and (is_question(piece, lang) or piece.matcher == "template"):
        return None, None
    return dict(answer.values), None
