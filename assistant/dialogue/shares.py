"""An order's quantity shared out in an answer ("one white and one black" at the colour question for two
t-shirts, "검정 하나 흰색 하나요") or in the request itself ("two t-shirts in black, one medium and one
large", "이어폰 검정 흰색 하나씩"): each share is an order of its own, taken one after the other. The
first share was kept and the rest lost."""

from __future__ import annotations

import itertools
import re

from assistant import intents as I
from assistant.dialogue.order_corrections import part_said, part_words
from assistant.dialogue.session import Frame
from assistant.dialogue.understanding import Heard
from assistant.messages import SlotValue
from assistant.nlu.engine import Nlu

Span = tuple[str, SlotValue, int, int]
"""A slot's value and where it is said: (slot, value, start, end)."""
LOOKS = ("color", "size")
"""A product's own details: what a request about the product talked about keeps when it names none,
what another product named instead does not take over, and what a share of an order may change."""
_KEPT = ("product", *LOOKS, "delivery")
"""What every share keeps of the order being made, unless it says otherwise."""


def shares(pending: Frame, heard: Heard, nlu: Nlu) -> list[dict[str, SlotValue]]:
    """The shares ``heard`` splits the order being made into, each with the order's other details, in the
    order said; ``[]`` when it does not share it out (one value, counts that do not add up, a
    quantity given for one look only)."""
    if pending.intent != I.ORDER_PLACE:
        return []
    spans = nlu.slot_spans(heard.text, heard.lang, I.ORDER_PLACE)
    base = {name: pending.slots[name] for name in _KEPT if pending.slots.get(name) is not None}
    asked = pending.expect.slot
    if asked in LOOKS and not any(name == asked for name, _, _, _ in spans):
        listed = nlu.slot_list(heard.lang, I.ORDER_PLACE, asked)  # "one 250 and one 270": sizes read alone
        env = nlu.env(heard.lang)
        found = listed.find_all(heard.text, env) if listed is not None else []
        alone = [(asked, f.value, f.start, f.end) for f in found if f.value is not None]
        spans = sorted([*spans, *alone], key=lambda span: span[2])
    total = pending.slots.get("quantity")
    each = _one_each(spans, total, heard) if isinstance(total, int) else []
    if each:  # "one 250 and one 270", "navy and black, one each" for two
        return [{**base, **share} for share in each]
    choice = _OR.get(heard.lang)
    if choice is not None and choice.search(heard.text):
        return []  # "honey, do you want the pink one or the blue one?": a choice, no one of each
    counts = [value for name, value, _, _ in spans if name == "quantity"]
    looks = [(name, value) for name, value, _, _ in spans if name in LOOKS]
    if len(counts) < 2 or len(counts) != len(looks) or len({name for name, _ in looks}) != 1:
        return _part(pending, heard, spans, base)
    if not all(isinstance(count, int) and count > 0 for count in counts):
        return []
    said = sum(int(str(count)) for count in counts)
    if total not in (None, 1, said):  # "2 t-shirts": one white and one black; "a t-shirt" said as two
        return []
    return [
        {**base, name: value, "quantity": count} for (name, value), count in zip(looks, counts, strict=True)
    ]


def _one_each(spans: list[Span], total: int, heard: Heard) -> list[dict[str, SlotValue]]:
    """One of each value of a look named as many times as there are items, each once, with no count
    but one ("a 250 for my daughter and a 270 for me" for two pairs, "mine black, hers pink" for two
    cases, "navy and black, one each"): the second share was the first again, or lost. ``[]`` when
    a word makes a value a correction or a choice."""
    unsure = _UNSURE.get(heard.lang)
    if total < 2 or unsure is None or unsure.search(heard.text):
        return []
    counts = [value for name, value, _, _ in spans if name == "quantity"]
    looks: dict[str, list[SlotValue]] = {}
    for name, value, _, _ in spans:
        if name in LOOKS:
            looks.setdefault(name, []).append(value)
    many = [name for name, values in looks.items() if len(set(map(str, values))) > 1]
    counted = len(counts) in (0, total) or (len(counts) == 1 and _EACH[heard.lang].search(heard.text))
    if len(many) != 1 or any(count != 1 for count in counts) or not counted:
        return []
    values = looks[many[0]]
    if len(set(map(str, values))) != len(values) or len(values) != total:
        return []
    common = {name: said[0] for name, said in looks.items() if len(set(map(str, said))) == 1}
    return [{**common, many[0]: value, "quantity": 1} for value in values]


