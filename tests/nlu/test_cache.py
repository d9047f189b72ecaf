"""The trained classifier is cached on disk: the same skills load it, a changed skill trains afresh, a
changed catalog needs no training (and its products are understood), and an unreadable file is built
again instead of failing."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import yaml

from assistant import app
from assistant.nlu import cache
from assistant.plugins import SkillRegistry
from assistant.store import open_store

DATA = Path(__file__).parent.parent / "data"


def test_a_cached_value_is_loaded_and_a_corrupt_file_rebuilt(tmp_path: Path) -> None:
    calls: list[int] = []

    def build() -> dict[str, int]:
        calls.append(1)
        return {"built": len(calls)}

    assert cache.load_or_build("k1", build, tmp_path) == {"built": 1}
    assert cache.load_or_build("k1", build, tmp_path) == {"built": 1}
    assert len(calls) == 1
    (tmp_path / "nlu-k1.pickle").write_bytes(b"\x80\x05 not a pickle at all")
    assert cache.load_or_build("k1", build, tmp_path) == {"built": 2}
    assert cache.load_or_build("k1", build, tmp_path) == {"built": 2}
    (tmp_path / "nlu-k1.pickle").write_bytes(b"")
    assert cache.load_or_build("k1", build, tmp_path) == {"built": 3}
    assert cache.load_or_build("k2", build, tmp_path) == {"built": 4}


def test_only_the_most_recent_files_are_kept(tmp_path: Path) -> None:
    for n in range(cache.KEEP + 3):
        cache.load_or_build(f"k{n}", lambda: 0, tmp_path)
    assert len(list(tmp_path.glob("nlu-*.pickle"))) == cache.KEEP


def test_the_key_changes_with_what_the_engine_is_built_from() -> None:
    assert cache.key(["a", "b"]) == cache.key(["a", "b"])
    assert cache.key(["a", "b"]) != cache.key(["a", "c"])
    assert cache.key(["ab"]) != cache.key(["a", "b"])


@pytest.fixture()
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "kiosk-assistant"


def _no_training(_intents: object) -> object:
    raise AssertionError("the classifier was trained again instead of loaded")


@pytest.mark.slow
def test_build_nlu_loads_the_cache_keeps_it_for_a_new_catalog_and_retrains_for_a_changed_skill(
    cache_home: Path, registry: SkillRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = lambda: datetime(2026, 11, 27, 10, 0)  # noqa: E731
    with open_store(tmp_path / "store.db", clock=clock) as store:
        first = app.build_nlu(registry, store, clock)
        assert len(list(cache_home.glob("nlu-*.pickle"))) == 1
        sentence = "i want to return the earbuds i got last week"
        csv = tmp_path / "more.csv"
        csv.write_text(
            "id,name_en,name_ko,category,price,stock,sizes,colors,aliases_en,aliases_ko\n"
            "desk-lamp,desk lamp,책상 램프,accessories,25.00,5,,white,,\n",
            encoding="utf-8",
        )
        with monkeypatch.context() as patched:
            patched.setattr(app, "build_languages", _no_training)
            again = app.build_nlu(registry, store, clock)
            assert again.parse(sentence, "en") == first.parse(sentence, "en")
            for lang in ("en", "ko"):  # the slots and anchors kept in the cache give the same answers
                items = yaml.safe_load((DATA / f"nlu_{lang}.yaml").read_text(encoding="utf-8"))["items"]
                texts = [item["text"] for item in items]
                assert [again.parse(t, lang) for t in texts] == [first.parse(t, lang) for t in texts]
            store.import_catalog_csv(csv)
            bigger = app.build_nlu(registry, store, clock)
        assert len(list(cache_home.glob("nlu-*.pickle"))) == 1
        assert bigger.parse("how much is the desk lamp", "en").slots.get("product") == "desk-lamp"
        assert bigger.parse("i'd like two desk lamps", "en").slots == {"quantity": 2, "product": "desk-lamp"}
    smaller = SkillRegistry(tuple(s for s in registry.skills if s.name != "service"))
    with open_store(tmp_path / "other.db", clock=clock) as store:
        app.build_nlu(smaller, store, clock)
    assert len(list(cache_home.glob("nlu-*.pickle"))) == 2
