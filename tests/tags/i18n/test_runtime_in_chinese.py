"""What the running engine tells operators, in Chinese: why a value is Bad (a Modbus link
lost against a real server, exception replies, malformed frames, OPC UA and simulator
reasons, waiting and stale), a force's reason, the simulator scenarios, shift names and the
trainer's session log; English as before."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from tags.address import ModbusTable
from tags.alarms.journal import JournalEntry
from tags.alarms.state import AlarmKind, AlarmState, JournalEvent
from tags.analytics.shift_calendar import ShiftCalendar
from tags.clock import ManualClock, SystemClock
from tags.config.connections import ModbusConnection
from tags.config.project import load_project
from tags.database import TagDatabase
from tags.drivers.modbus.driver import ModbusDriver
from tags.drivers.modbus.frames import describe
from tags.drivers.modbus.link import exception_error
from tags.drivers.opcua.values import status_quality
from tags.forcing.store import SqliteForceStore
from tags.forcing.table import ForceTable
from tags.i18n.descriptions import scenario_expected
from tags.i18n.language import Language, set_language
from tags.model import Priority, Quality, TagSample, initial_sample
from tags.security.permissions import Role, User
from tags.simulation.scenarios import SCENARIOS
from tags.simulation.standalone import list_scenarios
from tags.training.plan import upset_text, upset_title
from tags.training.record import alarm_record
from tests.english_words import english_words
from tests.paths import DEMO_PROJECT, SIGNALS_PROJECT
from tests.tags.drivers.modbus_server import ModbusTestServer, Recorder, modbus_tag

ENGINEER = User("erin", Role.ENGINEER)


def no_english(said: str, *kept: str) -> None:
    assert english_words(said, kept) == [], said


# 1. why a value is Bad ---------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_lost_modbus_link_says_why_in_chinese(chinese: None) -> None:
    async with ModbusTestServer(units=(1,)) as server:
        await server.set_registers(1, ModbusTable.HOLDING_REGISTER, 0, [7])
        link = ModbusConnection("plc1", "127.0.0.1", server.port, timeout=0.2, retries=0,
                                backoff_max=0.5)  # fmt: skip
        tag = modbus_tag("AREA.FIC1.PV", "modbus://plc1/1/hr/0", 0.1)
        recorder = Recorder()
        driver = ModbusDriver({"plc1": link}, [tag], recorder, SystemClock())
        await driver.start()
        try:
            await recorder.wait_for(lambda: recorder.quality(tag.name) is Quality.GOOD)
            await server.stop()
            lost = Quality.BAD_NOT_CONNECTED
            await recorder.wait_for(lambda: recorder.quality(tag.name) is lost)
        finally:
            await driver.stop()
    reason = recorder.latest[tag.name].reason
    assert re.fullmatch(r"plc1：与 127\.0\.0\.1:\d+ 的连接中断", reason), reason
    no_english(reason, "plc1")


def test_modbus_refusals_and_malformed_replies_are_said_in_chinese(chinese: None) -> None:
    assert exception_error(0x02).text == "异常 02 非法数据地址"
    assert exception_error(0x0B).text == "异常 0B 网关目标设备无响应"
    frame = bytes([0, 1, 0, 0, 0, 5, 1, 3, 9, 0, 0])  # byte count 9, two data bytes
    said = describe(frame, frozenset({3}))
    assert said == "功能码 03：字节数为 9，实际数据 2 字节"
    no_english(said)


def test_modbus_reasons_in_english_read_as_before() -> None:
    assert exception_error(0x02).text == "exception 02 illegal data address"
    assert exception_error(0x42).text == "exception 42 unknown exception"
    assert initial_sample(0.0).reason == "waiting for first data"


def test_opcua_status_waiting_and_stale_reasons_are_said_in_chinese(chinese: None) -> None:
    quality, reason = status_quality(int(Quality.BAD_NODE_ID_UNKNOWN))
    assert quality is Quality.BAD_NODE_ID_UNKNOWN
    assert reason == "服务器返回 BadNodeIdUnknown"
    assert initial_sample(0.0).reason == "等待首个数据"
    project = load_project(SIGNALS_PROJECT)
    clock = ManualClock()
    db = TagDatabase(project.tags, clock)
    name = next(iter(project.tags))
    db.publish({name: TagSample(1.0, Quality.GOOD, clock.now(), clock.now())})
    clock.advance(3600.0)
    assert name in db.check_stale()
    stale = db.get(name).reason
    assert stale.startswith("数值陈旧：已 3600.0 s 未更新（扫描周期 "), stale
    no_english(stale)


# 2. a forced or simulated tag's reason -------------------------------------------------------


def test_a_force_made_through_the_forcing_engine_says_why_in_chinese(
    chinese: None, tmp_path: Path
) -> None:
    project = load_project(SIGNALS_PROJECT)
    db = TagDatabase(project.tags, ManualClock())
    store = SqliteForceStore.in_data_dir(tmp_path)
    try:
        forces = ForceTable(db, store, None)
        forces.force("TST.GEN.SINE", "77.5", user=ENGINEER, reason="变送器未接线", minutes=30)
        forces.force("TST.FIC1.SP", "10", user=ENGINEER, reason="联校")
    finally:
        store.close()
    timed = db.get("TST.GEN.SINE").reason
    assert re.fullmatch(r"由 erin 强制，至 \d{4}年\d+月\d+日 \d\d:\d\d:\d\d：变送器未接线", timed)
    assert db.get("TST.FIC1.SP").reason == "由 erin 强制，直至解除：联校"
    no_english(timed, "erin")


# 3. simulator scenarios ----------------------------------------------------------------------


def test_every_scenario_has_a_chinese_title_and_description(chinese: None) -> None:
    for scenario in SCENARIOS:
        info = scenario.info
        assert info.title_zh and info.description_zh and info.expected_zh, info.name
        assert info.shown_title == info.title_zh
        assert scenario_expected(info) == info.shown_expected == info.expected_zh
        no_english(f"{info.shown_title} {info.shown_description}", "SeO2")
        no_english(info.shown_expected, "UncertainSensorNotAccurate", "faults")
    out = io.StringIO()
    list_scenarios(out)
    assert "1 号整流器直流接地故障跳闸" in out.getvalue()


def test_scenarios_in_english_read_as_before() -> None:
    info = SCENARIOS[0].info
    assert info.shown_title == "Rectifier 1 trips on a DC ground fault"
    assert info.shown_description.startswith("A DC ground fault trips rectifier 1")
    assert info.shown_expected == info.expected


# 4. shift names ------------------------------------------------------------------------------


def test_shift_names_show_in_chinese_and_the_english_stays_the_key(chinese: None) -> None:
    shifts = load_project(DEMO_PROJECT).analytics.shifts
    assert shifts.names_zh == ("早班", "中班", "夜班")
    calendar = ShiftCalendar(shifts.starts, shifts.names, None, shifts.names_zh)
    shift = calendar.shift_at(calendar.shifts(1_750_000_000.0, 1_750_000_001.0)[0].start + 1)
    assert shift.label == f"{shift.day.isoformat()} {shift.name}"  # the key
    assert shift.shown_name == dict(zip(shifts.names, shifts.names_zh, strict=True))[shift.name]
    assert calendar.shown_label("2025-06-15 Night") == "2025-06-15 夜班"
    set_language(Language.EN)
    assert calendar.shown_label("2025-06-15 Night") == "2025-06-15 Night"
    assert ShiftCalendar().shift_at(0.0).shown_name in ("Morning", "Afternoon", "Night")


# 5. the trainer's session log ----------------------------------------------------------------


def test_the_session_log_is_written_in_chinese_and_titles_are_found_in_either(
    chinese: None,
) -> None:
    said = upset_text("1 号整流器直流接地故障跳闸", "start", "plan")
    assert said == "1 号整流器直流接地故障跳闸：按计划开始"
    assert upset_title(said) == "1 号整流器直流接地故障跳闸"
    stopped = upset_text("发电机断路器跳闸（甩负荷）", "stop", "end")
    assert upset_title(stopped) == "发电机断路器跳闸（甩负荷）"
    assert upset_title("Pump trips started by the trainer") == "Pump trips"
    entry = _journal(JournalEvent.CLEARED)
    record = alarm_record(entry)
    assert record is not None and record.text == "AREA.P1.FLOW.LO 恢复正常"
    realarm = alarm_record(_journal(JournalEvent.REALARM), "流量低")
    assert realarm is not None and realarm.text == "AREA.P1.FLOW.LO 再次报警：流量低"
    shelved = alarm_record(_journal(JournalEvent.SHELVE))
    assert shelved is not None and shelved.text == "AREA.P1.FLOW.LO 搁置"
    for line in (said, stopped, record.text, realarm.text):
        no_english(line)


def test_the_session_log_in_english_reads_as_before() -> None:
    assert upset_text("Pump trips", "stop", "trainer") == "Pump trips stopped by the trainer"
    assert upset_text("Pump trips", "start", "olga") == "Pump trips started by olga"
    assert upset_title("Pump trips started by olga") == "Pump trips"
    record = alarm_record(_journal(JournalEvent.AUTO_UNSHELVE))
    assert record is not None and record.text == "AREA.P1.FLOW.LO auto unshelve"


def _journal(event: JournalEvent) -> JournalEntry:
    return JournalEntry(
        time=1.0, event=event, alarm="AREA.P1.FLOW.LO", tag="AREA.P1.FLOW", kind=AlarmKind.LO,
        area="AREA", priority=Priority.HIGH, group="", state=AlarmState.NORMAL, value="",
        limit=None, message="flow low",
    )  # fmt: skip