_ONE_DROPPED = {
    "en": re.compile(r"\b(?:remove|drop|cancel|skip|forget|lose|get rid of) (?:one|1)\b|\b(?:one|1) less\b"),
    "ko": re.compile(r"(?:하나|한 ?(?:개|장|벌|켤레))\s?(?:는|은)?\s?(?:빼|취소|없애|안 ?살)"),
}
"""Words that take one item off an order of two while the other changes ("아 하나는 빼고 하나는 흰색으로
바꿔주세요": one black and one white were ordered)."""


def _part(
    pending: Frame, heard: Heard, spans: list[Span], base: dict[str, SlotValue]
) -> list[dict[str, SlotValue]]:
    """Part of the order given another look ("네 근데 하나는 흰색으로요" for two black earbuds, "one of them
    in white", "one black" at the colour question for two; "make it two, and one of them navy" for one):
    the rest as it was, and that part, two orders (the whole order became the part, and the rest was
    lost). ``[]`` for anything else."""
    total, new = pending.slots.get("quantity"), {k: v for k, v in heard.answer.values.items() if k in LOOKS}
    count = part_said(heard)
    said = heard.answer.values.get("quantity")
    if count is not None and isinstance(said, int) and isinstance(total, int) and said > total:
        total = said  # "make it two, and one of them navy" for one gray t-shirt: two navy were ordered
    if not isinstance(total, int) or total < 2 or not new:
        return []
    if count is None and pending.expect.slot in new and isinstance(said, int):
        count = said  # "one black" at the colour question for two power banks
    if count is None or not 0 < count < total:
        return []
    dropped = _ONE_DROPPED.get(heard.lang)
    if dropped is not None and dropped.search(heard.text) and total - count == 1:
        return [{**base, **new, "quantity": count}]  # "아 하나는 빼고 하나는 흰색으로" for two: one, white
    apart = _rest_and_part(spans, heard)
    if apart is not None:  # "M이요 근데 하나는 라지로 해주세요" for three: two M and one L (three M)
        rest_look, part_look = apart
        return [{**base, **rest_look, "quantity": total - count}, {**base, **part_look, "quantity": count}]
    if all(name in base for name in new):  # the look was chosen: the rest keeps it, the part changes
        return [{**base, "quantity": total - count}, {**base, **new, "quantity": count}]
    rest = {k: v for k, v in base.items() if k not in new}  # its look asked first: "and the other one?"
    return [{**rest, "quantity": total - count}, {**base, **new, "quantity": count}]


def _rest_and_part(
    spans: list[Span], heard: Heard
) -> tuple[dict[str, SlotValue], dict[str, SlotValue]] | None:
    """Two values of one look, the one said after the words for the part ("하나는 라지로", "one of them
    in large") the part's, the other the rest's; ``None`` when there are not two."""
    found = part_words(heard)
    if found is None:
        return None
    for name in LOOKS:
        said = [(value, start) for look, value, start, _ in spans if look == name]
        if len({str(value) for value, _ in said}) != 2:
            continue
        part = next((value for value, start in said if start >= found.end()), None)
        rest = next((value for value, _ in said if value != part), None)
        if part is not None and rest is not None:
            return {name: rest}, {name: part}
    return None


_EACH = {"en": re.compile(r"\s*\b(each|apiece)\b"), "ko": re.compile(r"\s*씩")}
"""A count that goes to every look named with it ("one each in black and white", "검정 흰색 하나씩")."""
_UNSURE = {
    "en": re.compile(r"\b(no|not|instead|actually|rather|wait|change|make it|or|either|maybe)\b"),
    "ko": re.compile(r"말고|아니|대신|바꿔|바꾸|아님|혹은|또는|이나|거나"),
}
"""Words that make a second look a correction or a choice, not another share ("a medium, no wait, a
large", "검정 말고 흰색")."""

_OR = {"en": re.compile(r"\b(or|either)\b"), "ko": re.compile(r"(?:이나|거나|아니면|또는|혹은)(?:\s|$)")}
"""Words that leave a choice between two looks open ("a black or white phone case", "검정이나 흰색")."""

