"""A console's plant analytics and alarm KPIs are the server's: its retained states
(``energy``, ``instrument_health``, ``kpis``, ``area_kpis``) read back into the engine's own
objects, and its answers about notes and reports read back into Note and ReportInfo."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from tags.alarms.engine import AlarmEngine
from tags.analytics.energy import LiveEnergy, LiveEnergySnapshot
from tags.analytics.instrument_health import Check, InstrumentIssue, Severity
from tags.clock import ManualClock
from tags.config.project import load_project
from tags.control_room.analytics_messages import (
    PDF_LIMIT,
    note_to_json,
    pdf_to_json,
    report_from_json,
    report_to_json,
)
from tags.control_room.console.client_requests import ServerRequests
from tags.control_room.console.remote_alarms import RemoteAlarms
from tags.control_room.console.remote_analytics import RemoteEnergy, RemoteHealth
from tags.control_room.console.remote_kpis import ServerKpis
from tags.control_room.console.remote_reports import RemoteReports, ReportElsewhere
from tags.control_room.console.remote_session import RemoteRefused, RemoteSession
from tags.control_room.console.remote_states import RemoteStates
from tags.control_room.messages import Answer, MessageError, Refusal, Request
from tags.control_room.state_messages import (
    AREA_KPIS,
    ENERGY,
    INSTRUMENT_HEALTH,
    KPIS,
    area_kpis_to_json,
    energy_to_json,
    health_to_json,
    kpis_to_json,
)
from tags.model import Quality, TagSample
from tags.reports.archive import Note, ReportInfo
from tests.tags.control_room.analytics_room import DENSITY, FIGURES, write_project

T0 = 1_749_981_600.0


def good(value: float, t: float) -> TagSample:
    return TagSample(value, Quality.GOOD, t, t)


def server_snapshot(tmp_path: Path) -> LiveEnergySnapshot:
    """What a server's LiveEnergy holds after ten minutes of the room's steady figures."""
    project = load_project(write_project(tmp_path / "project"))
    clock = ManualClock(T0)
    energy = LiveEnergy(project.tags, project.analytics, clock)
    for _ in range(10):
        energy.on_batch({n: good(v, clock.now()) for n, (_u, v, _t) in FIGURES.items()})
        clock.advance(60.0)
    return energy.snapshot()


def test_the_server_s_energy_figures_arrive_as_its_own_snapshot(tmp_path: Path) -> None:
    states = RemoteStates()
    energy = RemoteEnergy(states)
    heard: list[LiveEnergySnapshot] = []
    energy.subscribe(heard.append)
    assert energy.snapshot() is None  # not yet published
    snapshot = server_snapshot(tmp_path)
    assert snapshot.instant.value("EMM", "dc_mwh") == pytest.approx(5.160)
    states.take(ENERGY, energy_to_json(snapshot))
    assert energy.snapshot() == snapshot and heard == [snapshot]
    states.take(ENERGY, energy_to_json(snapshot))  # the same again: nothing to tell
    states.take(ENERGY, b'{"energy": {"instant": 1}}')  # unreadable: the last one stays
    assert energy.snapshot() == snapshot and len(heard) == 1
    assert energy.mirror.unreadable == 1
    states.take(ENERGY, energy_to_json(None))  # the server runs no analytics
    assert energy.snapshot() is None and len(heard) == 1  # listeners hear figures only
    energy.close()


def test_the_server_s_instrument_health_arrives_worst_first(tmp_path: Path) -> None:
    project = load_project(write_project(tmp_path / "project"))
    states = RemoteStates()
    health = RemoteHealth(states, project)
    heard: list[list[InstrumentIssue]] = []
    health.subscribe(heard.append)
    assert DENSITY in health.names and "EMM.KPI.CE" not in health.names  # *.KPI.* excluded
    fault = InstrumentIssue(DENSITY, "CWP", Check.OUT_OF_RANGE, Severity.FAULT, T0, "reads 2.5")
    noisy = InstrumentIssue("CWP.FEED.TPH", "CWP", Check.NOISY, Severity.ADVISORY, T0, "noise")
    states.take(INSTRUMENT_HEALTH, health_to_json([fault, noisy]))
    assert health.issues() == [fault, noisy] and heard == [[fault, noisy]]
    states.take(INSTRUMENT_HEALTH, b"")
    assert health.issues() == [] and heard[-1] == []
    health.close()


def test_alarm_kpis_are_the_server_s_once_published(tmp_path: Path) -> None:
    project = load_project(write_project(tmp_path / "project"))
    clock = ManualClock(T0)
    server = AlarmEngine(project.tags, clock, settings=project.alarm_settings)
    server.evaluate({"CWP.CLEAN.ASH": good(9.8, T0)})  # its HI stands
    states = RemoteStates()
    alarms = RemoteAlarms(project.tags, clock, settings=project.alarm_settings)
    kpis = ServerKpis(states)
    alarms.server_kpis = kpis.for_areas
    assert alarms.kpis().day.annunciated == 0  # nothing seen, nothing published yet
    states.take(KPIS, kpis_to_json(server.kpis()))
    states.take(AREA_KPIS, area_kpis_to_json({a: server.kpis([a]) for a in project.areas}))
    assert alarms.kpis() == server.kpis() and alarms.kpis().day.annunciated == 1
    assert alarms.kpis(["CWP"]) == server.kpis(["CWP"])
    assert alarms.kpis(["EMM"]).day.annunciated == 0
    assert alarms.kpis(["EMM", "CWP"]).day.annunciated == 0  # not published: counted here
    states.take(KPIS, b'{"window": 3}')  # unreadable: the last figures stay
    assert alarms.kpis() == server.kpis() and kpis.unreadable == 1
    kpis.close()


def test_report_and_note_messages_round_trip_and_refuse_paths(tmp_path: Path) -> None:
    info = ReportInfo(Path("/srv/hmi/reports/shift-20250615-0600Z-Morning.pdf"), "Shift report",
                      "2025-06-15 Morning", T0, T0 + 8 * 3600, T0 + 8 * 3600 + 5, "3 alarms",
                      {"seq": 12, "mac": "ab"})  # fmt: skip
    back = report_from_json(report_to_json(info), tmp_path)
    assert back.path == tmp_path / info.path.name  # the console's folder, never the server's
    assert back == ReportInfo(back.path, *[getattr(info, f) for f in (
        "title", "label", "start", "end", "generated", "summary", "audit_anchor")])  # fmt: skip
    for name in ("../../etc/passwd.pdf", "/abs/x.pdf", "notes.txt", ""):
        with pytest.raises(MessageError, match="not a report's file name"):
            report_from_json({**report_to_json(info), "name": name}, tmp_path)
    note = Note(T0, "olga", "Pump B on line", "ws-7")
    assert json.loads(json.dumps(note_to_json(note))) == note_to_json(note)
    assert note.author == "olga at ws-7" and Note(T0, "olga", "x").author == "olga"


class CannedServer:
    """Answers each request at once with the canned result for its action (a fake for the
    console side alone; the real server answers in test_analytics_on_a_console.py)."""

    def __init__(self, answers: Mapping[str, Answer]) -> None:
        self.answers = answers
        self.requests = ServerRequests(self.send)
        self.sent: list[Request] = []

    async def send(self, payload: bytes, correlation: bytes) -> None:
        request = Request.from_json(payload)
        self.sent.append(request)
        answer = self.answers[request.action.value]
        loop = asyncio.get_running_loop()
        loop.call_soon(self.requests.take_answer, correlation, answer.to_json())


def reports_of(answers: Mapping[str, Answer], tmp_path: Path) -> tuple[RemoteReports, Any]:
    server = CannedServer(answers)
    session = RemoteSession(server.requests, "ws-7")
    return RemoteReports(session, tmp_path), server


@pytest.mark.asyncio
async def test_notes_and_reports_need_a_session_and_say_the_server_s_refusal(
    tmp_path: Path,
) -> None:
    refused = Answer.refused(Refusal.DENIED, "viewer 'vic' may not write shift notes")
    reports, server = reports_of({"note": refused}, tmp_path)
    with pytest.raises(RemoteRefused, match="no user is logged in"):
        await reports.note("Pump B on line")
    assert server.sent == []  # nothing leaves without a session
    reports.session.token = "t"
    with pytest.raises(ValueError, match="needs some text"):
        await reports.note("   ")
    with pytest.raises(RemoteRefused, match="may not write shift notes") as caught:
        await reports.note("Pump B on line")
    assert caught.value.kind is Refusal.DENIED
    assert server.sent[0].args == {"text": "Pump B on line"} and server.sent[0].session == "t"


@pytest.mark.asyncio
async def test_a_kept_report_is_listed_and_its_pdf_fetched_once_or_said_to_be_elsewhere(
    tmp_path: Path,
) -> None:
    info = ReportInfo(Path("shift-a.pdf"), "Shift report", "Morning", T0, T0 + 60, T0 + 61, "ok")
    big = ReportInfo(Path("shift-b.pdf"), "Shift report", "Night", T0, T0 + 60, T0 + 61, "ok")
    answers = {
        "shift_reports": Answer.done(reports=[report_to_json(info), report_to_json(big)],
                                     total=2, where="/srv/hmi/reports on the server"),
        "report_pdf": Answer.done(name="shift-a.pdf", size=9, pdf=pdf_to_json(b"%PDF-1.4\n")),
    }  # fmt: skip
    reports, server = reports_of(answers, tmp_path)
    listed = await reports.shift_reports()  # no session needed to read
    assert [r.path for r in listed] == [tmp_path / "reports" / "shift-a.pdf",
                                        tmp_path / "reports" / "shift-b.pdf"]  # fmt: skip
    assert reports.where == "/srv/hmi/reports on the server"
    path = await reports.report_pdf(listed[0])
    assert path.read_bytes() == b"%PDF-1.4\n" and path.stat().st_mode & 0o077 == 0
    await reports.report_pdf(listed[0])  # kept here: not asked again
    assert [r.action.value for r in server.sent] == ["shift_reports", "report_pdf"]
    server.answers = {"report_pdf": Answer.done(name="shift-b.pdf", size=PDF_LIMIT + 1,
                                                where="/srv/hmi/reports/shift-b.pdf")}  # fmt: skip
    with pytest.raises(ReportElsewhere, match=r"too large to send \(1.0 MB\): it is on the server"):
        await reports.report_pdf(listed[1])
