"""The archive of shift reports: the index of kept reports and the shift notes, on each kind
of store; an old data folder's reports and notes; who may do what on PostgreSQL."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

import pytest

from tags.reports.archive import INDEX_FILE, NOTES_FILE, ReportArchive, ReportInfo
from tags.reports.pg_archive import PgReportIndex
from tags.store.migrations import READER, WRITER
from tags.store.postgres import PgDatabase, StoreError
from tags.store.url import StoreUrl
from tests.pg_login_roles import login_as
from tests.pg_server import PgServer
from tests.tags.reports.report_support import ArchiveIn

T0 = 1_749_967_200.0  # 2025-06-15 06:00 UTC
SHIFT = 8 * 3600.0
ANCHOR = {"seq": 2, "mac": "ab" * 32, "keyed_from": 1, "signature": "cd" * 32}


def keep(archive: ReportArchive, start: float, label: str, generated: float) -> ReportInfo:
    """A report of ``[start, start + SHIFT)`` printed (a few bytes of PDF) and kept."""
    target = archive.path_for(start, label)
    target.write_bytes(b"%PDF-1.4 " + label.encode())
    anchor = ANCHOR if label == "Morning" else None
    info = ReportInfo(target, f"Shift report {label}", label, start, start + SHIFT, generated,
                      f"{label}: all quiet", anchor)  # fmt: skip
    return archive.register(info)


def test_kept_reports_are_listed_newest_first_with_their_facts(
    tmp_path: Path, archive_in: ArchiveIn
) -> None:
    archive = archive_in(tmp_path / "data")
    assert archive.reports() == []
    morning = keep(archive, T0, "Morning", T0 + SHIFT + 60)
    late = keep(archive, T0 + SHIFT, "Late", T0 + 2 * SHIFT + 60)
    again = keep(archive, T0, "Morning", T0 + SHIFT + 120)  # made a second time
    assert again.path.name == morning.path.name.replace(".pdf", "-2.pdf")
    assert archive.reports() == [late, again, morning]
    assert archive.reports()[2].audit_anchor == ANCHOR
    assert all(r.path.parent == tmp_path / "data" / "reports" for r in archive.reports())
    found = archive.anchors()  # newest first, as listed
    assert [anchor for _, anchor in found] == [ANCHOR, ANCHOR]
    assert [where.rsplit(": ", 1)[1] for where, _ in found] == [again.path.name, morning.path.name]
    assert (
        json.loads(morning.path.with_name(morning.path.name + ".json").read_text())["audit_anchor"]
        == ANCHOR
    )  # the facts beside the PDF, for audit verify


def test_prune_removes_the_reports_of_periods_past_the_kept_days(
    tmp_path: Path, archive_in: ArchiveIn
) -> None:
    archive = archive_in(tmp_path / "data")
    old = keep(archive, T0, "Morning", T0 + SHIFT)
    new = keep(archive, T0 + 20 * 86400, "Late", T0 + 20 * 86400 + SHIFT)
    assert archive.prune(keep_days=30, now=T0 + 31 * 86400) == 1
    assert archive.reports() == [new]
    assert not old.path.exists() and not old.path.with_name(old.path.name + ".json").exists()
    with pytest.raises(FileNotFoundError, match="no longer there"):
        archive.pdf(old)


def test_a_listed_report_opens_as_a_file_of_the_folder(
    tmp_path: Path, archive_in: ArchiveIn
) -> None:
    archive = archive_in(tmp_path / "data")
    info = keep(archive, T0, "Morning", T0 + SHIFT)
    (listed,) = archive.reports()
    assert archive.pdf(listed) == info.path
    assert info.path.read_bytes() == b"%PDF-1.4 Morning"


def test_notes_are_kept_and_given_for_their_shift_oldest_first(
    tmp_path: Path, archive_in: ArchiveIn
) -> None:
    archive = archive_in(tmp_path / "data")
    assert archive.notes(T0, T0 + SHIFT) == []
    second = archive.add_note("  pump 2 noisy ", "olga", T0 + 600)
    first = archive.add_note("feed changed", "ada", T0 + 60)
    archive.add_note("next shift", "bob", T0 + SHIFT)  # [start, end): not this shift
    assert second.text == "pump 2 noisy"
    assert archive.notes(T0, T0 + SHIFT) == [first, second]
    with pytest.raises(ValueError, match="needs some text"):
        archive.add_note("   ", "olga", T0)
    assert archive_in(tmp_path / "data").notes(T0, T0 + SHIFT) == [first, second]


def test_a_note_keeps_its_workstation_and_a_note_too_long_is_refused(
    tmp_path: Path, archive_in: ArchiveIn
) -> None:
    archive = archive_in(tmp_path / "data")
    note = archive.add_note("pump 2 noisy", "olga", T0 + 60, "ws-7")
    assert archive.notes(T0, T0 + SHIFT) == [note]
    assert (note.workstation, note.author) == ("ws-7", "olga at ws-7")
    with pytest.raises(ValueError, match="at most 2000 characters, not 2001"):
        archive.add_note("x" * 2001, "olga", T0)


# the SQLite index in an old data folder ----------------------------------------------------


def test_an_index_made_before_notes_kept_their_workstation_takes_them_now(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data" / "reports"
    folder.mkdir(parents=True)
    with contextlib.closing(sqlite3.connect(folder / INDEX_FILE)) as db:
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, time REAL NOT "
                   "NULL, user TEXT NOT NULL, text TEXT NOT NULL)")  # fmt: skip
        db.execute("INSERT INTO notes (time, user, text) VALUES (?, 'ada', 'old note')", (T0,))
        db.commit()
    archive = ReportArchive.in_data_dir(tmp_path / "data")
    archive.add_note("new note", "olga", T0 + 60, "ws-2")
    assert [n.author for n in archive.notes(T0, T0 + SHIFT)] == ["ada", "olga at ws-2"]


def test_an_old_data_folder_keeps_its_reports_and_notes(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "reports"
    folder.mkdir(parents=True)
    pdf = folder / "shift-20250615-0600Z-Morning.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    facts = {"path": pdf.name, "title": "Shift report Morning", "label": "Morning",
             "start": T0, "end": T0 + SHIFT, "generated": T0 + SHIFT, "summary": "quiet",
             "audit_anchor": ANCHOR}  # fmt: skip
    (folder / (pdf.name + ".json")).write_text(json.dumps(facts), encoding="utf-8")
    (folder / "broken.pdf.json").write_text("{", encoding="utf-8")
    (folder / NOTES_FILE).write_text(
        json.dumps({"time": T0 + 60, "user": "ada", "text": "typed long ago"}) + "\nnot json\n",
        encoding="utf-8",
    )
    archive = ReportArchive.in_data_dir(tmp_path / "data")
    (listed,) = archive.reports()
    assert (listed.path, listed.label, listed.audit_anchor) == (pdf, "Morning", ANCHOR)
    assert (folder / INDEX_FILE).exists()
    archive.add_note("typed now", "bob", T0 + 120)
    assert [n.text for n in archive.notes(T0, T0 + SHIFT)] == ["typed long ago", "typed now"]
    pdf.unlink()  # a PDF removed by hand is not listed
    assert archive.reports() == []


def test_listing_a_data_folder_without_reports_makes_no_files(tmp_path: Path) -> None:
    archive = ReportArchive.in_data_dir(tmp_path / "data")
    assert archive.reports() == [] and archive.notes(0.0, T0) == []
    assert not (tmp_path / "data").exists()


# PostgreSQL: the server's reports on every console; who may do what ----------------------


def test_a_console_lists_and_opens_the_reports_the_server_made(
    tmp_path: Path, pg_url: StoreUrl, postgres_server: PgServer
) -> None:
    with PgDatabase(pg_url) as owner:
        PgReportIndex(owner)
    with PgDatabase(login_as(postgres_server, pg_url, WRITER)) as db:
        server = ReportArchive.in_data_dir(tmp_path / "server", PgReportIndex(db))
        made = keep(server, T0, "Morning", T0 + SHIFT)
        server.add_note("feed changed", "ada", T0 + 60)
        old = keep(server, T0 - 40 * 86400, "Late", T0 - 39 * 86400)
        assert server.prune(keep_days=30, now=T0 + SHIFT) == 1
        with pytest.raises(StoreError, match="permission denied"):
            db.run(lambda conn: conn.execute("UPDATE shift_notes SET text = 'nothing'"))
    with PgDatabase(login_as(postgres_server, pg_url, READER)) as db:
        console = ReportArchive.in_data_dir(tmp_path / "console", PgReportIndex(db))
        (listed,) = console.reports()
        assert listed.path == tmp_path / "console" / "reports" / made.path.name
        assert (listed.title, listed.audit_anchor) == (made.title, ANCHOR)
        assert not listed.path.exists()
        opened = console.pdf(listed)  # fetched from the store into the console's folder
        assert opened.read_bytes() == b"%PDF-1.4 Morning"
        assert opened.stat().st_mode & 0o077 == 0
        assert [n.text for n in console.notes(T0, T0 + SHIFT)] == ["feed changed"]
        with pytest.raises(FileNotFoundError):
            console.pdf(old)
        with pytest.raises(StoreError, match="permission denied"):
            console.add_note("mine", "bob", T0 + 120)
        with pytest.raises(StoreError, match="permission denied"):
            keep(console, T0 + SHIFT, "Late", T0 + 2 * SHIFT)
        with pytest.raises(StoreError, match="permission denied"):
            console.prune(keep_days=0, now=T0 + 40 * 86400)
        assert [r.title for r in console.reports()] == [made.title]
