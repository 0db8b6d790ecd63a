"""Screen files: a display declared in TOML by a project, with the elements the built-in
screens use (``hmi.canvas.elements``).

A canvas screen lists its elements in painting order::

    [screen]                      # optional; kind = "canvas" is the default
    [[element]]
    kind = "panel"
    x = 10
    y = 10
    w = 600
    h = 290
    title = "Kiln"
    [[element]]
    kind = "analog"
    x = 20
    y = 40
    tag = "HF.KILN.T"
    label = "Kiln temperature"

Each element takes the fields of its function in ``elements`` (``text`` for a text's
content; ``points = [[x, y], ...]`` for a pipe; ``rows = [{label = "U", tags = [...]}]``
for a cell map); each text field may have its Chinese beside it (``label_zh``, ``title_zh``,
``text_zh``, ``link_label_zh``, ``reference_label_zh``), shown when the console speaks
Chinese. An overview file (``kind = "overview"``) instead declares per area its key
figures and equipment states (``hmi.canvas.overview``)::

    [screen]
    kind = "overview"
    [[area]]
    area = "HF"
    title = "HF  anhydrous hydrogen fluoride"
    screen = "hf"                # the area's display (alarm counts and link open it)
    link_label = "Kiln (F2)"     # default: that display's title and function key
    [[area.figure]]
    tag = "HF.KILN.T"
    label = "Kiln temperature"   # and kpi options: target, limit, reference, unit ...
    [[area.equipment]]
    tag = "HF.KILN.RUN"
    label = "Kiln drive"

Every problem names the file, the line, the element and the field. What a screen names
(tags, displays, areas) is checked against the project by ``references``; nothing here
imports Qt.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from hmi.canvas import elements as el
from hmi.canvas.elements import Element, Layout
from hmi.canvas.overview import MAX_AREAS, EquipmentState, KeyFigure, OverviewArea, overview_layout
from tags.config.files import FileProblem, TomlProblem, parse_toml, read_text
from tags.config.problems import ConfigError, ConfigProblem
from tags.i18n.catalogue import text

ELEMENTS: dict[str, Callable[..., Element]] = {
    "panel": el.panel, "text": el.text, "symbol": el.symbol, "value": el.value,
    "analog": el.analog, "pump": el.pump, "valve": el.valve, "tank": el.tank, "pipe": el.pipe,
    "controller": el.controller, "sparkline": el.sparkline, "cell_map": el.cell_map,
    "kpi": el.kpi, "alarm_counts": el.alarm_counts, "link": el.link,
    "critical_point": el.critical_point,
}  # fmt: skip
"""The element kinds a screen file may use, by the name of their function."""
RENAMED = {"content": "text"}
"""Parameters written under another name in a file (a text's content is its ``text``)."""
KPI_OPTIONS = ("target", "limit", "reference", "reference_label", "unit")
TEXTS = ("label", "title", "text", "reference_label", "link_label")
"""Fields shown as text: each may have a ``<field>_zh`` beside it, shown in Chinese."""
KINDS = ("canvas", "overview")


@dataclass(frozen=True)
class Reference:
    """What one part of a screen file names, and where it was written."""

    where: str
    line: int | None
    tags: tuple[tuple[str, str, int | None], ...] = ()
    """(field, tag name, line) of each tag named."""
    screens: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    screen_line: int | None = None
    area_line: int | None = None


@dataclass(frozen=True)
class ScreenFile:
    path: Path
    kind: str
    layout: Layout
    references: tuple[Reference, ...] = ()
    areas: tuple[OverviewArea, ...] = field(default_factory=tuple)
    """An overview's areas (empty for a canvas screen)."""

    def problems(
        self, tags: Mapping[str, object], screens: set[str], areas: set[str]
    ) -> list[ConfigProblem]:
        """Tags, displays and areas the screen names that the project lacks."""
        found: list[ConfigProblem] = []
        for ref in self.references:
            for name, tag, line in ref.tags:
                if tag not in tags:
                    why = text("tag.unknown", tag=tag)
                    found.append(ConfigProblem(self.path.name, line, f"{ref.where}.{name}", why))
            for screen in ref.screens:
                if screen not in screens:
                    why = text("screen.no_screen", screen=screen)
                    where = f"{ref.where}.screen"
                    found.append(ConfigProblem(self.path.name, ref.screen_line, where, why))
            for area in ref.areas:
                if area not in areas:
                    why = text("screen.no_area", area=area)
                    where = f"{ref.where}.area"
                    found.append(ConfigProblem(self.path.name, ref.area_line, where, why))
        return found


class _Log:
    def __init__(self, path: Path, content: str) -> None:
        self.path = path
        self.lines = content.splitlines()
        self.problems: list[ConfigProblem] = []

    def add(self, where: str, message: str, line: int | None) -> None:
        self.problems.append(ConfigProblem(self.path.name, line, where, message))

    def header_line(self, header: str, index: int, after: int = 0) -> int | None:
        """The line (1-based) of the ``index``-th (0-based) ``[[header]]`` after ``after``."""
        pattern = re.compile(rf"^\s*\[\[\s*{re.escape(header)}\s*\]\]")
        seen = 0
        for number, line in enumerate(self.lines[after:], start=after + 1):
            if pattern.match(line):
                if seen == index:
                    return number
                seen += 1
        return None

    def field_line(self, start: int | None, name: str) -> int | None:
        """The line of ``name = ...`` in the table starting at ``start`` (else ``start``)."""
        if start is None:
            return None
        pattern = re.compile(rf"^\s*{re.escape(name)}\s*=")
        for number, line in enumerate(self.lines[start:], start=start + 1):
            if line.lstrip().startswith("["):
                break
            if pattern.match(line):
                return number
        return start


def _array(header: str, example: str) -> str:
    """The problem of a part that is not an array of tables ``[[header]] example``."""
    return text("config.report.array", where=header, example=example)


def _unknown(known: Collection[str]) -> str:
    """The problem of a field not among ``known``."""
    return text("screen.unknown_field", known=", ".join(sorted(known)))


def _chinese_of(base: str) -> str:
    """The problem of a ``<base>_zh`` that is not a text."""
    return text("config.must_be_a_text", what=text("screen.chinese_of", field=base))


def load_screen_file(path: Path) -> ScreenFile:
    """Read and check a screen file; ConfigError listing every problem."""
    screen_file, problems = read_screen_file(path)
    if problems:
        raise ConfigError(problems)
    return screen_file


def read_screen_file(path: Path) -> tuple[ScreenFile, list[ConfigProblem]]:
    """A screen file with what could be read of it, and its problems (the elements with a
    problem left out, so what the rest names can still be checked)."""
    empty = ScreenFile(path, "canvas", Layout(()))
    try:
        content = read_text(path)
    except FileProblem as exc:
        return empty, [ConfigProblem(path.name, None, "", text("config.cannot_read", why=exc))]
    log = _Log(path, content)
    try:
        data = parse_toml(content)
    except TomlProblem as exc:
        return empty, [ConfigProblem(path.name, exc.line, "", text("config.not_toml", why=exc))]
    screen = data.get("screen", {})
    kind = screen.get("kind", "canvas") if isinstance(screen, dict) else None
    known = {"screen", "element"} if kind == "canvas" else {"screen", "area"}
    for section in sorted(set(data) - known):
        log.add(section, text("config.unknown_section", known=", ".join(sorted(known))), None)
    if kind not in KINDS:
        log.add("screen.kind", text("screen.kind", kind=repr(kind), choices=", ".join(KINDS)), None)
        return empty, log.problems
    if kind == "overview":
        return _overview(data.get("area", []), log), log.problems
    return _canvas(data.get("element", []), log), log.problems


# canvas screens --------------------------------------------------------------------------------


def _canvas(tables: Any, log: _Log) -> ScreenFile:
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        log.add("element", _array("element", "kind = ..."), None)
        return ScreenFile(log.path, "canvas", Layout(()))
    made: list[Element] = []
    references: list[Reference] = []
    for index, table in enumerate(tables):
        line = log.header_line("element", index)
        kind = table.get("kind")
        where = f"element[{index + 1}]" + (f" ({kind})" if isinstance(kind, str) else "")
        if kind not in ELEMENTS:
            why = text("screen.not_element", kind=repr(kind), known=", ".join(sorted(ELEMENTS)))
            log.add(f"{where}.kind", why, log.field_line(line, "kind"))
            continue
        element = _element(ELEMENTS[str(kind)], table, where, line, log)
        if element is None:
            continue
        made.append(element)
        screen = element.options.get("screen")
        area = element.options.get("area")
        references.append(Reference(
            where, line, _named_tags(element, table, line, log),
            (str(screen),) if screen else (), (str(area),) if area else (),
            log.field_line(line, "screen"), log.field_line(line, "area"),
        ))  # fmt: skip
    return ScreenFile(log.path, "canvas", Layout(tuple(made)), tuple(references))


def _named_tags(
    element: Element, table: dict[str, Any], line: int | None, log: _Log
) -> tuple[tuple[str, str, int | None], ...]:
    """Each tag of ``element`` with the field that names it (a controller's ``loop``, a
    cell map's ``rows``)."""
    fields = {v: k for k, v in table.items() if isinstance(v, str) and k != "kind"}
    found = []
    for tag in element.tags.values():
        name = fields.get(tag, "loop" if "loop" in table else "rows")
        found.append((name, tag, log.field_line(line, name)))
    return tuple(found)


def _element(
    make: Callable[..., Element], table: dict[str, Any], where: str, line: int | None, log: _Log
) -> Element | None:
    before = len(log.problems)
    parameters = inspect.signature(make).parameters
    names = {RENAMED.get(n, n): n for n in parameters}
    chinese = _chinese(table, set(names), where, line, log)
    for key in sorted(set(table) - set(names) - {"kind"} - chinese.keys()):
        log.add(f"{where}.{key}", _unknown(names), log.field_line(line, key))
    arguments: dict[str, Any] = {}
    for written, name in names.items():
        parameter = parameters[name]
        if written not in table:
            if parameter.default is inspect.Parameter.empty:
                log.add(f"{where}.{written}", text("config.missing"), line)
            continue
        value, problem = _convert(str(parameter.annotation), table[written])
        if problem:
            log.add(f"{where}.{written}", problem, log.field_line(line, written))
        else:
            arguments[name] = value
    if len(log.problems) > before:
        return None
    made = make(**arguments)
    return replace(made, options={**made.options, **chinese}) if chinese else made


def _chinese(
    table: dict[str, Any], fields: set[str], where: str, line: int | None, log: _Log
) -> dict[str, str]:
    """The ``<text>_zh`` fields of ``table`` for the text fields its element has (a problem
    where one is not a text, or translates a text the element does not show)."""
    found: dict[str, str] = {}
    for base in (t for t in TEXTS if t in fields and f"{t}_zh" in table):
        key = f"{base}_zh"
        if not isinstance(table[key], str):
            log.add(f"{where}.{key}", _chinese_of(base), log.field_line(line, key))
        elif base not in table and base != "label":
            why = text("screen.translation", field=base)
            log.add(f"{where}.{key}", why, log.field_line(line, key))
        found[key] = table[key]
    return found


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _convert(annotation: str, value: Any) -> tuple[Any, str]:
    """``value`` as the parameter's type, or a problem saying what was expected."""
    kind = annotation.removesuffix(" | None")
    if kind == "float":
        return (float(value), "") if _number(value) else (None, text("config.must_be_number"))
    if kind == "str":
        return (value, "") if isinstance(value, str) else (None, text("screen.must_be_text"))
    if kind == "bool":
        return (value, "") if isinstance(value, bool) else (None, text("config.must_be_bool"))
    if kind == "tuple[float, float]":
        if isinstance(value, list) and len(value) == 2 and all(map(_number, value)):
            return (float(value[0]), float(value[1])), ""
        return None, text("screen.pair")
    if kind == "Sequence[tuple[float, float]]":
        good = (
            isinstance(value, list)
            and len(value) >= 2
            and all(isinstance(p, list) and len(p) == 2 and all(map(_number, p)) for p in value)
        )
        if good:
            return [(float(p[0]), float(p[1])) for p in value], ""
        return None, text("screen.points")
    if kind == "Sequence[str]":
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value), ""
        return None, text("screen.texts")
    if kind == "Sequence[tuple[str, Sequence[str]]]":
        return _rows(value)
    return None, text("screen.not_in_file", type=annotation)


