"""hmi's own modules and the canvas in Chinese: a readout's quality words (a bad value's
short word, its quality and age in the tooltip), a tag's Chinese description, the audit
viewer, the historian's and the server pair's lines, the overview canvas's own note; and
English again after switching back."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hmi.canvas.builder import shown_text
from hmi.canvas.overview import KeyFigure, OverviewArea, overview_layout
from hmi.diagnostics.audit_view import AuditView
from hmi.diagnostics.history_view import behind_text, history_state
from hmi.diagnostics.pair_view import pair_state
from hmi.i18n.translators import install_language
from hmi.quality_display import DisplayState, quality_text, show
from hmi.role_names import role_name
from hmi.scenario_titles import scenario_title
from tags.address import parse_address
from tags.clock import ManualClock
from tags.control_room.pair_messages import PairMember, ServerRole
from tags.history.spool import Behind
from tags.i18n.language import Language
from tags.model import Quality, TagDef, TagSample
from tags.security.audit import AuditTrail
from tags.simulation.scenarios import SCENARIOS
from tests.hmi.alarms.alarm_plant import SUPERVISOR
from tests.hmi.i18n.english_left import english_left
from tests.waiting import GENEROUS_MS

TAG = TagDef(
    name="CWP.FEED.TPH",
    source="sim://memory/FEED",
    address=parse_address("sim://memory/FEED"),
    unit="t/h",
    description="Raw coal feed rate",
    description_zh="原煤给料量",
)


@pytest.fixture(autouse=True)
def english_afterwards(qapp: QApplication) -> Iterator[None]:
    yield
    install_language(Language.EN)


def test_readouts_say_quality_in_the_language() -> None:
    install_language(Language.ZH_CN)
    bad = show(TAG, TagSample(1.0, Quality.BAD_NOT_CONNECTED, 100.0, 100.0, "PLC 断开"), 130.0)
    assert (bad.text, bad.state, bad.tooltip) == (
        "通讯",
        DisplayState.BAD,
        "坏值（未连接）: PLC 断开",
    )
    old = show(TAG, TagSample(350.0, Quality.UNCERTAIN_SENSOR_NOT_ACCURATE, 100.0, 100.0), 130.0)
    assert old.tooltip == "可疑（传感器不准确） （数值已有 30 s）"
    assert show(TAG, TagSample(350.0, Quality.GOOD, 100.0, 100.0), 130.0).tooltip == "原煤给料量"
    assert (quality_text(Quality.GOOD), role_name("supervisor")) == ("良好", "值长")
    install_language(Language.EN)
    bad = show(TAG, TagSample(1.0, Quality.BAD_NOT_CONNECTED, 100.0, 100.0, "PLC down"), 130.0)
    assert (bad.text, bad.tooltip) == ("COMM", "BadNotConnected: PLC down")
    assert show(TAG, TagSample(350.0, Quality.GOOD, 100.0, 100.0), 130.0).tooltip == (
        "Raw coal feed rate"
    )


def test_the_overview_canvas_paints_its_own_note_in_the_language() -> None:
    area = OverviewArea("CWP", "洗煤厂", figures=(KeyFigure("CWP.FEED.TPH", "给料"),) * 2)
    notes = [e for e in overview_layout([area]).elements if e.option("context")]
    assert [shown_text(e, "text") for e in notes] == ["trends: last 30 min"]
    install_language(Language.ZH_CN)
    assert [shown_text(e, "text") for e in notes] == ["趋势：最近 30 min"]


def test_the_audit_viewer_in_chinese_and_back(
    qtbot: QtBot, tmp_path: Path, screenshot_dir: Path
) -> None:
    clock = ManualClock()
    with AuditTrail(tmp_path / "audit.db", clock, workstation="ws1") as trail:
        clock.advance(60)
        trail.append("write", user="olga", tag="CWP.FIC1.SP", old=1, new=2, unit="m³/h",
                     reason="调整", result="已确认", latency_ms=42.0)  # fmt: skip
        trail.append("force_release", user="erin", tag="CWP.FEED.TPH", reason="接线完成",
                     result="ok")  # fmt: skip
        install_language(Language.ZH_CN)
        view = AuditView(trail, SUPERVISOR, now=clock.now)
        qtbot.addWidget(view)
        view.resize(1600, 640)
        view.show()
        assert view.windowTitle() == "审计追踪"
        assert view.status.text() == "2 条记录，最新在前"
        shown = [[view.model.index(row, c).data() for c in (4, 10)] for row in range(2)]
        assert shown == [["解除强制", "成功"], ["写入", "已确认"]]
        assert english_left(view, ["olga", "erin", "ws1"]) == []
        view.action.setCurrentText("解除强制")  # searched as recorded
        assert [r.action for r in view.search()] == ["force_release"]
        view.grab().save(str(screenshot_dir / "audit_view_zh_CN.png"))
        install_language(Language.EN)
        qtbot.waitUntil(lambda: view.windowTitle() == "Audit trail", timeout=GENEROUS_MS)
        assert view.status.text() == "1 records, newest first"
        assert view.model.index(0, 4).data() == "force_release"
        view.close()


def test_a_tag_without_a_chinese_description_shows_the_english_one() -> None:
    install_language(Language.ZH_CN)
    plain = replace(TAG, description_zh="")
    assert show(plain, TagSample(1.0, Quality.GOOD, 1.0, 1.0), 1.0).tooltip == "Raw coal feed rate"


def test_the_history_and_pair_lines_in_chinese() -> None:
    install_language(Language.ZH_CN)
    behind = Behind(samples=12, seconds=11.0, reason="存储不可达", dropped=3, disk_bytes=0)
    assert behind_text(behind) == "历史：落后 11 s（12 个样本等待中），丢失 3 个样本: 存储不可达"
    assert history_state(None)[1].startswith("历史：本操作台不记录")
    assert pair_state([]) == ("off", "服务器：单台服务器（非冗余配对）")
    member = PairMember("scada-a", "host-1", ServerRole.PRIMARY, 0.0)
    state, text = pair_state([member])
    assert state == "degraded" and "scada-a（host-1）：自 " in text and "起为主用" in text
    install_language(Language.EN)
    assert behind_text(behind).startswith("History: 11 s behind (12 samples waiting), 3 samples")


def test_every_scenario_of_the_simulator_has_its_title_in_chinese() -> None:
    assert all(s.info.title_zh for s in SCENARIOS)
    install_language(Language.ZH_CN)
    assert scenario_title("cwp-analyser-fault", "Ash analyser source fault") == "灰分仪放射源故障"
    install_language(Language.EN)
    assert scenario_title("cwp-analyser-fault", "灰分仪放射源故障") == "Ash analyser source fault"
    install_language(Language.ZH_CN)
    assert scenario_title("cwp-analyser-fault", "Ash analyser source fault") == "灰分仪放射源故障"
    assert scenario_title("cwp-analyser-fault", "Renamed since") == "Renamed since"