_COMPARED = {
    "en": re.compile(r"\b(difference|differ|compare|which|better|nicer|prettier|more popular|what|how)\b|\?"),
    "ko": re.compile(r"차이|달라|다른가|뭐가|어떤 ?게|어느 ?게|나아|나을|잘 ?나가|인기|\?"),
}
"""Words of a question about two looks ("what's the difference between black and silver", "흰색이랑 검정 중에
뭐가 더 잘나가요?"): the order was shared out between them."""

_FOR_ALL = {"en": re.compile(r"\b(both|all of them)\b"), "ko": re.compile(r"둘 ?다|모두|전부")}
"""Words that give a look to every share, after them ("… both large")."""


def compares_looks(pending: Frame, heard: Heard, nlu: Nlu) -> bool:
    """Whether ``heard`` asks about two looks of the product being ordered ("what's the difference between
    black and silver", "is black or silver nicer?", "검정이랑 은색 뭐가 달라요?"): a question, no answer."""
    compared = _COMPARED.get(heard.lang)
    if pending.intent != I.ORDER_PLACE or compared is None or not compared.search(heard.transcript.text):
        return False
    spans = nlu.slot_spans(heard.text, heard.lang, I.ORDER_PLACE)
    if any(name == "quantity" for name, _, _, _ in spans):
        return False  # "what about one black and one silver": counted out, an answer
    return any(len({str(v) for n, v, _, _ in spans if n == look}) >= 2 for look in LOOKS)


def order_spans(heard: Heard, nlu: Nlu) -> list[Span]:
    """Where the values of an order's slots are in ``heard``, in order (for ``undecided`` and
    ``in_request``, read once)."""
    return nlu.slot_spans(heard.text, heard.lang, I.ORDER_PLACE)


def undecided(heard: Heard, spans: list[Span]) -> set[str]:
    """The looks an order request (its ``order_spans``) leaves a choice of ("can i get a black or white
    phone case"): two values with "or" between them; the question asks which (the first was ordered)."""
    text, lang = heard.text, heard.lang
    either = _OR.get(lang)
    left = set()
    for first, second in itertools.pairwise(spans):
        same = first[0] == second[0] and first[0] in LOOKS and first[1] != second[1]
        if same and either is not None and either.search(text, first[3], second[2]):
            left.add(first[0])
    return left


def _rest_of(groups: list[dict[str, SlotValue]], total: Span | None) -> dict[str, SlotValue] | None:
    """The share left of the ``total`` when one share with a look was counted out of it ("2 smart watches, one
    silver": one more, its look to ask); ``None`` otherwise."""
    if total is None or not isinstance(total[1], int) or len(groups) != 1:
        return None
    counted = groups[0].get("quantity")
    if not isinstance(counted, int) or not set(LOOKS) & groups[0].keys() or not 0 < counted < total[1]:
        return None
    return {"quantity": total[1] - counted}


