"""The report page: one self-contained HTML file (charts as base64 SVG images, no scripts, no network)."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from html import escape

from .charts import Chart
from .data import Latency, Report, ratio

LANGUAGE_NAMES = {"en": "English", "ko": "Korean (한국어)"}
"""How the page names a language code."""

FONTS = (
    'system-ui, "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, "Noto Sans CJK KR", "Noto Sans KR", '
    '"NanumGothic", "NanumBarunGothic", "Apple SD Gothic Neo", "Malgun Gothic", "UnDotum", sans-serif'
)
"""Latin fonts first, then Korean ones: the browser takes Hangul from the first font that has it."""

STYLE = f"""
body {{ font-family: {FONTS}; color: #222; margin: 2em auto; max-width: 1040px; padding: 0 1em;
       line-height: 1.45; }}
h1 {{ margin-bottom: 0.2em; }} h2 {{ margin-top: 2em; border-bottom: 1px solid #ccc; }}
.meta, .note {{ color: #555; font-size: 0.92em; }}
table {{ border-collapse: collapse; margin: 0.6em 0; }}
th, td {{ border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; }}
td.n, th.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
figure {{ margin: 1em 0; }} figure img {{ width: 100%; max-width: 1000px; height: auto; }}
figcaption {{ color: #555; font-size: 0.9em; }}
.cards {{ display: flex; flex-wrap: wrap; gap: 0.8em; }}
.card {{ border: 1px solid #ccc; border-radius: 6px; padding: 0.5em 0.9em; min-width: 9em; }}
.card b {{ display: block; font-size: 1.5em; }}
"""


def render(report: Report, charts: dict[str, Chart], source: str) -> str:
    """The whole page; ``source`` names the database the numbers come from."""
    period = f"{report.period.first:%Y-%m-%d} to {report.period.last:%Y-%m-%d}"
    head = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Kiosk assistant report, {period}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<h1>Kiosk assistant report</h1>\n<p class=meta>{period} (whole days, local time) · from "
        f"<code>{escape(source)}</code> · made {report.generated_at:%Y-%m-%d %H:%M}</p>\n"
    )
    if report.empty:
        body = (
            '<section id="nothing"><h2>Nothing recorded yet</h2><p>No conversation turns, orders, '
            "bookings or hand-off tickets were recorded in this period. Once customers talk to the "
            "assistant, run the report again.</p></section>\n"
        )
    else:
        body = "".join(
            [
                _summary(report),
                _languages(report, charts),
                _intents(report, charts),
                _not_understood(report, charts),
                _handoffs_and_outcomes(report, charts),
                _latency(report, charts),
                _days(report),
            ]
        )
    return head + body + _recorded() + "</body>\n</html>\n"


def _figure(chart: Chart | None) -> str:
    if chart is None:
        return ""
    data = base64.b64encode(chart.svg).decode("ascii")
    return (
        f'<figure id="{chart.key}"><img src="data:image/svg+xml;base64,{data}" alt="{escape(chart.alt)}">'
        f"<figcaption>{escape(chart.title)}</figcaption></figure>\n"
    )


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], table_id: str) -> str:
    """Rows are HTML already (cells made with ``_cell``/``_num``)."""
    heads = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(f"<tr>{''.join(row)}</tr>" for row in rows)
    return f'<table id="{table_id}"><thead><tr>{heads}</tr></thead><tbody>{body}</tbody></table>\n'


def _cell(text: str, lang: str | None = None) -> str:
    attribute = f' lang="{escape(lang)}"' if lang else ""
    return f"<td{attribute}>{escape(text)}</td>"


def _num(value: int | float | None, metric: str = "", digits: int = 0) -> str:
    attribute = f' data-metric="{metric}"' if metric else ""
    text = "—" if value is None else f"{value:.{digits}f}" if isinstance(value, float) else str(value)
    return f"<td class=n{attribute}>{text}</td>"


def _percent(part: int, whole: int) -> str:
    share = ratio(part, whole)
    return "—" if share is None else f"{100 * share:.1f} %"


def _ms(value: float | None) -> str:
    return "not recorded" if value is None else f"{value:.1f} ms"


def _lang(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def _summary(report: Report) -> str:
    cards = [
        ("conversations", str(report.sessions), "sessions"),
        ("turns", str(report.turns), "turns"),
        ("not understood", _percent(report.not_understood, report.turns), "not-understood-rate"),
        ("hand-off rate", _percent(report.tickets, report.sessions), "handoff-rate"),
        ("orders placed", str(report.orders), "orders"),
        ("bookings made", str(report.bookings), "bookings"),
        ("latency p50 / p95", f"{_ms(report.latency.p50)} / {_ms(report.latency.p95)}", "latency"),
    ]
    items = "".join(
        f'<div class=card data-metric="{metric}"><b>{escape(value)}</b>{escape(label)}</div>'
        for label, value, metric in cards
    )
    return f'<section id="summary"><h2>Summary</h2><div class=cards>{items}</div></section>\n'


def _languages(report: Report, charts: dict[str, Chart]) -> str:
    rows = [
        [
            _cell(_lang(row.lang)),
            _num(row.sessions, f"sessions-{row.lang}"),
            _num(row.turns, f"turns-{row.lang}"),
            _num(row.not_understood, f"not-understood-{row.lang}"),
            _cell(_percent(row.not_understood, row.turns)),
            _num(row.tickets, f"tickets-{row.lang}"),
            _cell(_percent(row.tickets, row.sessions)),
            _num(row.orders, f"orders-{row.lang}"),
            _cell(_ms(row.latency.p50)),
            _cell(_ms(row.latency.p95)),
        ]
        for row in report.languages
    ]
    headers = (
        "language",
        "conversations",
        "turns",
        "not understood",
        "not-understood rate",
        "hand-off tickets",
        "hand-off rate",
        "orders",
        "latency p50",
        "latency p95",
    )
    return (
        '<section id="languages"><h2>By language</h2>'
        + _table(headers, rows, "language-table")
        + "<p class=note>A conversation counts for the language of its last turn (customers may switch). "
        "Bookings are not broken down by language: the store does not record it.</p>"
        + _figure(charts.get("turns-by-language"))
        + "</section>\n"
    )


def _intents(report: Report, charts: dict[str, Chart]) -> str:
    langs = [row.lang for row in report.languages]
    rows = [
        [
            _cell(count.intent),
            _num(count.total, f"intent-{count.intent}"),
            *(_num(count.by_lang.get(lang, 0), f"intent-{count.intent}-{lang}") for lang in langs),
        ]
        for count in report.intents
    ]
    return (
        '<section id="intents"><h2>Requests by intent</h2>'
        "<p class=note>Every customer turn counts once under the intent it was recognized as, answers to "
        "the assistant's questions included (“large” while ordering counts as <code>order.place</code>, "
        "“yes” as <code>dialog.yes</code>).</p>"
        + _figure(charts.get("intents-per-day"))
        + _table(("intent", "turns", *langs), rows, "intent-table")
        + "</section>\n"
    )


PHRASE_CHARS = 80
"""Longer not-understood phrases are cut in the table (pasted junk would overflow it)."""


def _shortened(text: str) -> str:
    return text if len(text) <= PHRASE_CHARS else text[: PHRASE_CHARS - 1].rstrip() + "…"


def _not_understood(report: Report, charts: dict[str, Chart]) -> str:
    rows = [
        [
            _cell(_shortened(phrase.text) or "(nothing recognisable)", phrase.lang),
            _cell(phrase.lang),
            _num(phrase.count),
        ]
        for phrase in report.phrases
    ]
    table = (
        _table(("what the customer said (redacted)", "language", "times"), rows, "phrase-table")
        if rows
        else "<p>Every turn was understood.</p>"
    )
    return (
        '<section id="not-understood"><h2>Not understood</h2>'
        f"<p><b data-metric=not-understood>{report.not_understood}</b> of {report.turns} turns "
        f"({_percent(report.not_understood, report.turns)}) were not understood: the language "
        "understanding matched them to no intent, and the assistant said it could not help, asked "
        "again or offered a member of staff. Phone numbers, e-mail addresses and similar were "
        "redacted before the turns were logged.</p>"
        + _figure(charts.get("not-understood-rate"))
        + f"<h3>Most frequent ({len(report.phrases)} shown)</h3>"
        + table
        + "</section>\n"
    )


def _handoffs_and_outcomes(report: Report, charts: dict[str, Chart]) -> str:
    reasons = [
        [_cell(reason), _num(count, f"tickets-{reason}")]
        for reason, count in report.tickets_by_reason.items()
    ]
    reason_table = _table(("reason", "tickets"), reasons, "reason-table") if reasons else ""
    return (
        '<section id="handoffs"><h2>Hand-offs to staff</h2>'
        f"<p><b>Hand-off rate</b> = hand-off tickets opened ÷ conversations in the period = "
        f"<span data-metric=tickets>{report.tickets}</span> ÷ {report.sessions} = "
        f"<b>{_percent(report.tickets, report.sessions)}</b>. A conversation is one session id in the "
        "interaction log; a ticket is opened when the customer asks for a member of staff, or accepts "
        "one after turns in a row that were not understood (reason <code>not_understood</code>).</p>"
        + reason_table
        + "</section>\n"
        + '<section id="outcomes"><h2>Orders and bookings</h2>'
        f"<p><span data-metric=orders-placed>{report.orders}</span> orders placed "
        f"({report.orders_cancelled} cancelled since) and "
        f"<span data-metric=bookings-made>{report.bookings}</span> bookings made "
        f"({report.bookings_cancelled} cancelled since), counted on the day they were made. Seeded demo "
        "orders (numbers below 5001) are not counted.</p>"
        + _figure(charts.get("outcomes-per-day"))
        + "</section>\n"
    )


def _latency(report: Report, charts: dict[str, Chart]) -> str:
    return (
        '<section id="latency"><h2>Response latency</h2>'
        f"<p>p50 {_ms(report.latency.p50)}, p95 {_ms(report.latency.p95)} over "
        f"{len(report.latencies_ms)} turns. Logged is the time from the moment the dialogue received "
        "the customer's words to its reply: language understanding, the dialogue and the skill, for typed "
        "and spoken turns alike. Speech recognition, end-of-speech detection and speech synthesis are "
        "<b>not recorded</b> in the log (<code>assistant run --json</code> prints them per turn).</p>"
        + _figure(charts.get("latency-per-day"))
        + _figure(charts.get("latency-histogram"))
        + "</section>\n"
    )


def _latency_cells(latency: Latency) -> list[str]:
    return [_num(latency.p50, digits=1), _num(latency.p95, digits=1)]


def _days(report: Report) -> str:
    rows = [
        [
            _cell(f"{d.day:%Y-%m-%d}"),
            _num(d.sessions),
            _num(d.turns, f"day-{d.day}-turns"),
            _num(sum(d.not_understood.values()), f"day-{d.day}-not-understood"),
            _num(d.tickets, f"day-{d.day}-tickets"),
            _num(d.orders, f"day-{d.day}-orders"),
            _num(d.bookings, f"day-{d.day}-bookings"),
            *_latency_cells(d.latency),
        ]
        for d in report.days
        if d.turns or d.tickets or d.orders or d.bookings
    ]
    headers = (
        "day",
        "conversations",
        "turns",
        "not understood",
        "hand-offs",
        "orders",
        "bookings",
        "p50 ms",
        "p95 ms",
    )
    return (
        '<section id="days"><h2>Day by day</h2>'
        + _table(headers, rows, "day-table")
        + "<p class=note>Days without any record are left out.</p></section>\n"
    )


def _recorded() -> str:
    return (
        '<section id="recorded"><h2>What the log records</h2><ul>'
        "<li>Per turn: time, conversation id, language, the customer's words (redacted; answers to "
        "“last four digits” questions are never logged), recognized intent and score, the reply "
        "(redacted) and the latency described above.</li>"
        "<li>Not recorded: whether a turn was spoken or typed, speech-recognition confidence and "
        "timings, the language of bookings, and anything that identifies the customer.</li>"
        "<li>Rows removed by <code>assistant data purge</code> are no longer counted.</li>"
        "</ul></section>\n"
    )