def _rows(value: Any) -> tuple[Any, str]:
    """A cell map's rows: ``[{label = "U", tags = ["A.1", "A.2"]}, ...]``."""
    if not isinstance(value, list) or not value:
        return None, text("screen.rows")
    rows = []
    for number, row in enumerate(value, start=1):
        good = (isinstance(row, dict) and set(row) == {"label", "tags"}
                and isinstance(row["label"], str) and isinstance(row["tags"], list)
                and all(isinstance(t, str) for t in row["tags"]))  # fmt: skip
        if not good:
            return None, text("screen.row", number=number)
        rows.append((row["label"], tuple(row["tags"])))
    return rows, ""


# overview screens ------------------------------------------------------------------------------

AREA_KEYS = {"area", "title", "screen", "link_label", "figure", "equipment", "title_zh",
             "link_label_zh"}  # fmt: skip


def _overview(tables: Any, log: _Log) -> ScreenFile:
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        log.add("area", _array("area", "area = ..."), None)
        return ScreenFile(log.path, "overview", Layout(()))
    if not 1 <= len(tables) <= MAX_AREAS:
        log.add("area", text("screen.area_count", count=len(tables), most=MAX_AREAS), None)
    areas: list[OverviewArea] = []
    references: list[Reference] = []
    for index, table in enumerate(tables):
        line = log.header_line("area", index)
        where = f"area[{index + 1}]"
        before = len(log.problems)
        for key in sorted(set(table) - AREA_KEYS):
            log.add(f"{where}.{key}", _unknown(AREA_KEYS), log.field_line(line, key))
        texts = {}
        for key in ("area", "title", "screen", "link_label", "title_zh", "link_label_zh"):
            value = table.get(key, "")
            if not isinstance(value, str) or (key == "area" and not value):
                why = text("config.missing" if key == "area" else "screen.must_be_text")
                log.add(f"{where}.{key}", why, log.field_line(line, key))
            texts[key] = str(value)
        after = line or 0
        figures = _figures(table.get("figure", []), f"{where}.figure", after, log)
        equipment = _states(table.get("equipment", []), f"{where}.equipment", after, log)
        references += [r for _, r in figures] + [r for _, r in equipment]
        if len(log.problems) > before:
            continue
        area = OverviewArea(texts["area"], texts["title"] or texts["area"], texts["screen"],
                            texts["link_label"], tuple(f for f, _ in figures),
                            tuple(s for s, _ in equipment), texts["title_zh"],
                            texts["link_label_zh"])  # fmt: skip
        areas.append(area)
        references.append(Reference(where, line, screens=(area.screen,) if area.screen else (),
                                    areas=(area.area,), screen_line=log.field_line(line, "screen"),
                                    area_line=log.field_line(line, "area")))  # fmt: skip
    shown = overview_layout(areas) if len(areas) <= MAX_AREAS else Layout(())
    return ScreenFile(log.path, "overview", shown, tuple(references), tuple(areas))


