"""Screens tests run on the demo project fed from a PlantSimulator (see demo_plant.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from hmi.shell.theme import apply_theme
from tags.config.project import Project
from tests.qt_support import collect_on_the_gui_thread, qloop
from tests.screens.demo_plant import DemoPlant, load_demo

__all__ = ["collect_on_the_gui_thread", "qloop"]


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
