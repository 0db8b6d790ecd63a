"""The demo's displays in Chinese: every canvas screen shows its texts (labels, panel titles,
captions, links, cell-map rows) in Chinese with nothing in English left but tag names and
units, fits them at 1920x1080 (screenshots for review); the menu, the function-key strip and
Ctrl+K give the displays' Chinese titles and go back to English on a language switch. The
fluoride and four-plant screen files read in Chinese too."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget
from pytestqt.qtbot import QtBot

from hmi.canvas.builder import Canvas, is_static, layout_of, shown_text
from hmi.canvas.elements import Layout
from hmi.i18n.translators import install_language
from hmi.shell.app import Console
from hmi.shell.screen import ScreenSpec, screen_title
from hmi.shell.screen_menu import entry_text
from hmi.shell.tag_search import screen_text
from hmi.widgets.cell_map import CellMap
from hmi.widgets.paint import font
from screens import all_screens, screens_of
from tags.config.project import Project, load_project
from tags.i18n.language import Language
from tests.hmi.i18n.english_left import english_left, english_words
from tests.paths import DEMO_PROJECT, FLUORIDE_PROJECT, FOUR_PLANTS_PROJECT
from tests.screens.demo_plant import DemoPlant

SIZE = (1920, 1080)
CANVAS_KEYS = sorted(s.key for s in all_screens() if layout_of(s) is not None)
TEXT_KEYS = ("label", "title", "text", "reference_label")
FORMULAS = ("CaF2", "LiPF6", "LiF", "sim://")
"""Chemical formulas and a source scheme read as they are in Chinese too."""
WIDGETS_OWN = re.compile(r"^(AlarmCounts|ScreenLink)\(\w*\): 'open the .* display'$")
"""The canvas widgets' own tooltips ("open the ... display"): texts of the widgets, which
their part translates; the display name in them is the project's and is checked here."""


@pytest.fixture(autouse=True)
def english_afterwards(qapp: QApplication) -> Iterator[None]:
    """Every other test reads the console in English."""
    yield
    install_language(Language.EN)


def units_of(project: Project) -> set[str]:
    """What may stay as it is: the tags' units, the area names, formulas."""
    return (
        {tag.unit for tag in project.tags.values() if tag.unit} | set(project.areas) | set(FORMULAS)
    )


def element_texts(layout: Layout) -> list[str]:
    """Every text of a layout as the canvas shows it in the current language."""
    texts = [shown_text(e, key) for e in layout.elements for key in TEXT_KEYS]
    return [t for t in texts if t]


def widget_texts(canvas: Canvas) -> list[str]:
    """The labels the canvas gave its widgets (painted by them, so not seen as Qt texts)."""
    texts: list[str] = []
    for widget in canvas.widgets():
        texts.append(str(getattr(widget, "label", "") or ""))
        if isinstance(widget, CellMap):
            texts += [widget.title, *widget.row_labels]
    return [t for t in texts if t]


def clipped_static_texts(canvas: Canvas) -> list[str]:
    """Panel titles and captions wider than the room the canvas paints them in."""
    clipped = []
    for e in (e for e in canvas.layout_.elements if is_static(e)):
        key = {"panel": "title", "text": "text"}.get(e.kind)
        shown = shown_text(e, key) if key else ""
        if not shown:
            continue
        bold = e.kind == "panel" or bool(e.option("bold"))
        metrics = QFontMetricsF(font(canvas._map.px, bold, float(e.option("size", 1))))
        room = canvas._map.rect(e.x, e.y, e.w - (16 if e.kind == "panel" else 0), e.h).width()
        if metrics.horizontalAdvance(shown) > room + 1:
            clipped.append(f"{shown!r}: {metrics.horizontalAdvance(shown):.0f} > {room:.0f}")
    return clipped


@pytest.mark.slow
@pytest.mark.parametrize("key", CANVAS_KEYS)
def test_every_demo_screen_in_chinese_leaves_no_english_and_clips_no_text(
    key: str, plant: DemoPlant, demo_project: Project, qtbot: QtBot, screenshot_dir: Path
) -> None:
    install_language(Language.ZH_CN)
    spec = next(s for s in all_screens() if s.key == key)
    page = spec.build(plant.context())
    assert isinstance(page, Canvas)
    qtbot.addWidget(page)
    page.resize(*SIZE)
    page.show()
    plant.run(120, step=10)
    QApplication.processEvents()
    units = units_of(demo_project)
    left = [t for t in english_left(page, units) if not WIDGETS_OWN.match(t)]
    assert left == []
    shown = element_texts(page.layout_) + widget_texts(page)
    assert shown and [t for t in shown if english_words(t, units)] == []
    assert clipped_static_texts(page) == []
    links = [w for w in page.widgets() if isinstance(w, QAbstractButton)]
    clipped = [f"{w.text()!r}" for w in links if w.width() < w.sizeHint().width()]
    assert clipped == []
    page.grab().save(str(screenshot_dir / f"screen_{key}_zh_CN_1920x1080.png"))


