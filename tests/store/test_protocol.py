"""The two store protocols: ``Store`` for the assistant, the smaller ``SkillStore`` for skills."""

from __future__ import annotations

import inspect

import pytest

from assistant.store import SkillStore, SqliteStore, Store
from assistant.store.postgres import PostgresStore


def members(protocol: type) -> set[str]:
    return {name for name in vars(protocol) if not name.startswith("_") or name in ("__enter__", "__exit__")}


def test_a_skill_cannot_purge_export_erase_import_or_close() -> None:
    skill = members(SkillStore)
    forbidden = {
        "purge",
        "customer_data",
        "forget_customer",
        "import_catalog_csv",
        "close",
        "__enter__",
        "__exit__",
    }
    assert skill.isdisjoint(forbidden) and forbidden <= members(Store)
    assert {"change_order", "order_changes", "start_return", "returns", "request_receipt"} <= skill
    assert {"receipt_requests", "verification_lock", "set_customer_preferences", "create_ticket"} <= skill
    assert SkillStore in Store.__mro__  # everything a skill may do, the assistant may do


@pytest.mark.parametrize("implementation", [SqliteStore, PostgresStore])
def test_both_backends_implement_every_method_with_the_same_parameters(implementation: type) -> None:
    for protocol in (SkillStore, Store):
        for name in members(protocol):
            wanted = inspect.signature(getattr(protocol, name))
            have = inspect.signature(getattr(implementation, name))
            assert list(have.parameters) == list(wanted.parameters), name
            assert [p.default for p in have.parameters.values()] == [
                p.default for p in wanted.parameters.values()
            ], name
