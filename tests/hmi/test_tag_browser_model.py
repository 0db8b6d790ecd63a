"""The tag browser's virtual model: rows are positions into the tag index, sorted per click
and filtered in one pass; value updates reach the rows shown."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hmi.bridge import TagBridge
from hmi.diagnostics.tag_browser import QUALITY, VALUE, TagBrowser, TagTableModel
from tags.address import parse_address
from tags.clock import ManualClock
from tags.database import TagDatabase
from tags.model import Quality, TagDef, TagSample

T0 = 1_700_000_000.0


def tag(name: str, description: str) -> TagDef:
    source = f"sim://memory/{name}"
    return TagDef(name, source, parse_address(source), description=description,
                  area=name.split(".")[0], unit="%")  # fmt: skip


TAGS = {
    t.name: t
    for t in (
        tag("CWP.FEED.TPH", "Raw coal feed"),
        tag("EMM.RECT1.IDC", "Rectifier current"),
        tag("CWP.DMC.DENS.SP", "Medium density setpoint"),
        tag("CWP.DMC.DENS.PV", "Medium density"),
    )
}


@pytest.fixture
def bridge(qapp: QApplication) -> Iterator[TagBridge]:
    db = TagDatabase(TAGS, ManualClock(T0))
    bridge = TagBridge(db)
    bridge._timer.stop()  # flushed by the test
    db.publish(
        {
            "CWP.FEED.TPH": TagSample(450.0, Quality.GOOD, T0, T0),
            "EMM.RECT1.IDC": TagSample(12.0, Quality.GOOD, T0, T0),
            "CWP.DMC.DENS.SP": TagSample(1.45, Quality.GOOD, T0, T0),
            "CWP.DMC.DENS.PV": TagSample(1.52, Quality.BAD_TIMEOUT, T0, T0, "timeout"),
        }
    )
    yield bridge
    bridge.close()


def column(model: TagTableModel, number: int = 0) -> list[str]:
    return [model.index(row, number).data() for row in range(model.rowCount())]


def test_rows_start_in_name_order_and_sort_per_column(bridge: TagBridge) -> None:
    model = TagTableModel(bridge)
    assert column(model) == sorted(TAGS)
    model.sort(1)  # description
    assert column(model, 1) == sorted(t.description for t in TAGS.values())
    model.sort(VALUE, Qt.SortOrder.DescendingOrder)
    assert column(model) == ["CWP.FEED.TPH", "EMM.RECT1.IDC", "CWP.DMC.DENS.PV", "CWP.DMC.DENS.SP"]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert column(model) == sorted(TAGS, reverse=True)


def test_a_filter_keeps_the_sorted_order_and_names_the_rows(bridge: TagBridge) -> None:
    model = TagTableModel(bridge)
    model.sort(QUALITY)
    model.set_filter("dens", "")
    assert column(model) == ["CWP.DMC.DENS.PV", "CWP.DMC.DENS.SP"]  # BadTimeout < Good
    assert model.tag_at(1) == "CWP.DMC.DENS.SP"
    assert model.row_of("CWP.DMC.DENS.SP") == 1
    assert model.row_of("CWP.FEED.TPH") is None
    model.set_filter("", "EMM")
    assert column(model) == ["EMM.RECT1.IDC"]
    model.set_filter("nothing*matches", "")
    assert model.rowCount() == 0
    assert model.total == 4


def test_a_value_update_reaches_the_row_shown(bridge: TagBridge) -> None:
    model = TagTableModel(bridge)
    model.set_filter("feed", "")
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda top, bottom: changed.append((top.row(), bottom.row())))
    bridge.db.publish({"CWP.FEED.TPH": TagSample(500.0, Quality.GOOD, T0 + 1, T0 + 1)})
    bridge.db.publish({"EMM.RECT1.IDC": TagSample(13.0, Quality.GOOD, T0 + 1, T0 + 1)})
    bridge.flush()
    assert changed == [(0, 0)]
    assert model.index(0, VALUE).data() == "500.00"


def test_the_browser_counts_what_the_search_leaves(bridge: TagBridge) -> None:
    browser = TagBrowser(bridge)
    browser.search.setText("cwp*dens")
    assert browser.count.text() == "2 of 4 tags"
    browser.area.setCurrentIndex(browser.area.findData("EMM"))
    assert browser.count.text() == "0 of 4 tags"
    browser.search.clear()
    assert browser.count.text() == "1 of 4 tags"
    browser.close()
