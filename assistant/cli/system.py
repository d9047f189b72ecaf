"""``assistant models list|pull`` and ``assistant doctor``: speech models and the health of the setup."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from assistant import LANGUAGES
from assistant.cli.common import common_options, config_from, piper_voice_option, said_if_created
from assistant.cli.usage import UsageError


def add_system_commands(commands: Any) -> None:
    """Add ``models list``, ``models pull`` and ``doctor`` to the ``commands`` subparsers."""
    models = commands.add_parser("models", help="speech models")
    actions = models.add_subparsers(title="models commands", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="which speech models are available")
    common_options(listing)
    listing.set_defaults(handler=_models_list)
    pull = actions.add_parser("pull", help="download a Vosk model (needs internet)")
    common_options(pull)
    pull.add_argument("lang", choices=LANGUAGES, help="language of the model")
    pull.add_argument("--url", help="download from this address instead")
    pull.add_argument("--sha256", help="expected checksum of the download")
    pull.set_defaults(handler=_models_pull)

    doctor = commands.add_parser("doctor", help="check audio devices, models, voices and the database")
    common_options(doctor)
    piper_voice_option(doctor)
    doctor.add_argument("--json", action="store_true", help="machine-readable report")
    doctor.set_defaults(handler=_doctor)


def _progress(done: int, total: int) -> None:
    """A progress bar on stderr."""
    if total > 0:
        width = 30
        filled = width * done // total
        print(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done / 1e6:6.1f} / {total / 1e6:.1f} MB",
            end="",
            file=sys.stderr,
            flush=True,
        )
    else:
        print(f"\r{done / 1e6:6.1f} MB", end="", file=sys.stderr, flush=True)


def _models_list(args: argparse.Namespace) -> int:
    from assistant.stt.models import list_models

    config = config_from(args)
    for info in list_models(config.models_dir):
        state = "ok     " if info.available else "missing"
        print(f"{state} {info.lang:<3} {info.engine:<13} {info.source}")
    return 0


def _models_pull(args: argparse.Namespace) -> int:
    from assistant.stt import SttError
    from assistant.stt.models import pull_model

    config = config_from(args)
    try:
        path = pull_model(args.lang, config.models_dir, url=args.url, sha256=args.sha256, progress=_progress)
    except SttError as exc:
        print(file=sys.stderr)
        raise UsageError(str(exc)) from exc
    print(file=sys.stderr)
    print(f"model ready: {path}")
    return 0


def _doctor(args: argparse.Namespace) -> int:
    from assistant.doctor import diagnose

    config = config_from(args)
    with said_if_created(config):
        report = diagnose(config)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        for check_ in report.checks:
            mark = "ok  " if check_.ok else "FAIL"
            print(
                f"{mark} {check_.name:<18} {check_.detail}"
                + (f"\n     fix: {check_.fix}" if check_.fix else "")
            )
    return 0 if report.healthy else 1
