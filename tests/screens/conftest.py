"""Screens tests run on the demo project fed from a PlantSimulator (see demo_plant.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from hmi.shell.theme import apply_theme
from tags.config.project import Project
from tests.screens.demo_plant import DemoPlant, load_demo


@pytest.fixture(scope="session")
def demo_project() -> Project:
    return load_demo()


@pytest.fixture
def plant(qapp: QApplication, demo_project: Project, tmp_path: Path) -> Iterator[DemoPlant]:
    if not qapp.styleSheet():
        apply_theme(qapp)
    demo = DemoPlant(demo_project, tmp_path)
    yield demo
    demo.close()


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    """A qasync loop: drive coroutines with ``qloop.run_until_complete``."""
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    loop.run_until_complete(loop.shutdown_asyncgens())
    asyncio.set_event_loop(None)
    loop.close()
