"""The console's displays, one module per screen, each declaring a ScreenSpec."""

from __future__ import annotations

from hmi.screen import ScreenSpec
from screens import diagnostics


def all_screens() -> list[ScreenSpec]:
    """Every screen in navigation order."""
    return [diagnostics.TAGS]
