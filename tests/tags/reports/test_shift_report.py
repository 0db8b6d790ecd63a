"""Shift reports: from the shipped recording on the command line, from a console's history
with writes, shelved alarms and notes, kept and listed; the PDF is opened and read back."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from pypdf import PdfReader

import main
from tags.alarms.journal import AlarmJournal, JournalEntry
from tags.alarms.state import AlarmState, JournalEvent
from tags.clock import ManualClock
from tags.config.project import load_project
from tags.history.sqlite_store import SqliteHistoryStore
from tags.model import AlarmKind, Priority, Quality, TagSample
from tags.reports.archive import ReportArchive
from tags.reports.pdf import write_pdf
from tags.reports.shift_report import build_report
from tags.reports.sources import read_writes
from tags.security.audit import AuditRecord, AuditTrail
from tests.paths import DEMO_PROJECT, DEMO_RECORDING
from tests.tags.reports.report_support import ArchiveIn
from tests.tags.security.audit_stores import AuditStores

T0 = 1_749_967_200.0  # 2025-06-15 06:00 UTC


def pdf_text(path: Path) -> str:
    """The text of every page, runs of white space (line breaks in cells) as one space."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str]:
    capsys.readouterr()
    code = main.main([str(a) for a in args])
    return code, capsys.readouterr().out


@pytest.mark.slow
def test_report_of_the_shipped_recording_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = hashlib.sha256(DEMO_RECORDING.read_bytes()).hexdigest()
    out, csv = tmp_path / "report.pdf", tmp_path / "energy.csv"
    code, text = run(
        capsys, "report", "--recording", DEMO_RECORDING, "--out", out,
        "--data-dir", tmp_path / "data",
        "--note", "Magnetite make-up raised; separator 2 inspected", "--csv", csv,
    )  # fmt: skip
    assert code == 0, text
    assert text.startswith("Shift report ") and f"-> {out} (" in text
    assert "EMM: Mn produced 0.139 t" in text
    assert "alarms: 19 annunciated" in text
    assert hashlib.sha256(DEMO_RECORDING.read_bytes()).hexdigest() == before  # read-only
    reader = PdfReader(out)
    assert len(reader.pages) >= 3
    assert reader.metadata is not None and reader.metadata.title.startswith("Shift report")
    content = pdf_text(out)
    for expected in (
        "Production and quality", "Mn produced", "0.139 t", "DC specific energy",
        "Clean coal", "Clean coal ash", "Exported", "MWh", "Gain over baseline",
        "Compared with targets", "Energy per period (MWh)", "Tariff periods: peak",
        "Alarm system performance (EEMUA 191)", "Top 10 alarms", "CWP.MAGSEP.TAILS_MAG.HI",
        "Standing at the end", "SCO2.PRECOOL.CW_FLOW.LOLO", "Shelved at the end",
        "Operator writes", "Shift notes", "Magnetite make-up raised; separator 2 inspected",
        "Instrument health", "SCO2.RECUP.EFF", "out of range",
        "Predictive warnings at the end of the period", "CWP.KPI.YIELD reaches 50 %",
        "Trends", "CWP clean coal ash (%)", "HI 10.5", "SCO2 generation and export (MW)",
    ):  # fmt: skip
        assert expected in content, expected
    rows = csv.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 6 + 1 and rows[0].startswith("period,start,end,emm_dc_kwh")


