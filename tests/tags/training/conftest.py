"""The recorded training sessions the tests of this folder read (training_support.train).

Run once per test process, on first use; the runtime has stopped before any test reads them.
Recording them takes about twenty seconds, so every test that reads them is slow.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from tests.tags.training.training_support import Trained, train


@pytest.fixture(scope="session")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Trained]:
    result = asyncio.run(train(tmp_path_factory.mktemp("training-data")))
    yield result
    result.store.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "trained" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
