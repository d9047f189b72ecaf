"""Understanding one utterance once: the NLU's reading, the answer to the question pending, frustration,
and two or more requests said in one sentence. Emits a ``Heard``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from assistant import intents as I
from assistant.dialogue.answers import Answer, AnswerReader
from assistant.dialogue.contact import PHONE
from assistant.dialogue.escalation import Lexicon, TextScore, load_lexicons, score_text
from assistant.dialogue.requests import asks_if_free, clauses, split_requests
from assistant.dialogue.session import Session
from assistant.dialogue.verification import DIGITS, RECORDS
from assistant.messages import IntentMatch, SlotValue, Transcript
from assistant.nlu.engine import Nlu
from assistant.nlu.evidence import evidence
from assistant.redact import find_address
from assistant.slots import Found, find_digits
from assistant.text import normalize

QUESTIONS = frozenset(
    {I.DELIVERY_INFO, I.PRODUCT_INFO, I.STORE_HOURS, I.STORE_LOCATION, I.STORE_FAQ, I.ORDER_STATUS}
)
"""Questions a customer may ask in the middle of a request ("how much is express delivery?")."""
_PRICE_WORDS = r"\b(?:cheaper|pricier|more expensive|less expensive|the same price)\b"
"""A price compared ("is it cheaper in black")."""
_ASKING = {
    "en": re.compile(
        r"^(?:(?:ok|okay|yes|yeah|sure|alright|right|and|but|so|um|uh|well|then|wait|hold on|hmm|oh|not yet"
        r"|(?:do not|don't|dont) (?:place|order|book|do) (?:it|that|this|anything) yet)\s+)*"
        r"(?:how|what|what's|whats|when|where|which|why|is|are|does|will|would"
        r"|do(?= (?:you|i|we|they|u)\b))\b"
        r"|\b(?:how much|how many|what price|price|cost)$"
        r"|" + _PRICE_WORDS
    ),
    "ko": re.compile(
        r"(?:나요|까요|니까|인가요|얼마예요|얼마에요|얼마죠|있어요|있나요|돼요|되나요|언제예요|걸려요|어때요|은요|는요|팔아요|파세요)$"
        r"|(?:^|\s)(?:몇|얼마|언제|어디|뭐|무슨|어떤|어떻게|왜)"
        r"|더 ?싸|더 ?비싸|싼가요|비싼가요|가격 ?차이|같은 가격"
    ),
}
"""A question rather than an answer: "how much is express delivery", "ok but how much is delivery", "phone
charger how much", "is it cheaper in black", "빠른 배송은 얼마예요", "보조배터리 용량 몇이에요", "백팩은요",
"검정색이 더 싸요?"."""
_PRICE_COMPARED = re.compile(_PRICE_WORDS)
"""A price compared ("is it cheaper in black"), read as nothing by the NLU: a question about the product."""
_CONTACT_SLOTS = ("phone", "delivery")
"""Details any new order or booking may have corrected at any step ("put it on 310 555 0166")."""


def _vent_cuts(text: str, lexicon: Lexicon) -> list[list[str]]:
    """``text`` cut after each word that adds annoyance ("this is ridiculous | where is my order 4821"):
    the words of annoyance first, the rest after."""
    words, cuts, before = text.split(), [], 0.0
    for end in range(1, len(words) - 1):
        score = score_text(" ".join(words[:end]), lexicon).score
        if score > max(before, 0.0):
            cuts.append([" ".join(words[:end]), " ".join(words[end:])])
        before = score
    return cuts


@dataclass(frozen=True)
class Heard:
    """One utterance, understood once: what the front end hands the dialogue."""

    transcript: Transcript
    lang: str
    """The language it is read in (the transcript's, when the NLU knows it)."""
    match: IntentMatch
    """The NLU's reading of the whole utterance."""
    answer: Answer
    """The utterance read against the question pending when it was heard (empty when none)."""
    digits: str | None
    """Digits answering an identity question that was pending (never logged)."""
    said: TextScore
    """Frustration in the words (and, typed, the capitals and "!!")."""
    requests: tuple[IntentMatch, ...] = ()
    """Two or more requests said in one sentence, in order (``assistant.dialogue.requests``)."""
    vented: IntentMatch | None = None
    """The one request said beside words of annoyance when the whole was not understood, or read as a
    complaint ("ugh this is the third time ive come here, my order 4822 still isnt here"): served, or after
    the answer to the complaint or member of staff offered for the annoyance (a no dropped it)."""
    question: IntentMatch | None = None
    """A question said beside the answer to the pending question ("make it three, and do you do express
    delivery?"): ``match`` and ``answer`` are then the rest of the sentence's."""

    @property
    def text(self) -> str:
        return self.match.text

    @property
    def understood(self) -> bool:
        """Whether it means something in the conversation's current state (for a recognizer's fallback)."""
        return self.match.intent is not None or bool(self.answer.values) or self.digits is not None

    def read_as(self, intent: str, slots: Mapping[str, SlotValue]) -> Heard:
        """This utterance as ``intent`` with ``slots``, as the conversation reads it ("wednesday instead"
        right after a booking moves it): matcher "context", certain, still confirmed before any write."""
        match = IntentMatch(self.match.text, intent, 1.0, dict(slots), "context")
        return replace(self, match=match, requests=())


def is_question(match: IntentMatch, lang: str) -> bool:
    """A question about something rather than a request or a detail: "how much is express delivery"."""
    return match.intent in QUESTIONS and asks(match.text, lang)


def asks(text: str, lang: str) -> bool:
    """Whether ``text`` (normalized) is worded as a question ("how much is …", "… 얼마예요")."""
    asking = _ASKING.get(lang)
    return asking is not None and asking.search(text) is not None


CANCEL_TAKEN_BACK = re.compile(
    r"\b(cancel|cancl|cancle)\w*\b.*\b(actually no|no wait|wait no|no no|sorry no|no sorry|actually don't"
    r"|actually dont|scratch that|i mean|don't cancel|dont cancel)\b"
    r"|취소\S*( \S+)? (아 )?(아니(?![라고])|아냐|아뇨|잠깐)"  # ("취소하려는게 아니라": not a cancel, said)
)
"""A cancel taken back later in the same sentence ("cancel it, actually no, just move it to thursday"):
the words after it are the request."""
_MOVED = re.compile(r"\b(?:move|change|push|reschedule|switch|make)\b|옮겨|바꿔|변경|미뤄|당겨")
"""Words of a move said after a booking's cancel was taken back."""


@dataclass(frozen=True)
class Understanding:
    """Reads utterances into ``Heard``s."""

    nlu: Nlu
    answers: AnswerReader
    offer_at: float
    """Frustration at which staff are offered: digits said that angrily answer nothing."""
    action_confidence: float
    lexicons: dict[str, Lexicon] = field(default_factory=load_lexicons)

    def understand(self, session: Session, transcript: Transcript) -> Heard:
        """Read one utterance once: the NLU's reading, the answer to the pending question, frustration."""
        heard = self._read(session, transcript)
        taken_back = CANCEL_TAKEN_BACK.search(normalize(transcript.text))
        rest = normalize(transcript.text)[taken_back.end() :].strip() if taken_back else ""
        if rest:  # "cancel it, actually no, just move it to thursday": what comes after is the request
            after = self._read(session, replace(transcript, text=rest))
            moved = not after.understood and heard.match.intent == I.BOOKING_CANCEL and _MOVED.search(rest)
            if moved:  # "cancel my booking, no wait, move it to thursday": a move of the booking named
                values = self.answers.read(rest, transcript.lang, I.BOOKING_CHANGE, None).values
                named = {k: v for k, v in heard.match.slots.items() if k == "booking_id"}
                after = after.read_as(I.BOOKING_CHANGE, {**named, **values})
            if after.understood or heard.match.intent in I.ANY_CANCEL:
                heard = after
        if session.pending is None:
            return heard
        return self._asked_beside(session, heard) or heard

    def _asked_beside(self, session: Session, heard: Heard) -> Heard | None:
        """The answer to the pending question said with a question of the customer's own ("make it three,
        and do you do express delivery?", "세개로 해주세요 그리고 빠른배송 되나요"): the rest of the sentence
        is the answer, the question is kept apart (its express was taken as a change, or the 3 was lost)."""
        pieces = clauses(heard.transcript.text, heard.lang)
        if len(pieces) < 2:
            return None
        matches = [self.nlu.parse(piece, heard.lang) for piece in pieces]
        questions = [
            m
            for m in matches
            if is_question(m, heard.lang) and (m.matcher == "template" or m.score >= self.action_confidence)
        ]
        if len(questions) != 1:
            return None
        rest = " ".join(p for p, m in zip(pieces, matches, strict=True) if m is not questions[0])
        answered = self._read(session, replace(heard.transcript, text=rest))
        if not (answered.answer.values or answered.digits) or answered.requests:
            return None
        if asks_if_free(questions[0], answered.answer.values, heard.lang):
            return None  # "what about 3 pm, is that free?": about the time said, no question of its own
        return replace(answered, transcript=heard.transcript, question=questions[0])

    def _read(self, session: Session, transcript: Transcript) -> Heard:
        """``understand`` for one reading of the whole ``transcript``."""
        lang = transcript.lang if transcript.lang in self.nlu.languages else session.lang
        match = self._after_the_wait(self.nlu.parse(transcript.text, lang), lang)
        match = _no_asked_goodbye(self._after_not_this(match, lang), lang)
        match = _no_identity_guess(self._yes_not_again(self._no_echoed_yes(match, lang), lang), lang)
        match = replace(match, slots=_as_written(dict(match.slots), transcript.text))
        match = _no_phone_as_order(match, transcript.text)
        if match.intent is None and _PRICE_COMPARED.search(match.text):
            looks = self.nlu.find_slots(match.text, lang, I.PRODUCT_INFO)
            match = IntentMatch(match.text, I.PRODUCT_INFO, 1.0, looks, "context")
        pending = session.pending
        answer, digits = Answer(), None
        if pending is not None and match.text:
            contact = {name: None for name in _CONTACT_SLOTS} if pending.intent in I.ACTIONS else {}
            known = {**contact, **pending.slots}
            answer = self.answers.read(match.text, lang, pending.intent, pending.expect.slot, known)
            answer = replace(answer, values=_as_written(answer.values, transcript.text))
            if pending.intent == I.ORDER_PLACE and "address" not in answer.values:
                answer = _with_address(answer, match.text, transcript.text)
            if pending.expect.secret and pending.expect.kind == "slot":
                digits = self._digits(match, transcript.text, lang, pending.expect.slot)
                if digits is not None and _names_the_record(match, pending.slots, digits):
                    digits = None  # "what did i order in 4821" while asked for 4821's last four digits
                other = _record_corrected(match, pending.intent, pending.slots, digits)
                if other is not None:  # "oops wrong number, its 4821" at 4812's: that order's, no attempt
                    match, digits = other, None
                about = match.intent in _ABOUT_A_CODE or _ONLY_A_CODE.match(match.text) is not None
                code = digits is None and about and _A_CODE.search(match.text)  # "코드로 할게요" no order
                if code and pending.expect.slot != PHONE:  # "영수증 코드로 할게요" for the phone: no phone
                    # "i only have a receipt code": the question's other answer, to come (order 4821 was
                    # dropped for a receipt request, and the code then looked up as an order)
                    match, answer = replace(match, intent=None, score=0.0, slots={}), Answer(wait=True)
        lexicon = self.lexicons.get(lang)
        said = (
            score_text(transcript.text, lexicon, transcript.engine == "text") if lexicon else TextScore(0.0)
        )
        if digits is not None and said.score >= self.offer_at:
            digits = None  # "two weeks I've waited, this is ridiculous" is no answer to the question
        if match.intent == I.COMPLAINT and match.matcher != "template" and lexicon is not None:
            match = self._behind_the_vent(match, lang, lexicon)  # "아 진짜 짜증나네 주문한 거 취소할 거예요"
        requests: tuple[IntentMatch, ...] = ()
        if match.matcher != "template" and digits is None and not answer.whole:
            requests = split_requests(
                transcript.text,
                lang,
                self.nlu,
                self.answers,
                is_question,
                self.action_confidence,
                asked=pending is not None,
            )
            if len(requests) == 1:  # one clear request among words that mean nothing (the whole when it
                match = _fuller(match, requests[0])  # says more of the same request)
                requests = ()
        vented = None
        unclear = match.intent is None or (match.intent == I.COMPLAINT and match.matcher != "template")
        if unclear and not requests and said.score > 0 and lexicon is not None:
            vented = self._beside_the_vent(transcript.text, lang, lexicon)
        return Heard(transcript, lang, match, answer, digits, said, requests, vented=vented)

    def _beside_the_vent(self, text: str, lang: str, lexicon: Lexicon) -> IntentMatch | None:
        """The one request of a sentence not understood whole whose other pieces only vent ("ugh this is
        the third time ive come here, my order 4822 still isnt here", "this is ridiculous where is my order
        4821"), recognised at least ``action_confidence``-ly; ``None`` when there is no such piece."""
        pieces = clauses(text, lang)
        cuts = _vent_cuts(normalize(text), lexicon)
        for cut in [pieces, *cuts] if len(pieces) > 1 else cuts:
            read = [self.nlu.parse(piece, lang) for piece in cut]
            asked = [m for m in read if m.intent not in (None, I.COMPLAINT)]  # "this is ridiculous": venting
            request = asked[0] if len(asked) == 1 else None
            if (
                request is None
                or request.intent == I.AGENT_HANDOFF
                or str(request.intent).startswith("dialog.")
            ):
                continue
            sure = request.matcher == "template" or request.score >= self.action_confidence
            rest = [piece for piece, m in zip(cut, read, strict=True) if m is not request]
            if sure and any(score_text(piece, lexicon).score > 0 for piece in rest):
                return request
        return None

    def _yes_not_again(self, match: IntentMatch, lang: str) -> IntentMatch:
        """``match`` read as a yes when the classifier guessed "say that again" for a yes and words that go
        with one ("네 해주세요" at "예약할까요?" repeated the question every time)."""
        if match.intent != I.REPEAT or match.matcher == "template":
            return match
        if self.answers.opening(match.text, lang) != "yes" or self.answers.says_more(match.text, lang, 1):
            return match
        return replace(match, intent=I.YES, score=1.0, slots={})

    def _no_echoed_yes(self, match: IntentMatch, lang: str) -> IntentMatch:
        """``match`` read as nothing when it is a yes only the classifier guessed from one word said four
        times or more that is no yes-word: Whisper heard "five five five five" at a staff offer as "fine fine
        fine fine" (0.86 yes), and a ticket was opened."""
        words = match.text.split()
        if match.intent != I.YES or match.matcher == "template" or len(words) < 4 or len(set(words)) > 1:
            return match
        if self.answers.opening(match.text, lang) == "yes":  # "yes yes yes yes"
            return match
        return replace(match, intent=None, score=0.0, slots={})

    def _after_the_wait(self, match: IntentMatch, lang: str) -> IntentMatch:
        """The reading of the words after an opening "wait" when the whole was guessed as "cancel" ("wait make
        that white" at a confirmation stopped the order; "wait make that thursday" right after a booking
        offered to cancel it)."""
        if match.intent != I.CANCEL or match.matcher == "template":
            return match
        rest = self.answers.after_wait(match.text, lang)
        stop = evidence(lang).subjects.get(I.CANCEL)
        if not rest or (stop is not None and stop.search(rest)):  # "아 잠깐만요 취소할래요": a cancel
            return match
        return self.nlu.parse(rest, lang)

    def _after_not_this(self, match: IntentMatch, lang: str) -> IntentMatch:
        """The reading of what is asked after what is not ("i dont want to cancel anything i just wanna know
        when order 4821 gets here" was "nothing to cancel"), when the rest is a request."""
        said = _NOT_THIS.get(lang)
        found = said.match(match.text) if said is not None else None
        if found is None or not match.text[found.end() :].strip():
            return match
        named = f"{'주문' if lang == 'ko' else 'order'} {found['n']} " if found["n"] else ""  # "im not trying
        rest = self.nlu.parse(named + match.text[found.end() :], lang)  # to cancel order 4822, i just want …"
        asks = rest.intent is not None and not rest.intent.startswith("dialog.")  # "…buy it": "it" is no yes
        return rest if asks and len(rest.text.split()) > 1 else match

    def _behind_the_vent(self, match: IntentMatch, lang: str, lexicon: Lexicon) -> IntentMatch:
        """The request said after words of annoyance that made the sentence read as a complaint ("아 진짜
        짜증나네 주문한 거 취소할 거예요" cancels an order): the reading of the rest once the words before
        it are all annoyance, when it is an action, recognised at least ``action_confidence``-ly ("THIS IS
        RIDICULOUS my order never arrived" stays a complaint)."""
        for _, after in _vent_cuts(match.text, lexicon):  # the words dropped end in annoyance ("what the
            rest = self.nlu.parse(after, lang)  # hell, i booked a screen repair and nobody called me" began a
            sure = rest.matcher == "template" or rest.score >= self.action_confidence  # new booking)
            if rest.intent in I.ACTIONS and sure:
                return rest
        return match

    @staticmethod
    def _digits(match: IntentMatch, text: str, lang: str, slot: str | None) -> str | None:
        """The digits said in answer to a question for personal digits; ``None`` when the customer said
        something else (a new request, "cancel", "talk to a human", "make it two"). A phone number needs
        seven digits or more; anything shorter still answers an identity question (to be told it is
        not four digits)."""
        if match.matcher == "template" and match.intent and not match.intent.startswith("dialog."):
            return None
        clean = normalize(text)
        if lang == "ko":
            clean = _GROUP_END.sub("", clean)  # "공일공에 칠칠칠칠에 팔팔팔팔": groups said with 에 between
        if slot == PHONE:  # a number of seven digits or more, or digits alone ("0187": not a phone number)
            found = find_digits(clean, lang, 1)
            if (
                found is not None
                and len(str(found.value)) < 7
                and (found.start, found.end) != (0, len(clean))
            ):
                found = None
            found = _said_last(clean, lang, found) if found is not None else None
            if found is not None and lang == "ko" and clean[found.end :].startswith("이"):
                digits = str(found.value)  # "공일공 구팔칠육 오사삼이요": its 이 is the last digit, 2
                return f"{digits}2" if len(digits) == 10 and digits.startswith("01") else digits
        else:
            found = find_digits(clean, lang, DIGITS) or find_digits(clean, lang, 1)
            found = (_taken_back(clean, lang, found, DIGITS) or found) if found is not None else None
        return str(found.value) if found else None


_WHO = re.compile(
    r"loyalty|member|number|phone|card|account|it's me|its me|i'm|im |my name"
    r"|회원|멤버|번호|전화|카드|계정|저는|제 이름"
)
"""Words a customer says who they are with: a guess of ``customer.identify`` without one or a number ("세개"
at "which day?") is no request."""


def _no_identity_guess(match: IntentMatch, lang: str) -> IntentMatch:
    """``match`` read as nothing when the classifier guessed the customer says who they are from words that
    name no number or record ("세개" asked for a loyalty number)."""
    if match.intent != I.CUSTOMER_IDENTIFY or match.matcher == "template" or _WHO.search(match.text):
        return match
    if find_digits(match.text, lang, 4) is not None:
        return match
    return replace(match, intent=None, score=0.0, slots={})


_GROUP_END = re.compile(r"(?<=[공영빵일이삼사오육륙칠팔구\d])에(?=\s)")
"""The 에 said after a group of digits ("공일공에 칠칠칠칠에 팔팔팔팔"), no part of the number."""


def _fuller(whole: IntentMatch, piece: IntentMatch) -> IntentMatch:
    """The reading of a sentence's one clear request: the piece, or the whole sentence when it reads as the
    same request with more of its details ("book a screen repair, earliest possible but not today or
    tomorrow": the rest was dropped, and the day asked)."""
    more = set(whole.slots) > set(piece.slots) and all(whole.slots[k] == v for k, v in piece.slots.items())
    return whole if whole.intent == piece.intent and more else piece


def _said_last(clean: str, lang: str, found: Found) -> Found:
    """The phone number ``found`` in ``clean``, or what took it back after it: another number ("310 555 2299
    no sorry 310 555 2298") or its end said again ("310 555 1234, oh sorry, the end is 1243")."""
    later = _taken_back(clean, lang, found, 7)
    if later is not None:
        return later
    rest = clean[found.end :]
    tail = find_digits(rest, lang, 3)
    digits = str(found.value)
    if tail is None or len(str(tail.value)) > 4 or len(digits) < 7:
        return found
    if not _TAKEN_BACK.search(rest[: tail.start]):
        return found
    return Found(digits[: -len(str(tail.value))] + str(tail.value), found.start, found.end + tail.end)


def _taken_back(clean: str, lang: str, found: Found, least: int) -> Found | None:
    """The digits (``least`` of them or more) said after ``found`` in ``clean`` when words between take
    ``found`` back ("310 555 2299 no sorry 310 555 2298", "일팔칠이요 아니 0187": the first were counted as
    a wrong attempt); ``found`` when others are said without such words; ``None`` when none are."""
    rest = clean[found.end :]
    later = find_digits(rest, lang, least)
    if later is None:
        return None
    if not _TAKEN_BACK.search(rest[: later.start]):
        return found
    return Found(later.value, found.end + later.start, found.end + later.end)


_TAKEN_BACK = re.compile(
    r"\b(no|sorry|i mean|i meant|actually|wait|oops)\b|아니|아뇨|잠깐|정정|죄송|미안|잘못"
)
"""Words between two phone numbers that take the first back."""
_NOT_THIS = {
    "en": re.compile(
        r"^(?:no,? |oh,? |um,? )*(?:i (?:don't|do not|dont) (?:want|need|wanna|mean) to "
        r"|(?:i'm|im|i am) not (?:trying|asking|looking|wanting) to )"
        r"(?:cancel|change|order|buy|book|return)(?: anything| it| that| something| my order| an order"
        r"| (?:my |the )?order (?:number )?(?P<n>\d{4}))?,? "
        r"(?:i |i'm |im )?(?:just |only )"
        r"(?:want to |wanna |need to |would like to |was asking |am asking |asked )?(?:know |ask |check )?"
    ),
    "ko": re.compile(
        r"^(?:아니 |아니요 )?(?:(?P<n>\d{4})(?:번)? (?:주문 )?)?"
        r"(?:취소|변경|주문|예약|반품)(?:하려는|할려는|하자는) ?(?:게|거|건) 아니(?:고|라)\s"
    ),
}
"""Words that say what is not asked before what is ("i dont want to cancel anything i just wanna know…")."""


def _with_address(answer: Answer, text: str, said: str) -> Answer:
    """``answer`` with the delivery address said in it for the order being made ("네 근데 서울 마포구
    월드컵로 10으로 보내주세요": the order was placed without it), as written."""
    span = find_address(text)
    if span is None:
        return answer
    values = _as_written({**answer.values, "address": text[span[0] : span[1]]}, said)
    return replace(answer, values=values)


def _as_written(values: dict[str, SlotValue], said: str) -> dict[str, SlotValue]:
    """``values`` with their address as the customer wrote it ("42 Sunset Drive, Pasadena"): the NLU reads
    lower-cased text, and the address was stored and read back in lower case."""
    address = values.get("address")
    if not isinstance(address, str) or not address.split():
        return values
    words = r"[\s,.]+".join(re.escape(word) for word in address.split())
    found = re.search(words, said, re.IGNORECASE)
    return {**values, "address": found.group()} if found else values


def _no_asked_goodbye(match: IntentMatch, lang: str) -> IntentMatch:
    """A goodbye guessed of a question ("is there anything later that day" ended the conversation) is no
    goodbye: nothing understood."""
    asking = _ASKING.get(lang)
    if match.intent != I.GOODBYE or match.matcher == "template" or asking is None:
        return match
    return replace(match, intent=None) if asking.search(match.text) else match


_PHONE_DIGITS = re.compile(
    r"((전화번호|뒷자리|끝자리|뒤 ?네 ?자리|last (four|4) digits|ends in|ending in)\D{0,12}?"
    r"|\bphone( number| no| #)?( is| ends( in| with)?| ending( in| with)?| digits( are)?)? ?[:#-]? ?)"
    r"(?P<d>\d{4})(?!\d)"
)
"""The last digits of a phone number said as such ("제 전화번호 뒷자리 0187인데", "my phone ends in 0187",
"phone number 0187"); "the phone case on 4822" is an order's number."""


def _no_phone_as_order(match: IntentMatch, text: str) -> IntentMatch:
    """``match`` without the order number read from a phone number's last digits said as such (order 187
    was looked up for "제 전화번호 뒷자리 0187인데 주문 뭐있는지 봐주세요")."""
    order = match.slots.get("order_id")
    said = _PHONE_DIGITS.search(normalize(text))
    if order is None or said is None or int(said["d"]) != order:
        return match
    return replace(match, slots={k: v for k, v in match.slots.items() if k != "order_id"})


_ABOUT_A_CODE = frozenset({I.ORDER_RECEIPT, I.CUSTOMER_IDENTIFY, None})
_A_CODE = re.compile(
    r"\b(receipt|confirmation) (code|number)\b|영수증 ?(코드|번호)|^코드(로|를|는|요)?(\s|$)"
)
"""The receipt code named as what the customer has, at the question that asks for it or the digits."""
_ONLY_A_CODE = re.compile(
    r"^((i'?ll |let me |can i )?(use|give you|go with|do|say|tell you) )?(the |a |my |with )?(receipt )?code"
    r"( please| instead| then)?$"
    r"|^(아 |그럼 |저는 )?(영수증 )?코드(로|를|는|요)?"
    r"( 할게요| 드릴게요| 말할게요| 말씀드릴게요| 있어요| 알려 ?드릴게요"
    r"| 불러 ?드릴게요| 할래요)?$"
)
"""Only that the customer will give the code ("코드로 할게요" read as an order of goods named "코드")."""
_WRONG_NUMBER = re.compile(
    r"\b(wrong (order |booking )?(number|one|order)|(order|booking) number (was|is) wrong"
    r"|mistyped the number)\b"
    r"|번호(를|가)? ?(잘못|틀렸)|잘못 (말|불렀|알려)"
)
"""Words that take back the record number the identity question is about ("oops wrong number, its 4821")."""


def _record_corrected(
    match: IntentMatch, intent: str | None, slots: Mapping[str, object], digits: str | None
) -> IntentMatch | None:
    """The request asked again about another record when the digits said at its identity question come
    with words that take its number back ("oops wrong number, its 4821"): they were counted as wrong
    digits, and the record was locked. ``None`` otherwise."""
    record = next((k for k in ("order_id", "booking_id") if k in slots), None)
    if digits is None or intent is None or record is None or str(slots[record]) == digits:
        return None
    if not _WRONG_NUMBER.search(match.text) or digits.startswith("0"):
        return None  # "0123 아니고 0187": the digits corrected, no record numbered 187
    return IntentMatch(match.text, intent, 1.0, {record: int(digits)}, "context")


def _names_the_record(match: IntentMatch, slots: Mapping[str, object], digits: str) -> bool:
    """Whether the digits heard at an identity question are the number of the record it is about, or of
    another one, said in a new request about it ("what did i order in 4821", "i want to return the earbuds
    from order 4821", "what service was booking 1", "what's the name on order 4821", "and 4823"): no
    answer, so no failed attempt (a stranger's were counted)."""
    records = {str(v) for k, v in slots.items() if k in RECORDS}
    about_records = ("order.", "booking.", "delivery.")  # not "the last four are 4821" (identify)
    if digits not in records:  # "and 4823", "ok cancel 4823": another order, asked about next
        other = {str(v) for k, v in match.slots.items() if k in RECORDS} - records
        opens = re.match(r"(and|also|what about|ok|okay|그리고|그럼)\b", match.text) is not None
        asks = match.intent is not None and match.intent.startswith(about_records)
        return digits in other and asks and (opens or match.score >= 0.8)
    named = re.search(rf"\b(order|booking)\s?#?{digits}\b|{digits}\s?번?\s?(주문|예약)", match.text)
    return named is not None or (match.intent is not None and match.intent.startswith(about_records))