def in_request(heard: Heard, spans: list[Span], talked_about: SlotValue | None) -> list[dict[str, SlotValue]]:
    """The shares an order request (its ``order_spans``) names for one product (or the product
    ``talked_about`` just before:
    "빨강 하나랑 초록 하나 살게요" after the speaker's colours), each with its count and looks, in the order
    said ("티셔츠 블랙으로 M 하나 L 하나요": a black M and a black L); ``[]`` unless there are two or more,
    each with a count, that differ in a look, add up to the total said, and no word makes one of them a
    correction or a choice."""
    text, lang = heard.text, heard.lang
    unsure, both = _UNSURE.get(lang), _FOR_ALL.get(lang)
    if unsure is None or unsure.search(text):
        return []
    products = [span for span in spans if span[0] == "product"]
    if not products and talked_about is not None:
        products = [("product", talked_about, -2, -2)]  # counted said with no product: none is the total
    if len(products) != 1:
        return []
    total = _total(spans, products[0], text, lang)
    told = [span for span in spans if span[0] in ("quantity", *LOOKS) and span != total]
    if total is not None and isinstance(total[1], int):
        one_each = _one_each(told, total[1], heard)
        if one_each:  # "two pairs of black sneakers, a 250 for my daughter and a 270 for me", "운동화
            # 두켤레 250이랑 270이요 둘다 빨간색으로요" (two 250s were made)
            return [{"product": products[0][1], **share} for share in one_each]
    if both is not None and both.search(text):
        return []  # "2 hoodies one black one gray both large": the request's pieces say it
    each = _EACH[lang].search(text) is not None
    groups = _groups(told, counts_first=lang == "en", each=each)
    if not groups and lang == "ko":  # "두 장은 검정 한 장은 흰색으로요": the count said first in Korean too
        groups = _groups(told, counts_first=True, each=each)
    rest = _rest_of(groups, total)
    if rest is not None and lang == "en":  # the looks said before the share's count are both shares'
        counts = [start for name, _, start, _ in told if name == "quantity"]
        rest.update({n: v for n, v, start, _ in told if n != "quantity" and counts and start < counts[0]})
    if rest is not None:  # "2 smart watches, one silver": one silver, the other's colour asked (3 were made)
        return [{"product": products[0][1], **group} for group in (rest, *groups)]  # its look asked first
    if len(groups) < 2 or any(not set(LOOKS) & group.keys() for group in groups):
        return []  # "아이폰 15 케이스 검정 하나": 15 is no share of its own
    for name in LOOKS:  # "2 hoodies one black one gray size large": the last look said is every one's
        if name in groups[-1] and not any(name in group for group in groups[:-1]):
            for group in groups[:-1]:
                group[name] = groups[-1][name]
    for group in groups[1:]:  # "블랙으로 M 하나 L 하나": the first share's colour is the others' too
        group.update({name: groups[0][name] for name in LOOKS if name in groups[0] and name not in group})
    if len({tuple(sorted((k, str(v)) for k, v in group.items())) for group in groups}) < len(groups):
        return []  # two shares alike: no look tells them apart
    said = sum(int(str(group["quantity"])) for group in groups)
    if total is not None and total[1] != said:
        return []
    return [{"product": products[0][1], **group} for group in groups]


_BETWEEN = re.compile(r"(?:\s|pairs?|of|sets?)*")
"""Words a count may have between it and its product besides looks ("two pairs of black sneakers")."""


def _total(spans: list[Span], product: Span, text: str, lang: str) -> Span | None:
    """The count said with the product itself ("two t-shirts", "two medium hoodies", "티셔츠 두 장"), if
    any: only looks between them."""
    if product[2] < 0:
        return None  # the product talked about before: none was said with a count
    for span in spans:
        start, end = (span[3], product[2]) if lang == "en" else (product[3], span[2])
        if span[0] != "quantity" or start > end or _EACH[lang].match(text, span[3]):
            continue  # "이어폰 검정 흰색 하나씩": one of each is no total
        gap = list(text[start:end])
        for name, _, look_start, look_end in spans:
            if name in LOOKS and start <= look_start and look_end <= end:
                gap[look_start - start : look_end - start] = " " * (look_end - look_start)
        if _BETWEEN.fullmatch("".join(gap)):
            return span
    return None


def _groups(told: list[Span], counts_first: bool, each: bool) -> list[dict[str, SlotValue]]:
    """Looks with the count said before them (English: "one medium and one large") or after them
    (Korean: "M 하나 L 하나"); looks said before the first English count belong to every share. Several
    values of one look with one count are a share each when the count is for each ("하나씩"); ``[]``
    for anything else (a look without a count, two values of a look for one count)."""
    shares: list[tuple[SlotValue, dict[str, list[SlotValue]]]] = []
    common: dict[str, SlotValue] = {}
    looks: dict[str, list[SlotValue]] = {}
    count: SlotValue | None = None
    for name, value, _, _ in told:
        if name != "quantity":
            if counts_first and count is None and not shares:
                common[name] = value  # "two t-shirts in black, one medium and one large"
            else:
                looks.setdefault(name, []).append(value)
        elif counts_first:
            if count is not None:
                shares.append((count, looks))
            count, looks = value, {}
        else:
            shares.append((value, looks))
            looks = {}
    if counts_first and count is not None:
        shares.append((count, looks))
    elif looks:
        return []  # "M 하나 L": a look left without a count
    groups: list[dict[str, SlotValue]] = []
    for number, said in shares:
        many = [name for name, values in said.items() if len(set(map(str, values))) > 1]
        if not isinstance(number, int) or number <= 0 or len(many) > 1 or (many and not each):
            return []
        for value in said[many[0]] if many else [None]:
            share = {**common, **{name: values[0] for name, values in said.items()}, "quantity": number}
            groups.append({**share, many[0]: value} if many else share)
    return groups
