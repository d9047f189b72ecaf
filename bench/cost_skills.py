"""Cost, part 3a: generated skills for the scaling runs (also used by ``bench/nlu_scale.py``).

Each has 4 intents of 3-6 templates, one slot list and words of its own (English words pocketsphinx can
say, Korean words in the Vosk vocabulary, none used by the built-in skills), in English and Korean.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from bench.cost_common import REPO

INTENTS_PER_SKILL = 4
WORDS_PER_SKILL = 2 * INTENTS_PER_SKILL + 3 + 6
"""Two per intent, three for the skill's rule, six slot-list values."""

EN_SHAPES = (
    "(what is|tell me|show me) [the] ({a}|{b}) [of|for] [the] {slot}",
    "[can you] (check|find) [the] {a} [for] [my] {slot} [please]",
    "i (want|need|would like) [to see] [the] {b} <extra> [for] {slot}",
    "how (much|many|long) {a} (does|do|is) [the] {slot} [have|take]",
    "{slot} ({a}|{b}) [please]",
    "do you have [any] <extra> {a} [for] [the] {slot}",
)
KO_SHAPES = (
    "{slot}[의] ({a}|{b})[이|가|는] (알려 주세요|뭐예요|어떻게 되나요)",
    "{slot} {a}[을|를] (확인해 주세요|보여 주세요|찾아 주세요)",
    "[저는] {slot}[에] {b}[가|이] (필요해요|있나요|궁금해요)",
    "<extra> {slot} {a} [좀] (해 주세요|할게요|하고 싶어요)",
    "{slot} ({a}|{b}) [주세요]",
    "[혹시] <extra> {b}[도] (있어요|되나요)",
)
QUERY = {
    "en": ("tell me the {a} of the {value}", "could you tell me about {a} for {value} now"),
    "ko": ("{value}의 {a}이 뭐예요", "저기 {value} {a} 좀 알려 줘요"),
}
"""Per intent: one sentence the templates match exactly, one paraphrase for the fuzzy matcher."""
HANGUL = (
    "가나다라마바사아자차카타파하고노도로모보소오조초코토포호구누두루무부수우주추후기니디리미비시이지치키"
)
HANGUL += "피히개내대래매배새재채강남동방상장창경명성영정청민진신인빈한산안간단만반판관광원선전연면편"


def builtin_words() -> set[str]:
    """Every word in the built-in skills' sentence files (kept out of the generated vocabulary)."""
    text = " ".join(p.read_text(encoding="utf-8") for p in (REPO / "skills").glob("*/sentences/*.yaml"))
    return set(re.findall(r"\w+", text.lower()))


def english_pool(avoid: set[str]) -> list[str]:
    """Dictionary words pocketsphinx can say, 4-8 letters, shuffled reproducibly."""
    from pocketsphinx import get_model_path

    words = set()
    for line in (Path(get_model_path()) / "en-us" / "cmudict-en-us.dict").open(encoding="utf-8"):
        word = line.split(" ", 1)[0]
        if word.isalpha() and word.isascii() and 4 <= len(word) <= 8:
            words.add(word)
    pool = sorted(words - avoid)
    random.Random(4).shuffle(pool)
    return pool


def korean_pool(avoid: set[str]) -> list[str]:
    """Two- and three-syllable words in the Vosk Korean vocabulary, shuffled reproducibly."""
    from assistant.stt.vosk_engine import SHARED_MODELS, resolve_vosk_model

    path = resolve_vosk_model("ko")
    if path is None:
        return []
    model = SHARED_MODELS.get(path)
    syllables = list(dict.fromkeys(HANGUL))
    two = [a + b for a in syllables for b in syllables]
    three = [w + c for w in two for c in syllables]
    pool = sorted(w for w in {*two, *three} - avoid if model.vosk_model_find_word(w) != -1)
    random.Random(4).shuffle(pool)
    return pool


def skill_files(k: int, words: dict[str, list[str]]) -> dict[str, str]:
    """The files of generated skill ``k`` (relative path → text) in every language with words."""
    name = f"gen{k:04d}"
    intents = [f"{name}.task{i}" for i in range(INTENTS_PER_SKILL)]
    files = {
        "__init__.py": (
            f'"""Generated skill {k} (bench/cost.py)."""\n\n'
            "from assistant.messages import Reply\nfrom assistant.skill_api import Context, Skill\n\n\n"
            "def answer(ctx: Context) -> Reply:\n"
            '    return ctx.say("answer", item=str(ctx.slots.get("item", "")))\n\n\n'
            f"skill = Skill(name={name!r}, description='generated', "
            f"handlers={{i: answer for i in {intents!r}}})\n"
        )
    }
    for lang, pool in words.items():
        if not pool:
            continue
        own = pool[k * WORDS_PER_SKILL : (k + 1) * WORDS_PER_SKILL]
        shapes = EN_SHAPES if lang == "en" else KO_SHAPES
        values, extra = own[-6:], own[-9:-6]
        rule = json.dumps(f"({extra[0]}|{extra[1]} {extra[2]})", ensure_ascii=False)
        lines = [f"language: {lang}", "rules:", f"  extra: {rule}"]
        lines.append("intents:")
        for i, intent in enumerate(intents):
            a, b = own[2 * i], own[2 * i + 1]
            lines.append(f"  {intent}:")
            for shape in shapes[: 3 + (k + i) % 4]:
                template = shape.format(a=a, b=b, slot=f"{{{name}_item:item}}")
                lines.append(f"    - {json.dumps(template, ensure_ascii=False)}")
        lines += ["lists:", f"  {name}_item:", "    values:"]
        lines += [f"      - {json.dumps(v, ensure_ascii=False)}" for v in values]
        files[f"sentences/{lang}.yaml"] = "\n".join(lines) + "\n"
        answer = "Here is {item}." if lang == "en" else "{item} 안내입니다."
        files[f"responses/{lang}.yaml"] = (
            f"language: {lang}\nhelp: generated {k}\nresponses:\n"
            f"  answer: {json.dumps(answer, ensure_ascii=False)}\n"
        )
    return files


def skill_queries(k: int, words: dict[str, list[str]]) -> dict[str, list[tuple[str, str, str]]]:
    """(text, expected intent, "exact" | "paraphrase") per language for generated skill ``k``."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for lang, pool in words.items():
        own = pool[k * WORDS_PER_SKILL : (k + 1) * WORDS_PER_SKILL]
        if not own:
            continue
        out[lang] = []
        for i in range(INTENTS_PER_SKILL):
            value = own[-6 + i]
            for kind, text in zip(("exact", "paraphrase"), QUERY[lang], strict=True):
                out[lang].append((text.format(a=own[2 * i], value=value), f"gen{k:04d}.task{i}", kind))
    return out


def generate(root: Path, count: int, words: dict[str, list[str]]) -> Path:
    """``count`` generated skill packages in ``root/<count>/``."""
    folder = root / str(count)
    for k in range(count):
        for relative, text in skill_files(k, words).items():
            path = folder / f"gen{k:04d}" / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return folder
