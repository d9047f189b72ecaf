"""Answers read again before the pending question takes them: a count said as more to add, numbers that
are no count, and the last digits of a phone number said again."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant import intents as I
from assistant.dialogue.order_corrections import part_said
from assistant.dialogue.session import Frame
from assistant.dialogue.understanding import Heard
from assistant.nlu.relative import LESS
from assistant.slots import find_digits
from assistant.text import normalize

_MORE = {
    "en": re.compile(
        r"^(?!.*\b(no|not|any|than|less)\b)"
        r".*(\b(more|extra(?![ -](large|small|big|long|wide)))\b|\b(add )?another( one)?$)"
    ),
    "ko": re.compile(r"(개|벌|켤레|장|대|하나|둘|셋) ?더(?! (큰|작은|싼|비싼|좋은|긴|짧은))|추가로"),
}
"""A quantity said as one to add ("one more", "two extra", "add another", "한 개 더요", "하나 더"), not the
new quantity: "한 개 더요" at the confirmation of 2 cases made it 1."""


_NOT_A_COUNT = {
    "en": re.compile(r"\bsize\b|\bnumber\b|#"),
    "ko": re.compile(r"사이즈|치수|\d ?호|\d ?번|미리|mm"),
}
"""Words that make a number no count ("44 사이즈요", "2번이요", "size 44")."""
_COUNTED_KO = re.compile(
    r"(\d+|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열) ?(개|벌|장|켤레|대|쌍|가지)|하나|둘|셋|넷"
)
"""A Korean count: a counter word, or a native numeral ("두 벌", "하나"); "95", "사십사" alone are sizes."""


_COUNTS_DIGITS = {
    "en": re.compile(
        r"\b(?:one|a|1|two|2) (?:digit|number)s?\b(?! of)|\bdigits? (?:short|missing|wrong|off)\b"
    ),
    "ko": re.compile(
        r"(?:번호|숫자|자리)\s?(?:하나|한\s?개|한\s?자리|두\s?개)|(?:하나|한\s?자리)\s?(?:빠|틀|잘못)"
    ),
}
"""Digits counted while a number is corrected ("번호 하나 잘못 썼어요", "i missed a digit"): no quantity."""


def uncounted(pending: Frame, heard: Heard) -> Heard:
    """``heard`` without the quantity read from a number said at another question (the size, the colour)
    that is no count: Korean clothing sizes ("44 사이즈요", "95") and an option picked by its number
    ("2번이요") made 44 or 95 shirts; nor from digits counted while a number is corrected ("번호 하나 잘못
    썼어요 010 7272 8384예요" made 2 hoodies 1)."""
    expect, values = pending.expect, heard.answer.values
    text, digits = normalize(heard.text), _COUNTS_DIGITS.get(heard.lang)
    if "quantity" in values and digits is not None and digits.search(text):  # "번호 하나 잘못 썼어요 …"
        kept = {k: v for k, v in values.items() if k != "quantity"}
        return replace(heard, answer=replace(heard.answer, values=kept))
    if expect.kind != "slot" or expect.slot in (None, "quantity") or "quantity" not in values:
        return heard
    marked = _NOT_A_COUNT.get(heard.lang)
    uncounted = heard.lang == "ko" and not _COUNTED_KO.search(text)
    if not uncounted and (marked is None or not marked.search(text)):
        return heard
    kept = {k: v for k, v in values.items() if k != "quantity"}
    if expect.slot == "size" and "size" not in kept:
        kept["size"] = str(values["quantity"])  # "265요" for shoes: a size, which the skill says it lacks
    return replace(heard, answer=replace(heard.answer, values=kept))


def counted_on(pending: Frame, heard: Heard) -> Heard:
    """``heard`` with a quantity said as more added to, or taken from, the one of the order being made
    ("하나 더", "하나 빼주세요" for three: four, two)."""
    more, less, have = _MORE.get(heard.lang), LESS.get(heard.lang), pending.slots.get("quantity")
    said = heard.answer.values.get("quantity", 1)
    if (
        pending.intent != I.ORDER_PLACE
        or more is None
        or less is None
        or not isinstance(have, int)
        or not isinstance(said, int)
    ):
        return heard
    product = heard.answer.values.get("product")
    text = normalize(heard.text)
    if product not in (None, pending.slots.get("product")):
        return heard
    if more.search(text):
        total = have + said
    elif less.search(text) and 0 < said < have:
        total = have - said
    else:
        return heard
    values = {**heard.answer.values, "quantity": total}
    return replace(heard, answer=replace(heard.answer, values=values))


_LAST_FOUR = {
    "en": re.compile(r"\blast (?:four |4 )?(?:digits?|numbers?) (?:are|is|should be|were|was|of it are)\b"),
    "ko": re.compile(r"(?:뒷자리|끝자리|뒤 ?네 ?자리|뒤 ?4 ?자리)(?:는|가|은)?"),
}
"""Words that give the phone number's last four digits again ("oops the last digits are 4498 not 4499":
4498 became the quantity, and the order was placed with the old number)."""


def last_four_said(pending: Frame, heard: Heard) -> Heard:
    """``heard`` with the phone number of the request pending ending in the four digits said after words
    that name them; unchanged otherwise."""
    phone, said = pending.slots.get("phone"), _LAST_FOUR.get(heard.lang)
    found = said.search(normalize(heard.text)) if said is not None else None
    if not isinstance(phone, str) or not phone.isdigit() or len(phone) < 8 or found is None:
        return heard
    text = normalize(heard.text)
    digits = find_digits(text[found.end() :], heard.lang, 4)
    if digits is None or len(str(digits.value)) != 4:
        return heard
    values = {"phone": phone[:-4] + str(digits.value)}
    return replace(heard, answer=replace(heard.answer, values=values, whole=True, extra=0))


def part_changed(pending: Frame, heard: Heard) -> Heard:
    """``heard`` with the part of an item on record that takes the look said ("just one of them to
    large", "하나만 엘로 바꿔주세요" at "what would you like to change?" for two shirts): one large and one
    kept, not one large shirt left (a shirt was taken off)."""
    values = heard.answer.values
    part = part_said(heard)
    if pending.intent != I.ORDER_CHANGE or part is None or "split" in pending.slots:
        return heard
    if not {"color", "size"} & values.keys():
        return heard
    return replace(heard, answer=replace(heard.answer, values={**values, "quantity": part, "split": True}))


def rewritten(pending: Frame, heard: Heard) -> Heard:
    """``heard`` as the pending question takes it (``counted_on``, ``uncounted``, ``last_four_said``,
    ``part_changed``)."""
    return part_changed(pending, last_four_said(pending, uncounted(pending, counted_on(pending, heard))))