def _items(tables: Any, where: str, after: int, log: _Log, allowed: set[str]
           ) -> list[tuple[dict[str, Any], str, int | None]]:  # fmt: skip
    """The tables of ``[[area.figure]]`` or ``[[area.equipment]]`` with tag and label."""
    header = where.split(".", 1)[1]
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        log.add(where, _array(f"area.{header}", "tag = ..."), after or None)
        return []
    found = []
    for index, table in enumerate(tables):
        line = log.header_line(f"area.{header}", index, after)
        here = f"{where}[{index + 1}]"
        before = len(log.problems)
        for key in sorted(set(table) - allowed):
            log.add(f"{here}.{key}", _unknown(allowed), log.field_line(line, key))
        for key in ("tag", "label"):
            if not isinstance(table.get(key), str) or not table[key]:
                log.add(f"{here}.{key}", text("screen.missing_text"), log.field_line(line, key))
        for key in ("label_zh", "reference_label_zh"):
            if key in table and not isinstance(table[key], str):
                log.add(f"{here}.{key}", _chinese_of(key[:-3]), log.field_line(line, key))
        if len(log.problems) == before:
            found.append((table, here, line))
    return found


def _figures(tables: Any, where: str, after: int, log: _Log
             ) -> list[tuple[KeyFigure, Reference]]:  # fmt: skip
    parameters = inspect.signature(el.kpi).parameters
    figures = []
    allowed = {"tag", "label", "label_zh", "reference_label_zh", *KPI_OPTIONS}
    for table, here, line in _items(tables, where, after, log, allowed):
        options: dict[str, Any] = {}
        for key in KPI_OPTIONS:
            if key in table:
                value, problem = _convert(str(parameters[key].annotation), table[key])
                if problem:
                    log.add(f"{here}.{key}", problem, log.field_line(line, key))
                options[key] = value
        if "reference_label_zh" in table:
            options["reference_label_zh"] = table["reference_label_zh"]
        figure = KeyFigure(table["tag"], table["label"], options, str(table.get("label_zh", "")))
        tag = ("tag", figure.tag, log.field_line(line, "tag"))
        figures.append((figure, Reference(here, line, tags=(tag,))))
    return figures


def _states(tables: Any, where: str, after: int, log: _Log
            ) -> list[tuple[EquipmentState, Reference]]:  # fmt: skip
    return [
        (
            EquipmentState(t["tag"], t["label"], str(t.get("label_zh", ""))),
            Reference(here, line, tags=(("tag", t["tag"], log.field_line(line, "tag")),)),
        )
        for t, here, line in _items(tables, where, after, log, {"tag", "label", "label_zh"})
    ]
