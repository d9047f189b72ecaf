"""Cost, the report: the ``## Cost`` section of BENCHMARKS.md (tables and notes) from the raw results
that ``bench/cost.py`` measures (or saved with ``--save``)."""

from __future__ import annotations

from typing import Any

from bench.cost_rtf import RtfRow
from bench.cost_runs import RunRow
from bench.cost_scale import DECODE_FIXTURES, MEMORY_CAP, ScaleResult

HEADING = "## Cost (first measurements)"


def f2(x: float, digits: int = 2) -> str:
    return "–" if x != x else f"{x:.{digits}f}"


def section(results: dict[str, Any]) -> str:
    """The ``## Cost`` section from the raw results (see ``--save``)."""
    rtf = [RtfRow(**r) for r in results["rtf"]]
    runs = [RunRow(**r) for r in results["runs"]]
    scale = [ScaleResult(**s) for s in results["scale"]]
    setup: dict[str, float] = results["setup"]
    lines = [
        HEADING,
        "",
        f"`python bench/cost.py{' --quick' if results['quick'] else ''}` — {results['date']},"
        f" {results['machine']}."
        f" Whole run: {results['run_s'] / 60:.0f} min.",
        "**The 2 cores were shared with other work during this run: timings are noisy (tens of per cent);",
        "rerun on a quiet machine before quoting them.**",
        "",
        "### Speech to text: real-time factor",
        "",
        "Decode time ÷ audio duration, per fixture file of `audio_fixtures/` (all of them, wake-phrase ones",
        "included; whole file in one call, 0.3 s of silence at both ends), with the built-in skills' full",
        "grammar compiled before timing (what the kiosk listens with when no question is pending). Below 1",
        "is faster than real time.",
        "",
        "| language | engine | mode | fixtures (audio s) | RTF mean | RTF p95 | ms per utterance | note |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rtf:
        lines.append(
            f"| {r.lang} | {r.engine} | {r.mode} | {r.fixtures} ({r.audio_s:.0f}) | {r.rtf_mean:.3f} "
            f"| {r.rtf_p95:.3f} | {r.ms_mean:.0f} | {r.note} |"
        )
    compile_en = setup.get("en trigram model, then JSGF (as `run`) compile", float("nan"))
    compile_jsgf = setup.get("en exact JSGF compile", float("nan"))
    compile_ko = next((v for k, v in setup.items() if k.startswith("ko phrase-list")), float("nan"))
    lines += [
        "",
        f"Engine start: pocketsphinx {f2(setup.get('pocketsphinx start', float('nan')))} s; Vosk Korean model"
        f" load with warm-up {f2(setup.get('vosk ko load', float('nan')))} s. Grammar compile for the"
        " built-in"
        f" skills: English JSGF alone {f2(compile_jsgf)} s, JSGF + trigram model {f2(compile_en)} s (each"
        f" with `grammar_for`'s phrases already built); Korean `SetGrammar` {f2(compile_ko)} s.",
        "",
        "### `assistant run`: start-up and memory",
        "",
        "`python -m assistant run --input <request>.wav --input <yes>.wav --lang L --engine E --json"
        " --no-speaker"
        " --db <copy of a fresh store>` (the two-turn earbuds order of the fixtures), one process at a time:",
        "*to `listening`* = wall time from process start to the `listening` event on stdout; *peak RSS* =",
        "its `VmHWM` (polled from `/proc`); *reply latency* = the `reply` event's `latency_ms` (end of",
        "speech → reply ready). *Cold* = the first run after evicting the assistant's own files (its",
        "packages, numpy, the speech models, espeak-ng data) from the page cache with",
        "`posix_fadvise(DONTNEED)`; the interpreter and standard library stay cached, so a cold boot is",
        "slower still.",
        "",
        "| language | engine | run | to `listening` s | peak RSS MB | 1st reply latency ms | 2nd reply ms "
        "| TTS ms per reply | whole run s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in runs:
        failed = "" if row.ok else " **(failed)**"
        lines.append(
            f"| {row.lang} | {row.engine} | {row.run}{failed} | {f2(row.listening_s)} | {row.peak_mb:.0f} "
            f"| {f2(row.first_reply_ms, 0)} | {f2(row.second_reply_ms, 0)} | {f2(row.tts_ms, 0)} "
            f"| {f2(row.total_s, 1)} |"
        )
    lines += [
        "",
        "### Scaling with skills",
        "",
        "Generated skills (`bench/cost.py`): each has 4 intents of 3–6 templates with alternatives and",
        "optional words (~18 templates per language), one slot list of 6 values and 17 words of its own",
        "(English words from pocketsphinx's dictionary, Korean words from the Vosk model's vocabulary, none",
        "used by the built-in skills), in English and Korean. Loaded with `discover([folder])` next to the",
        f"built-in skills, each size in a fresh process capped at {MEMORY_CAP >> 30} GB of address space",
        f"and {results['timeout']:.0f} s. Queries: the held-out test sets of the built-in skills",
        "(`tests/data/nlu_*.yaml`, 60 per language) and 80 per language for generated skills 0–9 (an exact",
        "template sentence and a paraphrase per intent; out of scope for 0 skills), timed one by one in",
        "that order.",
        "*Memory* = resident memory grown by the step.",
        "",
        "| skills | templates en / ko | training sentences en / ko | discover s | NLU build s "
        "| NLU memory MB | ms/query built-in en mean / p95 | ko mean / p95 | generated en / ko mean "
        "| built-in accuracy en / ko | generated accuracy en / ko |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in scale:
        lines.append(_scale_nlu_row(s))
    lines += [
        "",
        "| skills | en `grammar_for` s | pocketsphinx JSGF + trigram compile s | en memory MB "
        f"| en decode RTF mean / max ({DECODE_FIXTURES} fixtures) | ko `grammar_for` s (phrases) "
        "| Vosk `SetGrammar` s | ko decode RTF mean / max | peak RSS MB | worker s | stopped |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in scale:
        lines.append(_scale_grammar_row(s))
    lines += ["", *results.get("notes", [])]
    return "\n".join(lines).rstrip() + "\n"


def _pair(s: ScaleResult, stage: str, key: str, fmt: str = "{:,}") -> str:
    values = s.stages.get(stage, {}).get(key)
    if not isinstance(values, dict):
        return "–"
    return " / ".join(fmt.format(values[lang]) if lang in values else "–" for lang in ("en", "ko"))


def _scale_nlu_row(s: ScaleResult) -> str:
    stages = s.stages
    queries = stages.get("queries", {}).get("queries", {})

    def q(name: str, key: str, fmt: str) -> str:
        return fmt.format(queries[name][key]) if name in queries else "–"

    def get(stage: str, key: str, fmt: str = "{:.2f}") -> str:
        value = stages.get(stage, {}).get(key)
        return fmt.format(value) if isinstance(value, int | float) else "–"

    generated_acc = (
        "– (out of scope)"
        if s.skills == 0
        else f"{q('en generated', 'accuracy', '{:.2f}')} / {q('ko generated', 'accuracy', '{:.2f}')}"
    )
    return (
        f"| {s.skills:,} | {_pair(s, 'discover', 'templates')} | {_pair(s, 'nlu', 'sentences')} "
        f"| {get('discover', 's')} | {get('nlu', 's')} | {get('nlu', 'grown_mb', '{:.0f}')} "
        f"| {q('en builtin', 'ms_mean', '{:.2f}')} / {q('en builtin', 'ms_p95', '{:.2f}')} "
        f"| {q('ko builtin', 'ms_mean', '{:.2f}')} / {q('ko builtin', 'ms_p95', '{:.2f}')} "
        f"| {q('en generated', 'ms_mean', '{:.2f}')} / {q('ko generated', 'ms_mean', '{:.2f}')} "
        f"| {q('en builtin', 'accuracy', '{:.2f}')} / {q('ko builtin', 'accuracy', '{:.2f}')} "
        f"| {generated_acc} |"
    )


def _scale_grammar_row(s: ScaleResult) -> str:
    def get(stage: str, key: str, fmt: str = "{:.2f}") -> str:
        value = s.stages.get(stage, {}).get(key)
        return fmt.format(value) if isinstance(value, int | float) else "–"

    def decoded(lang: str) -> str:
        stage = s.stages.get(f"decode {lang}")
        if not stage:
            return "–"
        text = f"{stage['rtf_mean']:.3f} / {stage['rtf_max']:.2f}"
        if stage["fixtures"] < DECODE_FIXTURES:
            text += f" ({stage['fixtures']} of {DECODE_FIXTURES})"
        return text

    en, ko = "grammar en", "grammar ko"
    return (
        f"| {s.skills:,} | {get(en, 'build_s')} | {get(en, 'compile_s')} | {get(en, 'grown_mb', '{:.0f}')} "
        f"| {decoded('en')} | {get(ko, 'build_s')} ({get(ko, 'phrases', '{:,}')}) | {get(ko, 'compile_s')} "
        f"| {decoded('ko')} | {s.peak_mb:.0f} | {s.wall_s:.0f} "
        f"| {f'{s.stopped} in `{s.stopped_in()}`' if s.stopped else 'no'} |"
    )


def notes(results: dict[str, Any]) -> list[str]:
    """Honest notes written from the numbers."""

    def run(lang: str, label: str) -> dict[str, Any] | None:
        return next((r for r in results["runs"] if r["lang"] == lang and r["run"].startswith(label)), None)

    rtf = {(r["lang"], r["mode"].split(",")[0]): r for r in results["rtf"]}
    scale = [ScaleResult(**s) for s in results["scale"]]
    lines = ["Goals and honest notes:"]
    warm = {lang: run(lang, "warm (median") for lang in ("en", "ko")}
    cold = {lang: run(lang, "cold") for lang in ("en", "ko")}
    tts = {lang: run(lang, "warm, TTS") for lang in ("en", "ko")}
    en, ko, en_cold, ko_cold, en_tts, ko_tts = (*warm.values(), *cold.values(), *tts.values())
    if en and ko and en_cold and ko_cold and en_tts and ko_tts:
        grown = max(en_tts["peak_mb"] - en["peak_mb"], ko_tts["peak_mb"] - ko["peak_mb"])
        lines += [
            "- **No explicit cost goal** in issue 4; the target is a 2-core kiosk left running. Start-up to"
            f" `listening`: English {en['listening_s']:.1f} s warm / {en_cold['listening_s']:.1f} s cold,"
            f" Korean {ko['listening_s']:.1f} s / {ko_cold['listening_s']:.1f} s (both languages' NLU is"
            " built at start, then the chosen language's engine is loaded and warmed up). Fine for a kiosk"
            " that starts once a day; too slow to restart per customer.",
            f"- Peak memory {en['peak_mb']:.0f} MB (English, pocketsphinx) and {ko['peak_mb']:.0f} MB"
            f" (Korean: the Vosk model is ~500 MB of it); TTS adds {grown:.0f} MB at most. A kiosk with 2 GB"
            " holds either; an English conversation that switches to Korean loads the Vosk model into the"
            " same process as well (~+500 MB).",
            "- **The first English request after start waits for the grammar**: `Recognition.grammar` builds"
            " and compiles a dialogue state's grammar when its first utterance arrives, and pocketsphinx's"
            f" JSGF + trigram model take seconds (1st reply latency {en['first_reply_ms'] / 1000:.1f} s warm;"
            " the confirmation state compiles on its first use too: 2nd reply"
            f" {en['second_reply_ms'] / 1000:.1f} s)."
            " Compiling the main and confirmation grammars before `listening` (or in the background) would"
            " move this into start-up; `assistant/` is not changed by this benchmark.",
        ]
    jsgf, both = rtf.get(("en", "exact JSGF")), rtf.get(("en", "trigram model"))
    ko_grammar, ko_free = rtf.get(("ko", "phrase-list grammar")), rtf.get(("ko", "free"))
    if jsgf and both and ko_grammar and ko_free:
        lines.append(
            f"- English decoding with the exact JSGF runs at RTF {jsgf['rtf_mean']:.2f} mean,"
            f" {jsgf['rtf_p95']:.2f} p95; trying the trigram model first keeps `run` at"
            f" {both['rtf_mean']:.2f} / {both['rtf_p95']:.2f} ({both['note']}), still slow for a kiosk:"
            " a customer waits about as long as they spoke. Korean with Vosk's phrase-list grammar:"
            f" {ko_grammar['rtf_mean']:.3f} / {ko_grammar['rtf_p95']:.3f}; free decoding costs"
            f" {ko_free['rtf_mean'] / ko_grammar['rtf_mean']:.0f}x more."
        )
    many = [r for r in results["runs"] if "generated skills" in r["run"]]
    if many:
        shown = "; ".join(
            f"{r['lang']}: {r['listening_s']:.0f} s to `listening`, {r['peak_mb']:.0f} MB,"
            f" 1st reply {r['first_reply_ms'] / 1000:.0f} s" + ("" if r["ok"] else " (did not finish)")
            for r in many
        )
        lines.append(f"- With 100 generated skills installed, `assistant run` costs far more ({shown}).")
    lines += _scaling_notes(scale, results["timeout"])
    lines += [
        "- Cold and warm start-up differ less than runs differ from each other on the shared cores: the"
        " evicted files come back from disk quickly; interpreter start, imports and both languages' NLU"
        " build dominate.",
        "- The Korean request fixture is misheard by Vosk (see the spoken-commands section), so the Korean"
        ' rows\' replies are a product answer and a stray "yes", not an order and its confirmation.',
        "- Grammars are capped at 5,000 phrases (`grammar_phrases`, one phrase per template in turn): with"
        " more than ~5,000 templates in a language, later skills get no phrase at all in the Vosk grammar"
        " and pocketsphinx's trigram model (the JSGF still has every template), so speech recognition of"
        " many skills degrades before the NLU does.",
        "- Time per query and accuracy come from the same run; RTF is measured on whole fixture files, so"
        " the endpointer's trimming (what `run` decodes) makes real utterances slightly shorter.",
    ]
    return lines


def _scaling_notes(scale: list[ScaleResult], timeout: float) -> list[str]:
    """What the scaling table says: where each part stops, and why."""
    built = [s for s in scale if "nlu" in s.stages]
    lines: list[str] = []
    if len(built) >= 2:
        first, last = built[0], built[-1]
        span = last.skills - first.skills
        per_mb = (last.stages["nlu"]["grown_mb"] - first.stages["nlu"]["grown_mb"]) / span
        per_s = (last.stages["nlu"]["s"] - first.stages["nlu"]["s"]) / span
        biggest = max(s.skills for s in scale)
        lines.append(
            f"- **The NLU scales linearly until memory runs out**: about {per_mb:.1f} MB and {per_s:.2f} s of"
            f" build per generated skill ({first.skills}→{last.skills:,} skills), as each template adds up"
            " to 150 training sentences to the nearest-neighbour index (a Python feature counter per"
            " sentence while building, then numpy posting lists)."
            f" {biggest:,} skills would need ~{first.stages['nlu']['grown_mb'] + per_mb * biggest:,.0f} MB:"
        )
        stuck = next((s for s in scale if s.skills == biggest and "nlu" not in s.stages), None)
        lines[-1] += (
            f" the worker hit its {MEMORY_CAP >> 30} GB cap ({stuck.stopped}) while building it."
            if stuck
            else " within the cap here."
        )
        q0, q1 = first.stages["queries"]["queries"], last.stages["queries"]["queries"]
        lines.append(
            f"- Time per query grows with it: built-in English queries {q0['en builtin']['ms_mean']:.1f} →"
            f" {q1['en builtin']['ms_mean']:.1f} ms mean ({q1['en builtin']['ms_p95']:.0f} ms p95) at"
            f" {last.skills:,} skills — the strict stage tries every template's regex in turn and the"
            " fuzzy stage's posting lists lengthen. Accuracy on the built-in held-out sets:"
            f" {q0['en builtin']['accuracy']:.2f} → {q1['en builtin']['accuracy']:.2f} English,"
            f" {q0['ko builtin']['accuracy']:.2f} → {q1['ko builtin']['accuracy']:.2f} Korean (generated"
            " skills take a few queries)."
        )
    slow = [s for s in scale if s.stopped and s.stopped_in() == "decode en"]
    if slow:
        s = slow[0]
        waited = timeout - s.stages.get("decode ko", {}).get("elapsed_s", 0.0)
        compile_s = ", ".join(
            f"{x.skills:,}: {x.stages['grammar en']['compile_s']:.0f} s"
            for x in scale
            if "grammar en" in x.stages
        )
        lines.append(
            f"- **English speech stops scaling first, between 10 and {s.skills} skills**: with {s.skills}"
            f" skills' templates one pocketsphinx decode (trigram model, then the exact JSGF) did not finish"
            f" in the {waited:.0f} s left to the worker, and the JSGF + trigram compile grows too"
            f" ({compile_s})."
            " The JSGF mirrors every template, so its search space grows with all skills together."
        )
    return lines
