"""The console's displays: the built-in screens (one module each) and the open project's list.

A project declares its displays in ``[[screens]]`` (``tags.config.screen_list``): built-in
screens by name and screen files of its own (``hmi.canvas.screen_file``), in navigation
order with their function keys. The common screens (alarms, trends, energy, plant health,
diagnostics) are there for every project: those it does not declare follow its own, with
their usual function key where the project left it free. A project that declares none gets
an overview of its areas and the common screens. ``screen_for_tag`` is where an alarm's
"go to screen" leads.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from pathlib import Path

from PySide6.QtWidgets import QWidget

from hmi.canvas.builder import canvas_screen, check, layout_of
from hmi.canvas.elements import Layout
from hmi.canvas.overview import OverviewArea, overview_layout
from hmi.canvas.screen_file import ScreenFile, read_screen_file
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.loopcheck.screen_tags import screens_by_tag
from hmi.shell.screen import ScreenContext, ScreenSpec
from screens import compressor, cwp, diagnostics, dmc, emm, rectifier, sco2, trends
from screens.alarms import ALARMS
from screens.energy import ENERGY
from screens.overview import default_overview
from screens.plant_health import PLANT_HEALTH
from tags.config.problems import ConfigError, ConfigProblem
from tags.config.project import Project, load_project
from tags.config.screen_list import ScreenEntry
from tags.i18n.catalogue import text


def _loopcheck(ctx: ScreenContext) -> QWidget:
    """Loop check: the commissioning engineers' I/O checkout of every field instrument, its
    progress per area and the sheets as PDF or CSV (``hmi.loopcheck.view``); the displays
    that show each tag are the open project's."""
    from hmi.loopcheck.view import LoopCheckView

    return LoopCheckView(ctx.runtime, ctx.bridge, screens_by_tag(all_screens()))


LOOPCHECK = ScreenSpec(
    "loopcheck", QT_TRANSLATE_NOOP("Screen", "Loop check"), level=4, build=_loopcheck
)

DEMO_PROJECT = Path(__file__).resolve().parents[1] / "resources" / "projects" / "demo" / "demo.toml"

BUILTIN: dict[str, ScreenSpec] = {
    spec.key: spec
    for spec in (
        emm.EMM, cwp.CWP, sco2.SCO2, rectifier.RECTIFIER, dmc.DMC, compressor.COMPRESSOR,
        ENERGY, PLANT_HEALTH, ALARMS, trends.TRENDS, diagnostics.TAGS, LOOPCHECK,
    )
}  # fmt: skip
"""The screens built into the console, by the name a project gives in ``builtin``."""
COMMON = ("energy", "plant_health", "alarms", "trends", "tags", "loopcheck")
"""Built-in screens every project has, in this order after its own."""

_PREFERENCE = {2: 0, 3: 1, 1: 2, 4: 3}
"""Where an alarm leads first: the unit display (L2), then its detail (L3), then L1."""


@dataclass
class ProjectScreens:
    """A project's displays in navigation order, and where each tag's alarm leads."""

    specs: tuple[ScreenSpec, ...]
    _index: dict[str, str] | None = field(default=None, repr=False)

    def screen_for_tag(self, tag: str) -> str | None:
        """The key of the display an alarm on ``tag`` opens: the first L2, L3 or L1
        display that shows the tag; else the L2 display of the tag's area; None when there
        is none (the shell then opens the tag's faceplate)."""
        key = self._tag_index().get(tag)
        if key is not None:
            return key
        area = tag.split(".", 1)[0]
        for spec in self.specs:
            if spec.level == 2 and spec.area == area:
                return spec.key
        return None

    def _tag_index(self) -> dict[str, str]:
        if self._index is None:
            index: dict[str, str] = {}
            for spec in sorted(self.specs, key=lambda s: _PREFERENCE.get(s.level, 9)):
                layout = layout_of(spec)
                for tag in sorted(layout.tags()) if layout is not None else ():
                    index.setdefault(tag, spec.key)
            self._index = index
        return self._index


