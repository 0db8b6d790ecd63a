"""The console's displays, one module per screen, each declaring a ScreenSpec.

Navigation order (and function keys): L1 overview first (the console opens on it), the
three L2 area displays, the L3 unit details, energy and plant health, then alarms, trends
and L4 diagnostics. ``screen_for_tag`` is where an alarm's "go to screen" leads.
"""

from __future__ import annotations

import functools

from hmi.canvas.builder import layout_of
from hmi.shell.screen import ScreenSpec
from screens import compressor, cwp, diagnostics, dmc, emm, overview, rectifier, sco2, trends
from screens.alarms import ALARMS
from screens.energy import ENERGY
from screens.plant_health import PLANT_HEALTH


def all_screens() -> list[ScreenSpec]:
    """Every screen in navigation order."""
    return [
        overview.OVERVIEW,
        emm.EMM,
        cwp.CWP,
        sco2.SCO2,
        rectifier.RECTIFIER,
        dmc.DMC,
        compressor.COMPRESSOR,
        ENERGY,
        PLANT_HEALTH,
        ALARMS,
        trends.TRENDS,
        diagnostics.TAGS,
    ]


_PREFERENCE = {2: 0, 3: 1, 1: 2, 4: 3}
"""Where an alarm leads first: the unit display (L2), then its detail (L3), then L1."""


@functools.cache
def _tag_index() -> dict[str, str]:
    index: dict[str, str] = {}
    specs = sorted(all_screens(), key=lambda s: _PREFERENCE.get(s.level, 9))
    for spec in specs:
        layout = layout_of(spec)
        if layout is None:
            continue
        for tag in sorted(layout.tags()):
            index.setdefault(tag, spec.key)
    return index


def screen_for_tag(tag: str) -> str | None:
    """The key of the display an alarm on ``tag`` opens: the first L2, L3 or L1 display
    that shows the tag; else the L2 display of the tag's area; None when there is none
    (the shell then opens the tag's faceplate)."""
    key = _tag_index().get(tag)
    if key is not None:
        return key
    area = tag.split(".", 1)[0]
    for spec in all_screens():
        if spec.level == 2 and spec.area == area:
            return spec.key
    return None
