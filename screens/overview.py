"""L1 overview of a project that declares no screens: per area its alarm counts and a link
to its display (a project declares key figures in an overview screen file, see
``hmi.canvas.screen_file``; the demo's are in its ``screens/overview.toml``)."""

from __future__ import annotations

from collections.abc import Sequence

from hmi.canvas.builder import canvas_screen
from hmi.canvas.overview import MAX_AREAS, OverviewArea, overview_layout
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.shell.screen import ScreenSpec
from tags.config.project import Project

TREND_CAPTION = QT_TRANSLATE_NOOP("Screen", "trends: last 30 min")
"""The overview's caption of its KPI trends, painted as the canvas paints any text."""


def default_overview(project: Project, displays: Sequence[ScreenSpec]) -> ScreenSpec:
    """The overview of the project's first areas (up to MAX_AREAS), each linked to the first
    L2 display of its area among ``displays``."""
    areas = []
    for name, area in list(project.areas.items())[:MAX_AREAS]:
        screen = next((s for s in displays if s.level == 2 and s.area == name), None)
        title = f"{name}  {area.description}" if area.description else name
        title_zh = f"{name}  {area.description_zh}" if area.description_zh else ""
        key = screen.key if screen is not None else ""
        label = screen.title if screen is not None else ""
        label_zh = screen.title_zh if screen is not None else ""
        areas.append(
            OverviewArea(name, title, key, label, title_zh=title_zh, link_label_zh=label_zh)
        )
    return canvas_screen(
        "overview",
        QT_TRANSLATE_NOOP("Screen", "Overview"),
        1,
        overview_layout(areas),
        shortcut="F1",
    )
