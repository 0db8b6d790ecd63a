"""The sheets on paper and in a spreadsheet: the PDF (read back with pypdf) lists the
progress per area and each loop with its range, limits, screens, the values seen with who and
when, and the failure notes; the CSV has a row per check point."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from tags.clock import ManualClock
from tags.config.project import load_project
from tags.loopcheck.book import LoopCheckBook
from tags.loopcheck.checklist import checklist
from tags.loopcheck.sheets import CSV_HEADER, when, write_csv, write_pdf
from tags.loopcheck.store import SqliteLoopCheckStore
from tags.security.permissions import Role, User
from tests.paths import DEMO_PROJECT

ERIN = User("erin", Role.ENGINEER)


@pytest.fixture
def book(tmp_path: Path) -> Iterator[LoopCheckBook]:
    project = load_project(DEMO_PROJECT)
    loops = checklist(project, {"CWP.FEED.TPH": ("Overview", "Coal washing")})
    clock = ManualClock(1_750_000_000.0)
    with SqliteLoopCheckStore.in_data_dir(tmp_path) as store:
        kept = LoopCheckBook(loops, store, clock)
        for point, value in (("0", 0.0), ("50", 351.0), ("100", 699.0)):
            kept.record("CWP.FEED.TPH", point, value, user=ERIN, workstation="field")
        kept.fail("CWP.FEED.ASH", "no signal at the marshalling cabinet", user=ERIN)
        kept.record("EMM.RECT1.TRIP", "1", 0.0, user=ERIN)
        yield kept


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


@pytest.mark.slow
def test_the_pdf_shows_progress_and_who_checked_what_and_when(
    book: LoopCheckBook, tmp_path: Path
) -> None:
    path = tmp_path / "sheets.pdf"
    pages = write_pdf(book.states(), book.progress(), path, project="Demo plants",
                      generated=book.clock.now())  # fmt: skip
    assert pages == len(PdfReader(path).pages) > 5
    text = pdf_text(path)
    assert "Loop-check sheets" in text and "Demo plants" in text
    assert "CWP 32 1 1 30" in text and "all areas 340 1 2 337" in text
    assert "CWP.FEED.TPH Raw coal feed rate" in text
    assert "AI 0 t/h to 700 t/h alarms LO 300 t/h, HI 550 t/h" in text
    assert "Overview, Coal washing" in text
    at = when(book.clock.now())
    assert f"50 %: seen 351 t/h, expected 350 t/h ± 7 t/h pass, erin {at}" in text
    assert "failed: no signal at the marshalling cabinet" in text
    assert "1 TRIPPED: seen 0, expected 1 FAIL" in text
    assert "Area SCO2" in text


def test_the_csv_has_a_row_per_point_with_the_verdict_who_and_when(
    book: LoopCheckBook, tmp_path: Path
) -> None:
    path = tmp_path / "sheets.csv"
    rows = write_csv(book.states(), path)
    with path.open(newline="", encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    assert tuple(table[0]) == CSV_HEADER
    assert len(table) == rows == 999  # every point of 340 loops, and one failure mark
    feed = [r for r in table if r["tag"] == "CWP.FEED.TPH"]
    assert [(r["point"], r["seen"], r["result"], r["by"], r["workstation"]) for r in feed] == [
        ("0 %", "0 t/h", "pass", "erin", "field"), ("50 %", "351 t/h", "pass", "erin", "field"),
        ("100 %", "699 t/h", "pass", "erin", "field"),
    ]  # fmt: skip
    assert {r["status"] for r in feed} == {"checked"}
    assert feed[0]["screens"] == "Overview; Coal washing"
    ash = [r for r in table if r["tag"] == "CWP.FEED.ASH"]
    assert ash[0]["point"] == "loop" and ash[0]["note"] == "no signal at the marshalling cabinet"
    assert [r["result"] for r in ash[1:]] == ["not yet"] * 3
