"""The process widgets in Chinese: the words they paint (motor states, MAN, controller modes,
quality codes, override markers, KPI lines), their tooltips and the links' texts; English
again after switching; a screenshot of a panel of widgets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QGridLayout, QWidget
from pytestqt.qtbot import QtBot

from hmi.i18n.translators import install_language
from hmi.shell.theme import apply_theme
from hmi.widgets.alarm_counts import AlarmCounts
from hmi.widgets.analog import AnalogIndicator
from hmi.widgets.controller import ControllerBlock
from hmi.widgets.kpi_tile import KpiTile
from hmi.widgets.link import ScreenLink
from hmi.widgets.pump import Pump
from hmi.widgets.value_readout import ValueReadout
from hmi.widgets.valve import Valve
from hmi.widgets.words import WORDS, quality_word, widget_word
from tags.i18n.language import Language
from tags.model import Quality
from tests.hmi.i18n.english_left import english_left, english_words
from tests.screens.widget_bench import Bench


@pytest.fixture(autouse=True)
def english_afterwards(qapp: QApplication) -> Iterator[None]:
    yield
    install_language(Language.EN)


@pytest.fixture
def bench() -> Iterator[Bench]:
    b = Bench()
    yield b
    b.close()


def test_every_painted_word_has_chinese(qapp: QApplication) -> None:
    install_language(Language.ZH_CN)
    assert [w for w in sorted(WORDS) if english_words(widget_word(w))] == []
    assert (quality_word("COMM"), quality_word("FORCED"), widget_word("auto")) == (
        "通讯", "强制", "自动",
    )  # fmt: skip
    assert widget_word("UNKNOWN WORD") == "UNKNOWN WORD"  # not ours: painted as it comes
    install_language(Language.EN)
    assert quality_word("COMM") == "COMM"


def test_the_widgets_paint_chinese_words_and_english_again(
    bench: Bench, qtbot: QtBot, qapp: QApplication, screenshot_dir: Path
) -> None:
    apply_theme(qapp)
    install_language(Language.ZH_CN)
    panel = QWidget()
    qtbot.addWidget(panel)
    grid = QGridLayout(panel)
    pump = Pump(bench, "TST.RUN", cmd="TST.CMD", trip="TST.TRIP", mode="TST.MODE", label="P1")
    valve = Valve(bench, "TST.POS", mode="TST.MODE", label="FV-1")
    block = ControllerBlock(
        bench, pv="TST.LEVEL", sp="TST.LEVEL_SP", op="TST.OP", mode="TST.MODE", label="LIC-1"
    )
    tile = KpiTile(bench, "TST.LEVEL", label="液位", limit="hi")
    readout = ValueReadout(bench, "TST.DENS", label="密度")
    analog = AnalogIndicator(bench, "TST.DENS", label="密度")
    link = ScreenLink(bench, "总貌", "overview")
    counts = AlarmCounts(bench, list(bench.db.tags), screen="总貌")
    for i, (widget, w, h) in enumerate([(pump, 90, 90), (valve, 90, 80), (block, 220, 110),
                                        (tile, 260, 130), (readout, 220, 30), (analog, 260, 60),
                                        (link, 160, 30), (counts, 260, 30)]):  # fmt: skip
        widget.setMinimumSize(w, h)
        grid.addWidget(widget, i // 4, i % 4)
    panel.resize(1100, 300)
    panel.show()
    qtbot.waitExposed(panel)
    bench.publish({"TST.RUN": True, "TST.CMD": True, "TST.TRIP": False, "TST.MODE": 0})
    bench.publish({"TST.POS": 35.0, "TST.LEVEL": 70.0, "TST.LEVEL_SP": 60.0, "TST.OP": 20.0})
    bench.publish({"TST.DENS": 1.43}, Quality.BAD_NOT_CONNECTED, "plc-1: connection refused")
    assert pump.state_text == "运行 手动"
    assert readout.shown.text == "通讯"
    assert tile.target_text() == "限值 80.0 %   裕量 10.0"
    assert english_left(panel) == []  # the links' texts and tooltips
    assert link.toolTip() == "打开总貌画面"
    panel.grab().save(str(screenshot_dir / "widgets_zh_CN.png"))
    install_language(Language.EN)
    qtbot.waitUntil(lambda: link.toolTip() == "open the 总貌 display")
    assert pump.state_text == "RUN MAN"
    assert readout.shown.text == "COMM"
    assert tile.target_text() == "limit 80.0 %   margin 10.0"
