"""``assistant skills list|check|test`` and ``assistant catalog import``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from assistant import LANGUAGES
from assistant.cli.common import common_options, config_from, load_skills, said_if_created
from assistant.cli.skilltest import add_test_command
from assistant.cli.usage import UsageError
from assistant.config import Config
from assistant.plugins import SkillRegistry, discover
from assistant.plugins.check import response_problems
from assistant.store import open_store


def add_skill_commands(commands: Any) -> None:
    """Add ``skills list|check|test`` and ``catalog import`` to the ``commands`` subparsers."""
    skills = commands.add_parser("skills", help="installed skills")
    actions = skills.add_subparsers(title="skills commands", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="skills, their intents and languages")
    common_options(listing)
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=_list)
    checking = actions.add_parser("check", help="validate every skill; exit 2 if any is broken")
    common_options(checking)
    checking.set_defaults(handler=_check)
    add_test_command(actions)

    catalog = commands.add_parser("catalog", help="the store's product catalog")
    catalog_actions = catalog.add_subparsers(title="catalog commands", metavar="ACTION", required=True)
    importing = catalog_actions.add_parser("import", help="add or update products from a CSV file")
    common_options(importing)
    importing.add_argument(
        "file", type=Path, help="CSV with columns id,name_en,name_ko,category,price,stock,..."
    )
    importing.set_defaults(handler=_catalog_import)


def _list(args: argparse.Namespace) -> int:
    registry = load_skills(config_from(args))
    rows = [
        {
            "name": s.name,
            "intents": sorted(s.skill.handlers),
            "languages": list(s.languages),
            "origin": s.origin,
            "description": s.skill.description,
        }
        for s in registry.skills
    ]
    if args.json:
        print(json.dumps({"skills": rows, "errors": [str(e) for e in registry.errors]}, ensure_ascii=False))
        return 0
    for row in rows:
        print(f"{row['name']:<14} {','.join(row['languages']):<6} {' '.join(row['intents'])}")
    return 0


def _check(args: argparse.Namespace) -> int:
    config = config_from(args)
    registry = discover(config.skills_dirs, config.entry_point_skills)
    broken = bool(registry.errors)
    for loaded in registry.skills:
        problems = response_problems(loaded)
        broken = broken or bool(problems)
        state = "FAIL" if problems else "ok  "
        print(f"{state} {loaded.name} ({', '.join(loaded.languages)}): {len(loaded.skill.handlers)} intents")
        for problem in problems:
            print(f"FAIL {loaded.name}: {problem}")
    for error in registry.errors:
        print(f"FAIL {error}")
    _vocabulary_check(config, registry)
    return 2 if broken else 0


def _vocabulary_check(config: Config, registry: SkillRegistry) -> None:
    """Template words the active speech model of each language cannot recognise."""
    from assistant.stt import SttError, create_engine
    from assistant.stt.grammar import phrases_for
    from assistant.stt.vocabulary import unheard_words

    with said_if_created(config), open_store(config) as store:
        for lang in LANGUAGES:
            try:
                stt = create_engine(lang, config.engine, config.models.get(lang), config.models_dir)
            except SttError as exc:
                print(f"skip {lang} vocabulary: {exc}")
                continue
            words = dict.fromkeys(
                w for p in phrases_for(registry, store, lang, limit=20_000) for w in p.split()
            )
            unheard, joined = unheard_words(words, stt.missing_words)
            note = f" ({joined} more are heard as separate known words)" if joined else ""
            if unheard:
                print(
                    f"warn {lang} ({stt.name}): {len(unheard)} of {len(words)} template words are not in the "
                    f"model's vocabulary and cannot be heard{note}: {' '.join(unheard[:40])}"
                )
            else:
                print(f"ok   {lang} ({stt.name}): all {len(words)} template words can be heard{note}")


def _catalog_import(args: argparse.Namespace) -> int:
    config = config_from(args)
    if not args.file.is_file():
        raise UsageError(f"no such file: {args.file}")
    with said_if_created(config), open_store(config) as store:
        count = store.import_catalog_csv(args.file)
    print(f"imported {count} products into {config.db}")
    return 0
