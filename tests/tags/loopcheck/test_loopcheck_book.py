"""Recording loop checks on either store (the data folder's SQLite file, a real PostgreSQL
database): points judged by tolerance, loops checked, failed with a note and re-checked with
the history kept, progress per area, every entry and refusal audited, the sheets read back by
a new book (another process) as they were written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tags.clock import ManualClock
from tags.config.project import Project, load_project
from tags.database import TagDatabase
from tags.loopcheck.book import (
    FAILED,
    POINT,
    REFUSED,
    LoopCheckBook,
    LoopCheckRefused,
    LoopStatus,
)
from tags.loopcheck.checklist import checklist
from tags.model import Quality, TagSample
from tags.security.permissions import Role, User
from tags.store.url import SQLITE, StoreUrl
from tags.stores import Stores
from tests.paths import DEMO_PROJECT

ERIN = User("erin", Role.ENGINEER)
OLGA = User("olga", Role.OPERATOR)
FEED = "CWP.FEED.TPH"  # 0 to 700 t/h: 1 % of span is 7 t/h
TRIP = "EMM.RECT1.TRIP"


@pytest.fixture(scope="module")
def demo() -> Project:
    return load_project(DEMO_PROJECT)


@pytest.fixture(params=["sqlite", "postgresql"])
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Stores]:
    url: StoreUrl = SQLITE if request.param == "sqlite" else request.getfixturevalue("pg_url")
    with Stores(url, tmp_path, ManualClock(1_750_000_000.0)) as opened:
        yield opened


class Bench:
    """A book on the store, its audit trail, and a tag database fed as a driver feeds it."""

    def __init__(self, demo: Project, stores: Stores) -> None:
        self.clock = stores.clock
        assert isinstance(self.clock, ManualClock)
        self.stores = stores
        self.loops = checklist(demo)
        self.store = stores.loopchecks()
        self.audit = stores.audit()
        self.book = LoopCheckBook(self.loops, self.store, self.clock, self.audit)
        self.db = TagDatabase(demo.tags, self.clock)

    def show(self, tag: str, value: float | bool, quality: Quality = Quality.GOOD) -> None:
        now = self.clock.now()
        self.db.publish({tag: TagSample(value, quality, now, now)})

    def audited(self) -> list[tuple[str, str, str, str]]:
        return [(r.action, r.user, r.tag, r.result) for r in self.audit.records()
                if r.action.startswith("loopcheck")]  # fmt: skip

    def close(self) -> None:
        self.store.close()
        self.audit.close()


@pytest.fixture
def bench(demo: Project, stores: Stores) -> Iterator[Bench]:
    opened = Bench(demo, stores)
    yield opened
    opened.close()


@pytest.mark.slow
def test_points_are_judged_by_tolerance_and_all_passing_checks_the_loop(bench: Bench) -> None:
    book = bench.book
    first = book.record(FEED, "0", 6.9, user=ERIN, workstation="field")
    assert (first.expected, first.tolerance, first.passed) == (0.0, pytest.approx(7.0), True)
    assert book.state(FEED).status is LoopStatus.IN_PROGRESS
    bench.clock.advance(60)
    late = book.record(FEED, "50", 357.5, user=ERIN)
    assert not late.passed
    assert book.state(FEED).status is LoopStatus.FAILED
    assert book.state(FEED).note == "50 %: seen 358 t/h, expected 350 t/h ± 7 t/h"
    book.record(FEED, "50", 357.5, user=ERIN, tolerance_percent=2.0, note="span 2 % agreed")
    book.record(FEED, "100", 700.0, user=ERIN)
    state = book.state(FEED)
    assert state.status is LoopStatus.CHECKED
    assert [r.seen for r in state.history] == [6.9, 357.5, 357.5, 700.0]
    assert state.last is not None and state.last.user == "erin"
    assert bench.audited() == [
        (POINT, "erin", FEED, "passed"), (POINT, "erin", FEED, "failed"),
        (POINT, "erin", FEED, "passed"), (POINT, "erin", FEED, "passed"),
    ]  # fmt: skip
    first_record = next(r for r in bench.audit.records() if r.action == POINT)
    assert (first_record.old, first_record.new, first_record.workstation) == (
        "0 t/h", "7 t/h", "field")  # fmt: skip


@pytest.mark.slow
def test_a_failed_loop_keeps_its_note_and_a_recheck_keeps_the_history(bench: Bench) -> None:
    book = bench.book
    book.record(FEED, "0", 0.0, user=ERIN)
    failed = book.fail(FEED, "  transmitter   wired to the wrong card ", user=ERIN)
    assert failed.note == "transmitter wired to the wrong card"
    state = book.state(FEED)
    assert (state.status, state.note) == (LoopStatus.FAILED, failed.note)
    for point, value in (("0", 0.0), ("50", 350.0)):
        book.record(FEED, point, value, user=ERIN)
    assert book.state(FEED).status is LoopStatus.IN_PROGRESS
    book.record(FEED, "100", 699.0, user=ERIN)
    assert book.state(FEED).status is LoopStatus.CHECKED
    assert [(r.point, r.note) for r in book.state(FEED).history] == [
        ("0", ""), ("", "transmitter wired to the wrong card"), ("0", ""), ("50", ""),
        ("100", ""),
    ]  # fmt: skip
    again = LoopCheckBook(bench.loops, bench.stores.loopchecks(), bench.clock)
    try:  # another process reads the same sheets
        assert again.state(FEED).history == book.state(FEED).history
        assert again.state(FEED).status is LoopStatus.CHECKED
    finally:
        again.store.close()
    assert FAILED in [a[0] for a in bench.audited()]


@pytest.mark.slow
def test_progress_counts_checked_failed_and_not_yet_per_area(bench: Bench) -> None:
    book = bench.book
    for point, value in (("0", 0.0), ("50", 350.0), ("100", 700.0)):
        book.record(FEED, point, value, user=ERIN)
    book.fail("CWP.FEED.ASH", "no signal", user=ERIN)
    book.record(TRIP, "0", 0.0, user=ERIN)
    book.record(TRIP, "1", 1.0, user=ERIN)
    progress = {a.area: (a.total, a.checked, a.failed, a.not_yet) for a in book.progress()}
    assert progress == {
        "CWP": (32, 1, 1, 30), "EMM": (272, 1, 0, 271), "SCO2": (36, 0, 0, 36),
        "": (340, 2, 1, 337),
    }  # fmt: skip


@pytest.mark.slow
def test_capture_takes_the_live_value_and_refuses_a_bad_or_forced_one(
    bench: Bench, demo: Project
) -> None:
    book = bench.book
    bench.show(FEED, 351.2)
    entry = book.capture(FEED, "50", bench.db, user=ERIN)
    assert (entry.seen, entry.passed) == (351.2, True)
    bench.show(TRIP, True)
    assert book.capture(TRIP, "1", bench.db, user=ERIN).passed
    bench.show(TRIP, False, Quality.UNCERTAIN_LAST_USABLE_VALUE)
    assert book.capture(TRIP, "0", bench.db, user=ERIN).note == (
        "captured with quality UNCERTAIN_LAST_USABLE_VALUE")  # fmt: skip
    assert book.state(TRIP).status is LoopStatus.CHECKED
    bench.show(FEED, 0.0, Quality.BAD_NOT_CONNECTED)
    with pytest.raises(LoopCheckRefused, match=r"no usable value.*BAD_NOT_CONNECTED"):
        book.capture(FEED, "0", bench.db, user=ERIN)
    bench.db.substitute(FEED, TagSample(0.0, Quality.GOOD_LOCAL_OVERRIDE, 1.0, 1.0))
    with pytest.raises(LoopCheckRefused, match="is forced"):
        book.capture(FEED, "0", bench.db, user=ERIN)
    assert [r.point for r in book.state(FEED).history] == ["50"]


@pytest.mark.slow
def test_an_operator_and_bad_input_are_refused_by_field_and_audited(bench: Bench) -> None:
    book = bench.book
    with pytest.raises(LoopCheckRefused, match="operator 'olga' may not record loop checks"):
        book.record(FEED, "0", 0.0, user=OLGA)
    with pytest.raises(LoopCheckRefused, match=r"point: '25' is not a check point .*0, 50, 100"):
        book.record(FEED, "25", 175.0, user=ERIN)
    with pytest.raises(LoopCheckRefused, match="tolerance: must be more than 0"):
        book.record(FEED, "0", 0.0, user=ERIN, tolerance_percent=0)
    with pytest.raises(LoopCheckRefused, match="note: a failed loop needs a note"):
        book.fail(FEED, "   ", user=ERIN)
    with pytest.raises(LoopCheckRefused, match=r"'CWP\.KPI\.YIELD' is not a loop"):
        book.record("CWP.KPI.YIELD", "0", 0.0, user=ERIN)
    with pytest.raises(LoopCheckRefused, match="no user is logged in"):
        book.fail(FEED, "x", user=None)
    assert book.state(FEED).history == []
    assert bench.store.records() == []
    audited = bench.audited()
    assert [a[0] for a in audited] == [REFUSED] * 6
    assert audited[0][1:3] == ("olga", FEED)
    assert audited[1][3].startswith("refused: point: '25'")
