"""Shared test set-up: Qt runs offscreen unless a display is chosen explicitly."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
