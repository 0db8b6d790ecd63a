"""The trainer's panel in Chinese on the demo project's field simulator: the set-up, a
running session, the stored sessions with a debrief and a comparison show no English of the
console's own, and switching back to English retranslates the open panel.

What stays as it is: user, scenario and area names (identifiers, like tag names) and the
project's name."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hmi.i18n.translators import install_language
from hmi.training.panel import TrainerPanel
from hmi.view_parts import cells
from tags.i18n.language import Language
from tags.training.engine import SessionSetup, TrainingSession
from tags.training.plan import PlannedUpset
from tags.training.store import SessionInfo
from tests.hmi.i18n.english_left import english_left
from tests.hmi.training.test_training_panel import demo_console, open_panel, window_of
from tests.waiting import until

FACTOR = 20.0
PLAN = (PlannedUpset("cwp-analyser-fault", 0.5, 2.0),)


@pytest.fixture(autouse=True)
def english_afterwards(qapp: QApplication) -> Iterator[None]:
    yield
    install_language(Language.EN)


async def short_session(panel: TrainerPanel, name: str) -> SessionInfo:
    """A session of PLAN run by the engine, the trainee writing a setpoint."""
    runtime = panel.runtime
    assert runtime.demo_accounts is not None
    trainer = runtime.demo_accounts.authenticate("supervisor", "supervisor")
    trainee = runtime.demo_accounts.authenticate("operator", "operator")
    setup = SessionSetup("operator", PLAN, FACTOR, name=name)
    session = await TrainingSession.start(runtime, trainer, setup, settle=0.5)
    await until(lambda: session.elapsed() >= 1.0)
    result = await runtime.writes.write("CWP.DMC.DENS.SP", 1.43, user=trainee, reason="培训")
    assert result.ok, result.reason
    await until(lambda: session.elapsed() >= 2.5)
    return await session.end()


def names_of(panel: TrainerPanel) -> list[str]:
    """What a Chinese panel shows as it is: users, scenarios, areas, the project."""
    runtime = panel.runtime
    assert runtime.demo_accounts is not None
    scenarios = panel.setup.plan.scenarios
    return [
        runtime.project.name,
        *runtime.project.areas,  # area codes, like tag names
        *(s.name for s in scenarios),
        "supervisor", "operator", "viewer", "engineer", "admin",  # user names
    ]  # fmt: skip


@pytest.mark.slow
def test_the_trainer_panel_in_chinese_and_back(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    async def scenario() -> None:
        async with demo_console(tmp_path / "data") as console:
            window = window_of(console)
            panel = await open_panel(window)
            panel.resize(1920, 1080)
            install_language(Language.ZH_CN)
            await until(lambda: panel.tabs.tabText(1) == "培训记录")
            names = names_of(panel)
            setup = panel.setup
            assert setup.start_button.text() == "开始培训"
            assert setup.state.itemText(0) == "稳态（工厂启动时的状态）"
            assert english_left(panel, names) == []
            panel.grab().save(str(screenshot_dir / "trainer_panel_zh_CN_1920x1080.png"))

            setup.trainee.setCurrentText("operator")
            setup.plan.add_row("cwp-analyser-fault", 0.0)
            session = await setup.start_session()
            assert session is not None, setup.message.text()
            running = panel.running
            await until(lambda: running.buttons["cwp-analyser-fault"].text() == "停止")
            running.refresh()
            assert running.end_button.text() == "结束培训"
            assert english_left(running, names) == []
            panel.grab().save(str(screenshot_dir / "trainer_running_zh_CN_1920x1080.png"))
            await running.end_session()

            a = await short_session(panel, "分析仪故障 甲")
            b = await short_session(panel, "分析仪故障 乙")
            sessions = panel.sessions
            panel.tabs.setCurrentWidget(sessions)
            await sessions.reload(choose=a.id)
            await until(lambda: sessions.debrief.debrief is not None)
            debrief = sessions.debrief
            assert cells(debrief.upsets, 0)[:4] == [
                "灰分仪放射源故障 (cwp-analyser-fault)", "CWP", "0.5 s", "计划"]  # fmt: skip
            overall = dict(cells(debrief.overall, r) for r in range(debrief.overall.rowCount()))
            assert overall["写入接受 / 拒绝"] == "1 / 0"
            assert english_left(sessions, names) == []
            panel.grab().save(str(screenshot_dir / "training_debrief_zh_CN_1920x1080.png"))
            assert sessions.others.currentData() == b.id
            sessions.compare_button.click()
            await until(lambda: sessions.comparison.comparison is not None)
            assert english_left(sessions.comparison, names) == []
            panel.grab().save(str(screenshot_dir / "training_comparison_zh_CN_1920x1080.png"))

            install_language(Language.EN)
            await until(lambda: panel.tabs.tabText(1) == "Sessions")
            assert sessions.pdf_button.text() == "Export PDF"
            header = sessions.comparison.overall.horizontalHeaderItem(0)
            assert header is not None and header.text() == "Overall"
            sessions.views.setCurrentWidget(debrief)
            assert cells(debrief.upsets, 0)[3] == "plan"

    qloop.run_until_complete(scenario())
