"""The plant analytics on a console of a server, through a real broker and the real server:
the energy figures, instrument health and alarm KPIs the console holds are the server's
Analytics' and alarm engine's; a shift note sent from the console is kept by the server with
its user and workstation and audited (a viewer's refused, and audited too); "report now"
makes the server's report, which the console lists and fetches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tags.control_room.console.remote_analytics import RemoteAnalytics
from tags.control_room.console.remote_session import RemoteRefused
from tags.control_room.messages import Refusal
from tags.control_room.state_messages import ENERGY, KPIS, energy_from_json, kpis_from_json
from tags.reports.archive import Note
from tests.mqtt_broker import MqttBroker
from tests.tags.control_room.analytics_room import (
    DENSITY,
    analytics_room,
    console_of,
)
from tests.tags.control_room.room_bench import PASSWORD
from tests.waiting import until

pytestmark = [pytest.mark.slow, pytest.mark.asyncio]


async def test_a_console_holds_the_server_s_energy_health_and_kpis(
    mqtt_broker: MqttBroker, tmp_path: Path
) -> None:
    async with (
        analytics_room(mqtt_broker, tmp_path) as room,
        console_of(mqtt_broker, tmp_path) as console,
    ):
        server = room.runtime.analytics
        assert server is not None
        remote = console.analytics
        assert isinstance(remote, RemoteAnalytics)
        # the figures as the server published them, and as its Analytics holds them now
        await until(lambda: remote.energy.snapshot() is not None and remote.energy.snapshot()
                    == energy_from_json(room.server._states_sent[ENERGY]))  # fmt: skip
        snapshot = remote.energy.snapshot()
        assert snapshot is not None
        here, now = snapshot.instant, server.energy.snapshot()
        there = now.instant
        dc = here.value("EMM", "dc_mwh")
        assert dc == there.value("EMM", "dc_mwh") == pytest.approx(5.160)
        assert here.areas["EMM"] == there.areas["EMM"]
        washing = here.value("CWP", "kwh_per_t")
        assert washing == there.value("CWP", "kwh_per_t") == pytest.approx(14.4)
        assert here.areas["SCO2"] == there.areas["SCO2"]
        assert [(t.label, t.target) for t in snapshot.targets] == [
            (t.label, t.target) for t in now.targets]  # fmt: skip

        await until(lambda: [i.tag for i in server.health.issues()] == [DENSITY])
        await until(lambda: remote.health.issues() == server.health.issues())
        assert remote.health.names == server.health.names

        engine = room.runtime.alarms
        await until(lambda: console.alarms.kpis().day.annunciated == 1)
        await until(lambda: console.alarms.kpis() == kpis_from_json(room.server._states_sent[KPIS]))
        assert engine.kpis().day.annunciated == 1  # what the server counts, not the console
        assert console.alarms.kpis(["CWP"]).day.annunciated == 1
        assert console.alarms.kpis(["EMM"]).day.annunciated == 0


async def test_a_note_from_a_console_is_kept_with_its_user_and_workstation_and_audited(
    mqtt_broker: MqttBroker, tmp_path: Path
) -> None:
    async with (
        analytics_room(mqtt_broker, tmp_path) as room,
        console_of(mqtt_broker, tmp_path, "ws-7") as console,
    ):
        server = room.runtime.analytics
        assert server is not None
        session = console.client.session
        await until(lambda: console.server.reachable)
        with pytest.raises(RemoteRefused, match="no user is logged in"):
            await console.analytics.note("Pump B on line")  # nothing sent

        await session.login("olga", PASSWORD)
        note = await console.analytics.note("  Flotation pump B on line  ")
        assert (note.user, note.text, note.workstation) == ("olga", "Flotation pump B on line",
                                                             "ws-7")  # fmt: skip
        assert server.archive.notes(0.0, 1e12) == [note]
        record = room.runtime.audit.query(action="shift_note")[0]
        assert (record.user, record.workstation, record.result) == ("olga", "ws-7", "ok")
        assert record.reason == "Flotation pump B on line"
        assert record.detail.startswith("for the report of ")

        with pytest.raises(RemoteRefused, match="at most 2000 characters") as too_long:
            await console.analytics.note("x" * 2001)
        assert too_long.value.kind is Refusal.REFUSED
        await session.login("vic", PASSWORD)  # a viewer only views
        with pytest.raises(RemoteRefused, match="viewer 'vic' may not write shift notes"):
            await console.analytics.note("I was here")
        assert [n.text for n in server.archive.notes(0.0, 1e12)] == ["Flotation pump B on line"]
        results = [(r.user, r.result[:7]) for r in room.runtime.audit.query(action="shift_note")]
        assert results == [("vic", "denied:"), ("olga", "refused"), ("olga", "ok")]


async def test_report_now_from_a_console_is_made_by_the_server_and_fetched_here(
    mqtt_broker: MqttBroker, tmp_path: Path
) -> None:
    async with (
        analytics_room(mqtt_broker, tmp_path) as room,
        console_of(mqtt_broker, tmp_path, "ws-7") as console,
    ):
        server = room.runtime.analytics
        assert server is not None
        await until(lambda: console.server.reachable)
        await console.client.session.login("olga", PASSWORD)
        info = await console.analytics.report_now(["Density gauge flushed", " "])
        assert info.path.parent == console.data_dir / "reports"  # named here, made there
        kept = server.archive.reports()
        assert [r.path.name for r in kept] == [info.path.name]
        assert [(n.text, n.author) for n in server.archive.notes(0.0, 1e12)] == [
            ("Density gauge flushed", "olga at ws-7")]  # fmt: skip
        record = room.runtime.audit.query(action="shift_report")[0]
        assert (record.user, record.workstation, record.result) == ("olga", "ws-7", "ok")
        assert record.detail == info.path.name

        listed = await console.analytics.shift_reports()
        assert [r.path.name for r in listed] == [info.path.name]
        assert json.dumps(listed[0].audit_anchor) == json.dumps(kept[0].audit_anchor)
        path = await console.analytics.report_pdf(listed[0])
        assert path.read_bytes() == kept[0].path.read_bytes()
        assert "reports" in console.analytics.reports_where

        await console.client.session.logout()
        with pytest.raises(RemoteRefused, match="no user is logged in"):
            await console.analytics.report_now()
        assert isinstance(server.archive.notes(0.0, 1e12)[0], Note)
