"""The numbers of a report, computed from a period's ``Activity`` (no drawing, no HTML here)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np

from assistant import LANGUAGES
from assistant.store.activity import Activity
from assistant.store.models import Interaction

TOP_PHRASES = 20
"""How many not-understood phrases the page lists."""


@dataclass(frozen=True)
class Period:
    """Whole days, both ends included."""

    first: date
    """First day of the report."""
    last: date
    """Last day of the report (included)."""

    @property
    def since(self) -> datetime:
        """Start of the first day."""
        return datetime.combine(self.first, time())

    @property
    def until(self) -> datetime:
        """Start of the day after the last one (excluded)."""
        return datetime.combine(self.last + timedelta(days=1), time())

    @property
    def days(self) -> list[date]:
        """Every day of the period, in order."""
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]


@dataclass(frozen=True)
class Latency:
    """Percentiles of logged response latencies, in milliseconds (``None`` when nothing was logged)."""

    p50: float | None
    """Median."""
    p95: float | None
    """95th percentile."""


@dataclass(frozen=True)
class IntentCount:
    """How many turns were recognized as one intent."""

    intent: str
    """Intent id."""
    total: int
    """All languages."""
    by_lang: dict[str, int]
    """Language → turns."""


@dataclass(frozen=True)
class Phrase:
    """A not-understood utterance (as logged: redacted) and how often it was said."""

    text: str
    """The first spelling seen; empty when the customer said nothing recognisable."""
    lang: str
    """Language of the turn."""
    count: int
    """Times said in the period (same words, ignoring case and spacing)."""


@dataclass(frozen=True)
class Day:
    """One day's numbers."""

    day: date
    """The day."""
    turns: int
    """Logged turns."""
    sessions: int
    """Conversations with at least one turn that day."""
    by_intent: dict[str, int]
    """Intent → turns (understood turns only)."""
    not_understood: dict[str, int]
    """Language → not-understood turns."""
    turns_by_lang: dict[str, int]
    """Language → turns."""
    tickets: int
    """Hand-off tickets opened."""
    orders: int
    """Orders placed."""
    bookings: int
    """Bookings made."""
    latency: Latency
    """Response latency percentiles."""


@dataclass(frozen=True)
class LanguageRow:
    """The period's numbers for one language."""

    lang: str
    """Language code."""
    turns: int
    """Turns in this language."""
    sessions: int
    """Conversations whose last turn was in this language."""
    not_understood: int
    """Turns not understood."""
    tickets: int
    """Hand-off tickets opened in this language."""
    orders: int
    """Orders placed in this language."""
    latency: Latency
    """Response latency percentiles of its turns."""


@dataclass(frozen=True)
class Report:
    """Everything the page shows."""

    period: Period
    """Days covered."""
    generated_at: datetime
    """When the report was made."""
    turns: int
    """Logged turns."""
    sessions: int
    """Distinct conversations."""
    not_understood: int
    """Turns the NLU matched to no intent."""
    tickets: int
    """Hand-off tickets opened."""
    tickets_by_reason: dict[str, int]
    """Reason (``not_understood``, ``customer_request``, …) → tickets."""
    orders: int
    """Orders placed."""
    orders_cancelled: int
    """Of those, cancelled since."""
    bookings: int
    """Bookings made."""
    bookings_cancelled: int
    """Of those, cancelled since."""
    latency: Latency
    """All turns' latency percentiles."""
    latencies_ms: tuple[float, ...]
    """Every logged latency (for the histogram)."""
    intents: tuple[IntentCount, ...]
    """Recognized intents, most frequent first."""
    phrases: tuple[Phrase, ...]
    """Most frequent not-understood utterances."""
    days: tuple[Day, ...]
    """One entry per day of the period."""
    languages: tuple[LanguageRow, ...]
    """One row per language (the supported ones and any other seen)."""

    @property
    def empty(self) -> bool:
        """Nothing at all was recorded in the period."""
        return not (self.turns or self.tickets or self.orders or self.bookings)