def screens_of(project: Project) -> ProjectScreens:
    """The project's displays; ConfigError naming every problem of its screen list and
    screen files (unknown built-in, bad element, unknown tag, link to no screen...)."""
    problems: list[ConfigProblem] = []
    specs: list[ScreenSpec] = []
    files: list[ScreenFile] = []
    for index, entry in enumerate(project.screens, start=1):
        spec = _spec(project, index, entry, problems, files)
        if spec is not None:
            specs.append(spec)
    if not project.screens:
        specs.append(default_overview(project, []))
    taken = {s.shortcut for s in specs if s.shortcut}
    declared = {s.key for s in specs}
    for name in COMMON:
        if name not in declared:
            common = BUILTIN[name]
            specs.append(common if common.shortcut not in taken else replace(common, shortcut=""))
    keys = {s.key for s in specs} | {e.key for e in project.screens}
    for screen_file in files:
        problems += screen_file.problems(project.tags, keys, set(project.areas))
    if problems:
        raise ConfigError(problems)
    return ProjectScreens(tuple(specs))


def _spec(
    project: Project,
    index: int,
    entry: ScreenEntry,
    problems: list[ConfigProblem],
    files: list[ScreenFile],
) -> ScreenSpec | None:
    where = f"screens[{index}]"
    if entry.builtin:
        builtin = BUILTIN.get(entry.builtin)
        if builtin is None:
            why = text("config.screen.builtin", builtin=entry.builtin,
                       known=", ".join(sorted(BUILTIN)))  # fmt: skip
            problems.append(ConfigProblem(project.path.name, None, f"{where}.builtin", why))
            return None
        return replace(builtin, key=entry.key, title=entry.title, level=entry.level,
                       area=entry.area, shortcut=entry.function_key,
                       title_zh=entry.title_zh)  # fmt: skip
    assert entry.file is not None
    screen_file, file_problems = read_screen_file(entry.file)
    files.append(screen_file)
    problems += file_problems + _layout_problems(screen_file)
    layout = screen_file.layout
    if screen_file.areas and not file_problems:
        layout = overview_layout([_labelled(area, project) for area in screen_file.areas])
    return canvas_screen(entry.key, entry.title, entry.level, layout, area=entry.area,
                         shortcut=entry.function_key, title_zh=entry.title_zh)  # fmt: skip


def _labelled(area: OverviewArea, project: Project) -> OverviewArea:
    """An overview area whose link says, unless the file does, its display's title and key."""
    if area.link_label:
        return area
    entry = next((e for e in project.screens if e.key == area.screen), None)
    if entry is None:
        return replace(area, link_label=area.screen)
    key = f" ({entry.function_key})" if entry.function_key else ""
    chinese = f"{entry.title_zh}{key}" if entry.title_zh else ""
    return replace(area, link_label=f"{entry.title}{key}", link_label_zh=chinese)


def _layout_problems(screen_file: ScreenFile) -> list[ConfigProblem]:
    """Unknown symbol shapes and elements outside the canvas, per element of a canvas file."""
    if screen_file.kind != "canvas":
        return []
    layout = screen_file.layout
    return [
        ConfigProblem(screen_file.path.name, ref.line, ref.where, problem)
        for element, ref in zip(layout.elements, screen_file.references, strict=True)
        for problem in check(Layout((element,), layout.width, layout.height))
    ]


_open: tuple[Project, ProjectScreens] | None = None


def open_project(project: Project) -> list[ScreenSpec]:
    """Make ``project`` the one whose screens ``all_screens`` and ``screen_for_tag`` give;
    its displays in navigation order (ConfigError when they have problems)."""
    global _open
    if _open is None or _open[0] is not project:
        _open = (project, screens_of(project))
    return list(_open[1].specs)


def close_project() -> None:
    """Forget the open project: the demo's screens are the open ones again."""
    global _open
    _open = None


def _current() -> ProjectScreens:
    return _open[1] if _open is not None else _demo()


@functools.cache
def _demo() -> ProjectScreens:
    """The demo's screens, the open ones until a project opens (read once)."""
    return screens_of(load_project(DEMO_PROJECT))


def all_screens() -> list[ScreenSpec]:
    """Every display of the open project (the demo's until another opens), in order."""
    return list(_current().specs)


def screen_for_tag(tag: str) -> str | None:
    """Where an alarm on ``tag`` leads in the open project (see ProjectScreens)."""
    return _current().screen_for_tag(tag)