def test_a_built_canvas_follows_a_language_switch_both_ways(plant: DemoPlant, qtbot: QtBot) -> None:
    spec = next(s for s in all_screens() if s.key == "emm")
    install_language(Language.ZH_CN)
    page = spec.build(plant.context())
    assert isinstance(page, Canvas)
    qtbot.addWidget(page)
    panel = next(e for e in page.layout_.elements if e.kind == "panel")
    assert shown_text(panel, "title") == "整流器"
    assert "1系列" in widget_texts(page)
    install_language(Language.EN)
    assert shown_text(panel, "title") == "Rectifiers"  # painted: follows at once
    qtbot.waitUntil(lambda: "Series 1" in widget_texts(page))  # Qt posts LanguageChange
    assert "DC current" in widget_texts(page) and "1系列" not in widget_texts(page)
    link = next(w for w in page.widgets() if isinstance(w, QAbstractButton))
    assert link.text() == "Rectifier detail (F5)  ▸"
    install_language(Language.ZH_CN)
    qtbot.waitUntil(lambda: "1系列" in widget_texts(page))
    assert link.text() == "整流器详情 (F5)  ▸"


@pytest.mark.slow
def test_the_menu_function_keys_and_find_show_the_chinese_titles_and_switch_back(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    install_language(Language.ZH_CN)
    project = load_project(DEMO_PROJECT)
    screens = screens_of(project).specs
    console = Console(project, tmp_path, list(screens))
    window = console.build()
    try:
        header = window.header
        buttons = {key: b.text() for key, b in header.nav_buttons.items()}
        assert buttons["emm"] == "电解车间" and buttons["sco2"] == "超临界CO2回路"
        assert buttons["dmc"] == "密度回路" and buttons["alarms"] == "报警"
        assert header.nav_buttons["cwp"].toolTip().startswith("选煤 (F3)")  # + alarm state
        menu = [a.text() for a in menu_actions(header.screen_menu.menu_)]
        assert "总貌\tF1" in menu and "整流器\tF5" in menu and "诊断\tF12" in menu
        assert [t for t in menu if english_words(t.split("\t")[0])] == []
        search = window.find_tag()
        search.query.setText("压缩")
        assert search.matches.index(0).data().startswith("▣ 压缩机  (F7)")
        search.query.setText("compressor")  # the English title still finds it
        assert search.matches.index(0).data().startswith("▣ 压缩机  (F7)")
        search.close()
        window.resize(*SIZE)
        window.show()
        qtbot.waitExposed(window)
        window.grab().save(str(screenshot_dir / "shell_with_demo_titles_zh_CN_1920x1080.png"))
        install_language(Language.EN)
        qtbot.waitUntil(lambda: header.nav_buttons["emm"].text() == "Cell house")
        assert header.nav_buttons["sco2"].text() == "sCO2 loop"
        assert "Overview\tF1" in [a.text() for a in menu_actions(header.screen_menu.menu_)]
    finally:
        qloop.run_until_complete(console.stop())


def menu_actions(menu: QWidget) -> list:  # type: ignore[type-arg]
    """Every entry of the screen menu and its area submenus."""
    found = []
    for action in menu.actions():  # type: ignore[attr-defined]
        sub = action.menu()
        found += sub.actions() if sub is not None else [action]
    return [a for a in found if a.data()]


def test_a_built_in_screens_title_is_translated_where_the_project_gives_none() -> None:
    spec = ScreenSpec("trends", "Trends", 3, build=lambda ctx: QWidget(), shortcut="F8")
    install_language(Language.ZH_CN)
    assert screen_title(spec) == "趋势"
    assert entry_text(spec) == "趋势\tF8"
    assert screen_text(spec).startswith("▣ 趋势  (F8)")
    own = ScreenSpec("kiln", "Kiln", 2, build=lambda ctx: QWidget(), title_zh="回转窑")
    assert screen_title(own) == "回转窑"
    install_language(Language.EN)
    assert (screen_title(spec), screen_title(own)) == ("Trends", "Kiln")


@pytest.mark.parametrize("path", [FLUORIDE_PROJECT, FOUR_PLANTS_PROJECT], ids=lambda p: p.stem)
def test_the_other_example_projects_screens_read_in_chinese(path: Path) -> None:
    install_language(Language.ZH_CN)
    project = load_project(path)
    units = units_of(project)
    for spec in screens_of(project).specs:
        assert not english_words(screen_title(spec), units), spec.key
        layout = layout_of(spec)
        if layout is None:
            continue
        texts = element_texts(layout)
        assert texts, spec.key
        assert [t for t in texts if english_words(t, units)] == [], spec.key
