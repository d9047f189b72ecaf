"""Right after a booking was made, moved or looked up (a turn not understood in between changes nothing),
"can we do wednesday instead" moves that booking, and "sorry i meant battery replacement not screen repair"
makes it that service."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from assistant import intents as I
from assistant.dialogue.answers import DAY_AFTER, NOT_AFTER, NOT_BEFORE, NOT_DATE, without_fallbacks
from assistant.dialogue.session import Session
from assistant.dialogue.understanding import Heard
from assistant.messages import SlotValue
from assistant.nlu.engine import Nlu, is_replaced, turned_down
from assistant.slots import parse_time
from assistant.slots.numeral_words import EN_UNITS
from assistant.store import Booking, Store

MOVES = {
    "en": re.compile(
        r"\b(instead|rather|(can|could) (we|i|you) (do|make it|come|switch|change|move|push)|make it|"
        r"make that|move it|change it|switch it|push it|(would|will|works?|is) (be )?better|"
        r"suits? (me )?better|"
        r"(i'd|i would|i) prefer|same time|(can't|cannot|cant) (do|make)( it)?)\b"
    ),
    "ko": re.compile(
        r"대신|말고|안 ?돼|안 ?되|못 가|못 갈|같은 시간|"
        r"(로|으로) ?(바꿔|바꿀|옮겨|옮길|변경|해 ?주|할 수|돼요|되나요|될까|가능)"
    ),
}
"""Words that offer another day or time for something already arranged."""

OTHER_TIME = {
    "en": re.compile(
        r"\b(earlier|sooner|later (time|slot|one|appointment|that day|in the day)|(anything|something) later|"
        r"(a bit|a little|bit|little|slightly|be) later|another time|different time|other time)\b"
    ),
    "ko": re.compile(r"더 (일찍|빨리|늦게)|(이른|빠른|늦은|다른) 시간"),
}
"""Words that ask for another time on the same day ("anything earlier on friday")."""
_LATER_THAN_IT = {"en": re.compile(r"\blater\b"), "ko": re.compile(r"늦게|늦은|뒤로")}
_EARLIER_THAN_IT = {
    "en": re.compile(r"\b(earlier|sooner)\b"),
    "ko": re.compile(r"일찍|이른|빠른|빨리|앞으로"),
}
"""Which way the other time that day is ("can it be a bit later", "더 늦은 시간 있어요?": the times after the
booking's are offered, not the morning's; "anything earlier that day?": never its own time)."""

ANOTHER_DAY = {
    "en": re.compile(
        r"\b((another|different|other|new) (day|date)|(move|reschedule|change|switch|push|shift) "
        r"(it|that|the (day|date|appointment|booking))|reschedul\w*|postpone\w*)\b"
    ),
    "ko": re.compile(
        r"다른 (날|날짜|요일)|(날짜|날|요일|예약)(을|를|만|도|은|는)? ?"
        r"(바꾸|바꿔|바꿀|변경|옮기|옮겨|옮길|미루|미뤄|미룰)"
        r"|^(좀 )?(옮겨|옮길|미뤄|미룰|연기)"
    ),
}
"""Words that ask to move it without saying when yet ("can I move it to a different day"): asked next."""

_HOURS = {"an": 1, "a": 1, "one": 1, "two": 2, "three": 3, "한": 1, "두": 2, "세": 3}
_HALF_EN = r"(?:half an hour|half hour|30 minutes|thirty minutes)"
SHIFT = {
    "en": re.compile(
        rf"\b(?P<half>{_HALF_EN}) (?P<hway>later|earlier|back|forward|sooner)\b"
        rf"|\b(?P<hback>back|forward|up) (?:by )?(?P<hm>{_HALF_EN})\b"
        r"|\b(?P<n>an|a|one|two|three|[1-3]) (?:more )?hours? (?P<way>later|earlier|back|forward|sooner)\b"
        r"|\b(?P<back>back|forward|up) (?:by )?(?P<m>an|a|one|two|three|[1-3]) hours?\b"
    ),
    "ko": re.compile(
        r"(?P<half>30 ?분|삼십 ?분|반 ?시간)(?:만|정도)? "
        r"(?P<hway>늦게|뒤로|미뤄|미룰|늦춰|일찍|당겨|앞당겨|앞으로|빨리)"
        r"|(?P<n>한|두|세|[1-3]) ?시간(?:만)? (?P<way>늦게|뒤로|미뤄|미룰|늦춰|일찍|당겨|앞당겨|앞으로|빨리)"
    ),
}
"""A booking moved by hours or half an hour ("push it back an hour", "half an hour earlier", "한 시간만 늦춰
주세요"): the same day, that much later or earlier ("half an hour earlier" was an hour)."""
_LATER = ("later", "back", "늦게", "뒤로", "미뤄", "미룰", "늦춰")
A_WEEK_ON = {
    "en": re.compile(
        r"\bsame (?:time|day)(?: and time)? (?:next week|a week later)\b|\bnext week same (?:time|day)\b"
        r"|\b(?:push|move|put|bump)(?: it| that| them)? (?:back |forward |on )?(?:by )?(?:a|one) week\b"
    ),
    "ko": re.compile(
        r"다음 ?주 같은 (?:시간|요일|날)|일주일 (?:뒤|후) 같은 시간|같은 시간 다음 ?주"
        r"|일주일 ?(?:미뤄|뒤로|늦춰|연기)"
    ),
}
"""A booking moved a week on ("same time next week", "다음주 같은 시간으로": Monday was offered for a Tuesday
booking)."""

_HOURS_SAID = {word: n for word, n in EN_UNITS.items() if 1 <= n <= 12}
_BARE_HOUR = re.compile(
    rf"\b(?:do|make it|make that|at|to|for)\s+(1[0-2]|[1-9]|{'|'.join(_HOURS_SAID)})\b"
    r"(?!\s*(?:hours?|minutes?|days?))"
)
"""An hour said as a bare number after a move's words ("could we do 4 instead")."""

READ_AS = frozenset(
    {None, I.BOOKING_CREATE, I.BOOKING_CANCEL, I.BOOKING_CHANGE, I.ORDER_CHANGE, I.STORE_HOURS}
)
"""What the NLU may make of such a sentence on its own: nothing, a new booking, a cancel, a change (of an
order, when no order is named: "could we make it 4pm instead"), opening hours ("월요일 말고 화요일 돼요?")."""

_UNSURE = 0.6
"""A guess of another intent below this may be a move too: the classifier's reading of "oh actually thursday
would be better" went from nothing to recommendations (0.38-0.47) when two templates were added elsewhere."""

ORDERS = re.compile(r"\b(orders?|deliver\w*|shipping|package)\b|주문|배송|택배")
"""Words of an order: a change said with them is about an order, not the booking."""


def booking_move(heard: Heard, nlu: Nlu, booking_just_had: Callable[[], Booking | None]) -> Heard | None:
    """``heard`` as ``booking.change`` of the booking just made, moved or looked up (read from the store only
    for a sentence that could be a move) when it offers a new
    day or time for it ("tuesday is bad for me, can we do wednesday instead", "수요일로 바꿔 주세요"; the day
    and time the booking already has are not the new ones) or asks for another time that day ("anything
    earlier on friday?") or moves it by hours ("push it back an hour", "한 시간만 늦춰 주세요"). ``None``
    otherwise. Moving still confirms."""
    moves, other_time = MOVES.get(heard.lang), OTHER_TIME.get(heard.lang)
    minutes = _shift(heard.text, heard.lang)  # "push it back an hour", whatever else it reads as
    if moves is None or other_time is None or ORDERS.search(heard.text):
        return None
    if minutes:
        return _shifted(heard, booking_just_had(), minutes)
    week = A_WEEK_ON.get(heard.lang)
    if week is not None and week.search(heard.text):  # "same time next week": its weekday, a week on
        return _shifted(heard, booking_just_had(), 7 * 24 * 60)
    guessed = heard.match.matcher not in ("template", "context") and heard.match.score < _UNSURE
    moving, other = moves.search(heard.text) is not None, other_time.search(heard.text) is not None
    later_bye = heard.match.intent == I.GOODBYE and heard.match.matcher != "template" and other
    if heard.match.intent not in READ_AS and not guessed and not later_bye:
        return None  # ("can it be a bit later" was a goodbye, and the conversation ended)
    said = _said(heard, nlu)
    days = {refused for name, _, refused in said if name == "date"}
    moving = moving or days == {True, False}  # "hmm wednesday isnt great, anything thursday afternoon?"
    after = DAY_AFTER[heard.lang].search(heard.text) if days == {True} and heard.lang in DAY_AFTER else None
    moving = moving or after is not None  # "tomorrow is impossible now, day after?": the day after it
    part = any(name == "daypart" and value != "greeting" for name, value, _ in said)  # "actually mornings
    other = other or (part and heard.match.intent != I.STORE_HOURS)  # are bad for me, any afternoon that
    # day?", "아 오전은 안되겠네요 오후로 해주세요": that day's ("are you open in the evening" asks the hours)
    day = ANOTHER_DAY.get(heard.lang)
    another_day = day is not None and day.search(heard.text) is not None
    if not moving and not other and (not another_day or heard.match.intent == I.STORE_HOURS):
        return None  # "are you open another day?" asks the hours
    booking = booking_just_had()
    if booking is None or booking.status != "booked":
        return None
    if heard.match.slots.get("service") not in (None, booking.service_id):
        # "화면 수리 예약 2시로 옮겨주세요" after a battery replacement was booked: that other one, a move
        # all the same ("화면 수리를 4시로 옮겨주세요" made a second screen repair)
        named = {name: value for name, value, _ in said if name in ("service", "date", "time")}
        return heard.read_as(I.BOOKING_CHANGE, named) if moving and {"date", "time"} & named.keys() else None
    now = {"date": booking.start.date().isoformat(), "time": booking.start.strftime("%H:%M")}
    slots: dict[str, SlotValue] = {}
    refused: list[str] = []
    for name, value, turned in said:
        if name in now and turned:
            refused += [str(value)] if name == "date" else []  # "move it, any day except thursday"
        elif name in now and str(value) != now[name]:
            slots[name] = value  # the last new day or time said
        elif name == "daypart" and value != "greeting":  # "anything thursday afternoon?": its times
            slots[name] = value
    if refused and "date" not in slots and after is not None:
        slots["date"] = (date.fromisoformat(refused[-1]) + timedelta(days=1)).isoformat()
    if refused and "date" not in slots:  # which day is asked, never the one turned down (friday was offered)
        slots[NOT_DATE] = " ".join(refused)
    count = heard.match.slots.get("quantity")
    bare = _BARE_HOUR.search(heard.text) if heard.lang == "en" else None
    if count is None and bare is not None:  # "could we do 4 instead" (read as nothing)
        count = int(bare[1]) if bare[1].isdigit() else _HOURS_SAID[bare[1]]
    if not slots and moving and isinstance(count, int) and 1 <= count <= 12:
        at = parse_time(str(count), heard.lang)  # "could we make it 4 instead": an hour, not how many
        if at is not None and at.strftime("%H:%M") != now["time"]:
            slots["time"] = at.strftime("%H:%M")
    if slots and not (moving or another_day or other):
        return None
    if other and not {"date", "time"} & slots.keys():
        slots["date"] = now["date"]  # another time that day: the handler asks which
        slots.update(_this_way(heard, booking))
    elif not slots and not another_day:
        return None
    return heard.read_as(I.BOOKING_CHANGE, slots)


def _this_way(heard: Heard, booking: Booking) -> dict[str, SlotValue]:
    """The bound another time that day keeps to: after the booking's time for "later", before it for
    "earlier"; nothing when neither is said."""
    later, earlier = _LATER_THAN_IT.get(heard.lang), _EARLIER_THAN_IT.get(heard.lang)
    if later is not None and later.search(heard.text):
        return {NOT_BEFORE: (booking.start + timedelta(minutes=1)).strftime("%H:%M")}
    if earlier is not None and earlier.search(heard.text):
        return {NOT_AFTER: (booking.start - timedelta(minutes=1)).strftime("%H:%M")}
    return {}


def _said(heard: Heard, nlu: Nlu) -> list[tuple[str, SlotValue, bool]]:
    """The values of a move said in ``heard``, each with whether it is turned down ("wednesday isnt great",
    "목요일 말고")."""
    text = heard.text
    spans = without_fallbacks(text, heard.lang, nlu.slot_spans(text, heard.lang, I.BOOKING_CHANGE))
    return [  # ("can we do 2pm instead, or 2:30 if not": 2 PM)
        (name, value, is_replaced(text, start, end) or turned_down(text, start, end) is not None)
        for name, value, start, end in spans
    ]


def _shift(text: str, lang: str) -> int:
    """Minutes the booking is moved by ("an hour later" +60, "half an hour earlier" -30, "한 시간 일찍" -60),
    0 when none are said."""
    pattern = SHIFT.get(lang)
    found = pattern.search(text) if pattern is not None else None
    if found is None:
        return 0
    groups = found.groupdict()
    if groups.get("half") or groups.get("hm"):
        minutes, way = 30, groups.get("hway") or groups.get("hback")
    else:
        count, way = groups.get("n") or groups.get("m") or "", groups.get("way") or groups.get("back")
        minutes = 60 * (int(count) if count.isdigit() else _HOURS.get(count, 0))
    return minutes if way in _LATER else -minutes


def _shifted(heard: Heard, booking: Booking | None, minutes: int) -> Heard | None:
    """``heard`` as moving ``booking`` by ``minutes`` on the same day (still confirmed)."""
    if booking is None or booking.status != "booked":
        return None
    moved = booking.start + timedelta(minutes=minutes)
    return heard.read_as(
        I.BOOKING_CHANGE, {"date": moved.date().isoformat(), "time": moved.strftime("%H:%M")}
    )


SERVICE_CORRECTED = {
    "en": re.compile(
        r"\b(i meant|meant|mean|not (a |the )?|instead|actually|wrong|sorry|should (have )?been|rather)\b"
    ),
    "ko": re.compile(r"말고|아니|잘못|대신|이었어요|였어요|라니까|인데요"),
}
"""Words that take back the service just booked for another ("sorry i meant battery replacement not screen
repair", "아 화면 수리 말고 배터리 교체요")."""
_ALSO = re.compile(
    r"\b(also|too|as well|another|second|one more)\b|(?<=[가-힣])도(?:요)?(?:\s|$)|추가|하나 더"
)
"""Words that add a booking rather than take one back ("actually can i also book a battery replacement")."""


SAME_DAY = re.compile(r"\bsame day\b|같은 ?날")
"""The day of the booking just made, said for another ("and a data transfer too, same day at 3", "같은 날
오후 두시요")."""


def last_booking(session: Session, store: Store) -> Booking | None:
    """The booking this conversation made or looked up last, as the store holds it now."""
    number = session.data.get("last_booking")
    return store.booking(int(number)) if number is not None else None


def another_booking(heard: Heard, nlu: Nlu, booking_just_had: Callable[[], Booking | None]) -> Heard | None:
    """ "그리고 같은 날 오후 세시에 데이터 이전도요", "and a data transfer too, same day at 3" right after a
    booking: a booking of that other service (read as nothing, it was lost), on the same day when said so;
    still confirmed. ``None`` for anything else."""
    if heard.match.intent not in (None, I.BOOKING_CREATE, I.PRODUCT_INFO) or not _ALSO.search(heard.text):
        return None
    spans = nlu.slot_spans(heard.text, heard.lang, I.BOOKING_CREATE)
    said = {name: value for name, value, _, _ in spans if name in ("service", "date", "time")}
    if heard.match.intent == I.PRODUCT_INFO and not {"date", "time"} & said.keys():
        return None  # "데이터 이전도 해요?": its price; "… 오후 세시에 데이터 이전도요": a time for it
    booking = booking_just_had()
    if booking is None or said.get("service") in (None, booking.service_id):
        return None
    if "date" not in said and SAME_DAY.search(heard.text):
        said["date"] = booking.start.date().isoformat()
    return heard.read_as(I.BOOKING_CREATE, {**heard.match.slots, **said})


def service_swap(heard: Heard, nlu: Nlu, booking_just_had: Callable[[], Booking | None]) -> Heard | None:
    """``heard`` as ``booking.change`` of the booking just made to another service when it names that
    service with words that correct (a second booking was made at the same time, and the wrong one kept);
    ``None`` otherwise. The change is still confirmed."""
    corrected = SERVICE_CORRECTED.get(heard.lang)
    spans = nlu.slot_spans(heard.text, heard.lang, I.BOOKING_CREATE)
    said = [v for name, v, _, _ in spans if name == "service"]
    if corrected is None or not said or not corrected.search(heard.text) or _ALSO.search(heard.text):
        return None
    gone = {(start, end) for _, _, start, end in spans if is_replaced(heard.text, start, end)}
    turned_down = {name for name, _, start, end in spans if (start, end) in gone}
    if turned_down and "service" not in turned_down:
        return None  # "화면 수리는 내일 말고 목요일로": the day is corrected, not the service (a swap)
    if heard.match.intent not in (None, I.BOOKING_CREATE, I.BOOKING_CHANGE, I.COMPLAINT, I.PRODUCT_INFO):
        return None
    booking = booking_just_had()
    if booking is None or booking.status != "booked":
        return None
    others = [v for v in said if v != booking.service_id]
    if (booking.service_id not in said and len(said) > 1) or not others:
        return None  # the booked service not named as the one to go: a booking of its own
    when = {  # "화면 수리 말고 배터리 교체로 하고 시간은 4시로": the new time too (2 PM was kept)
        name: value
        for name, value, start, end in spans
        if name in ("date", "time") and (start, end) not in gone
    }
    return heard.read_as(I.BOOKING_CHANGE, {"booking_id": booking.id, "new_service": others[-1], **when})