def ratio(part: int, whole: int) -> float | None:
    """``part / whole``, or ``None`` when ``whole`` is 0."""
    return part / whole if whole else None


def latency(values: Sequence[float]) -> Latency:
    """p50 and p95 (linear interpolation) of ``values``."""
    if not values:
        return Latency(None, None)
    p50, p95 = np.percentile(np.asarray(values, dtype=float), [50, 95])
    return Latency(float(p50), float(p95))


def summarize(activity: Activity, period: Period, generated_at: datetime) -> Report:
    """Count and measure ``activity`` over ``period``."""
    turns = activity.turns
    languages = list(dict.fromkeys([*LANGUAGES, *sorted({t.lang for t in turns})]))
    last_lang = {t.session_id: t.lang for t in turns}  # turns are oldest first: the last one wins
    sessions_by_lang = Counter(last_lang.values())
    tickets_by_lang = Counter(t.lang for t in activity.tickets)
    orders_by_lang = Counter(o.lang for o in activity.orders)
    rows = tuple(
        LanguageRow(
            lang,
            sum(t.lang == lang for t in turns),
            sessions_by_lang[lang],
            sum(t.lang == lang and t.intent is None for t in turns),
            tickets_by_lang[lang],
            orders_by_lang[lang],
            latency([t.latency_ms for t in turns if t.lang == lang]),
        )
        for lang in languages
    )
    return Report(
        period=period,
        generated_at=generated_at,
        turns=len(turns),
        sessions=len(last_lang),
        not_understood=sum(t.intent is None for t in turns),
        tickets=len(activity.tickets),
        tickets_by_reason=dict(Counter(t.reason for t in activity.tickets).most_common()),
        orders=len(activity.orders),
        orders_cancelled=sum(o.status == "cancelled" for o in activity.orders),
        bookings=len(activity.bookings),
        bookings_cancelled=sum(b.status == "cancelled" for b in activity.bookings),
        latency=latency([t.latency_ms for t in turns]),
        latencies_ms=tuple(t.latency_ms for t in turns),
        intents=_intents(turns),
        phrases=_phrases(turns),
        days=_days(activity, period),
        languages=rows,
    )


def _intents(turns: Iterable[Interaction]) -> tuple[IntentCount, ...]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for turn in turns:
        if turn.intent is not None:
            counts[turn.intent][turn.lang] += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1].total(), item[0]))
    return tuple(IntentCount(intent, by_lang.total(), dict(by_lang)) for intent, by_lang in ranked)


def _phrases(turns: Iterable[Interaction]) -> tuple[Phrase, ...]:
    counts: Counter[tuple[str, str]] = Counter()
    spelling: dict[tuple[str, str], str] = {}
    for turn in turns:
        if turn.intent is None:
            key = (turn.lang, " ".join(turn.text.split()).casefold())
            counts[key] += 1
            spelling.setdefault(key, " ".join(turn.text.split()))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_PHRASES]
    return tuple(Phrase(spelling[key], key[0], count) for key, count in ranked)


def _days(activity: Activity, period: Period) -> tuple[Day, ...]:
    turns: dict[date, list[Interaction]] = defaultdict(list)
    for turn in activity.turns:
        turns[turn.at.date()].append(turn)
    tickets = Counter(t.created_at.date() for t in activity.tickets)
    orders = Counter(o.created_at.date() for o in activity.orders)
    bookings = Counter(b.created_at.date() for b in activity.bookings)
    return tuple(
        Day(
            day=day,
            turns=len(turns[day]),
            sessions=len({t.session_id for t in turns[day]}),
            by_intent=dict(Counter(t.intent for t in turns[day] if t.intent is not None)),
            not_understood=dict(Counter(t.lang for t in turns[day] if t.intent is None)),
            turns_by_lang=dict(Counter(t.lang for t in turns[day])),
            tickets=tickets[day],
            orders=orders[day],
            bookings=bookings[day],
            latency=latency([t.latency_ms for t in turns[day]]),
        )
        for day in period.days
    )
