"""The store tests' ``store``: the seeded demo store on each backend, its clock stopped at ``NOW`` (a
Monday before opening). It takes the place of tests/conftest.py's SQLite ``store`` in this folder; a test
file with a ``store`` fixture of its own keeps that one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.backends import Backend, Opened
from tests.support.demo_store import open_store


@pytest.fixture
def store(backend: Backend) -> Iterator[Opened]:
    with open_store(backend) as s:
        yield s
