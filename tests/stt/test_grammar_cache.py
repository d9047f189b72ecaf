"""Compiled grammars on disk: built once, reused by the next start, rebuilt when unreadable."""

from __future__ import annotations

import os
import wave
from pathlib import Path

import pytest

from assistant.messages import AudioChunk
from assistant.nlu.slot_lists import value_list
from assistant.plugins import SkillRegistry
from assistant.store import SqliteStore
from assistant.stt.grammar import cached_phrases, grammar_for
from assistant.stt.grammar_cache import END, GrammarCache
from assistant.stt.phrase_lists import grammar_phrases

FIXTURES = Path(__file__).resolve().parents[2] / "audio_fixtures" / "en"


def test_a_text_is_built_once_and_read_back(tmp_path: Path) -> None:
    cache, built = GrammarCache(tmp_path), []

    def build() -> str:
        built.append(1)
        return "one\ntwo\n"

    first = cache.text("kind", "k1", "txt", build)
    second = cache.text("kind", "k1", "txt", build)
    assert first == second == tmp_path / "kind-k1.txt" and len(built) == 1
    assert first.read_text(encoding="utf-8") == "one\ntwo\n" + END
    assert cache.lines("kind", "k2", lambda: ["a b", "c"]) == ["a b", "c"]
    assert cache.lines("kind", "k2", lambda: ["never built"]) == ["a b", "c"]


@pytest.mark.parametrize(
    "damage",
    [b"", b"one\ntw", b"one\ntwo\n", b"\xff\xfe\x00garbage" + END.encode()],
    ids=["empty", "cut short", "no end line", "not text"],
)
def test_an_unreadable_file_is_built_again(tmp_path: Path, damage: bytes) -> None:
    cache = GrammarCache(tmp_path)
    path = cache.text("kind", "k", "txt", lambda: "one\ntwo\n")
    path.write_bytes(damage)
    assert cache.lines("kind", "k", lambda: ["one", "two"]) == ["one", "two"]
    assert path.read_text(encoding="utf-8") == "one\ntwo\n" + END


def test_a_folder_that_cannot_be_written_still_gives_the_text(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    cache = GrammarCache(blocked / "cache")
    path = cache.text("kind", "k", "txt", lambda: "x\n")
    try:
        assert not cache.holds(path) and path.read_text(encoding="utf-8") == "x\n" + END
    finally:
        path.unlink()
    assert cache.lines("kind", "k", lambda: ["y"]) == ["y"]


def test_only_the_most_recent_files_of_a_kind_are_kept(tmp_path: Path) -> None:
    from assistant.stt.grammar_cache import KEEP

    cache = GrammarCache(tmp_path)
    for n in range(KEEP + 3):
        path = cache.text("kind", f"k{n}", "txt", lambda: "x\n")
        os.utime(path, (n, n))
    cache.text("other", "k", "txt", lambda: "x\n")
    assert len(list(tmp_path.glob("kind-*.txt"))) == KEEP
    assert (tmp_path / "other-k.txt").is_file()


def test_cached_phrases_are_the_expansion_and_follow_the_catalog(
    registry: SkillRegistry, store: SqliteStore, tmp_path: Path
) -> None:
    cache = GrammarCache(tmp_path)
    grammar = grammar_for(registry, store, "en", cache=cache)
    assert len(list(tmp_path.glob("phrases-*.txt"))) == 1
    assert list(grammar.phrases) == grammar_phrases(grammar.templates, "en")
    again = grammar_for(registry, store, "en", cache=cache)
    assert again.phrases == grammar.phrases and len(list(tmp_path.glob("phrases-*.txt"))) == 1
    zanzibar = value_list("product", {"en": [("zanzibar speaker", "zz")]})
    with_new_product = tuple(
        (t, {**lists, "product": zanzibar} if "product" in lists else lists) for t, lists in grammar.templates
    )
    changed = cached_phrases(with_new_product, "en", None, cache)
    assert len(list(tmp_path.glob("phrases-*.txt"))) == 2
    assert any("zanzibar" in p for p in changed) and not any("zanzibar" in p for p in grammar.phrases)


def _fixture(name: str) -> AudioChunk:
    with wave.open(str(FIXTURES / name), "rb") as w:
        return AudioChunk(w.readframes(w.getnframes()), w.getframerate(), w.getsampwidth(), w.getnchannels())


def test_a_second_engine_reuses_the_compiled_grammar(
    registry: SkillRegistry, store: SqliteStore, tmp_path: Path
) -> None:
    from assistant.stt import sphinx_engine
    from assistant.stt.sphinx_engine import SphinxEngine

    cache = GrammarCache(tmp_path)
    grammar = grammar_for(registry, store, "en", cache=cache, accepts=lambda text: True)
    recordings = [_fixture(p.name) for p in sorted(FIXTURES.glob("*_joe.wav"))[:6]]

    def decoded(engine: SphinxEngine) -> list[str]:
        engine.set_grammar(grammar)
        return [engine.transcribe(audio).text for audio in recordings]

    cold = decoded(SphinxEngine("en", cache))
    compiled = {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("sphinx-*")}
    assert sorted(name.split("-")[1] for name in compiled) == ["lm", "words"]

    def compiles(*args: object) -> None:
        raise AssertionError("a warm start compiled the grammar")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sphinx_engine, "to_arpa", compiles)
        patch.setattr(sphinx_engine, "read_pronunciations", compiles)
        assert decoded(SphinxEngine("en", cache)) == cold and any(cold)
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("sphinx-*")}.keys() == compiled.keys()
    for path in tmp_path.glob("sphinx-*"):  # a broken file is compiled again
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert decoded(SphinxEngine("en", cache)) == cold
    assert all(p.read_text(encoding="utf-8").endswith(END) for p in tmp_path.glob("sphinx-*"))