def _console_data(data: Path) -> tuple[Path, Path]:
    """A data folder as a console leaves it: history, alarm journal, audit trail."""
    data.mkdir()
    with SqliteHistoryStore(data / "history.db", durable=False) as store:
        records = []
        for i in range(0, 8 * 3600, 60):
            t = T0 + i
            records += [
                ("SCO2.NET.P", TagSample(4.5, Quality.GOOD, t, t)),
                ("SCO2.GEN.P", TagSample(4.9, Quality.GOOD, t, t)),
                ("SCO2.KPI.HEAT_RECOVERED", TagSample(18.0, Quality.GOOD, t, t)),
                ("CWP.CLEAN.ASH", TagSample(9.8 + 0.001 * (i // 60 % 7), Quality.GOOD, t, t)),
            ]
        store.append(records)

    def entry(t: float, event: JournalEvent, state: AlarmState, user: str = "") -> JournalEntry:
        return JournalEntry(
            t, event, "CWP.CLEAN.ASH.HI", "CWP.CLEAN.ASH", AlarmKind.HI, "CWP", Priority.MEDIUM,
            "", state, "10.6", 10.5, user, "analyser recalibration" if user else "",
            "Clean coal ash above specification",
        )  # fmt: skip

    with AlarmJournal(data / "alarms.db") as journal:
        journal.write([entry(T0 + 3600, JournalEvent.ACTIVE, AlarmState.ACTIVE_UNACK)])
        journal.write([entry(T0 + 3700, JournalEvent.SHELVE, AlarmState.SHELVED, "supervisor")])
    clock = ManualClock(T0 + 7200)
    with AuditTrail(data / "audit.db", clock, workstation="ws1") as audit:
        audit.append(
            "write", user="operator", tag="CWP.DMC.DENS.SP", old=1.45, new=1.42, unit="g/cm³",
            reason="ash above spec", result="ok", latency_ms=120.0,
        )  # fmt: skip
        audit.append("login", user="operator", result="ok")
    return data / "alarms.db", data / "audit.db"


def test_a_console_shift_lists_writes_shelved_alarms_and_notes(
    tmp_path: Path, archive_in: ArchiveIn
) -> None:
    journal, audit = _console_data(tmp_path / "data")
    project = load_project(DEMO_PROJECT)
    archive = archive_in(tmp_path / "data")
    archive.add_note("Density setpoint lowered for the new coal", "operator", T0 + 7300)
    archive.add_note("a note of the next shift", "operator", T0 + 9 * 3600)
    with SqliteHistoryStore(tmp_path / "data" / "history.db", readonly=True) as store:
        report = build_report(
            project, store, T0, T0 + 8 * 3600, label="2025-06-15 Morning", generated=T0 + 8 * 3600,
            journal=journal, audit=audit, notes=archive.notes(T0, T0 + 8 * 3600),
        )  # fmt: skip
    assert [w.tag for w in report.writes] == ["CWP.DMC.DENS.SP"]  # the login is no write
    assert [a.alarm for a in report.shelved] == ["CWP.CLEAN.ASH.HI"] and report.standing == ()
    assert report.kpis.annunciated == 1 and report.alarm_actions == {"shelve": 1}
    assert len(report.slices) == 8  # hourly
    loop = report.energy.area("SCO2").heat_to_power
    assert loop is not None
    assert loop.net_mwh == pytest.approx(36.0)
    target = archive.path_for(report.start, report.label)
    write_pdf(report, target)
    content = pdf_text(target)
    for expected in (
        "Shift report 2025-06-15 Morning", "36.00 MWh", "CWP.DMC.DENS.SP", "1.45 -> 1.42",
        "ash above spec", "CWP.CLEAN.ASH.HI", "by supervisor: analyser recalibration",
        "Density setpoint lowered for the new coal", "1 shelve",
    ):  # fmt: skip
        assert expected in content, expected
    assert "a note of the next shift" not in content


@pytest.mark.slow
def test_reports_are_kept_listed_and_pruned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _console_data(tmp_path / "data")
    args = ("--data-dir", tmp_path / "data", "--from", "2025-06-15T06:00+00:00",
            "--to", "2025-06-15T14:00+00:00")  # fmt: skip
    code, text = run(capsys, "report", *args)
    assert code == 0, text
    code, text = run(capsys, "report", *args)
    assert code == 0, text
    archive = ReportArchive.in_data_dir(tmp_path / "data")
    kept = archive.reports()
    assert len(kept) == 2 and kept[0].path != kept[1].path
    assert all(r.path.parent == tmp_path / "data" / "reports" for r in kept)
    assert "SCO2" not in kept[0].summary or "36.00 MWh" in kept[0].summary
    code, text = run(capsys, "report", "--list", "--data-dir", tmp_path / "data")
    assert code == 0 and text.count(".pdf") == 2
    assert archive.prune(keep_days=30, now=T0 + 31 * 86400) == 2
    assert archive.reports() == []


def test_report_refuses_a_missing_history_and_an_empty_period(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text = run(capsys, "report", "--data-dir", tmp_path, "--recording", tmp_path / "x.db")
    assert code == 1 and "no history at" in text
    code, text = run(capsys, "report", "--recording", DEMO_RECORDING, "--data-dir", tmp_path,
                     "--from", "2030-01-01T10:00", "--to", "2030-01-01T09:00")  # fmt: skip
    assert code == 2 and "empty" in text


@pytest.mark.slow
def test_a_kept_report_carries_the_audit_anchor_that_finds_a_cut_trail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    _console_data(data)
    code, text = run(capsys, "report", "--data-dir", data, "--from", "2025-06-15T06:00+00:00",
                     "--to", "2025-06-15T14:00+00:00")  # fmt: skip
    assert code == 0, text
    (kept,) = ReportArchive.in_data_dir(data).reports()
    assert kept.audit_anchor is not None and kept.audit_anchor["seq"] == 2
    assert "Audit trail anchor: record 2, MAC" in pdf_text(kept.path)
    # Someone cuts the last record, resets the sequence and removes the anchor file beside
    # the trail: the report still remembers how far the trail went.
    with closing(sqlite3.connect(data / "audit.db")) as db, db:
        db.execute("DROP TRIGGER audit_no_delete")
        db.execute("DELETE FROM audit WHERE seq = 2")
        db.execute("UPDATE sqlite_sequence SET seq = 1")
    (data / "audit.anchor").unlink()
    code, text = run(capsys, "audit", "verify", "--data-dir", data)
    assert code == 1
    assert f"the anchor in {kept.path}.json names record 2" in text


def test_the_report_lists_a_write_whose_outcome_is_unknown(audit_stores: AuditStores) -> None:
    clock = ManualClock(T0 + 60)
    with audit_stores.open(clock) as audit:

        def step(action: str, result: str = "", ref: int | None = None) -> AuditRecord:
            return audit.append(action, user="olga", tag="CWP.DMC.DENS.SP", old=1.45, new=1.42,
                                result=result, ref=ref)  # fmt: skip

        done = step("write_intent")
        step("write", "confirmed: read-back matches", done.seq)
        lost = step("write_intent")  # the writer died before recording the outcome
        step("write_refused", "refused: link down")
        clock.advance(3600)
        late = step("write_intent")
        clock.advance(8 * 3600)  # an outcome after the end of the period still counts
        step("write", "unconfirmed: no reply", late.seq)
        writes = read_writes(audit, T0, T0 + 8 * 3600)
    if (
        audit_stores.url is None
    ):  # the file, read-only, as a report made beside the console reads it
        assert read_writes(audit_stores.path, T0, T0 + 8 * 3600) == writes
    assert [(w.seq, w.action, w.result) for w in writes] == [
        (2, "write", "confirmed: read-back matches"),
        (lost.seq, "write_intent", "outcome unknown"),
        (4, "write_refused", "refused: link down"),
    ]
